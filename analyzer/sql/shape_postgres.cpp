#include "analyzer/sql/shape_postgres.h"

#include "analyzer/core/text.h"
#include "analyzer/sql/shape_common.h"

#include <nlohmann/json.hpp>
#include <pg_query.h>

#include <algorithm>
#include <fmt/format.h>

namespace planwise::sql::detail {
namespace {

using nlohmann::json;

// pg_query_parse's result owns C strings that must be freed on every path.
class ParseResult {
public:
    explicit ParseResult(const std::string& sql) : m_result(pg_query_parse(sql.c_str())) {}
    ~ParseResult() { pg_query_free_parse_result(m_result); }
    ParseResult(const ParseResult&) = delete;
    ParseResult& operator=(const ParseResult&) = delete;
    const PgQueryParseResult& get() const { return m_result; }

private:
    PgQueryParseResult m_result;
};

const json* field(const json& node, const char* key)
{
    if (!node.is_object())
        return nullptr;
    auto it = node.find(key);
    return it == node.end() ? nullptr : &*it;
}

std::string stringField(const json& node, const char* key)
{
    const json* f = field(node, key);
    return f && f->is_string() ? f->get<std::string>() : std::string();
}

// A parse-tree node is {"TypeName": {...body...}}.
std::string_view nodeType(const json& node)
{
    if (node.is_object() && node.size() == 1)
        return node.begin().key();
    return {};
}

const json& nodeBody(const json& node) { return node.begin().value(); }

bool isNode(const json& node, std::string_view type) { return nodeType(node) == type; }

// The sval of every String node in a list: names, operators, function names.
std::vector<std::string> names(const json* list)
{
    std::vector<std::string> out;
    if (!list || !list->is_array())
        return out;
    for (const json& item : *list)
        if (isNode(item, "String"))
            out.push_back(stringField(nodeBody(item), "sval"));
    return out;
}

std::string lastName(const json* list)
{
    const auto n = names(list);
    return n.empty() ? std::string() : n.back();
}

std::string typeName(const json& typeNameNode)
{
    std::string name = lastName(field(typeNameNode, "names"));
    if (const json* mods = field(typeNameNode, "typmods"); mods && mods->is_array() && !mods->empty())
        name += "(n)";
    if (const json* bounds = field(typeNameNode, "arrayBounds"); bounds && bounds->is_array())
        name += "[]";
    return name;
}

// A ColumnRef's qualifier and column, or nothing for `*` / `t.*`.
struct RawColumn {
    ColumnRef ref;
    bool star = false;
};

RawColumn columnRef(const json& body)
{
    RawColumn out;
    const json* fields = field(body, "fields");
    if (!fields || !fields->is_array() || fields->empty())
        return out;
    std::vector<std::string> parts;
    for (const json& f : *fields) {
        if (isNode(f, "A_Star")) {
            out.star = true;
            return out;
        }
        parts.push_back(stringField(nodeBody(f), "sval"));
    }
    out.ref.column = parts.back();
    parts.pop_back();
    // catalog.schema.table.column: the catalog name does not help to resolve.
    if (parts.size() > 2)
        parts.erase(parts.begin(), parts.end() - 2);
    for (size_t i = 0; i < parts.size(); ++i)
        out.ref.table += (i ? "." : "") + parts[i];
    return out;
}

std::optional<int64_t> constInteger(const json& node)
{
    if (!isNode(node, "A_Const"))
        return std::nullopt;
    const json& c = nodeBody(node);
    if (const json* iv = field(c, "ival"))
        return iv->value("ival", int64_t(0));   // libpg_query omits the zero value
    if (const json* fv = field(c, "fval")) {
        const std::string text = fv->value("fval", std::string());
        try {
            return std::stoll(text);
        } catch (const std::exception&) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

bool constIsNull(const json& node) { return isNode(node, "A_Const") && nodeBody(node).value("isnull", false); }

struct Operand {
    enum Kind { None, Column, Value } kind = None;
    ColumnRef ref;
    std::string wrapper;                 // function name or "::type" around the column
    ValueKind value = ValueKind::None;
    std::string valueType;
    int listSize = -1;
};

struct CondContext {
    std::string clause = "where";
    std::string joinType = "inner";
    bool underOr = false;
    bool negated = false;
};

class PgWalker {
public:
    PgWalker(std::string_view sql, const catalog::Catalog* schema) : m_sql(sql), m_schema(schema) {}

    QueryShape statement(const json& stmt);

private:
    // --- statements -------------------------------------------------------
    void selectStmt(const json& s, QueryShape& out);
    void insertStmt(const json& s, QueryShape& out);
    void updateStmt(const json& s, QueryShape& out);
    void deleteStmt(const json& s, QueryShape& out);
    void mergeStmt(const json& s, QueryShape& out);
    size_t withClause(const json& s, QueryShape& out);
    QueryShape subquery(const json& selectNode, SubqueryRole role, const std::string& name);
    void setOperation(const json& s, QueryShape& out);
    void flattenSetOperands(const json& s, const std::string& op, bool all, std::vector<const json*>& operands);

    // --- FROM ---------------------------------------------------------------
    void fromItem(const json& node, QueryShape& out);
    void joinUsing(const json& usingList, size_t leftBegin, size_t leftEnd, size_t rightBegin, QueryShape& out,
                   const std::string& joinType);
    void naturalJoin(size_t leftBegin, size_t leftEnd, size_t rightBegin, QueryShape& out, const std::string& joinType);
    TableRef relation(const json& rangeVar) const;
    static std::string qualifierOf(const TableRef& t);

    // --- expressions --------------------------------------------------------
    void collect(const json& node, QueryShape& out, SubqueryRole sublinkRole);
    void condition(const json& node, QueryShape& out, const CondContext& ctx);
    void comparison(const json& node, const json& lhs, std::string op, const json& rhs, QueryShape& out,
                    const CondContext& ctx);
    void addPredicate(const json& node, const Operand& column, PredicateOp op, std::string operatorText,
                      const Operand& value, QueryShape& out, const CondContext& ctx, bool negated = false);
    Operand operand(const json& node) const;
    void columnsIn(const json& node, std::vector<ColumnRef>& out) const;
    void orderBy(const json& sortClause, const json* targetList, QueryShape& out);
    void groupBy(const json& groupClause, const json* targetList, QueryShape& out);
    // A GROUP BY / ORDER BY item: a column, a select-list position or alias, or an expression.
    // `targetVal` receives the select-list expression a position or alias stands for.
    std::optional<ColumnRef> outputColumn(const json& node, const json* targetList, const json** targetVal = nullptr) const;
    std::optional<int64_t> limitValue(const json& node, QueryShape& out, const char* what);

    // --- evidence text --------------------------------------------------------
    std::string textOf(const json& node) const;
    void span(const json& node, int& lo, int& hi) const;
    size_t tokenEnd(size_t pos) const;

    bool isCte(const std::string& name) const
    {
        return std::any_of(m_ctes.begin(), m_ctes.end(), [&](const std::string& c) { return c == name; });
    }

    std::string_view m_sql;
    const catalog::Catalog* m_schema;
    std::vector<std::string> m_ctes;   // CTE names visible at this point of the walk
};

// --------------------------------------------------------------------------- statements

QueryShape PgWalker::statement(const json& stmt)
{
    QueryShape out;
    out.dialect = Dialect::PostgreSQL;
    const std::string_view type = nodeType(stmt);
    if (type.empty()) {
        out.kind = StatementKind::Other;
        return out;
    }
    const json& body = nodeBody(stmt);
    if (type == "SelectStmt") {
        out.kind = StatementKind::Select;
        selectStmt(body, out);
    } else if (type == "InsertStmt") {
        out.kind = StatementKind::Insert;
        insertStmt(body, out);
    } else if (type == "UpdateStmt") {
        out.kind = StatementKind::Update;
        updateStmt(body, out);
    } else if (type == "DeleteStmt") {
        out.kind = StatementKind::Delete;
        deleteStmt(body, out);
    } else if (type == "MergeStmt") {
        out.kind = StatementKind::Merge;
        mergeStmt(body, out);
    } else if (type == "ExplainStmt" && field(body, "query")) {
        // EXPLAIN describes the statement it wraps; that is what a log shows.
        return statement(*field(body, "query"));
    } else {
        out.kind = StatementKind::Other;
        // Statements that run a query (CREATE TABLE AS, views, cursors, PREPARE, COPY (query)).
        for (const char* key : {"query", "stmt"})
            if (const json* q = field(body, key); q && isNode(*q, "SelectStmt"))
                out.subqueries.push_back(subquery(*q, SubqueryRole::Source, {}));
    }
    return out;
}

size_t PgWalker::withClause(const json& s, QueryShape& out)
{
    const json* with = field(s, "withClause");
    const json* ctes = with ? field(*with, "ctes") : nullptr;
    if (!ctes || !ctes->is_array())
        return 0;
    const bool recursive = with->value("recursive", false);
    size_t pushed = 0;
    for (const json& cteNode : *ctes) {
        if (!isNode(cteNode, "CommonTableExpr"))
            continue;
        const json& cte = nodeBody(cteNode);
        const std::string name = stringField(cte, "ctename");
        // A recursive CTE sees itself; a plain one only the CTEs before it.
        if (recursive) {
            m_ctes.push_back(name);
            ++pushed;
        }
        if (const json* q = field(cte, "ctequery")) {
            if (isNode(*q, "SelectStmt")) {
                QueryShape sub = subquery(*q, SubqueryRole::Cte, name);
                if (const json* aliases = field(cte, "aliascolnames"))
                    sub.outputColumns = names(aliases);
                out.subqueries.push_back(std::move(sub));
            } else {
                // Data-modifying CTE: WITH moved AS (DELETE ... RETURNING *).
                QueryShape sub = statement(*q);
                sub.role = SubqueryRole::Cte;
                sub.name = name;
                out.subqueries.push_back(std::move(sub));
            }
        }
        if (!recursive) {
            m_ctes.push_back(name);
            ++pushed;
        }
        addUnique(out.cteNames, name);
    }
    return pushed;
}

QueryShape PgWalker::subquery(const json& selectNode, SubqueryRole role, const std::string& name)
{
    QueryShape sub;
    sub.dialect = Dialect::PostgreSQL;
    sub.kind = StatementKind::Select;
    sub.role = role;
    sub.name = name;
    if (isNode(selectNode, "SelectStmt"))
        selectStmt(nodeBody(selectNode), sub);
    return sub;
}

void PgWalker::flattenSetOperands(const json& s, const std::string& op, bool all, std::vector<const json*>& operands)
{
    for (const char* side : {"larg", "rarg"}) {
        const json* arg = field(s, side);
        if (!arg)
            continue;
        // (a UNION b) UNION c is one list of operands when nothing is attached to the inner one.
        const bool sameOp = stringField(*arg, "op") == op && arg->value("all", false) == all
            && !field(*arg, "sortClause") && !field(*arg, "limitCount") && !field(*arg, "withClause");
        if (sameOp)
            flattenSetOperands(*arg, op, all, operands);
        else
            operands.push_back(arg);
    }
}

void PgWalker::setOperation(const json& s, QueryShape& out)
{
    const std::string op = stringField(s, "op");
    const bool all = s.value("all", false);
    std::string name = op == "SETOP_UNION" ? "union" : op == "SETOP_INTERSECT" ? "intersect" : "except";
    out.setOperation = all ? name + " all" : name;
    std::vector<const json*> operands;
    flattenSetOperands(s, op, all, operands);
    for (const json* operand : operands) {
        QueryShape sub;
        sub.dialect = Dialect::PostgreSQL;
        sub.kind = StatementKind::Select;
        sub.role = SubqueryRole::SetOperand;
        selectStmt(*operand, sub);
        out.subqueries.push_back(std::move(sub));
    }
    if (!out.subqueries.empty())
        out.outputColumns = out.subqueries.back().outputColumns;
    for (const QueryShape& sub : out.subqueries)
        if (sub.role == SubqueryRole::SetOperand && sub.selectStar)
            out.selectStar = true;
}

void PgWalker::selectStmt(const json& s, QueryShape& out)
{
    const size_t pushed = withClause(s, out);
    const std::string op = stringField(s, "op");
    const json* targets = field(s, "targetList");

    if (!op.empty() && op != "SETOP_NONE") {
        setOperation(s, out);
    } else {
        if (const json* values = field(s, "valuesLists"))
            collect(*values, out, SubqueryRole::Scalar);
        if (const json* from = field(s, "fromClause"); from && from->is_array())
            for (const json& item : *from)
                fromItem(item, out);
        if (targets && targets->is_array()) {
            for (const json& t : *targets) {
                if (!isNode(t, "ResTarget"))
                    continue;
                const json& rt = nodeBody(t);
                const json* val = field(rt, "val");
                std::string outName = stringField(rt, "name");
                if (val && isNode(*val, "ColumnRef")) {
                    RawColumn c = columnRef(nodeBody(*val));
                    if (c.star)
                        out.selectStar = true;
                    else if (outName.empty())
                        outName = c.ref.column;
                } else if (val && isNode(*val, "FuncCall") && outName.empty()) {
                    outName = lastName(field(nodeBody(*val), "funcname"));
                }
                if (!outName.empty())
                    out.outputColumns.push_back(outName);
                if (val)
                    collect(*val, out, SubqueryRole::Scalar);
            }
        }
        if (field(s, "intoClause"))
            out.skipped.push_back("SELECT INTO creates a table: only its query is described");
        if (const json* where = field(s, "whereClause")) {
            condition(*where, out, CondContext{});
            collect(*where, out, SubqueryRole::Predicate);
        }
        if (const json* group = field(s, "groupClause"))
            groupBy(*group, targets, out);
        if (const json* having = field(s, "havingClause"))
            collect(*having, out, SubqueryRole::Predicate);
        if (const json* windows = field(s, "windowClause"))
            collect(*windows, out, SubqueryRole::Scalar);
    }
    if (const json* distinct = field(s, "distinctClause")) {
        out.distinct = true;
        collect(*distinct, out, SubqueryRole::Scalar);
    }
    if (const json* sort = field(s, "sortClause"))
        orderBy(*sort, targets, out);
    if (const json* limit = field(s, "limitCount"))
        out.limit = limitValue(*limit, out, "LIMIT");
    if (const json* offset = field(s, "limitOffset"))
        out.offset = limitValue(*offset, out, "OFFSET");
    if (field(s, "lockingClause"))
        out.forUpdate = true;
    m_ctes.resize(m_ctes.size() - pushed);
}

void PgWalker::insertStmt(const json& s, QueryShape& out)
{
    const size_t pushed = withClause(s, out);
    if (const json* rel = field(s, "relation"))
        out.tables.push_back(relation(*rel));
    if (const json* cols = field(s, "cols"); cols && cols->is_array()) {
        for (const json& c : *cols)
            if (isNode(c, "ResTarget"))
                addUnique(out.columnsWritten, ColumnRef{{}, stringField(nodeBody(c), "name")});
    } else if (m_schema && !out.tables.empty()) {
        // INSERT without a column list writes every column, in table order.
        const TableRef& t = out.tables.front();
        const catalog::Table* table = m_schema->table(t.schema.empty() ? t.name : t.schema + "." + t.name);
        if (table)
            for (const catalog::Column& c : table->columns)
                out.columnsWritten.push_back(ColumnRef{{}, c.name});
    }
    if (const json* select = field(s, "selectStmt")) {
        const json& body = nodeBody(*select);
        if (field(body, "valuesLists") && !field(body, "fromClause")) {
            collect(*field(body, "valuesLists"), out, SubqueryRole::Scalar);
        } else {
            out.subqueries.push_back(subquery(*select, SubqueryRole::Source, {}));
        }
    }
    if (const json* conflict = field(s, "onConflictClause")) {
        out.upsert = true;
        if (const json* infer = field(*conflict, "infer")) {
            if (const json* elems = field(*infer, "indexElems"); elems && elems->is_array())
                for (const json& e : *elems)
                    if (isNode(e, "IndexElem"))
                        if (std::string n = stringField(nodeBody(e), "name"); !n.empty())
                            out.conflictTarget.push_back(ColumnRef{{}, n});
        }
        if (const json* targets = field(*conflict, "targetList"); targets && targets->is_array()) {
            for (const json& t : *targets) {
                if (!isNode(t, "ResTarget"))
                    continue;
                addUnique(out.columnsWritten, ColumnRef{{}, stringField(nodeBody(t), "name")});
                if (const json* val = field(nodeBody(t), "val"))
                    collect(*val, out, SubqueryRole::Scalar);
            }
        }
        if (const json* where = field(*conflict, "whereClause"))
            collect(*where, out, SubqueryRole::Predicate);
    }
    if (const json* returning = field(s, "returningList"))
        collect(*returning, out, SubqueryRole::Scalar);
    m_ctes.resize(m_ctes.size() - pushed);
}

void PgWalker::updateStmt(const json& s, QueryShape& out)
{
    const size_t pushed = withClause(s, out);
    if (const json* rel = field(s, "relation"))
        out.tables.push_back(relation(*rel));
    if (const json* from = field(s, "fromClause"); from && from->is_array())
        for (const json& item : *from)
            fromItem(item, out);
    if (const json* targets = field(s, "targetList"); targets && targets->is_array()) {
        for (const json& t : *targets) {
            if (!isNode(t, "ResTarget"))
                continue;
            const json& rt = nodeBody(t);
            // SET x = ... targets the updated table even when FROM brings more tables.
            ColumnRef written{out.tables.empty() ? std::string() : qualifierOf(out.tables.front()),
                              stringField(rt, "name")};
            addUnique(out.columnsWritten, written);
            if (const json* val = field(rt, "val"))
                collect(*val, out, SubqueryRole::Scalar);
        }
    }
    if (const json* where = field(s, "whereClause")) {
        condition(*where, out, CondContext{});
        collect(*where, out, SubqueryRole::Predicate);
    }
    if (const json* returning = field(s, "returningList"))
        collect(*returning, out, SubqueryRole::Scalar);
    m_ctes.resize(m_ctes.size() - pushed);
}

void PgWalker::deleteStmt(const json& s, QueryShape& out)
{
    const size_t pushed = withClause(s, out);
    if (const json* rel = field(s, "relation"))
        out.tables.push_back(relation(*rel));
    if (const json* usingList = field(s, "usingClause"); usingList && usingList->is_array())
        for (const json& item : *usingList)
            fromItem(item, out);
    if (const json* where = field(s, "whereClause")) {
        condition(*where, out, CondContext{});
        collect(*where, out, SubqueryRole::Predicate);
    }
    if (const json* returning = field(s, "returningList"))
        collect(*returning, out, SubqueryRole::Scalar);
    m_ctes.resize(m_ctes.size() - pushed);
}

void PgWalker::mergeStmt(const json& s, QueryShape& out)
{
    const size_t pushed = withClause(s, out);
    if (const json* rel = field(s, "relation"))
        out.tables.push_back(relation(*rel));
    if (const json* source = field(s, "sourceRelation"))
        fromItem(*source, out);
    if (const json* on = field(s, "joinCondition")) {
        condition(*on, out, CondContext{"on", "inner", false, false});
        collect(*on, out, SubqueryRole::Predicate);
    }
    if (const json* whens = field(s, "mergeWhenClauses"); whens && whens->is_array()) {
        for (const json& w : *whens) {
            if (!isNode(w, "MergeWhenClause"))
                continue;
            const json& body = nodeBody(w);
            if (const json* targets = field(body, "targetList"); targets && targets->is_array())
                for (const json& t : *targets)
                    if (isNode(t, "ResTarget"))
                        addUnique(out.columnsWritten,
                                  ColumnRef{out.tables.empty() ? std::string() : qualifierOf(out.tables.front()),
                                            stringField(nodeBody(t), "name")});
            for (const char* key : {"condition", "targetList", "values"})
                if (const json* part = field(body, key))
                    collect(*part, out, SubqueryRole::Scalar);
        }
    }
    m_ctes.resize(m_ctes.size() - pushed);
}

// --------------------------------------------------------------------------- FROM

TableRef PgWalker::relation(const json& rangeVar) const
{
    const json& rv = isNode(rangeVar, "RangeVar") ? nodeBody(rangeVar) : rangeVar;
    TableRef t;
    t.schema = stringField(rv, "schemaname");
    t.name = stringField(rv, "relname");
    if (const json* alias = field(rv, "alias"))
        t.alias = stringField(*alias, "aliasname");
    if (t.schema.empty() && isCte(t.name))
        t.kind = TableKind::Cte;
    return t;
}

std::string PgWalker::qualifierOf(const TableRef& t)
{
    if (!t.alias.empty())
        return t.alias;
    return t.schema.empty() ? t.name : t.schema + "." + t.name;
}

void PgWalker::fromItem(const json& node, QueryShape& out)
{
    const std::string_view type = nodeType(node);
    if (type.empty())
        return;
    const json& body = nodeBody(node);
    if (type == "RangeVar") {
        out.tables.push_back(relation(body));
    } else if (type == "JoinExpr") {
        const size_t leftBegin = out.tables.size();
        if (const json* l = field(body, "larg"))
            fromItem(*l, out);
        const size_t rightBegin = out.tables.size();
        if (const json* r = field(body, "rarg"))
            fromItem(*r, out);
        const std::string jt = stringField(body, "jointype");
        const json* quals = field(body, "quals");
        const json* usingList = field(body, "usingClause");
        const bool natural = body.value("isNatural", false);
        std::string joinType = jt == "JOIN_LEFT" ? "left"
            : jt == "JOIN_RIGHT"                  ? "right"
            : jt == "JOIN_FULL"                   ? "full"
            : (quals || usingList || natural)     ? "inner"
                                                  : "cross";
        if (quals) {
            condition(*quals, out, CondContext{"on", joinType, false, false});
            collect(*quals, out, SubqueryRole::Predicate);
        }
        if (usingList)
            joinUsing(*usingList, leftBegin, rightBegin, rightBegin, out, joinType);
        if (natural)
            naturalJoin(leftBegin, rightBegin, rightBegin, out, joinType);
    } else if (type == "RangeSubselect") {
        std::string alias;
        if (const json* a = field(body, "alias"))
            alias = stringField(*a, "aliasname");
        if (alias.empty())
            alias = "subquery";
        if (const json* q = field(body, "subquery"))
            out.subqueries.push_back(subquery(*q, SubqueryRole::Derived, alias));
        TableRef t;
        t.name = alias;
        t.alias = alias;
        t.kind = TableKind::Derived;
        out.tables.push_back(std::move(t));
    } else if (type == "RangeFunction") {
        TableRef t;
        t.kind = TableKind::Function;
        if (const json* a = field(body, "alias"))
            t.alias = stringField(*a, "aliasname");
        if (const json* fns = field(body, "functions"); fns && fns->is_array() && !fns->empty()) {
            const json& first = (*fns)[0];
            if (isNode(first, "List")) {
                const json* items = field(nodeBody(first), "items");
                if (items && items->is_array() && !items->empty() && isNode((*items)[0], "FuncCall"))
                    t.name = lastName(field(nodeBody((*items)[0]), "funcname"));
            }
            collect(*fns, out, SubqueryRole::Scalar);
        }
        out.tables.push_back(std::move(t));
    } else if (type == "RangeTableSample") {
        if (const json* rel = field(body, "relation"))
            fromItem(*rel, out);
    } else {
        out.skipped.push_back(fmt::format("FROM item {} is not described", type));
    }
}

void PgWalker::joinUsing(const json& usingList, size_t leftBegin, size_t leftEnd, size_t rightBegin, QueryShape& out,
                         const std::string& joinType)
{
    if (rightBegin >= out.tables.size() || leftBegin >= leftEnd)
        return;
    const TableRef& right = out.tables[rightBegin];
    for (const std::string& col : names(&usingList)) {
        // With several tables on the left, the first that has the column (per the catalog) joins.
        const TableRef* left = &out.tables[leftBegin];
        if (m_schema)
            for (size_t i = leftBegin; i < leftEnd; ++i)
                if (const catalog::Table* t = m_schema->table(out.tables[i].name); t && t->column(col)) {
                    left = &out.tables[i];
                    break;
                }
        JoinCondition j{ColumnRef{qualifierOf(*left), col}, ColumnRef{qualifierOf(right), col}, joinType};
        addUnique(out.columnsRead, j.left);
        addUnique(out.columnsRead, j.right);
        out.joins.push_back(std::move(j));
    }
}

void PgWalker::naturalJoin(size_t leftBegin, size_t leftEnd, size_t rightBegin, QueryShape& out,
                           const std::string& joinType)
{
    const catalog::Table* right = nullptr;
    if (m_schema && rightBegin < out.tables.size())
        right = m_schema->table(out.tables[rightBegin].name);
    if (!right) {
        out.skipped.push_back("NATURAL JOIN: the joined columns need the schema (--schema)");
        return;
    }
    json usingList = json::array();
    for (size_t i = leftBegin; i < leftEnd; ++i)
        if (const catalog::Table* left = m_schema->table(out.tables[i].name))
            for (const catalog::Column& c : left->columns)
                if (right->column(c.name))
                    usingList.push_back(json{{"String", {{"sval", c.name}}}});
    joinUsing(usingList, leftBegin, leftEnd, rightBegin, out, joinType);
}

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
            addUnique(out.columnsRead, c.ref);
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
    p.text = textOf(node);
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

// ORDER BY x where x names a select-list item (PostgreSQL prefers the output name).
bool isOutputAlias(const json& node, const json* targetList)
{
    if (!isNode(node, "ColumnRef") || !targetList || !targetList->is_array())
        return false;
    const RawColumn c = columnRef(nodeBody(node));
    if (c.star || !c.ref.table.empty())
        return false;
    for (const json& t : *targetList)
        if (isNode(t, "ResTarget") && stringField(nodeBody(t), "name") == c.ref.column)
            return true;
    return false;
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

// --------------------------------------------------------------------------- evidence text

void PgWalker::span(const json& node, int& lo, int& hi) const
{
    if (node.is_object()) {
        for (auto it = node.begin(); it != node.end(); ++it) {
            if (it.key() == "location" && it.value().is_number_integer()) {
                const int loc = it.value().get<int>();
                if (loc >= 0) {
                    lo = lo < 0 ? loc : std::min(lo, loc);
                    hi = std::max(hi, loc);
                }
            } else if (it.value().is_structured()) {
                span(it.value(), lo, hi);
            }
        }
    } else if (node.is_array()) {
        for (const json& item : node)
            span(item, lo, hi);
    }
}

size_t PgWalker::tokenEnd(size_t pos) const
{
    const size_t n = m_sql.size();
    if (pos >= n)
        return n;
    size_t i = pos;
    const char c = m_sql[i];
    auto isWord = [](char ch) { return isAsciiAlpha(ch) || isAsciiDigit(ch) || ch == '_' || ch == '$' || (unsigned char)ch >= 0x80; };
    if ((c == 'E' || c == 'e' || c == 'N' || c == 'n' || c == 'B' || c == 'b' || c == 'X' || c == 'x') && i + 1 < n
        && m_sql[i + 1] == '\'')
        ++i;
    if (m_sql[i] == '\'' || m_sql[i] == '"') {
        const char q = m_sql[i++];
        while (i < n) {
            if (m_sql[i] == q) {
                if (i + 1 < n && m_sql[i + 1] == q) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            if (m_sql[i] == '\\' && q == '\'' && pos + 1 < n && m_sql[pos + 1] == '\'' && (c == 'E' || c == 'e'))
                ++i;
            ++i;
        }
        return n;
    }
    if (m_sql[i] == '$' && i + 1 < n && !isAsciiDigit(m_sql[i + 1])) {
        // $tag$ ... $tag$
        const size_t close = m_sql.find('$', i + 1);
        if (close != std::string_view::npos) {
            const std::string_view tag = m_sql.substr(i, close - i + 1);
            const size_t end = m_sql.find(tag, close + 1);
            return end == std::string_view::npos ? n : end + tag.size();
        }
    }
    if (isWord(m_sql[i]) || m_sql[i] == '$') {
        ++i;
        while (i < n && (isWord(m_sql[i]) || m_sql[i] == '.'))
            ++i;
        return i;
    }
    return i + 1;
}

std::string PgWalker::textOf(const json& node) const
{
    int lo = -1, hi = -1;
    span(node, lo, hi);
    if (lo < 0)
        return {};
    size_t end = tokenEnd(size_t(hi));
    auto skipSpace = [&](size_t i) {
        while (i < m_sql.size() && isAsciiSpace(m_sql[i]))
            ++i;
        return i;
    };
    // IS [NOT] NULL / IS TRUE: the location points at IS, the rest has none.
    const std::string_view head = m_sql.substr(size_t(lo), end - size_t(lo));
    if (head.size() >= 2 && iequals(head.substr(head.size() - 2), "is")
        && (head.size() == 2 || isAsciiSpace(head[head.size() - 3]))) {
        for (;;) {
            const size_t next = skipSpace(end);
            const size_t wordEnd = tokenEnd(next);
            const std::string_view word = m_sql.substr(next, wordEnd - next);
            if (iequals(word, "not")) {
                end = wordEnd;
                continue;
            }
            if (iequals(word, "null") || iequals(word, "true") || iequals(word, "false") || iequals(word, "unknown"))
                end = wordEnd;
            break;
        }
    }
    // count(*), now(): a call whose arguments carry no location of their own.
    if (const size_t next = skipSpace(end); next < m_sql.size() && m_sql[next] == '(' && end == tokenEnd(size_t(hi))
        && hi == lo)
        end = next + 1;
    // Close the parentheses the span opened: IN (1, 2), lower(x), ANY($1).
    int depth = 0;
    for (size_t i = size_t(lo); i < end; ++i)
        depth += m_sql[i] == '(' ? 1 : m_sql[i] == ')' ? -1 : 0;
    while (depth > 0) {
        size_t next = skipSpace(end);
        if (next < m_sql.size() && m_sql[next] == ')') {
            end = next + 1;
            --depth;
        } else if (next < m_sql.size() && m_sql[next] != ';') {
            // A token the span did not reach (e.g. a type name); take it and keep closing.
            const size_t e = tokenEnd(next);
            if (e <= next)
                break;
            for (size_t i = next; i < e; ++i)
                depth += m_sql[i] == '(' ? 1 : m_sql[i] == ')' ? -1 : 0;
            end = e;
        } else {
            break;
        }
    }
    std::string out(m_sql.substr(size_t(lo), end - size_t(lo)));
    // Collapse runs of whitespace so multi-line predicates read as one line.
    std::string collapsed;
    collapsed.reserve(out.size());
    for (char ch : out) {
        if (isAsciiSpace(ch)) {
            if (!collapsed.empty() && collapsed.back() != ' ')
                collapsed.push_back(' ');
        } else {
            collapsed.push_back(ch);
        }
    }
    return std::string(trim(collapsed));
}

} // namespace

QueryShape parsePostgresShape(std::string_view sql, const catalog::Catalog* schema)
{
    QueryShape out;
    out.dialect = Dialect::PostgreSQL;
    const std::string text(sql);
    const ParseResult result(text);
    const PgQueryParseResult& r = result.get();
    if (r.error) {
        out.kind = StatementKind::Unknown;
        out.error = fmt::format("not valid PostgreSQL: {} (at character {})", r.error->message ? r.error->message : "",
                                r.error->cursorpos);
        return out;
    }
    json tree;
    try {
        tree = json::parse(r.parse_tree ? r.parse_tree : "{}");
    } catch (const json::exception& e) {
        out.error = fmt::format("libpg_query returned an unreadable parse tree: {}", e.what());
        return out;
    }
    const json* stmts = field(tree, "stmts");
    if (!stmts || !stmts->is_array() || stmts->empty()) {
        out.error = "empty statement: no SQL to describe";
        return out;
    }
    const json* first = field((*stmts)[0], "stmt");
    if (!first) {
        out.error = "empty statement: no SQL to describe";
        return out;
    }
    PgWalker walker(sql, schema);
    out = walker.statement(*first);
    if (stmts->size() > 1)
        out.skipped.push_back(fmt::format("{} more statement(s) after the first are not described", stmts->size() - 1));
    return out;
}

} // namespace planwise::sql::detail
