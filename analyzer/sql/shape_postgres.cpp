// PostgreSQL shapes: statements and FROM items from libpg_query's JSON parse tree.
#include "analyzer/sql/shape_postgres.h"

#include "analyzer/sql/shape_pg_walker.h"

#include "analyzer/core/text.h"
#include "analyzer/sql/shape_common.h"

#include <fmt/format.h>
#include <pg_query.h>

namespace planwise::sql::detail {
namespace pg {
namespace {

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

} // namespace

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

} // namespace pg

QueryShape parsePostgresShape(std::string_view sql, const catalog::Catalog* schema)
{
    using pg::field;
    using pg::json;
    QueryShape out;
    out.dialect = Dialect::PostgreSQL;
    const std::string text(sql);
    const pg::ParseResult result(text);
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
    pg::PgWalker walker(sql, schema);
    out = walker.statement(*first);
    if (stmts->size() > 1)
        out.skipped.push_back(fmt::format("{} more statement(s) after the first are not described", stmts->size() - 1));
    return out;
}

} // namespace planwise::sql::detail
