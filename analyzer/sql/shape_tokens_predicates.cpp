// Token parser: expression trees to predicates, join conditions and columns read.
#include "analyzer/sql/shape_token_parser.h"

#include "analyzer/core/text.h"
#include "analyzer/sql/shape_common.h"

#include <fmt/format.h>

#include <algorithm>

namespace planwise::sql::detail::tokens {

// --------------------------------------------------------------------------- classification

void TokenParser::collect(const Expr& e, QueryShape& out) const
{
    switch (e.kind) {
    case Expr::Column: out.columnsRead.push_back(ColumnRef{e.qualifier, e.name}); return;   // de-duplicated after resolution
    case Expr::Star: out.selectStar = true; return;
    default: break;
    }
    for (const Expr& a : e.args)
        collect(a, out);
}

void TokenParser::columnsIn(const Expr& e, std::vector<ColumnRef>& out) const
{
    if (out.size() >= 2)
        return;   // the caller only asks "one column or not": stay linear on huge expressions
    if (e.kind == Expr::Column) {
        addUnique(out, ColumnRef{e.qualifier, e.name});
        return;
    }
    for (const Expr& a : e.args)
        columnsIn(a, out);
}

Operand TokenParser::operand(const Expr& e) const
{
    Operand o;
    switch (e.kind) {
    case Expr::Column:
        o.kind = Operand::Column;
        o.ref = ColumnRef{e.qualifier, e.name};
        return o;
    case Expr::Literal:
        o.kind = Operand::Value;
        o.value = ValueKind::Literal;
        o.valueType = e.name;
        return o;
    case Expr::Param:
        o.kind = Operand::Value;
        o.value = ValueKind::Parameter;
        return o;
    case Expr::Subquery:
        o.kind = Operand::Value;
        o.value = ValueKind::Subquery;
        return o;
    default: break;
    }
    std::vector<ColumnRef> cols;
    columnsIn(e, cols);
    if (cols.size() == 1 && (e.kind == Expr::Func || e.kind == Expr::Cast || e.kind == Expr::Binary || e.kind == Expr::Unary)) {
        o.kind = Operand::Column;
        o.ref = cols.front();
        o.wrapper = e.kind == Expr::Cast ? "cast as " + e.value : e.name;
        return o;
    }
    o.kind = Operand::Value;
    o.value = ValueKind::Expression;
    if (e.kind == Expr::Cast && !e.args.empty() && cols.empty()) {
        o = operand(e.args.front());
        o.valueType = e.value;
    }
    return o;
}

void TokenParser::addPredicate(const Expr& node, const Operand& column, PredicateOp op, std::string operatorText,
                               const Operand& value, QueryShape& out, const CondContext& ctx, bool negated)
{
    Predicate p = makePredicate(column, op, std::move(operatorText), value, ctx, negated,
                                textBetween(node.begin, node.end));
    out.predicates.push_back(std::move(p));
}

void TokenParser::condition(const Expr& e, QueryShape& out, const CondContext& ctx)
{
    switch (e.kind) {
    case Expr::Binary: {
        if (e.name == "and") {
            for (const Expr& a : e.args)
                condition(a, out, ctx);
            return;
        }
        if (e.name == "or" || e.name == "xor") {
            CondContext inner = ctx;
            inner.underOr = true;
            for (const Expr& a : e.args)
                condition(a, out, inner);
            return;
        }
        if (e.args.size() != 2)
            return;
        // (a, b) = (1, ?) is a = 1 AND b = ?.
        if ((e.name == "=" || e.name == "<=>") && e.args[0].kind == Expr::List && e.args[1].kind == Expr::List
            && e.args[0].args.size() == e.args[1].args.size()) {
            for (size_t i = 0; i < e.args[0].args.size(); ++i) {
                Expr pair;
                pair.kind = Expr::Binary;
                pair.name = e.name;
                pair.args = {e.args[0].args[i], e.args[1].args[i]};
                pair.begin = e.begin;
                pair.end = e.end;
                condition(pair, out, ctx);
            }
            return;
        }
        Operand l = operand(e.args[0]), r = operand(e.args[1]);
        std::string op = e.name;
        if (op == "is" || op == "is not") {
            op = op == "is" ? "<=>" : "is distinct from";
        }
        if (l.kind != Operand::Column && r.kind == Operand::Column) {
            std::swap(l, r);
            op = std::string(mirroredComparison(op));
        }
        if (l.kind != Operand::Column)
            return;
        if (r.kind == Operand::Column && (op == "=" || op == "==" || op == "<=>") && l.wrapper.empty() && r.wrapper.empty()
            && !ctx.underOr && !ctx.negated) {
            out.joins.push_back(JoinCondition{l.ref, r.ref, ctx.joinType});
            return;
        }
        PredicateOp cls = comparisonClass(op);
        if (op == "is distinct from")
            cls = PredicateOp::NotEqual;
        addPredicate(e, l, cls, op, r, out, ctx);
        return;
    }
    case Expr::Unary:
        if (e.name == "not" || e.name == "!") {
            CondContext inner = ctx;
            inner.negated = !ctx.negated;
            for (const Expr& a : e.args)
                condition(a, out, inner);
        }
        return;
    case Expr::Column: {
        Operand col = operand(e);
        Operand v;
        v.kind = Operand::Value;
        v.value = ValueKind::Literal;
        v.valueType = "boolean";
        addPredicate(e, col, PredicateOp::Equality, "=", v, out, CondContext{ctx.clause, ctx.joinType, ctx.underOr, false},
                     ctx.negated);
        return;
    }
    case Expr::IsNull: {
        Operand col = operand(e.args.front());
        if (col.kind != Operand::Column)
            return;
        addPredicate(e, col, PredicateOp::IsNull, e.negated ? "is not null" : "is null", Operand{}, out, ctx, e.negated);
        return;
    }
    case Expr::In: {
        if (e.args.front().kind == Expr::List && !e.subqueryList) {
            // (a, b) IN ((1, 2), (3, 4)): each column is limited to its own position's values.
            const std::vector<Expr>& cols = e.args.front().args;
            for (size_t i = 0; i < cols.size(); ++i) {
                Operand col = operand(cols[i]);
                if (col.kind != Operand::Column)
                    continue;
                Operand list;
                list.kind = Operand::Value;
                list.value = ValueKind::Literal;
                list.listSize = int(e.args.size()) - 1;
                for (size_t r = 1; r < e.args.size(); ++r) {
                    const Expr& row = e.args[r];
                    if (row.kind != Expr::List || row.args.size() <= i) {
                        list.value = ValueKind::Expression;
                        continue;
                    }
                    const Operand v = operand(row.args[i]);
                    if (v.value == ValueKind::Parameter)
                        list.value = ValueKind::Parameter;
                    else if (v.value != ValueKind::Literal && list.value == ValueKind::Literal)
                        list.value = ValueKind::Expression;
                }
                addPredicate(e, col, e.negated ? PredicateOp::NotEqual : PredicateOp::In, e.negated ? "not in" : "in", list,
                             out, ctx, e.negated);
            }
            return;
        }
        Operand col = operand(e.args.front());
        if (col.kind != Operand::Column)
            return;
        Operand list;
        list.kind = Operand::Value;
        if (e.subqueryList) {
            list.value = ValueKind::Subquery;
            if (!e.name.empty()) {   // = ANY / <> ALL / < ANY (subquery)
                const std::string op = e.name.substr(0, e.name.find(' '));
                const bool all = e.name.ends_with("all");
                PredicateOp cls = comparisonClass(op);
                if (op == "=" && !all)
                    cls = PredicateOp::In;
                addPredicate(e, col, cls, e.name, list, out, ctx);
                return;
            }
        } else {
            list.value = ValueKind::Literal;
            list.listSize = int(e.args.size()) - 1;
            for (size_t i = 1; i < e.args.size(); ++i) {
                const Operand v = operand(e.args[i]);
                if (v.value == ValueKind::Parameter)
                    list.value = ValueKind::Parameter;
                else if (v.value != ValueKind::Literal && list.value == ValueKind::Literal)
                    list.value = ValueKind::Expression;
                if (list.valueType.empty())
                    list.valueType = v.valueType;
            }
        }
        addPredicate(e, col, e.negated ? PredicateOp::NotEqual : PredicateOp::In, e.negated ? "not in" : "in", list, out,
                     ctx, e.negated);
        return;
    }
    case Expr::Between: {
        Operand col = operand(e.args.front());
        if (col.kind != Operand::Column)
            return;
        Operand bound = e.args.size() > 1 ? operand(e.args[1]) : Operand{};
        if (e.args.size() > 2 && operand(e.args[2]).value == ValueKind::Parameter)
            bound.value = ValueKind::Parameter;
        addPredicate(e, col, PredicateOp::Range, e.negated ? "not between" : "between", bound, out, ctx, e.negated);
        return;
    }
    case Expr::Like: {
        Operand col = operand(e.args.front());
        if (col.kind != Operand::Column)
            return;
        Operand pattern = e.args.size() > 1 ? operand(e.args[1]) : Operand{};
        PredicateOp cls = PredicateOp::Other;
        if ((e.name == "like" || e.name == "glob") && e.args.size() > 1 && e.args[1].kind == Expr::Literal
            && e.args[1].name == "string") {
            const std::string& pat = e.args[1].value;
            if (e.name == "glob")
                cls = !pat.empty() && (pat.front() == '*' || pat.front() == '?' || pat.front() == '[') ? PredicateOp::LikeWildcard
                                                                                                       : PredicateOp::LikePrefix;
            else
                cls = likeClass(pat);
        }
        addPredicate(e, col, e.negated ? PredicateOp::Other : cls, (e.negated ? "not " : "") + e.name, pattern, out, ctx,
                     e.negated);
        return;
    }
    default: return;
    }
}

} // namespace planwise::sql::detail::tokens
