#include "analyzer/sql/shape_common.h"

#include "analyzer/core/text.h"

#include <algorithm>
#include <array>

namespace planwise::sql::detail {

PredicateOp comparisonClass(std::string_view op)
{
    if (op == "=" || op == "==" || op == "<=>")
        return PredicateOp::Equality;
    if (op == "<" || op == "<=" || op == ">" || op == ">=")
        return PredicateOp::Range;
    if (op == "<>" || op == "!=")
        return PredicateOp::NotEqual;
    return PredicateOp::Other;
}

std::string_view mirroredComparison(std::string_view op)
{
    if (op == "<") return ">";
    if (op == ">") return "<";
    if (op == "<=") return ">=";
    if (op == ">=") return "<=";
    return op;
}

PredicateOp likeClass(std::string_view pattern)
{
    if (!pattern.empty() && (pattern.front() == '%' || pattern.front() == '_'))
        return PredicateOp::LikeWildcard;
    return PredicateOp::LikePrefix;
}

bool isAggregateFunction(std::string_view name)
{
    static constexpr std::array<std::string_view, 22> kAggregates{
        "count", "sum", "avg", "min", "max", "group_concat", "string_agg", "array_agg", "json_agg",
        "jsonb_agg", "json_object_agg", "jsonb_object_agg", "bool_and", "bool_or", "every", "bit_and",
        "bit_or", "bit_xor", "stddev", "variance", "json_arrayagg", "total"};
    return std::any_of(kAggregates.begin(), kAggregates.end(), [&](std::string_view a) { return iequals(a, name); });
}

PredicateOp negatedClass(PredicateOp op)
{
    switch (op) {
    case PredicateOp::Equality:
    case PredicateOp::In: return PredicateOp::NotEqual;
    case PredicateOp::NotEqual: return PredicateOp::Equality;
    default: return op;
    }
}

void addUnique(std::vector<ColumnRef>& refs, const ColumnRef& ref)
{
    if (std::find(refs.begin(), refs.end(), ref) == refs.end())
        refs.push_back(ref);
}

void addUnique(std::vector<std::string>& items, const std::string& item)
{
    if (std::find(items.begin(), items.end(), item) == items.end())
        items.push_back(item);
}

Predicate makePredicate(const Operand& column, PredicateOp op, std::string operatorText, const Operand& value,
                        const CondContext& ctx, bool negated, std::string text)
{
    Predicate p;
    p.column = column.ref;
    p.negated = negated != ctx.negated;
    p.op = negated != ctx.negated && !negated ? negatedClass(op) : op;
    if (!column.wrapper.empty()) {
        p.op = PredicateOp::FunctionWrapped;
        p.function = column.wrapper;
    }
    p.operatorText = std::move(operatorText);
    p.value = value.kind == Operand::Column ? ValueKind::Column : value.value;
    p.valueType = value.valueType;
    p.inListSize = value.listSize;
    p.underOr = ctx.underOr;
    p.clause = ctx.clause;
    p.text = std::move(text);
    return p;
}

} // namespace planwise::sql::detail
