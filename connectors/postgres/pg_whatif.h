#pragma once
// What-if indexes on PostgreSQL through HypoPG: hypothetical indexes exist
// only in the backend that made them, so everything happens on one pinned
// PgSession, and the session is left without any (hypopg_reset) afterwards.
#include "connectors/postgres/pg_session.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planwise::postgres {

struct HypotheticalIndex {
    std::string ddl;                      // the CREATE INDEX statement it was made from
    int64_t oid = 0;                      // HypoPG's fake oid
    std::string name;                     // e.g. "<13556>btree_t_a", as plans show it
    std::optional<int64_t> sizeBytes;     // hypopg_relation_size: estimated size if built
};

struct WhatIfResult {
    std::string planBefore, planAfter;    // EXPLAIN (FORMAT JSON) texts
    double costBefore = 0, costAfter = 0; // top node Total Cost
    std::vector<HypotheticalIndex> indexes;
    std::vector<std::string> usedIndexes; // names of hypothetical indexes the new plan uses
    double improvement() const { return costBefore > 0 ? 1.0 - costAfter / costBefore : 0; }   // 0.9 = 90% cheaper
};

class PgWhatIf {
public:
    // Throws ConnectorError(Unsupported) when HypoPG is not installed or not
    // created in this database, saying how to get it. Planwise never creates it.
    explicit PgWhatIf(PgSession& session);
    ~PgWhatIf();   // hypopg_reset(): no hypothetical index outlives this object
    PgWhatIf(const PgWhatIf&) = delete;
    PgWhatIf& operator=(const PgWhatIf&) = delete;

    std::string hypopgVersion() const { return m_version; }
    // Warnings about the server setup (e.g. auto_explain loaded before hypopg).
    const std::vector<std::string>& notes() const { return m_notes; }

    // One CREATE INDEX statement (checked with libpg_query, passed to HypoPG as
    // a bound parameter). Throws Refused for anything else.
    HypotheticalIndex create(std::string_view createIndexSql);
    std::vector<HypotheticalIndex> list();   // the session's hypothetical indexes (hypopg())
    void reset();                            // hypopg_reset

    // EXPLAIN (FORMAT JSON) cost of one statement with the current hypothetical indexes.
    double totalCost(std::string_view sql, std::string* planJson = nullptr);

    // Resets, costs `sql`, creates every candidate, costs it again, reads the
    // sizes, and resets again. Results are cached per (statement, candidate
    // list) for the life of this object: the advisor asks the same question
    // for many candidate sets. The plan without candidates is asked for once
    // per statement (beforePlans() counts those EXPLAINs).
    WhatIfResult evaluate(std::string_view sql, const std::vector<std::string>& createIndexSql);
    size_t cacheHits() const { return m_cacheHits; }
    size_t beforePlans() const { return m_beforePlans; }
    void clearCache()
    {
        m_cache.clear();
        m_before.clear();
    }

    // Top node "Total Cost" of an EXPLAIN (FORMAT JSON) text; names of the indexes it uses.
    static double planTotalCost(std::string_view planJson);
    static std::vector<std::string> planIndexNames(std::string_view planJson);

private:
    PgSession& m_session;
    std::string m_version;
    std::vector<std::string> m_notes;
    std::map<std::pair<std::string, std::vector<std::string>>, WhatIfResult> m_cache;
    std::map<std::string, std::pair<double, std::string>, std::less<>> m_before;   // cost and plan with no candidate
    size_t m_cacheHits = 0;
    size_t m_beforePlans = 0;
};

} // namespace planwise::postgres
