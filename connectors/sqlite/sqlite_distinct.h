#pragma once
// How many rows share each key prefix of an index that does not exist yet:
// the figures a candidate's sqlite_stat1 row needs.
#include "connectors/sqlite/sqlite_handles.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace planwise::sqlite {

struct PrefixEstimate {
    std::vector<double> rowsPerKey;   // [rows per distinct first term, per first two terms, …]
    std::string method;               // how it was obtained, for notes shown to the user
    // Estimated on-disk size of the index: rows × the mean entry size of the
    // rows read (SQLite's record format, key terms plus rowid) over nearly
    // full pages; nullopt when no row could be read.
    std::optional<int64_t> sizeBytes;
};

// Reads the table `table` of `db` (read-only) to estimate, for each prefix of
// `terms` (column names already quoted, or expressions), the average number
// of rows per distinct value:
// - up to kExactRows rows (by sqlite_stat1): every row is read and the counts are exact;
// - larger rowid tables: kSampleRows rows at distinct pseudo-random rowids (fixed
//   seed, so the same database always gives the same advice) and the number
//   of distinct values D is extrapolated with Haas & Stokes' Duj1 estimator,
//   the one PostgreSQL's ANALYZE uses: D = n·d / (n − f1 + f1·n/N), where n
//   rows were sampled, d distinct values seen, f1 of them exactly once, and
//   N is the table's row count;
// - WITHOUT ROWID tables: the first kSampleRows rows, same estimator (a
//   clustered sample: the note says so).
// Rows per key = N / D, at least 1, and never growing with more terms.
PrefixEstimate estimatePrefixRows(sqlite3* db, const std::string& table, const std::vector<std::string>& terms,
                                  double tableRows);

inline constexpr int kExactRows = 20000;
inline constexpr int kSampleRows = 8000;

} // namespace planwise::sqlite
