#include "analyzer/sql/shape_resolve.h"

#include "analyzer/core/text.h"
#include "analyzer/sql/shape_common.h"

#include <optional>
#include <unordered_set>

namespace planwise::sql::detail {
namespace {

struct Scope {
    const QueryShape* shape = nullptr;
    const Scope* parent = nullptr;
    // Correlated subqueries see the columns of the enclosing query; CTE bodies
    // and INSERT sources do not (but still see the enclosing CTE names).
    bool seesParentColumns = false;
};

struct Resolver {
    const catalog::Catalog* schema = nullptr;

    const QueryShape* cteShape(const Scope& scope, std::string_view name) const
    {
        for (const Scope* s = &scope; s; s = s->parent)
            for (const QueryShape& sub : s->shape->subqueries)
                if (sub.role == SubqueryRole::Cte && iequals(sub.name, name))
                    return &sub;
        return nullptr;
    }

    const QueryShape* sourceShape(const Scope& scope, const TableRef& t) const
    {
        if (t.kind == TableKind::Cte)
            return cteShape(scope, t.name);
        if (t.kind == TableKind::Derived)
            for (const QueryShape& sub : scope.shape->subqueries)
                if (sub.role == SubqueryRole::Derived && iequals(sub.name, t.name))
                    return &sub;
        return nullptr;
    }

    const catalog::Table* catalogTable(const TableRef& t) const
    {
        if (!schema || t.kind != TableKind::BaseTable)
            return nullptr;
        if (!t.schema.empty())
            if (const catalog::Table* found = schema->table(t.schema + "." + t.name))
                return found;
        return schema->table(t.name);
    }

    // true / false when known, nullopt when neither the catalog nor the source query tells.
    std::optional<bool> hasColumn(const Scope& scope, const TableRef& t, std::string_view column) const
    {
        if (const catalog::Table* table = catalogTable(t))
            return table->column(column) != nullptr;
        if (const QueryShape* src = sourceShape(scope, t)) {
            if (src->selectStar || src->outputColumns.empty())
                return std::nullopt;
            for (const std::string& name : src->outputColumns)
                if (iequals(name, column))
                    return true;
            return false;
        }
        return std::nullopt;
    }

    static bool matchesQualifier(const TableRef& t, std::string_view q, bool byAlias)
    {
        const size_t dot = q.rfind('.');
        if (dot != std::string_view::npos)
            return iequals(t.schema, q.substr(0, dot)) && iequals(t.name, q.substr(dot + 1));
        return byAlias ? (!t.alias.empty() && iequals(t.alias, q)) : iequals(t.name, q);
    }

    const TableRef* findQualified(const Scope& scope, std::string_view q) const
    {
        for (const Scope* s = &scope; s; s = s->parent) {
            for (bool byAlias : {true, false})
                for (const TableRef& t : s->shape->tables)
                    if (matchesQualifier(t, q, byAlias))
                        return &t;
            if (!s->seesParentColumns)
                break;
        }
        return nullptr;
    }

    const TableRef* findUnqualified(const Scope& scope, std::string_view column) const
    {
        const TableRef* fallback = nullptr;
        for (const Scope* s = &scope; s; s = s->parent) {
            const auto& tables = s->shape->tables;
            if (tables.size() == 1) {
                if (hasColumn(*s, tables.front(), column) != false)
                    return &tables.front();
                if (!fallback)
                    fallback = &tables.front();
            } else if (!tables.empty()) {
                const TableRef* match = nullptr;
                const TableRef* unknown = nullptr;
                int matches = 0, unknowns = 0;
                for (const TableRef& t : tables) {
                    const std::optional<bool> has = hasColumn(*s, t, column);
                    if (has == true) {
                        match = &t;
                        ++matches;
                    } else if (!has) {
                        unknown = &t;
                        ++unknowns;
                    }
                }
                if (matches == 1)
                    return match;
                // Every other table is known not to have it: the one we know nothing about does.
                if (matches == 0 && unknowns == 1)
                    return unknown;
                if (matches > 1 || unknowns > 1)
                    return nullptr;   // ambiguous or unknown: better empty than wrong
            }
            if (!s->seesParentColumns)
                break;
        }
        return fallback;
    }

