// MySQL/MariaDB behind the Database interface. Neither has hypothetical
// indexes, so candidates are judged by a cost model over the catalog's
// statistics (analyzer/advisor/cost_model.h) and labelled as estimates.
#include "connectors/database_mysql.h"

#include "analyzer/advisor/cost_model.h"
#include "analyzer/advisor/plan_outline.h"
#include "analyzer/sql/fingerprint.h"
#include "analyzer/sql/lexer.h"
#include "analyzer/sql/mysql_digest.h"
#include "analyzer/sql/query_shape.h"
#include "analyzer/workload/aggregator.h"
#include "connectors/common/connector_error.h"
#include "connectors/mysql/mysql_session.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
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

void appendLine(std::string& text, const std::string& line)
{
    if (!text.empty())
        text.push_back('\n');
    text.append(line);
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
        // A digest from performance_schema has ? for its values and cannot be
        // EXPLAINed; the estimate below still holds for it.
        if (sql::placeholderCount(sql, Dialect::MySQL) == 0) {
            // The plan does not depend on the candidates: EXPLAINed once per statement.
            if (const auto it = m_planBefore.find(sql); it != m_planBefore.end()) {
                out.planBefore = it->second;
            } else {
                try {
                    const auto parsed = plan::parsePlan(m_session.explainJson(sql));
                    out.planBefore = advisor::planOutline(parsed.plan);
                } catch (const ConnectorError& e) {
                    out.error = e.what();
                    return out;
                }
                m_planBefore.emplace(sql, out.planBefore);
            }
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
            appendLine(out.planBefore, "estimated " + describeAccess(table, *now));
            after += with->rows;
            appendLine(out.planAfter, "estimated " + describeAccess(table, *with) + " (" + with->basis + ")");
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
    std::map<std::string, std::string, std::less<>> m_planBefore;
};

class MySqlDb : public Database {
public:
    explicit MySqlDb(const ConnectionTarget& target) : m_session(target), m_tls(m_session.tlsState()) {}

    Engine engine() const override { return Engine::MySQL; }
    Dialect dialect() const override { return Dialect::MySQL; }
    std::string describe() const override
    {
        return m_session.redactedTarget() + (m_session.isMariaDb() ? " (MariaDB " : " (MySQL ") +
               m_session.serverVersion() + ", TLS " + m_tls + ")";
    }
    catalog::Catalog readCatalog() override
    {
        if (!m_catalog)
            m_catalog = m_session.readCatalog();
        return *m_catalog;
    }
    plan::Plan explain(const std::string& sql) override { return plan::parsePlan(m_session.explainJson(sql)).plan; }
    plan::Plan explainAnalyze(const std::string& sql) override
    {
        return plan::parsePlan(m_session.explainJson(sql, true)).plan;
    }
    std::unique_ptr<advisor::WhatIfEvaluator> whatIf() override
    {
        return std::make_unique<CostModelEvaluator>(m_session, readCatalog());
    }

    workload::Workload serverWorkload(size_t maxClasses) override;

private:
    // Connector/C++ wants its driver made once (initDriver, on the main thread
    // where the program calls it first) and threadInit() in every thread that
    // connects: this object is made and used on one worker thread.
    static bool driverReady() { return mysql::initDriver(), true; }
    bool m_driverReady = driverReady();
    mysql::MySqlThread m_thread;
    mysql::MySqlSession m_session;
    std::string m_tls;   // read once: the session's tlsState() is not const
    std::optional<catalog::Catalog> m_catalog;
};

// Statements Planwise itself sends (its EXPLAINs, catalog reads): digests drop
// comments, so the marker cannot tell them apart; their shape can.
bool isPlanwiseOwn(const std::string& digest)
{
    static const char* const prefixes[] = {"EXPLAIN", "ANALYZE", "SHOW", "SET ", "SELECT @@", "KILL"};
    for (const char* p : prefixes)
        if (digest.rfind(p, 0) == 0)
            return true;
    for (const char* schema : {"`information_schema`", "`performance_schema`", "`mysql` .", "information_schema .",
                               "performance_schema ."})
        if (digest.find(schema) != std::string::npos)
            return true;
    return false;
}

workload::Workload MySqlDb::serverWorkload(size_t maxClasses)
{
    std::vector<mysql::MySqlSession::Row> rows;
    try {
        rows = m_session.query(
            "SELECT DIGEST_TEXT, COUNT_STAR, SUM_TIMER_WAIT, MIN_TIMER_WAIT, MAX_TIMER_WAIT, SUM_LOCK_TIME, "
            "SUM_ROWS_SENT, SUM_ROWS_EXAMINED, SUM_ROWS_AFFECTED, SCHEMA_NAME, FIRST_SEEN, LAST_SEEN "
            "FROM performance_schema.events_statements_summary_by_digest "
            "WHERE SCHEMA_NAME = DATABASE() AND DIGEST_TEXT IS NOT NULL AND COUNT_STAR > 0 "
            "ORDER BY SUM_TIMER_WAIT DESC LIMIT " + std::to_string(maxClasses * 4));
    } catch (const ConnectorError& e) {
        throw ConnectorError(e.kind() == ErrorKind::PermissionDenied ? ErrorKind::PermissionDenied
                                                                     : ErrorKind::Unsupported,
                             std::string("performance_schema statement digests are not readable (") + e.what() +
                                 "): start the server with performance_schema=ON and GRANT SELECT ON "
                                 "performance_schema.* to this user, or give a log with --log");
    }
    workload::Workload wl;
    wl.files = {"performance_schema.events_statements_summary_by_digest"};
    constexpr double kPicoseconds = 1e12; // performance_schema timers
    for (const auto& row : rows) {
        const std::string digest = row[0].value_or("");
        if (digest.empty() || isPlanwiseOwn(digest))
            continue;
        const auto num = [&](size_t i) { return row[i] ? std::stod(*row[i]) : 0.0; };
        const auto calls = uint64_t(num(1));
        workload::QueryClass qc;
        // The class the same statement gets in a slow log (when written in the usual style).
        qc.fingerprint = sql::fingerprint(sql::digestToStatement(digest));
        qc.checksum = sql::queryChecksum(qc.fingerprint);
        qc.dialect = Dialect::MySQL;
        qc.count = calls;
        qc.example.query = digest;
        qc.example.file = wl.files.front();
        qc.tsMin = row[10].value_or("");
        qc.tsMax = row[11].value_or("");
        qc.metrics["Query_time"].addSummary(calls, num(2) / kPicoseconds, num(3) / kPicoseconds, num(4) / kPicoseconds);
        qc.metrics["Lock_time"].addSummary(calls, num(5) / kPicoseconds, 0, num(5) / kPicoseconds);
        for (auto [name, col] : {std::pair{"Rows_sent", 6}, {"Rows_examined", 7}, {"Rows_affected", 8}}) {
            const double perCall = calls ? num(size_t(col)) / double(calls) : 0;
            qc.metrics[name].addSummary(calls, num(size_t(col)), perCall, perCall);
        }
        if (row[9])
            qc.databases.insert(*row[9]);
        wl.events += calls;
        wl.classes.push_back(std::move(qc));
    }
    workload::keepTopClasses(wl.classes, maxClasses);
    return wl;
}

} // namespace

std::unique_ptr<Database> openMySql(const ConnectionTarget& target)
{
    return std::make_unique<MySqlDb>(target);
}

} // namespace planwise::connectors
