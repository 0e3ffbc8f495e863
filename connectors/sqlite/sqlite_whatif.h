#pragma once
// "Would SQLite use this index?", answered the way the sqlite3 shell's
// .expert does: an in-memory database with the user's schema but no rows,
// the user's sqlite_stat1 (and sqlite_stat4 where the library has it) copied
// in and reloaded, so the planner sees the real table sizes and selectivities.
// Candidates are created there as real indexes with estimated statistics, and
// EXPLAIN QUERY PLAN is compared before and after. The user's file is only
// read (to copy the schema and statistics and to sample candidate columns).
#include "analyzer/advisor/what_if.h"
#include "analyzer/catalog/catalog.h"
#include "analyzer/plan/plan.h"
#include "connectors/sqlite/sqlite_database.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planwise::sqlite {

struct WhatIfResult {
    std::vector<plan::SqliteEqpRow> before;   // plan with the existing indexes only
    std::vector<plan::SqliteEqpRow> after;    // plan with the candidates added
    std::vector<std::string> used;            // candidate names the planner chose, in candidate order
    std::vector<std::string> unused;          // the others (including those that could not be created)
    std::vector<std::string> notes;           // how candidate statistics were estimated, failures
    std::map<std::string, int64_t> sizeBytes; // estimated on-disk size per candidate, where known
};

class SqliteWhatIf : public advisor::WhatIfEvaluator {
public:
    // `source` must outlive this object (candidate statistics sample it).
    // Throws connectors::ConnectorError if the scratch copy cannot be built.
    explicit SqliteWhatIf(const SqliteDatabase& source);

    // Candidates without a name get one (pw_candidate_N). The scratch copy is
    // left as it was, so calls are independent. Throws ConnectorError for SQL
    // the planner rejects (QueryFailed) or more than one statement (Refused).
    WhatIfResult compare(std::string_view sql, const std::vector<catalog::Index>& candidates);

    // The sqlite_stat1 figures a candidate gets: [table rows, rows per key
    // prefix…]; empty when the table has no statistics (SQLite's defaults apply).
    std::vector<double> candidateStat1(const catalog::Index& candidate, std::string* method = nullptr);
    // Estimated on-disk size of a candidate (see PrefixEstimate::sizeBytes);
    // nullopt without statistics or for partial candidates.
    std::optional<int64_t> candidateSize(const catalog::Index& candidate);

    // advisor::WhatIfEvaluator
    std::string method() const override;
    advisor::WhatIfOutcome evaluate(const std::string& sql, const std::vector<catalog::Index>& candidates) override;

    // Notes from building the scratch copy (objects that could not be copied).
    const std::vector<std::string>& setupNotes() const { return m_setupNotes; }

private:
    void copySchema();
    void copyStatistics();
    std::string createIndexSql(const catalog::Index& candidate, const std::string& name) const;
    std::optional<double> tableRows(const std::string& table) const;

    const SqliteDatabase& m_source;
    DbHandle m_scratch;
    std::map<std::string, double> m_tableRows;                 // lower-cased table → rows, from stat1
    struct Estimate {
        std::vector<double> stat1;   // [rows, rows per prefix…] for a non-unique index
        std::string method;
        std::optional<int64_t> sizeBytes;
    };
    // nullptr when the table has no statistics or the candidate is partial.
    const Estimate* estimateFor(const catalog::Index& candidate, std::string* whyNot);

    std::map<std::string, Estimate> m_estimates;               // candidate signature → figures
    std::vector<std::string> m_setupNotes;
};

// EQP rows as indented lines (two spaces per level), as the shell's tree shows them.
std::string formatEqp(const std::vector<plan::SqliteEqpRow>& rows);

} // namespace planwise::sqlite
