#pragma once
// The last step of both shape parsers: turn the qualifiers they recorded
// (alias, table or schema.table as written, empty when unqualified) into real
// table names, and use the catalog's column types where it is known.
#include "analyzer/sql/query_shape.h"

namespace planwise::sql::detail {

// Resolves every ColumnRef of `shape` and its subqueries in place. Before the
// call a ColumnRef's `table` is the qualifier as written. A join condition
// whose two sides turn out to be the same table instance becomes a predicate.
void resolveShape(QueryShape& shape, const catalog::Catalog* schema);

} // namespace planwise::sql::detail
