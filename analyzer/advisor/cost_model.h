#pragma once
// Rows a table access reads, estimated from catalog statistics alone: what the
// advisor has on MySQL/MariaDB, which have no hypothetical indexes. The figures
// are estimates and are always labelled so.
#include "analyzer/catalog/catalog.h"
#include "analyzer/sql/query_shape.h"

#include <optional>
#include <string>
#include <vector>

namespace planwise::advisor {

struct AccessEstimate {
    std::string index;          // empty: full table scan
    size_t keyPartsUsed = 0;
    double rows = 0;            // rows read from the table
    std::string basis;          // how the selectivity was found ("column statistics", "default 10%", ...)
};

// The cheapest access to `table` for the predicates of `shape`, over the
// table's existing indexes plus `extra` (the candidates). Unknown row counts
// make the estimate unusable: nullopt.
std::optional<AccessEstimate> estimateAccess(const sql::QueryShape& shape, const std::string& table,
                                             const catalog::Catalog& catalog,
                                             const std::vector<catalog::Index>& extra = {});

} // namespace planwise::advisor
