#pragma once
// PostgreSQL shapes from libpg_query's JSON parse tree (exact grammar).
#include "analyzer/sql/query_shape.h"

namespace planwise::sql::detail {

// The shape before alias resolution (ColumnRef.table holds the qualifier as written).
// A statement libpg_query rejects gives kind Unknown with its message in `error`.
QueryShape parsePostgresShape(std::string_view sql, const catalog::Catalog* schema);

} // namespace planwise::sql::detail
