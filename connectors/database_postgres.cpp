// PostgreSQL behind the Database interface; what-if through HypoPG.
#include "connectors/database_postgres.h"

#include "analyzer/advisor/plan_outline.h"
#include "analyzer/export/ddl.h"
#include "connectors/common/connector_error.h"
#include "connectors/postgres/pg_session.h"
#include "connectors/postgres/pg_whatif.h"

#include <algorithm>

namespace planwise::connectors {
namespace {

plan::Plan parsePgJson(const std::string& json)
{
    return plan::parsePlan(json, plan::PlanFormat::PostgresJson).plan;
}

// HypoPG wants a plain CREATE INDEX (no CONCURRENTLY, no IF NOT EXISTS) and
// names the index itself; candidates are matched back by position.
std::string hypopgDdl(const catalog::Index& idx, const std::string& schema)
{
    catalog::Index plain = idx;
    std::string ddl = exporter::createIndexDdl(plain, Dialect::PostgreSQL, schema);
    for (const char* word : {"CONCURRENTLY ", "IF NOT EXISTS "})
        if (auto pos = ddl.find(word); pos != std::string::npos)
            ddl.erase(pos, std::char_traits<char>::length(word));
    return ddl;
}

class HypoPgEvaluator : public advisor::WhatIfEvaluator {
public:
    explicit HypoPgEvaluator(postgres::PgSession& session) : m_whatIf(session) {}

    std::string method() const override
    {
        return "PostgreSQL planner with HypoPG " + m_whatIf.hypopgVersion() + " hypothetical indexes (estimated costs)";
    }

    advisor::WhatIfOutcome evaluate(const std::string& sql, const std::vector<catalog::Index>& candidates) override
    {
        advisor::WhatIfOutcome out;
        std::vector<std::string> ddl;
        for (const auto& c : candidates)
            ddl.push_back(hypopgDdl(c, c.schema));
        try {
            const auto r = m_whatIf.evaluate(sql, ddl);
            out.planBefore = advisor::planOutline(parsePgJson(r.planBefore));
            out.planAfter = advisor::planOutline(parsePgJson(r.planAfter));
            out.costBefore = r.costBefore;
            out.costAfter = r.costAfter;
            int64_t size = 0;
            for (size_t i = 0; i < r.indexes.size() && i < candidates.size(); ++i) {
                // Show the name the script will create, not HypoPG's "<oid>btree_..." one.
                for (size_t pos; (pos = out.planAfter.find(r.indexes[i].name)) != std::string::npos;)
                    out.planAfter.replace(pos, r.indexes[i].name.size(), candidates[i].name + " (hypothetical)");
                if (std::find(r.usedIndexes.begin(), r.usedIndexes.end(), r.indexes[i].name) != r.usedIndexes.end())
                    out.usedIndexes.push_back(candidates[i].name);
                size += r.indexes[i].sizeBytes.value_or(0);
            }
            if (size > 0)
                out.sizeBytes = size;
        } catch (const ConnectorError& e) {
            out.error = e.what();
        }
        return out;
    }

private:
    postgres::PgWhatIf m_whatIf;
};

class PostgresDb : public Database {
public:
    explicit PostgresDb(const ConnectionTarget& target) : m_session(target) {}

    Engine engine() const override { return Engine::PostgreSQL; }
    Dialect dialect() const override { return Dialect::PostgreSQL; }
    std::string describe() const override
    {
        return m_session.redactedTarget() + " (PostgreSQL " + m_session.serverVersion() + ")";
    }
    catalog::Catalog readCatalog() override
    {
        if (!m_catalog)
            m_catalog = m_session.readCatalog();
        return *m_catalog;
    }
    plan::Plan explain(const std::string& sql) override { return parsePgJson(m_session.explainJson(sql)); }
    std::unique_ptr<advisor::WhatIfEvaluator> whatIf() override
    {
        return std::make_unique<HypoPgEvaluator>(m_session);
    }

private:
    postgres::PgSession m_session;
    std::optional<catalog::Catalog> m_catalog;
};

} // namespace

std::unique_ptr<Database> openPostgres(const ConnectionTarget& target)
{
    return std::make_unique<PostgresDb>(target);
}

} // namespace planwise::connectors
