#pragma once
// Choosing an index key for one table of one statement: equality columns
// first (most selective first), then IN lists, then one range column — the
// order in which a B-tree can use them — or the ORDER BY columns when the
// filter is pure equality, so the index also saves the sort.
#include "analyzer/catalog/catalog.h"
#include "analyzer/sql/query_shape.h"

#include <string>
#include <vector>

namespace planwise::advisor {

struct IndexKey {
    std::string table;
    std::string schema;                   // as the catalog has it; empty where there is one namespace
    std::vector<catalog::IndexColumn> columns;
    std::vector<std::string> reasons;     // predicate texts that put each column there
    size_t equalityColumns = 0;           // leading columns compared by equality (any order serves)
    bool servesOrderBy = false;
};

// The key an index on `table` should have for `shape`; empty columns when no
// predicate on that table can use an index.
IndexKey indexKeyFor(const sql::QueryShape& shape, const std::string& table, const catalog::Catalog* catalog,
                     const std::string& schema = {});

// True when an existing valid index already starts with the key (equality
// columns in any order), so a new one would add nothing.
bool keyCoveredByExisting(const IndexKey& key, const catalog::Catalog& catalog);

// True when an index on `columns` can do everything an index on `key` would.
bool columnsServeKey(const std::vector<catalog::IndexColumn>& columns, const IndexKey& key);

std::string indexNameFor(const IndexKey& key);

// Every table of `shape` (and its subqueries) whose predicates want an index
// that does not exist yet; tables under `minRows` rows are left alone.
std::vector<IndexKey> missingIndexKeys(const sql::QueryShape& shape, const catalog::Catalog& catalog, double minRows);

} // namespace planwise::advisor
