// PostgreSQL behind the Database interface; what-if through HypoPG.
#include "connectors/database_postgres.h"

#include "analyzer/advisor/plan_outline.h"
#include "analyzer/export/ddl.h"
#include "analyzer/sql/fingerprint.h"
#include "analyzer/sql/lexer.h"
#include "analyzer/workload/aggregator.h"
#include "connectors/common/connector_error.h"
#include "connectors/postgres/pg_session.h"
#include "connectors/postgres/pg_whatif.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

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
    explicit HypoPgEvaluator(postgres::PgSession& session) : m_session(session), m_whatIf(session) {}

    std::string method() const override
    {
        return "PostgreSQL planner with HypoPG " + m_whatIf.hypopgVersion() + " hypothetical indexes (estimated costs)";
    }

    advisor::WhatIfOutcome evaluate(const std::string& sql, const std::vector<catalog::Index>& candidates) override
    {
        if (const int params = sql::placeholderCount(sql, Dialect::PostgreSQL); params > 0)
            return evaluateGeneric(sql, params, candidates);
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
    // Normalized text from pg_stat_statements ($1, $2, ...) cannot be EXPLAINed
    // as is. PREPARE it and EXPLAIN EXECUTE with NULLs: the session runs with
    // plan_cache_mode=force_generic_plan, so the plan ignores the values. Each
    // side gets its own prepared statement, since a cached generic plan would
    // not see the hypothetical indexes made after it.
    advisor::WhatIfOutcome evaluateGeneric(const std::string& sql, int params,
                                           const std::vector<catalog::Index>& candidates)
    {
        advisor::WhatIfOutcome out;
        std::string args = "(";
        for (int i = 0; i < params; ++i)
            args += i ? ", NULL" : "NULL";
        args += ")";
        const int id = ++m_prepared;
        const std::string before = fmt::format("planwise_before_{}", id), after = fmt::format("planwise_after_{}", id);
        struct Cleanup {
            HypoPgEvaluator& e;
            std::vector<std::string> names;
            ~Cleanup()
            {
                for (const auto& n : names)
                    try {
                        e.m_session.query("DEALLOCATE " + n);
                    } catch (...) {
                    }
                try {
                    e.m_whatIf.reset();
                } catch (...) {
                }
            }
        } cleanup{*this, {}};
        try {
            m_whatIf.reset();
            std::string jsonBefore, jsonAfter;
            m_session.query("PREPARE " + before + " AS " + sql);
            cleanup.names.push_back(before);
            out.costBefore = m_whatIf.totalCost("EXECUTE " + before + args, &jsonBefore);
            std::vector<postgres::HypotheticalIndex> made;
            for (const auto& c : candidates)
                made.push_back(m_whatIf.create(hypopgDdl(c, c.schema)));
            m_session.query("PREPARE " + after + " AS " + sql);
            cleanup.names.push_back(after);
            out.costAfter = m_whatIf.totalCost("EXECUTE " + after + args, &jsonAfter);
            out.planBefore = advisor::planOutline(parsePgJson(jsonBefore));
            out.planAfter = advisor::planOutline(parsePgJson(jsonAfter));
            const auto used = postgres::PgWhatIf::planIndexNames(jsonAfter);
            int64_t size = 0;
            for (size_t i = 0; i < made.size(); ++i) {
                for (size_t pos; (pos = out.planAfter.find(made[i].name)) != std::string::npos;)
                    out.planAfter.replace(pos, made[i].name.size(), candidates[i].name + " (hypothetical)");
                if (std::find(used.begin(), used.end(), made[i].name) != used.end())
                    out.usedIndexes.push_back(candidates[i].name);
                size += made[i].sizeBytes.value_or(0);
            }
            if (size > 0)
                out.sizeBytes = size;
        } catch (const ConnectorError& e) {
            out.error = e.what();
        }
        return out;
    }

    postgres::PgSession& m_session;
    postgres::PgWhatIf m_whatIf;
    int m_prepared = 0;
};

class PostgresDb : public Database {
public:
    explicit PostgresDb(const ConnectionTarget& target) : m_shownTarget(target.redacted()), m_session(sessionTarget(target)) {}

