#pragma once
// Helpers both shape parsers (libpg_query's tree and the token parser) share:
// operator classes, the LIKE pattern rule, and how one comparison becomes a
// Predicate. Not part of the public API.
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

// One side of a comparison, as both parsers read it.
struct Operand {
    enum Kind { None, Column, Value } kind = None;
    ColumnRef ref;
    std::string wrapper;                 // function name or "::type" around the column
    ValueKind value = ValueKind::None;
    std::string valueType;
    int listSize = -1;
};

// Where a condition sits: its clause, the join it belongs to, under OR / NOT.
struct CondContext {
    std::string clause = "where";
    std::string joinType = "inner";
    bool underOr = false;
    bool negated = false;
};

// `column op value` as a Predicate: NOT flips the class, a function around the
// column makes it FunctionWrapped. `text` is the predicate as written.
Predicate makePredicate(const Operand& column, PredicateOp op, std::string operatorText, const Operand& value,
                        const CondContext& ctx, bool negated, std::string text);

void addUnique(std::vector<ColumnRef>& refs, const ColumnRef& ref);
void addUnique(std::vector<std::string>& items, const std::string& item);

} // namespace planwise::sql::detail