    static std::string resolvedName(const TableRef& t)
    {
        return t.kind == TableKind::Derived && !t.alias.empty() ? t.alias : t.name;
    }

    // Also returns the scope entry, so two aliases of one table stay distinct.
    const TableRef* resolve(const Scope& scope, ColumnRef& ref) const
    {
        const TableRef* entry = nullptr;
        if (ref.table.empty()) {
            entry = findUnqualified(scope, ref.column);
        } else {
            entry = findQualified(scope, ref.table);
            if (!entry && iequals(ref.table, "excluded")) {
                // ON CONFLICT ... DO UPDATE SET x = excluded.x: the row proposed for insertion.
                for (const Scope* s = &scope; s && !entry; s = s->parent)
                    if (s->shape->kind == StatementKind::Insert && !s->shape->tables.empty())
                        entry = &s->shape->tables.front();
            }
        }
        ref.table = entry ? resolvedName(*entry) : std::string();
        return entry;
    }

    void resolveAll(const Scope& scope, std::vector<ColumnRef>& refs) const
    {
        for (ColumnRef& r : refs)
            resolve(scope, r);
        // First occurrence wins; a set keeps this linear for statements with thousands of columns.
        std::unordered_set<std::string> seen;
        std::vector<ColumnRef> unique;
        for (ColumnRef& r : refs)
            if (seen.insert(r.table + '\0' + r.column).second)
                unique.push_back(std::move(r));
        refs = std::move(unique);
    }

    void applyCatalogTypes(const Scope& scope, Predicate& p, const TableRef* entry) const;

