// MySQL/MariaDB behind the Database interface. Neither has hypothetical
// indexes, so candidates are judged by a cost model over the catalog's
// statistics (analyzer/advisor/cost_model.h) and labelled as estimates.
#include "connectors/database_mysql.h"

#include "analyzer/advisor/cost_model.h"
#include "analyzer/advisor/plan_outline.h"
#include "analyzer/sql/query_shape.h"
#include "connectors/common/connector_error.h"
#include "connectors/mysql/mysql_session.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace planwise::connectors {
namespace {

// A candidate counts as used when the model has it read at most half the rows
// of today's best access: below that the optimizer's choice is a coin toss.
constexpr double kUsefulReduction = 0.5;

std::string describeAccess(const std::string& table, const advisor::AccessEstimate& a)
{
    if (a.index.empty())
        return fmt::format("{}: full scan, ~{:.0f} rows", table, a.rows);
    return fmt::format("{}: index {} ({} key part{}), ~{:.0f} rows", table, a.index, a.keyPartsUsed,
                       a.keyPartsUsed == 1 ? "" : "s", a.rows);
}

class CostModelEvaluator : public advisor::WhatIfEvaluator {
public:
    CostModelEvaluator(mysql::MySqlSession& session, catalog::Catalog catalog)
        : m_session(session), m_catalog(std::move(catalog)) {}

    std::string method() const override
    {
        return "cost model over the catalog's statistics (estimates: MySQL/MariaDB have no hypothetical indexes)";
    }

    advisor::WhatIfOutcome evaluate(const std::string& sql, const std::vector<catalog::Index>& candidates) override
    {
        advisor::WhatIfOutcome out;
        try {
            const auto parsed = plan::parsePlan(m_session.explainJson(sql));
            out.planBefore = advisor::planOutline(parsed.plan);
        } catch (const ConnectorError& e) {
            out.error = e.what();
            return out;
        }
        const auto shape = sql::parseShape(sql, Dialect::MySQL, &m_catalog);
        std::set<std::string> tables;
        for (const auto& c : candidates)
            tables.insert(c.table);
        double before = 0, after = 0;
        for (const auto& table : tables) {
            const auto now = advisor::estimateAccess(shape, table, m_catalog);
            const auto with = advisor::estimateAccess(shape, table, m_catalog, candidates);
            if (!now || !with) {
                out.error = "no row count for " + table + ": run ANALYZE TABLE so the estimate has statistics";
                return out;
            }
            before += now->rows;
            out.planBefore += "\nestimated " + describeAccess(table, *now);
            after += with->rows;
            out.planAfter += (out.planAfter.empty() ? "" : "\n") + ("estimated " + describeAccess(table, *with) +
                                                                     " (" + with->basis + ")");
            const bool chosen = std::any_of(candidates.begin(), candidates.end(),
                                            [&](const auto& c) { return c.name == with->index; });
            if (chosen && with->rows <= now->rows * kUsefulReduction)
                out.usedIndexes.push_back(with->index);
        }
        out.costBefore = before;   // rows read, not server cost units: the JSON says which
        out.costAfter = after;
        return out;
    }

private:
    mysql::MySqlSession& m_session;
    catalog::Catalog m_catalog;
};

class MySqlDb : public Database {
public:
    explicit MySqlDb(const ConnectionTarget& target) : m_session((mysql::initDriver(), target)) {}

    Engine engine() const override { return Engine::MySQL; }
    Dialect dialect() const override { return Dialect::MySQL; }
    std::string describe() const override
    {
        return m_session.redactedTarget() + (m_session.isMariaDb() ? " (MariaDB " : " (MySQL ") +
               m_session.serverVersion() + ")";
    }
    catalog::Catalog readCatalog() override
    {
        if (!m_catalog)
            m_catalog = m_session.readCatalog();
        return *m_catalog;
    }
    plan::Plan explain(const std::string& sql) override { return plan::parsePlan(m_session.explainJson(sql)).plan; }
    std::unique_ptr<advisor::WhatIfEvaluator> whatIf() override
    {
        return std::make_unique<CostModelEvaluator>(m_session, readCatalog());
    }

private:
    mysql::MySqlSession m_session;
    std::optional<catalog::Catalog> m_catalog;
};

} // namespace

std::unique_ptr<Database> openMySql(const ConnectionTarget& target)
{
    return std::make_unique<MySqlDb>(target);
}

} // namespace planwise::connectors
