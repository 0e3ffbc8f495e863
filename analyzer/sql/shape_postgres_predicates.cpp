// PostgreSQL: WHERE/ON conditions to predicates and joins, columns read, ORDER/GROUP BY, LIMIT.
#include "analyzer/sql/shape_pg_walker.h"

#include "analyzer/core/text.h"
#include "analyzer/sql/shape_common.h"

#include <fmt/format.h>

namespace planwise::sql::detail::pg {

// --------------------------------------------------------------------------- expressions

void PgWalker::collect(const json& node, QueryShape& out, SubqueryRole sublinkRole)
{
    if (node.is_array()) {
        for (const json& item : node)
            collect(item, out, sublinkRole);
        return;
    }
    if (!node.is_object())
        return;
    const std::string_view type = nodeType(node);
    if (type == "ColumnRef") {
        RawColumn c = columnRef(nodeBody(node));
        if (c.star)
            out.selectStar = true;
        else
            out.columnsRead.push_back(c.ref);   // de-duplicated once, after resolution
        return;
    }
    if (type == "ParamRef") {
        out.hasParameters = true;
        return;
    }
    if (type == "SubLink") {
        const json& body = nodeBody(node);
        if (const json* test = field(body, "testexpr"))
            collect(*test, out, sublinkRole);
        if (const json* sel = field(body, "subselect"))
            out.subqueries.push_back(subquery(*sel, sublinkRole, {}));
        return;
    }
    if (type == "SelectStmt") {
        out.subqueries.push_back(subquery(node, sublinkRole, {}));
        return;
    }
    if (type == "FuncCall") {
        const json& body = nodeBody(node);
        if (field(body, "over"))
            out.hasWindowFunctions = true;
        else if (body.value("agg_star", false) || isAggregateFunction(lastName(field(body, "funcname"))))
            out.hasAggregates = true;
    }
    for (auto it = node.begin(); it != node.end(); ++it)
        if (it.value().is_object() || it.value().is_array())
            collect(it.value(), out, sublinkRole);
}

void PgWalker::columnsIn(const json& node, std::vector<ColumnRef>& out) const
{
    if (out.size() >= 2)
        return;   // the caller only asks "one column or not": stay linear on huge expressions
    if (node.is_array()) {
        for (const json& item : node)
            columnsIn(item, out);
        return;
    }
    if (!node.is_object())
        return;
    const std::string_view type = nodeType(node);
    if (type == "ColumnRef") {
        RawColumn c = columnRef(nodeBody(node));
        if (!c.star)
            addUnique(out, c.ref);
        return;
    }
    if (type == "SubLink" || type == "SelectStmt")
        return;   // a subquery's columns are its own
    for (auto it = node.begin(); it != node.end(); ++it)
        if (it.value().is_object() || it.value().is_array())
            columnsIn(it.value(), out);
}

Operand PgWalker::operand(const json& node) const
{
    Operand o;
    const std::string_view type = nodeType(node);
    if (type.empty())
        return o;
    const json& body = nodeBody(node);
    if (type == "ColumnRef") {
        RawColumn c = columnRef(body);
        if (!c.star) {
            o.kind = Operand::Column;
            o.ref = c.ref;
        }
        return o;
    }
    if (type == "A_Const") {
        o.kind = Operand::Value;
        o.value = ValueKind::Literal;
        o.valueType = body.value("isnull", false) ? "null"
            : (field(body, "ival") || field(body, "fval")) ? "number"
            : field(body, "boolval")                        ? "boolean"
                                                            : "string";
        return o;
    }
    if (type == "ParamRef") {
        o.kind = Operand::Value;
        o.value = ValueKind::Parameter;
        return o;
    }
    if (type == "TypeCast") {
        const json* arg = field(body, "arg");
        Operand inner = arg ? operand(*arg) : Operand{};
        const json* tn = field(body, "typeName");
        const std::string cast = tn ? typeName(*tn) : std::string();
        if (inner.kind == Operand::Column) {
            if (inner.wrapper.empty())
                inner.wrapper = "::" + cast;
            return inner;
        }
        if (inner.kind == Operand::Value) {
            inner.valueType = cast;
            return inner;
        }
        o.kind = Operand::Value;
        o.value = ValueKind::Expression;
        return o;
    }
    if (type == "SubLink") {
        o.kind = Operand::Value;
        o.value = ValueKind::Subquery;
        return o;
    }
    if (type == "A_ArrayExpr") {
        o.kind = Operand::Value;
        o.value = ValueKind::Literal;
        const json* elems = field(body, "elements");
        o.listSize = elems && elems->is_array() ? int(elems->size()) : 0;
        if (elems)
            for (const json& e : *elems)
                if (isNode(e, "ParamRef"))
                    o.value = ValueKind::Parameter;
        return o;
    }
    // A function, operator expression or COLLATE around exactly one column hides it from an index.
    std::vector<ColumnRef> cols;
    columnsIn(node, cols);
    if (cols.size() == 1 && (type == "FuncCall" || type == "A_Expr" || type == "CollateClause" || type == "CoalesceExpr"
                             || type == "A_Indirection")) {
        o.kind = Operand::Column;
        o.ref = cols.front();
        if (type == "FuncCall")
            o.wrapper = lastName(field(body, "funcname"));
        else if (type == "A_Expr")
            o.wrapper = lastName(field(body, "name"));
        else if (type == "CollateClause")
            o.wrapper = "collate";
        else if (type == "CoalesceExpr")
            o.wrapper = "coalesce";
        else
            o.wrapper = "subscript";
        return o;
    }
    o.kind = Operand::Value;
    o.value = ValueKind::Expression;
    if (cols.size() > 1)
        o.value = ValueKind::Expression;
    return o;
}

void PgWalker::addPredicate(const json& node, const Operand& column, PredicateOp op, std::string operatorText,
                            const Operand& value, QueryShape& out, const CondContext& ctx, bool negated)
{
    Predicate p = makePredicate(column, op, std::move(operatorText), value, ctx, negated, textOf(node));
    if (p.value == ValueKind::Parameter)
        out.hasParameters = true;
    out.predicates.push_back(std::move(p));
}

void PgWalker::comparison(const json& node, const json& lhs, std::string op, const json& rhs, QueryShape& out,
                          const CondContext& ctx)
{
    // (a, b) = (1, $1) is a = 1 AND b = $1.
    if (op == "=" && isNode(lhs, "RowExpr") && isNode(rhs, "RowExpr")) {
        const json* la = field(nodeBody(lhs), "args");
        const json* ra = field(nodeBody(rhs), "args");
        if (la && ra && la->is_array() && ra->is_array() && la->size() == ra->size()) {
            for (size_t i = 0; i < la->size(); ++i)
                comparison(node, (*la)[i], op, (*ra)[i], out, ctx);
            return;
        }
    }
    Operand l = operand(lhs);
    Operand r = operand(rhs);
    if (l.kind != Operand::Column && r.kind == Operand::Column) {
        std::swap(l, r);
        op = std::string(mirroredComparison(op));
    }
    if (l.kind != Operand::Column)
        return;
    if (r.kind == Operand::Column && op == "=" && l.wrapper.empty() && r.wrapper.empty() && !ctx.underOr
        && !ctx.negated) {
        out.joins.push_back(JoinCondition{l.ref, r.ref, ctx.joinType});
        return;
    }
    addPredicate(node, l, comparisonClass(op), op, r, out, ctx);
}

void PgWalker::condition(const json& node, QueryShape& out, const CondContext& ctx)
{
    const std::string_view type = nodeType(node);
    if (type.empty())
        return;
    const json& body = nodeBody(node);
    if (type == "BoolExpr") {
        const std::string boolop = stringField(body, "boolop");
        CondContext inner = ctx;
        if (boolop == "OR_EXPR")
            inner.underOr = true;
        else if (boolop == "NOT_EXPR")
            inner.negated = !ctx.negated;
        if (const json* args = field(body, "args"); args && args->is_array())
            for (const json& a : *args)
                condition(a, out, inner);
        return;
    }
    if (type == "ColumnRef") {
        // WHERE active: a boolean column tested for true.
        Operand col = operand(node);
        if (col.kind == Operand::Column) {
            Operand v;
            v.kind = Operand::Value;
            v.value = ValueKind::Literal;
            v.valueType = "boolean";
            addPredicate(node, col, PredicateOp::Equality, "=", v, out, CondContext{ctx.clause, ctx.joinType, ctx.underOr, false},
                         ctx.negated);
        }
        return;
    }
    if (type == "NullTest") {
        const json* arg = field(body, "arg");
        Operand col = arg ? operand(*arg) : Operand{};
        if (col.kind != Operand::Column)
            return;
        const bool notNull = stringField(body, "nulltesttype") == "IS_NOT_NULL";
        Operand none;
        addPredicate(node, col, PredicateOp::IsNull, notNull ? "is not null" : "is null", none, out, ctx, notNull);
        return;
    }
    if (type == "SubLink") {
        const std::string kind = stringField(body, "subLinkType");
        const json* test = field(body, "testexpr");
        if (!test || (kind != "ANY_SUBLINK" && kind != "ALL_SUBLINK"))
            return;
        Operand col = operand(*test);
        if (col.kind != Operand::Column)
            return;
        std::string op = lastName(field(body, "operName"));
        Operand sub;
        sub.kind = Operand::Value;
        sub.value = ValueKind::Subquery;
        if (kind == "ANY_SUBLINK" && (op.empty() || op == "="))
            addPredicate(node, col, PredicateOp::In, "in", sub, out, ctx);
        else if (kind == "ALL_SUBLINK" && op == "<>")
            addPredicate(node, col, PredicateOp::NotEqual, "<> all", sub, out, ctx);
        else
            addPredicate(node, col, comparisonClass(op), op + (kind == "ANY_SUBLINK" ? " any" : " all"), sub, out, ctx);
        return;
    }
    if (type != "A_Expr")
        return;

    const std::string kind = stringField(body, "kind");
    const std::string op = lastName(field(body, "name"));
    const json* lhs = field(body, "lexpr");
    const json* rhs = field(body, "rexpr");
    if (!lhs || !rhs)
        return;
    if (kind == "AEXPR_OP") {
        comparison(node, *lhs, op, *rhs, out, ctx);
    } else if (kind == "AEXPR_OP_ANY" || kind == "AEXPR_OP_ALL") {
        Operand col = operand(*lhs);
        if (col.kind != Operand::Column)
            return;
        Operand list = operand(*rhs);
        if (kind == "AEXPR_OP_ANY" && op == "=")
            addPredicate(node, col, PredicateOp::In, "= any", list, out, ctx);
        else if (kind == "AEXPR_OP_ALL" && op == "<>")
            addPredicate(node, col, PredicateOp::NotEqual, "<> all", list, out, ctx);
        else
            addPredicate(node, col, comparisonClass(op), op + (kind == "AEXPR_OP_ANY" ? " any" : " all"), list, out, ctx);
    } else if (kind == "AEXPR_IN" && isNode(*lhs, "RowExpr")) {
        // (a, b) IN ((1, 2), (3, 4)): each column is limited to its own position's values.
        const json* cols = field(nodeBody(*lhs), "args");
        const json* items = field(*rhs, "List") ? field(nodeBody(*rhs), "items") : nullptr;
        if (!cols || !cols->is_array() || !items || !items->is_array())
            return;
        const bool notIn = op == "<>";
        for (size_t i = 0; i < cols->size(); ++i) {
            Operand col = operand((*cols)[i]);
            if (col.kind != Operand::Column)
                continue;
            Operand list;
            list.kind = Operand::Value;
            list.value = ValueKind::Literal;
            list.listSize = int(items->size());
            for (const json& row : *items) {
                const json* values = isNode(row, "RowExpr") ? field(nodeBody(row), "args") : nullptr;
                if (!values || !values->is_array() || values->size() <= i) {
                    list.value = ValueKind::Expression;
                    continue;
                }
                const Operand v = operand((*values)[i]);
                if (v.value == ValueKind::Parameter)
                    list.value = ValueKind::Parameter;
                else if (v.value != ValueKind::Literal && list.value == ValueKind::Literal)
                    list.value = ValueKind::Expression;
            }
            addPredicate(node, col, notIn ? PredicateOp::NotEqual : PredicateOp::In, notIn ? "not in" : "in", list, out,
                         ctx, notIn);
        }
    } else if (kind == "AEXPR_IN") {
        Operand col = operand(*lhs);
        if (col.kind != Operand::Column)
            return;
        Operand list;
        list.kind = Operand::Value;
        list.value = ValueKind::Literal;
        if (const json* items = field(*rhs, "List") ? field(nodeBody(*rhs), "items") : nullptr; items && items->is_array()) {
            list.listSize = int(items->size());
            for (const json& item : *items) {
                const Operand v = operand(item);
                if (v.value == ValueKind::Parameter)
                    list.value = ValueKind::Parameter;
                else if (v.value != ValueKind::Literal && list.value == ValueKind::Literal)
                    list.value = ValueKind::Expression;
                if (list.valueType.empty())
                    list.valueType = v.valueType;
            }
        }
        const bool notIn = op == "<>";
        addPredicate(node, col, notIn ? PredicateOp::NotEqual : PredicateOp::In, notIn ? "not in" : "in", list, out,
                     ctx, notIn);
    } else if (kind == "AEXPR_LIKE" || kind == "AEXPR_ILIKE") {
        Operand col = operand(*lhs);
        if (col.kind != Operand::Column)
            return;
        const bool notLike = !op.empty() && op.front() == '!';
        const bool ilike = kind == "AEXPR_ILIKE";
        Operand pattern = operand(*rhs);
        PredicateOp cls = PredicateOp::Other;
        const json* patternNode = rhs;
        if (isNode(*patternNode, "TypeCast") && field(nodeBody(*patternNode), "arg"))
            patternNode = field(nodeBody(*patternNode), "arg");
        if (isNode(*patternNode, "A_Const"))
            if (const json* sv = field(nodeBody(*patternNode), "sval"))
                cls = likeClass(sv->value("sval", std::string()));
        std::string text = std::string(notLike ? "not " : "") + (ilike ? "ilike" : "like");
        // A B-tree on the column cannot serve ILIKE 'abc%' (it compares case-sensitively);
        // an index on lower(col) can, as for a function-wrapped column.
        if (ilike && cls == PredicateOp::LikePrefix && col.wrapper.empty())
            col.wrapper = "ilike";
        addPredicate(node, col, notLike ? PredicateOp::Other : cls, text, pattern, out, ctx, notLike);
    } else if (kind == "AEXPR_SIMILAR") {
        Operand col = operand(*lhs);
        if (col.kind == Operand::Column)
            addPredicate(node, col, PredicateOp::Other, "similar to", operand(*rhs), out, ctx, op == "!~");
    } else if (kind.starts_with("AEXPR_BETWEEN") || kind.starts_with("AEXPR_NOT_BETWEEN")) {
        Operand col = operand(*lhs);
        if (col.kind != Operand::Column)
            return;
        Operand bound;
        bound.kind = Operand::Value;
        if (const json* items = field(*rhs, "List") ? field(nodeBody(*rhs), "items") : nullptr;
            items && items->is_array() && !items->empty()) {
            bound = operand((*items)[0]);
            if (items->size() > 1 && operand((*items)[1]).value == ValueKind::Parameter)
                bound.value = ValueKind::Parameter;
        }
        const bool notBetween = kind.starts_with("AEXPR_NOT_BETWEEN");
        addPredicate(node, col, PredicateOp::Range, notBetween ? "not between" : "between", bound, out, ctx, notBetween);
    } else if (kind == "AEXPR_DISTINCT" || kind == "AEXPR_NOT_DISTINCT") {
        Operand l = operand(*lhs), r = operand(*rhs);
        if (l.kind != Operand::Column && r.kind == Operand::Column)
            std::swap(l, r);
        if (l.kind != Operand::Column)
            return;
        const bool distinct = kind == "AEXPR_DISTINCT";
        addPredicate(node, l, distinct ? PredicateOp::NotEqual : PredicateOp::Equality,
                     distinct ? "is distinct from" : "is not distinct from", r, out, ctx);
    }
}

std::optional<ColumnRef> PgWalker::outputColumn(const json& node, const json* targetList, const json** targetVal) const
{
    const json* target = nullptr;
    if (const auto pos = constInteger(node); pos && targetList && targetList->is_array()) {
        if (*pos >= 1 && size_t(*pos) <= targetList->size())
            target = &(*targetList)[size_t(*pos - 1)];
    } else if (isNode(node, "ColumnRef")) {
        RawColumn c = columnRef(nodeBody(node));
        if (c.star)
            return std::nullopt;
        // An unqualified name that is a select-list alias means that item (PostgreSQL's rule).
        if (c.ref.table.empty() && targetList && targetList->is_array())
            for (const json& t : *targetList)
                if (isNode(t, "ResTarget") && stringField(nodeBody(t), "name") == c.ref.column) {
                    target = &t;
                    break;
                }
        if (!target)
            return c.ref;
    }
    if (target) {
        const json* val = field(nodeBody(*target), "val");
        if (targetVal)
            *targetVal = val;
        if (val && isNode(*val, "ColumnRef")) {
            RawColumn c = columnRef(nodeBody(*val));
            if (!c.star)
                return c.ref;
        }
    }
    return std::nullopt;
}

void PgWalker::orderBy(const json& sortClause, const json* targetList, QueryShape& out)
{
    if (!sortClause.is_array())
        return;
    for (const json& item : sortClause) {
        if (!isNode(item, "SortBy"))
            continue;
        const json& sb = nodeBody(item);
        const json* expr = field(sb, "node");
        if (!expr)
            continue;
        OrderItem o;
        const std::string dir = stringField(sb, "sortby_dir");
        o.descending = dir == "SORTBY_DESC" || (dir == "SORTBY_USING" && lastName(field(sb, "useOp")) == ">");
        const json* targetVal = nullptr;
        if (auto col = outputColumn(*expr, targetList, &targetVal))
            o.column = *col;
        else
            o.expression = textOf(targetVal ? *targetVal : *expr);   // ORDER BY 2 → the expression it names
        out.orderBy.push_back(std::move(o));
        if (!constInteger(*expr) && !isOutputAlias(*expr, targetList))
            collect(*expr, out, SubqueryRole::Scalar);
    }
}

void PgWalker::groupBy(const json& groupClause, const json* targetList, QueryShape& out)
{
    if (!groupClause.is_array())
        return;
    for (const json& item : groupClause) {
        if (isNode(item, "GroupingSet")) {
            if (const json* content = field(nodeBody(item), "content"))
                groupBy(*content, targetList, out);
            continue;
        }
        if (auto col = outputColumn(item, targetList))
            addUnique(out.groupBy, *col);
        if (!constInteger(item) && !isOutputAlias(item, targetList))
            collect(item, out, SubqueryRole::Scalar);
    }
}

std::optional<int64_t> PgWalker::limitValue(const json& node, QueryShape& out, const char* what)
{
    if (constIsNull(node))
        return std::nullopt;   // LIMIT ALL / LIMIT NULL
    if (auto v = constInteger(node))
        return v;
    if (isNode(node, "ParamRef")) {
        out.hasParameters = true;
        if (std::string_view(what) == "LIMIT")
            out.limitIsParameter = true;
        return std::nullopt;
    }
    collect(node, out, SubqueryRole::Scalar);
    out.skipped.push_back(fmt::format("{} {} is not a constant", what, textOf(node)));
    return std::nullopt;
}

} // namespace planwise::sql::detail::pg