    Engine engine() const override { return Engine::PostgreSQL; }
    Dialect dialect() const override { return Dialect::PostgreSQL; }
    std::string describe() const override
    {
        return m_shownTarget + " (PostgreSQL " + m_session.serverVersion() + ", TLS " + m_session.tlsState() + ")";
    }
    std::vector<std::string> warnings() const override { return m_session.warnings(); }
    catalog::Catalog readCatalog() override
    {
        if (!m_catalog)
            m_catalog = m_session.readCatalog();
        return *m_catalog;
    }
    plan::Plan explain(const std::string& sql) override { return parsePgJson(m_session.explainJson(sql)); }
    plan::Plan explainAnalyze(const std::string& sql) override { return parsePgJson(m_session.explainJson(sql, true)); }
    std::unique_ptr<advisor::WhatIfEvaluator> whatIf() override
    {
        return std::make_unique<HypoPgEvaluator>(m_session);
    }

    workload::Workload serverWorkload(size_t maxClasses) override;

private:
    // Generic plans let the what-if EXPLAIN normalized statements ($1) from
    // pg_stat_statements; Planwise prepares nothing else in this session.
    static ConnectionTarget sessionTarget(ConnectionTarget target)
    {
        target.conninfo = withPgParameter(target.conninfo, "options", "-c plan_cache_mode=force_generic_plan");
        return target;
    }

    std::string m_shownTarget;   // as the user wrote it, without the options Planwise adds
    postgres::PgSession m_session;
    std::optional<catalog::Catalog> m_catalog;
};

workload::Workload PostgresDb::serverWorkload(size_t maxClasses)
{
    const bool pg13 = m_session.serverVersionNum() >= 130000; // PG 13 renamed *_time to *_exec_time
    const std::string t = pg13 ? "_exec_time" : "_time";
    std::vector<postgres::PgSession::Row> rows;
    try {
        rows = m_session.query("SELECT s.query, s.calls, s.total" + t + ", s.min" + t + ", s.max" + t +
                                   ", s.rows, r.rolname, current_database() "
                                   "FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
                                   "LEFT JOIN pg_roles r ON r.oid = s.userid "
                                   "WHERE d.datname = current_database() AND s.calls > 0 "
                                   "AND s.query NOT LIKE '/* planwise */%' ORDER BY 3 DESC LIMIT $1",
                               {std::to_string(maxClasses * 4)});
    } catch (const ConnectorError& e) {
        if (e.sqlState() == "42P01" || e.sqlState() == "55000")
            throw ConnectorError(ErrorKind::Unsupported,
                                 std::string("pg_stat_statements is not available (") + e.what() +
                                     "): add it to shared_preload_libraries and run CREATE EXTENSION "
                                     "pg_stat_statements, or give a log with --log");
        throw;
    }
    workload::Workload wl;
    wl.files = {"pg_stat_statements"};
    std::map<std::string, size_t> byChecksum;
    size_t hidden = 0;
    for (const auto& row : rows) {
        const std::string query = row[0].value_or("");
        if (query.empty() || query == "<insufficient privilege>") {
            ++hidden;
            continue;
        }
        const auto num = [&](size_t i) { return row[i] ? std::stod(*row[i]) : 0.0; };
        const auto calls = uint64_t(num(1));
        const auto fp = sql::fingerprintPostgres(query);
        auto [it, fresh] = byChecksum.emplace(fp.checksum, wl.classes.size());
        if (fresh) {
            workload::QueryClass qc;
            qc.checksum = fp.checksum;
            qc.fingerprint = fp.normalized.empty() ? query : fp.normalized;
            qc.dialect = Dialect::PostgreSQL;
            qc.example.query = query;
            qc.example.file = "pg_stat_statements";
            wl.classes.push_back(std::move(qc));
        }
        auto& qc = wl.classes[it->second];
        qc.count += calls;
        qc.metrics["Query_time"].addSummary(calls, num(2) / 1000.0, num(3) / 1000.0, num(4) / 1000.0);
        const double perCall = calls ? num(5) / double(calls) : 0;
        qc.metrics["Rows_sent"].addSummary(calls, num(5), perCall, perCall);
        if (row[6])
            qc.users.insert(*row[6]);
        if (row[7])
            qc.databases.insert(*row[7]);
        wl.events += calls;
    }
    if (hidden)
        wl.diagnostics.push_back({Severity::Warning, "pg_stat_statements", 0, -1,
                                  fmt::format("{} statements of other users are hidden: grant pg_read_all_stats to see them",
                                              hidden)});
    workload::keepTopClasses(wl.classes, maxClasses);
    return wl;
}

} // namespace

std::unique_ptr<Database> openPostgres(const ConnectionTarget& target)
{
    return std::make_unique<PostgresDb>(target);
}

} // namespace planwise::connectors
