#pragma once
// Helpers both shape parsers (libpg_query's tree and the token parser) share:
// operator classes and the LIKE pattern rule. Not part of the public API.
#include "analyzer/sql/query_shape.h"

#include <string>
#include <string_view>

namespace planwise::sql::detail {

// "=", "<", ">=", "<>", "!=", "<=>" → their class; anything else → Other.
PredicateOp comparisonClass(std::string_view op);
// The operator seen from the other side: "<" ↔ ">", "<=" ↔ ">="; others unchanged.
std::string_view mirroredComparison(std::string_view op);
// LIKE with a known pattern: a leading % or _ defeats a B-tree index.
PredicateOp likeClass(std::string_view pattern);
// count, sum, avg, min, max, group_concat, string_agg, ... (case-insensitive).
bool isAggregateFunction(std::string_view name);
// The opposite class under NOT: = ↔ <>, IN → NOT IN (NotEqual); others keep their class.
PredicateOp negatedClass(PredicateOp op);

void addUnique(std::vector<ColumnRef>& refs, const ColumnRef& ref);
void addUnique(std::vector<std::string>& items, const std::string& item);

} // namespace planwise::sql::detail
