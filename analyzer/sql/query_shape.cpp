#include "analyzer/sql/query_shape.h"

#include "analyzer/core/text.h"
#include "analyzer/sql/shape_postgres.h"
#include "analyzer/sql/shape_resolve.h"
#include "analyzer/sql/shape_tokens.h"

namespace planwise::sql {

std::vector<const Predicate*> QueryShape::predicatesOn(std::string_view table) const
{
    std::vector<const Predicate*> out;
    for (const Predicate& p : predicates)
        if (iequals(p.column.table, table))
            out.push_back(&p);
    return out;
}

std::vector<const QueryShape*> QueryShape::allShapes() const
{
    std::vector<const QueryShape*> out{this};
    // Explicit stack: deep nesting from generated SQL must not exhaust the call stack.
    std::vector<const QueryShape*> pending;
    for (auto it = subqueries.rbegin(); it != subqueries.rend(); ++it)
        pending.push_back(&*it);
    while (!pending.empty()) {
        const QueryShape* s = pending.back();
        pending.pop_back();
        out.push_back(s);
        for (auto it = s->subqueries.rbegin(); it != s->subqueries.rend(); ++it)
            pending.push_back(&*it);
    }
    return out;
}

QueryShape parseShape(std::string_view sql, Dialect dialect, const catalog::Catalog* schema)
{
    QueryShape shape = dialect == Dialect::PostgreSQL ? detail::parsePostgresShape(sql, schema)
                                                      : detail::parseTokenShape(sql, dialect, schema);
    if (!shape.error.empty()) {
        shape.kind = StatementKind::Unknown;
        return shape;
    }
    detail::resolveShape(shape, schema);
    return shape;
}

std::string_view statementKindName(StatementKind k)
{
    switch (k) {
    case StatementKind::Select: return "select";
    case StatementKind::Insert: return "insert";
    case StatementKind::Update: return "update";
    case StatementKind::Delete: return "delete";
    case StatementKind::Replace: return "replace";
    case StatementKind::Merge: return "merge";
    case StatementKind::Other: return "other";
    case StatementKind::Unknown: return "unknown";
    }
    return "unknown";
}

std::string_view predicateOpName(PredicateOp op)
{
    switch (op) {
    case PredicateOp::Equality: return "equality";
    case PredicateOp::In: return "in";
    case PredicateOp::Range: return "range";
    case PredicateOp::LikePrefix: return "like-prefix";
    case PredicateOp::LikeWildcard: return "like-wildcard";
    case PredicateOp::IsNull: return "is-null";
    case PredicateOp::FunctionWrapped: return "function-wrapped";
    case PredicateOp::ImplicitCast: return "implicit-cast";
    case PredicateOp::NotEqual: return "not-equal";
    case PredicateOp::Other: return "other";
    }
    return "other";
}

std::string_view valueKindName(ValueKind v)
{
    switch (v) {
    case ValueKind::None: return "none";
    case ValueKind::Literal: return "literal";
    case ValueKind::Parameter: return "parameter";
    case ValueKind::Column: return "column";
    case ValueKind::Subquery: return "subquery";
    case ValueKind::Expression: return "expression";
    }
    return "none";
}

std::string_view tableKindName(TableKind k)
{
    switch (k) {
    case TableKind::BaseTable: return "table";
    case TableKind::Cte: return "cte";
    case TableKind::Derived: return "derived";
    case TableKind::Function: return "function";
    }
    return "table";
}

std::string_view subqueryRoleName(SubqueryRole r)
{
    switch (r) {
    case SubqueryRole::Top: return "top";
    case SubqueryRole::Cte: return "cte";
    case SubqueryRole::Derived: return "derived";
    case SubqueryRole::Predicate: return "predicate";
    case SubqueryRole::Scalar: return "scalar";
    case SubqueryRole::SetOperand: return "set-operand";
    case SubqueryRole::Source: return "source";
    }
    return "top";
}

} // namespace planwise::sql