    void run(QueryShape& shape, const Scope& scope) const
    {
        for (Predicate& p : shape.predicates)
            applyCatalogTypes(scope, p, resolve(scope, p.column));

        std::vector<JoinCondition> joins;
        for (JoinCondition& j : shape.joins) {
            const std::string leftQualifier = j.left.table;
            const std::string rightQualifier = j.right.table;
            const TableRef* l = resolve(scope, j.left);
            const TableRef* r = resolve(scope, j.right);
            if (l && l == r) {
                // t.a = t.b compares two columns of one row: a filter, not a join.
                Predicate p;
                p.column = j.left;
                p.op = PredicateOp::Equality;
                p.operatorText = "=";
                p.value = ValueKind::Column;
                p.clause = "where";
                p.text = (leftQualifier.empty() ? "" : leftQualifier + ".") + j.left.column + " = "
                    + (rightQualifier.empty() ? "" : rightQualifier + ".") + j.right.column;
                shape.predicates.push_back(std::move(p));
                continue;
            }
            joins.push_back(std::move(j));
        }
        shape.joins = std::move(joins);

        for (OrderItem& o : shape.orderBy)
            if (!o.column.column.empty())
                resolve(scope, o.column);
        resolveAll(scope, shape.groupBy);
        resolveAll(scope, shape.columnsRead);
        resolveAll(scope, shape.columnsWritten);
        resolveAll(scope, shape.conflictTarget);

        for (QueryShape& sub : shape.subqueries) {
            Scope child{&sub, &scope, false};
            child.seesParentColumns = sub.role == SubqueryRole::Predicate || sub.role == SubqueryRole::Scalar
                || sub.role == SubqueryRole::Derived || sub.role == SubqueryRole::SetOperand;
            run(sub, child);
        }
    }
};

enum class Family { Unknown, Number, Integer, String, Temporal, Other };

Family familyOf(std::string_view rawType)
{
    std::string t = toLower(trim(rawType));
    if (const size_t paren = t.find('('); paren != std::string::npos)
        t.resize(paren);
    t = std::string(trim(t));
    if (t.empty())
        return Family::Unknown;
    if (t.find("interval") != std::string::npos || t.find("date") != std::string::npos
        || t.find("time") != std::string::npos || t == "year")
        return Family::Temporal;
    if (t.find("int") != std::string::npos || t.find("serial") != std::string::npos)
        return Family::Integer;
    if (t == "numeric" || t == "decimal" || t == "real" || t.find("float") != std::string::npos
        || t.find("double") != std::string::npos || t == "number" || t == "money")
        return Family::Number;
    if (t.find("char") != std::string::npos || t.find("text") != std::string::npos || t == "string"
        || t.find("clob") != std::string::npos || t == "enum" || t == "set" || t == "name" || t == "citext")
        return Family::String;
    return Family::Other;
}

bool numeric(Family f) { return f == Family::Number || f == Family::Integer; }

// Casting to the column's own type (or varchar → text, which PostgreSQL's
// text operators serve) leaves an index on the column usable.
bool castIsNoOp(std::string_view columnType, std::string_view castType)
{
    // A length-limited cast (varchar(10)) truncates: not a no-op.
    if (familyOf(columnType) == Family::String && familyOf(castType) == Family::String)
        return castType.find('(') == std::string_view::npos;
    std::string a = toLower(columnType), b = toLower(castType);
    auto canon = [](std::string s) {
        if (s == "integer" || s == "int" || s == "int4") return std::string("int4");
        if (s == "bigint" || s == "int8") return std::string("int8");
        if (s == "smallint" || s == "int2") return std::string("int2");
        if (s == "boolean" || s == "bool") return std::string("bool");
        if (s == "timestamp without time zone" || s == "timestamp") return std::string("timestamp");
        if (s == "timestamp with time zone" || s == "timestamptz") return std::string("timestamptz");
        if (s == "double precision" || s == "float8") return std::string("float8");
        if (s == "decimal" || s == "numeric") return std::string("numeric");
        return s;
    };
    return canon(a) == canon(b);
}

PredicateOp plainClass(const Predicate& p)
{
    if (p.operatorText == "in" || p.operatorText == "= any")
        return p.negated ? PredicateOp::NotEqual : PredicateOp::In;
    if (p.operatorText == "between")
        return PredicateOp::Range;
    const PredicateOp op = comparisonClass(p.operatorText);
    return p.negated ? negatedClass(op) : op;
}

void Resolver::applyCatalogTypes(const Scope& scope, Predicate& p, const TableRef* entry) const
{
    if (!entry || !schema)
        return;
    const catalog::Table* table = catalogTable(*entry);
    const catalog::Column* column = table ? table->column(p.column.column) : nullptr;
    if (!column || column->type.empty())
        return;

    if (p.op == PredicateOp::FunctionWrapped && p.function.starts_with("::")) {
        if (castIsNoOp(column->type, std::string_view(p.function).substr(2))) {
            const PredicateOp plain = plainClass(p);
            if (plain != PredicateOp::Other) {
                p.op = plain;
                p.function.clear();
            }
        }
        return;
    }
    if (p.value != ValueKind::Literal && p.value != ValueKind::Parameter)
        return;
    if (p.op != PredicateOp::Equality && p.op != PredicateOp::In && p.op != PredicateOp::Range
        && p.op != PredicateOp::NotEqual)
        return;
    const Family cf = familyOf(column->type);
    if (p.valueType == "number" || p.valueType == "string" || p.valueType == "null" || p.valueType.empty()) {
        // MySQL compares a string column with a number as numbers: every row is converted.
        if (cf == Family::String && p.valueType == "number" && scope.shape->dialect == Dialect::MySQL)
            p.op = PredicateOp::ImplicitCast;
        return;
    }
    // An explicit cast on the value side: PostgreSQL then compares in the cast's type.
    const Family vf = familyOf(p.valueType);
    if (cf == Family::Unknown || vf == Family::Unknown || cf == Family::Other || vf == Family::Other)
        return;
    if ((cf != vf && !(numeric(cf) && numeric(vf))) || (cf == Family::Integer && vf == Family::Number))
        p.op = PredicateOp::ImplicitCast;
}

} // namespace

void resolveShape(QueryShape& shape, const catalog::Catalog* schema)
{
    Resolver resolver{schema};
    const Scope top{&shape, nullptr, false};
    resolver.run(shape, top);
}

} // namespace planwise::sql::detail
