#pragma once
// MySQL/MariaDB and SQLite shapes: a tolerant recursive-descent parser over
// Planwise's lexer. What it cannot parse it skips, with the reason in `skipped`.
#include "analyzer/sql/query_shape.h"

namespace planwise::sql::detail {

// The shape before alias resolution (ColumnRef.table holds the qualifier as written).
// Text that is not SQL at all gives kind Unknown with the reason in `error`.
QueryShape parseTokenShape(std::string_view sql, Dialect dialect, const catalog::Catalog* schema);

} // namespace planwise::sql::detail
