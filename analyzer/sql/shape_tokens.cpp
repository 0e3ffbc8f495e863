#include "analyzer/sql/shape_tokens.h"

#include "analyzer/core/text.h"
#include "analyzer/sql/lexer.h"
#include "analyzer/sql/shape_common.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace planwise::sql::detail {
namespace {

// A small expression tree: enough to classify predicates and find columns.
struct Expr {
    enum Kind { Column, Literal, Param, Star, Func, Cast, Binary, Unary, In, Between, Like, IsNull, Subquery, Exists, List, Other };
    Kind kind = Other;
    std::string name;        // column / function / operator name; literal type for Literal
    std::string qualifier;   // Column: alias or table as written
    std::string value;       // String literal's value (LIKE patterns)
    std::vector<Expr> args;
    bool negated = false;    // NOT IN / NOT LIKE / NOT BETWEEN / IS NOT NULL
    bool subqueryList = false;   // IN (SELECT ...)
    size_t begin = 0, end = 0;   // byte span in the statement
};

struct Operand {
    enum Kind { None, Column, Value } kind = None;
    ColumnRef ref;
    std::string wrapper;
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

bool isClauseKeyword(const Token& t)
{
    static constexpr std::array<std::string_view, 45> kWords{
        "select", "from", "where", "group", "order", "having", "limit", "offset", "union", "except", "intersect",
        "join", "inner", "left", "right", "full", "cross", "natural", "straight_join", "on", "using", "set", "values",
        "value", "into", "for", "lock", "window", "returning", "use", "force", "ignore", "outer", "when", "then",
        "else", "end", "and", "or", "not", "as", "duplicate", "partition", "indexed", "fetch"};
    if (t.kind != TokenKind::Identifier)
        return false;
    return std::any_of(kWords.begin(), kWords.end(), [&](std::string_view w) { return t.is(w); });
}

class TokenParser {
public:
    TokenParser(std::string_view sql, Dialect dialect, const catalog::Catalog* schema)
        : m_sql(sql), m_dialect(dialect), m_schema(schema)
    {
        LexerOptions options;
        options.skipComments = true;
        options.enterVersionComments = true;
        m_tokens = tokenize(sql, dialect, options);
        if (!m_tokens.empty() && m_tokens.back().kind == TokenKind::Error) {
            m_lexError = fmt::format("unterminated quote or comment at offset {}", m_tokens.back().offset);
            m_tokens.pop_back();
        }
        // Versioned comments the lexer did not enter stay opaque.
        std::erase_if(m_tokens, [](const Token& t) { return t.kind == TokenKind::VersionComment || t.kind == TokenKind::Comment; });
        m_end.offset = uint32_t(sql.size());
    }

    QueryShape run();

private:
    // --- tokens -----------------------------------------------------------
    const Token& peek(size_t k = 0) const { return m_pos + k < m_tokens.size() ? m_tokens[m_pos + k] : m_end; }
    const Token& take() { return m_pos < m_tokens.size() ? m_tokens[m_pos++] : m_end; }
    bool atEnd() const { return m_pos >= m_tokens.size() || peek().isPunct(';'); }
    bool word(std::string_view w, size_t k = 0) const { return peek(k).isKeyword(w); }
    bool accept(std::string_view w)
    {
        if (!word(w))
            return false;
        ++m_pos;
        return true;
    }
    bool acceptPunct(char c)
    {
        if (!peek().isPunct(c))
            return false;
        ++m_pos;
        return true;
    }
    bool acceptOp(std::string_view op)
    {
        if (!peek().isOperator(op))
            return false;
        ++m_pos;
        return true;
    }
    size_t lastEnd() const
    {
        if (m_pos == 0)
            return 0;
        const Token& t = m_tokens[std::min(m_pos, m_tokens.size()) - 1];
        return t.offset + t.text.size();
    }
    bool isName(const Token& t) const
    {
        return t.kind == TokenKind::QuotedIdentifier || t.kind == TokenKind::Identifier
            || (m_dialect == Dialect::MySQL && t.kind == TokenKind::Number && !t.text.empty()
                && !std::all_of(t.text.begin(), t.text.end(), [](char c) { return isAsciiDigit(c) || c == '.' || c == 'e' || c == 'E'; }));
    }
    std::string nameOf(const Token& t) const { return unquoteIdentifier(t); }
    void skipBalanced();   // from an opening '(' to its ')'
    void expectClose(QueryShape& out);   // a ')' that must be there; said in `skipped` when it is not
    void skipToClause(QueryShape& out, std::string_view why);
    std::string textBetween(size_t begin, size_t end) const;

    // --- statements -------------------------------------------------------
    void statement(QueryShape& out);
    void queryExpression(QueryShape& out);
    void selectBlock(QueryShape& out);
    size_t withClause(QueryShape& out);
    void insertStmt(QueryShape& out);
    void updateStmt(QueryShape& out);
    void deleteStmt(QueryShape& out);
    void tailClauses(QueryShape& out, const std::vector<std::string>& outputs, const std::vector<Expr>* selectItems);
    void parseLimit(QueryShape& out);
    void assignments(QueryShape& out, std::vector<ColumnRef>& written);
    void returning(QueryShape& out);
    QueryShape nestedQuery(SubqueryRole role, const std::string& name);

    // --- FROM ---------------------------------------------------------------
    void tableReferences(QueryShape& out);
    void joinChain(QueryShape& out);
    void tableFactor(QueryShape& out);
    void aliasAndHints(TableRef& t);
    std::string qualifierOf(const TableRef& t) const { return !t.alias.empty() ? t.alias : t.name; }

    // --- expressions --------------------------------------------------------
    Expr expression(QueryShape& out) { return orExpr(out); }
    Expr orExpr(QueryShape& out);
    Expr andExpr(QueryShape& out);
    Expr notExpr(QueryShape& out);
    Expr predicateExpr(QueryShape& out);
    Expr bitExpr(QueryShape& out);
    Expr unaryExpr(QueryShape& out);
    Expr primary(QueryShape& out);
    Expr functionCall(QueryShape& out, std::string name, size_t begin);
    void windowSpec(QueryShape& out);
    Expr finish(Expr e, size_t begin) const
    {
        e.begin = begin;
        e.end = std::max(lastEnd(), begin);
        return e;
    }

    void collect(const Expr& e, QueryShape& out) const;
    void columnsIn(const Expr& e, std::vector<ColumnRef>& out) const;
    Operand operand(const Expr& e) const;
    void condition(const Expr& e, QueryShape& out, const CondContext& ctx);
    void addPredicate(const Expr& node, const Operand& column, PredicateOp op, std::string operatorText,
                      const Operand& value, QueryShape& out, const CondContext& ctx, bool negated = false);
    bool isCte(const std::string& name) const
    {
        return std::any_of(m_ctes.begin(), m_ctes.end(), [&](const std::string& c) { return iequals(c, name); });
    }

    std::string_view m_sql;
    Dialect m_dialect;
    const catalog::Catalog* m_schema;
    std::vector<Token> m_tokens;
    Token m_end;
    size_t m_pos = 0;
    std::string m_lexError;
    std::vector<std::string> m_ctes;
    SubqueryRole m_subRole = SubqueryRole::Scalar;   // role of a subquery met in the expression being parsed
    int m_depth = 0;                                  // nesting guard against pathological input
    bool m_straightJoin = false;                      // SELECT STRAIGHT_JOIN: joins are "straight"
};

// --------------------------------------------------------------------------- helpers

// GROUP BY / ORDER BY x where x names a select-list item rather than a column.
bool isOutputAlias(const Expr& e, const std::vector<Expr>& items)
{
    if (e.kind != Expr::Column || !e.qualifier.empty())
        return false;
    return std::any_of(items.begin(), items.end(), [&](const Expr& item) {
        return iequals(item.value, e.name) && !(item.kind == Expr::Column && iequals(item.name, e.name) && item.qualifier.empty());
    });
}

std::string TokenParser::textBetween(size_t begin, size_t end) const
{
    if (begin >= end || begin >= m_sql.size())
        return {};
    std::string collapsed;
    for (char ch : m_sql.substr(begin, end - begin)) {
        if (isAsciiSpace(ch)) {
            if (!collapsed.empty() && collapsed.back() != ' ')
                collapsed.push_back(' ');
        } else {
            collapsed.push_back(ch);
        }
    }
    return std::string(trim(collapsed));
}

void TokenParser::skipBalanced()
{
    if (!acceptPunct('('))
        return;
    int depth = 1;
    while (m_pos < m_tokens.size() && depth > 0) {
        const Token& t = take();
        if (t.isPunct('('))
            ++depth;
        else if (t.isPunct(')'))
            --depth;
    }
}

void TokenParser::expectClose(QueryShape& out)
{
    if (acceptPunct(')') || (m_pos >= m_tokens.size() && !m_lexError.empty()))
        return;
    const std::string why = fmt::format("')' expected at offset {}", peek().offset);
    if (std::find(out.skipped.begin(), out.skipped.end(), why) == out.skipped.end())
        out.skipped.push_back(why);
}

void TokenParser::skipToClause(QueryShape& out, std::string_view why)
{
    const size_t begin = peek().offset;
    const size_t start = m_pos;
    int depth = 0;
    while (m_pos < m_tokens.size()) {
        const Token& t = peek();
        if (depth == 0 && (t.isPunct(';') || t.isPunct(')') || (m_pos > start && isClauseKeyword(t) && !t.is("and") && !t.is("or") && !t.is("not") && !t.is("as"))))
            break;
        if (t.isPunct('('))
            ++depth;
        else if (t.isPunct(')'))
            --depth;
        ++m_pos;
    }
    if (m_pos == start && m_pos < m_tokens.size() && !peek().isPunct(';') && !peek().isPunct(')'))
        ++m_pos;   // always make progress
    if (m_pos > start)
        out.skipped.push_back(fmt::format("{}: '{}' at offset {}", why, textBetween(begin, lastEnd()), begin));
    else if (m_pos >= m_tokens.size() && m_lexError.empty())
        out.skipped.push_back(fmt::format("{}: the statement ends at offset {}", why, m_sql.size()));
}

// --------------------------------------------------------------------------- statements

QueryShape TokenParser::run()
{
    QueryShape out;
    out.dialect = m_dialect;
    while (acceptPunct(';')) {
    }
    if (m_pos >= m_tokens.size()) {
        out.error = m_lexError.empty() ? "empty statement: no SQL to describe"
                                       : "not a SQL statement: " + m_lexError;
        return out;
    }
    statement(out);
    if (!out.error.empty())
        return out;
    if (!m_lexError.empty())
        out.skipped.push_back(m_lexError + ": the rest of the statement is not described");
    if (m_pos < m_tokens.size() && !peek().isPunct(';'))
        skipToClause(out, "not understood");
    while (acceptPunct(';')) {
    }
    if (m_pos < m_tokens.size())
        out.skipped.push_back(fmt::format("more statements after offset {} are not described", peek().offset));
    return out;
}

void TokenParser::statement(QueryShape& out)
{
    const Token& first = peek();
    if (word("explain") || word("describe") || word("desc")) {
        // EXPLAIN [ANALYZE] [FORMAT=x] [QUERY PLAN] <statement>: describe the statement.
        ++m_pos;
        while (!atEnd() && !word("select") && !word("with") && !word("insert") && !word("update")
               && !word("delete") && !word("replace") && !peek().isPunct('('))
            ++m_pos;
        if (atEnd()) {
            out.kind = StatementKind::Other;
            return;
        }
        statement(out);
        return;
    }
    if (word("with")) {
        // WITH ... can lead a SELECT, and in MySQL 8 / SQLite also an UPDATE, DELETE or INSERT.
        size_t depth = 0, k = 0;
        for (; m_pos + k < m_tokens.size(); ++k) {
            const Token& t = peek(k);
            if (t.isPunct('('))
                ++depth;
            else if (t.isPunct(')') && depth > 0)
                --depth;
            else if (depth == 0 && (t.isKeyword("select") || t.isKeyword("update") || t.isKeyword("delete")
                                    || t.isKeyword("insert") || t.isKeyword("replace") || t.isPunct(';')))
                break;
        }
        if (word("update", k) || word("delete", k) || word("insert", k) || word("replace", k)) {
            withClause(out);
            statement(out);
            return;
        }
    }
    if (word("select") || word("with") || first.isPunct('(') || word("values") || word("table")) {
        out.kind = StatementKind::Select;
        if (word("table")) {   // MySQL 8 TABLE t
            ++m_pos;
            TableRef t;
            t.name = nameOf(take());
            out.tables.push_back(t);
            out.selectStar = true;
            return;
        }
        queryExpression(out);
        if (out.kind == StatementKind::Select && word("insert")) {
            // WITH ... INSERT (SQLite) keeps the CTEs.
        }
        return;
    }
    if (word("insert") || word("replace")) {
        out.kind = word("replace") ? StatementKind::Replace : StatementKind::Insert;
        insertStmt(out);
        return;
    }
    if (word("update")) {
        out.kind = StatementKind::Update;
        updateStmt(out);
        return;
    }
    if (word("delete")) {
        out.kind = StatementKind::Delete;
        deleteStmt(out);
        return;
    }
    static constexpr std::array<std::string_view, 40> kOther{
        "create", "alter", "drop", "truncate", "rename", "set", "show", "use", "begin", "start", "commit", "rollback",
        "savepoint", "release", "grant", "revoke", "call", "do", "handler", "load", "lock", "unlock", "analyze",
        "optimize", "repair", "check", "checksum", "flush", "kill", "reset", "purge", "change", "prepare", "execute",
        "deallocate", "pragma", "vacuum", "attach", "detach", "reindex"};
    if (first.kind == TokenKind::Identifier
        && std::any_of(kOther.begin(), kOther.end(), [&](std::string_view w) { return first.is(w); })) {
        out.kind = StatementKind::Other;
        // CREATE TABLE ... AS SELECT / CREATE VIEW ... AS SELECT: describe the query.
        while (!atEnd() && !word("select"))
            ++m_pos;
        if (word("select"))
            out.subqueries.push_back(nestedQuery(SubqueryRole::Source, {}));
        while (!atEnd())
            ++m_pos;
        return;
    }
    std::string start;
    for (char c : first.text.substr(0, 24)) {
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f)
            start += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        else
            start += c;
    }
    out.error = fmt::format("not a SQL statement: it starts with '{}'", start);
}

QueryShape TokenParser::nestedQuery(SubqueryRole role, const std::string& name)
{
    QueryShape sub;
    sub.dialect = m_dialect;
    sub.kind = StatementKind::Select;
    sub.role = role;
    sub.name = name;
    const SubqueryRole saved = m_subRole;
    const bool savedStraight = m_straightJoin;
    if (++m_depth > 200) {
        sub.skipped.push_back("nesting deeper than 200 levels is not described");
        while (m_pos < m_tokens.size())
            ++m_pos;
    } else {
        queryExpression(sub);
    }
    --m_depth;
    m_subRole = saved;
    m_straightJoin = savedStraight;
    return sub;
}

size_t TokenParser::withClause(QueryShape& out)
{
    if (!accept("with"))
        return 0;
    const bool recursive = accept("recursive");
    size_t pushed = 0;
    do {
        if (!isName(peek()))
            break;
        const std::string name = nameOf(take());
        std::vector<std::string> columns;
        if (peek().isPunct('(')) {
            ++m_pos;
            while (!atEnd() && !peek().isPunct(')')) {
                if (isName(peek()))
                    columns.push_back(nameOf(peek()));
                ++m_pos;
            }
            acceptPunct(')');
        }
        if (recursive) {
            m_ctes.push_back(name);
            ++pushed;
        }
        accept("as");
        accept("not");
        accept("materialized");
        if (acceptPunct('(')) {
            QueryShape sub = nestedQuery(SubqueryRole::Cte, name);
            if (!columns.empty())
                sub.outputColumns = columns;
            out.subqueries.push_back(std::move(sub));
            if (!peek().isPunct(')'))
                skipToClause(out, "CTE body not understood");
            expectClose(out);
        }
        if (!recursive) {
            m_ctes.push_back(name);
            ++pushed;
        }
        addUnique(out.cteNames, name);
    } while (acceptPunct(','));
    return pushed;
}

void TokenParser::queryExpression(QueryShape& out)
{
    const size_t pushed = withClause(out);
    std::vector<QueryShape> operands;
    std::string setOp;
    for (;;) {
        QueryShape operand;
        operand.dialect = m_dialect;
        operand.kind = StatementKind::Select;
        operand.role = SubqueryRole::SetOperand;
        if (acceptPunct('(')) {
            queryExpression(operand);
            if (!acceptPunct(')'))
                skipToClause(operand, "not understood");
            acceptPunct(')');
        } else if (word("select") || word("values")) {
            selectBlock(operand);
        } else {
            skipToClause(out, "expected SELECT");
            break;
        }
        operands.push_back(std::move(operand));
        std::string op;
        if (word("union") || word("except") || word("intersect") || word("minus")) {
            op = toLower(take().text);
            if (accept("all"))
                op += " all";
            else
                accept("distinct");
        }
        if (op.empty())
            break;
        setOp = setOp.empty() ? op : setOp;
        if (setOp != op)
            out.skipped.push_back(fmt::format("mixed set operations: '{}' after '{}' described as one list", op, setOp));
    }
    if (operands.size() == 1) {
        QueryShape single = std::move(operands.front());
        // Keep what the WITH clause added to `out`.
        single.role = out.role;
        single.name = out.name;
        single.subqueries.insert(single.subqueries.begin(), std::make_move_iterator(out.subqueries.begin()),
                                 std::make_move_iterator(out.subqueries.end()));
        single.cteNames = out.cteNames;
        single.skipped.insert(single.skipped.begin(), out.skipped.begin(), out.skipped.end());
        out = std::move(single);
        // (SELECT ...) ORDER BY ... LIMIT ...
        tailClauses(out, out.outputColumns, nullptr);
    } else if (!operands.empty()) {
        out.setOperation = setOp;
        // A trailing ORDER BY / LIMIT belongs to the whole set operation.
        QueryShape& last = operands.back();
        out.orderBy = std::move(last.orderBy);
        last.orderBy.clear();
        out.limit = last.limit;
        out.offset = last.offset;
        out.limitIsParameter = last.limitIsParameter;
        last.limit.reset();
        last.offset.reset();
        last.limitIsParameter = false;
        out.outputColumns = operands.front().outputColumns;
        for (QueryShape& op : operands) {
            out.selectStar = out.selectStar || op.selectStar;
            out.subqueries.push_back(std::move(op));
        }
        tailClauses(out, out.outputColumns, nullptr);
    }
    m_ctes.resize(m_ctes.size() - pushed);
}

void TokenParser::selectBlock(QueryShape& out)
{
    if (accept("values")) {
        // VALUES (1, 2), (3, 4) / VALUES ROW(1, 2)
        m_subRole = SubqueryRole::Scalar;
        do {
            accept("row");
            collect(expression(out), out);
        } while (acceptPunct(','));
        return;
    }
    accept("select");
    m_straightJoin = false;
    for (;;) {
        if (accept("distinct") || accept("distinctrow")) {
            out.distinct = true;
            continue;
        }
        if (accept("straight_join")) {
            m_straightJoin = true;   // every join of this block keeps the written order
            continue;
        }
        if (accept("all") || accept("high_priority") || accept("sql_small_result") || accept("sql_big_result")
            || accept("sql_buffer_result") || accept("sql_cache") || accept("sql_no_cache")
            || accept("sql_calc_found_rows"))
            continue;
        break;
    }
    // The select list.
    std::vector<Expr> items;
    m_subRole = SubqueryRole::Scalar;
    do {
        if (atEnd() || peek().isPunct(')') || word("from"))
            break;
        Expr item = expression(out);
        std::string alias;
        if (accept("as")) {
            alias = nameOf(take());
        } else if ((isName(peek()) && !isClauseKeyword(peek()) && !word("into")) || peek().kind == TokenKind::String) {
            alias = peek().kind == TokenKind::String ? unquoteString(peek(), m_dialect) : nameOf(peek());
            ++m_pos;
        }
        if (alias.empty() && item.kind == Expr::Column)
            alias = item.name;
        if (alias.empty() && item.kind == Expr::Func)
            alias = item.name;
        if (!alias.empty())
            out.outputColumns.push_back(alias);
        collect(item, out);
        item.value = alias;   // remembered for ORDER BY alias
        items.push_back(std::move(item));
        if (!peek().isPunct(',') && !atEnd() && !peek().isPunct(')') && !isClauseKeyword(peek()))
            skipToClause(out, "select list item not understood");
    } while (acceptPunct(','));

    if (word("into")) {
        skipToClause(out, "SELECT ... INTO is not described");
    }
    if (accept("from")) {
        if (accept("dual")) {
        } else {
            tableReferences(out);
        }
    }
    if (accept("where")) {
        m_subRole = SubqueryRole::Predicate;
        Expr where = expression(out);
        condition(where, out, CondContext{});
        collect(where, out);
    }
    if (word("group") && word("by", 1)) {
        m_pos += 2;
        m_subRole = SubqueryRole::Scalar;
        do {
            Expr g = expression(out);
            const bool alias = isOutputAlias(g, items);
            if (!alias)
                collect(g, out);
            if (g.kind == Expr::Column) {
                // A select-list alias of a column names that column.
                ColumnRef ref{g.qualifier, g.name};
                if (g.qualifier.empty())
                    for (const Expr& item : items)
                        if (iequals(item.value, g.name) && item.kind == Expr::Column) {
                            ref = ColumnRef{item.qualifier, item.name};
                            break;
                        }
                addUnique(out.groupBy, ref);
            } else if (g.kind == Expr::Literal && g.name == "number") {
                const size_t pos = size_t(std::atoll(std::string(m_sql.substr(g.begin, g.end - g.begin)).c_str()));
                if (pos >= 1 && pos <= items.size() && items[pos - 1].kind == Expr::Column)
                    addUnique(out.groupBy, ColumnRef{items[pos - 1].qualifier, items[pos - 1].name});
            }
            accept("asc");
            accept("desc");
        } while (acceptPunct(','));
        if (word("with") && word("rollup", 1))
            m_pos += 2;
    }
    if (accept("having")) {
        m_subRole = SubqueryRole::Predicate;
        collect(expression(out), out);
    }
    if (accept("window")) {
        do {
            if (isName(peek()))
                ++m_pos;
            accept("as");
            if (acceptPunct('(')) {
                windowSpec(out);
            }
        } while (acceptPunct(','));
    }
    std::vector<std::string> outputs = out.outputColumns;
    tailClauses(out, outputs, &items);
}

void TokenParser::tailClauses(QueryShape& out, const std::vector<std::string>&, const std::vector<Expr>* items)
{
    if (word("order") && word("by", 1)) {
        m_pos += 2;
        m_subRole = SubqueryRole::Scalar;
        do {
            Expr e = expression(out);
            OrderItem o;
            if (e.kind == Expr::Column) {
                o.column = ColumnRef{e.qualifier, e.name};
                if (items && e.qualifier.empty())
                    for (const Expr& item : *items)
                        if (iequals(item.value, e.name)) {
                            if (item.kind == Expr::Column)
                                o.column = ColumnRef{item.qualifier, item.name};
                            else {
                                o.column = {};
                                o.expression = textBetween(item.begin, item.end);
                            }
                            break;
                        }
                if (!items || !isOutputAlias(e, *items))
                    collect(e, out);
            } else if (e.kind == Expr::Literal && e.name == "number" && items) {
                const size_t pos = size_t(std::atoll(std::string(m_sql.substr(e.begin, e.end - e.begin)).c_str()));
                if (pos >= 1 && pos <= items->size() && (*items)[pos - 1].kind == Expr::Column)
                    o.column = ColumnRef{(*items)[pos - 1].qualifier, (*items)[pos - 1].name};
                else if (pos >= 1 && pos <= items->size())
                    o.expression = textBetween((*items)[pos - 1].begin, (*items)[pos - 1].end);
                else
                    o.expression = textBetween(e.begin, e.end);
            } else {
                o.expression = textBetween(e.begin, e.end);
                collect(e, out);
            }
            if (accept("desc"))
                o.descending = true;
            else
                accept("asc");
            if (accept("nulls")) {
                accept("first");
                accept("last");
            }
            out.orderBy.push_back(std::move(o));
        } while (acceptPunct(','));
    }
    parseLimit(out);
    for (;;) {
        if (word("for") && (word("update", 1) || word("share", 1))) {
            m_pos += 2;
            out.forUpdate = true;
            if (accept("of"))
                while (isName(peek()) || peek().isPunct(','))
                    ++m_pos;
            accept("nowait");
            if (word("skip") && word("locked", 1))
                m_pos += 2;
            continue;
        }
        if (word("lock") && word("in", 1)) {
            m_pos += 2;
            accept("share");
            accept("mode");
            out.forUpdate = true;
            continue;
        }
        break;
    }
}

void TokenParser::parseLimit(QueryShape& out)
{
    auto number = [&](std::optional<int64_t>& target, bool isLimit) {
        const Token& t = peek();
        if (t.kind == TokenKind::Number) {
            try {
                target = std::stoll(std::string(t.text));
            } catch (const std::exception&) {
                out.skipped.push_back(fmt::format("LIMIT value {} is out of range", t.text));
            }
            ++m_pos;
        } else if (t.kind == TokenKind::Parameter || t.kind == TokenKind::Variable) {
            out.hasParameters = out.hasParameters || t.kind == TokenKind::Parameter;
            if (isLimit)
                out.limitIsParameter = true;
            ++m_pos;
        } else {
            const size_t begin = t.offset;
            collect(expression(out), out);
            out.skipped.push_back(fmt::format("{} {} is not a constant", isLimit ? "LIMIT" : "OFFSET", textBetween(begin, lastEnd())));
        }
    };
    if (accept("limit")) {
        std::optional<int64_t> first;
        const bool firstIsParam = peek().kind == TokenKind::Parameter || peek().kind == TokenKind::Variable;
        number(first, true);
        if (acceptPunct(',')) {
            // LIMIT offset, count
            out.offset = first;
            out.limitIsParameter = false;
            const bool wasParam = firstIsParam;
            number(out.limit, true);
            (void)wasParam;
        } else {
            out.limit = first;
            if (accept("offset"))
                number(out.offset, false);
        }
    } else if (accept("offset")) {
        number(out.offset, false);
        accept("rows");
        accept("row");
    }
    if (accept("fetch")) {
        accept("first");
        accept("next");
        number(out.limit, true);
        accept("rows");
        accept("row");
        accept("only");
    }
}

void TokenParser::assignments(QueryShape& out, std::vector<ColumnRef>& written)
{
    m_subRole = SubqueryRole::Scalar;
    do {
        const size_t begin = peek().offset;
        if (peek().isPunct('(')) {
            // SQLite: SET (a, b) = (1, 2)
            ++m_pos;
            while (!atEnd() && !peek().isPunct(')')) {
                if (isName(peek()))
                    addUnique(written, ColumnRef{{}, nameOf(peek())});
                ++m_pos;
            }
            acceptPunct(')');
        } else if (isName(peek())) {
            std::string qualifier, column = nameOf(take());
            while (acceptPunct('.')) {
                qualifier = qualifier.empty() ? column : qualifier + "." + column;
                column = nameOf(take());
            }
            addUnique(written, ColumnRef{qualifier, column});
        } else {
            skipToClause(out, "SET target not understood");
            (void)begin;
        }
        if (!acceptOp("=") && !acceptOp(":=")) {
            skipToClause(out, "SET assignment not understood");
            continue;
        }
        collect(expression(out), out);
    } while (acceptPunct(','));
}

void TokenParser::returning(QueryShape& out)
{
    if (!accept("returning"))
        return;
    m_subRole = SubqueryRole::Scalar;
    do {
        Expr e = expression(out);
        collect(e, out);
        if (accept("as") || (isName(peek()) && !isClauseKeyword(peek())))
            ++m_pos;
    } while (acceptPunct(','));
}

void TokenParser::insertStmt(QueryShape& out)
{
    ++m_pos;   // INSERT / REPLACE
    if (accept("or")) {
        // SQLite: INSERT OR REPLACE / IGNORE / ABORT / FAIL / ROLLBACK
        if (word("replace"))
            out.upsert = true;
        ++m_pos;
    }
    while (accept("low_priority") || accept("delayed") || accept("high_priority") || accept("ignore")) {
    }
    accept("into");
    TableRef target;
    if (!isName(peek())) {
        skipToClause(out, "INSERT target table not understood");
        return;
    }
    target.name = nameOf(take());
    if (acceptPunct('.')) {
        target.schema = target.name;
        target.name = nameOf(take());
    }
    if (word("partition")) {
        ++m_pos;
        skipBalanced();
    }
    if (accept("as") && isName(peek()))
        target.alias = nameOf(take());
    out.tables.push_back(target);
    bool haveColumns = false;
    if (peek().isPunct('(') && !(word("select", 1) || word("with", 1) || word("values", 1))) {
        ++m_pos;
        haveColumns = true;
        while (!atEnd() && !peek().isPunct(')')) {
            if (isName(peek())) {
                std::string col = nameOf(take());
                while (acceptPunct('.'))
                    col = nameOf(take());
                addUnique(out.columnsWritten, ColumnRef{{}, col});
            } else {
                ++m_pos;
            }
        }
        acceptPunct(')');
    }
    if (word("values") || word("value")) {
        ++m_pos;
        m_subRole = SubqueryRole::Scalar;
        do {
            accept("row");
            collect(expression(out), out);
        } while (acceptPunct(','));
    } else if (word("set")) {
        ++m_pos;
        haveColumns = true;
        assignments(out, out.columnsWritten);
    } else if (word("select") || word("with") || peek().isPunct('(')) {
        out.subqueries.push_back(nestedQuery(SubqueryRole::Source, {}));
    } else if (word("default") && word("values", 1)) {
        m_pos += 2;
    } else if (word("table")) {
        ++m_pos;
        QueryShape src;
        src.dialect = m_dialect;
        src.kind = StatementKind::Select;
        src.role = SubqueryRole::Source;
        TableRef t;
        t.name = nameOf(take());
        src.tables.push_back(t);
        src.selectStar = true;
        out.subqueries.push_back(std::move(src));
    } else {
        skipToClause(out, "INSERT source not understood");
    }
    if (!haveColumns && m_schema) {
        // INSERT without a column list writes every column, in table order.
        if (const catalog::Table* table = m_schema->table(target.name))
            for (const catalog::Column& c : table->columns)
                out.columnsWritten.push_back(ColumnRef{{}, c.name});
    }
    // MySQL 8.0.19+: VALUES (...) AS new [(a, b)]; new.x then names the inserted row of the target.
    if (word("as") && isName(peek(1))) {
        if (out.tables.front().alias.empty())
            out.tables.front().alias = nameOf(peek(1));
        m_pos += 2;
        if (peek().isPunct('('))
            skipBalanced();
    }
    if (word("on") && word("duplicate", 1)) {
        m_pos += 2;
        accept("key");
        accept("update");
        out.upsert = true;
        assignments(out, out.columnsWritten);
    } else if (word("on") && word("conflict", 1)) {
        // SQLite upsert: ON CONFLICT [(cols)] DO NOTHING | DO UPDATE SET ... [WHERE ...]
        m_pos += 2;
        out.upsert = true;
        if (acceptPunct('(')) {
            while (!atEnd() && !peek().isPunct(')')) {
                if (isName(peek()) && !word("collate") && !word("asc") && !word("desc"))
                    out.conflictTarget.push_back(ColumnRef{{}, nameOf(peek())});
                ++m_pos;
            }
            acceptPunct(')');
            if (accept("where"))
                collect(expression(out), out);
        }
        accept("do");
        if (accept("update")) {
            accept("set");
            assignments(out, out.columnsWritten);
            if (accept("where"))
                collect(expression(out), out);
        } else {
            accept("nothing");
        }
    }
    returning(out);
}

void TokenParser::updateStmt(QueryShape& out)
{
    ++m_pos;   // UPDATE
    if (accept("or"))
        ++m_pos;   // SQLite: UPDATE OR IGNORE ...
    while (accept("low_priority") || accept("ignore")) {
    }
    tableReferences(out);
    if (!accept("set")) {
        skipToClause(out, "UPDATE without SET");
        return;
    }
    assignments(out, out.columnsWritten);
    if (accept("from"))   // SQLite 3.33+
        tableReferences(out);
    if (accept("where")) {
        m_subRole = SubqueryRole::Predicate;
        Expr where = expression(out);
        condition(where, out, CondContext{});
        collect(where, out);
    }
    tailClauses(out, {}, nullptr);
    returning(out);
}

void TokenParser::deleteStmt(QueryShape& out)
{
    ++m_pos;   // DELETE
    while (accept("low_priority") || accept("quick") || accept("ignore")) {
    }
    auto targetNames = [&]() {
        std::vector<std::string> names;
        while (!atEnd() && isName(peek()) && !isClauseKeyword(peek())) {
            std::string n = nameOf(take());
            while (acceptPunct('.')) {
                if (acceptOp("*"))
                    break;
                n = nameOf(take());
            }
            names.push_back(n);
            if (!acceptPunct(','))
                break;
        }
        return names;
    };
    if (accept("from")) {
        const size_t save = m_pos;
        std::vector<std::string> targets = targetNames();
        if (accept("using")) {
            // DELETE FROM t1, t2 USING <table references>
            tableReferences(out);
        } else {
            m_pos = save;
            tableReferences(out);
        }
    } else {
        // DELETE t1, t2 FROM <table references>
        targetNames();
        if (accept("from"))
            tableReferences(out);
        else
            skipToClause(out, "DELETE without FROM");
    }
    if (accept("where")) {
        m_subRole = SubqueryRole::Predicate;
        Expr where = expression(out);
        condition(where, out, CondContext{});
        collect(where, out);
    }
    tailClauses(out, {}, nullptr);
    returning(out);
}

// --------------------------------------------------------------------------- FROM

void TokenParser::tableReferences(QueryShape& out)
{
    do {
        joinChain(out);
    } while (acceptPunct(','));
}

void TokenParser::joinChain(QueryShape& out)
{
    const size_t firstTable = out.tables.size();
    tableFactor(out);
    for (;;) {
        std::string joinType;
        bool natural = false;
        const size_t save = m_pos;
        if (accept("natural"))
            natural = true;
        if (accept("straight_join")) {
            joinType = "straight";
        } else {
            if (accept("inner"))
                joinType = "inner";
            else if (accept("cross"))
                joinType = "cross";
            else if (accept("left"))
                joinType = "left";
            else if (accept("right"))
                joinType = "right";
            else if (accept("full"))
                joinType = "full";
            accept("outer");
            if (!accept("join")) {
                m_pos = save;
                return;
            }
            if (joinType.empty())
                joinType = "inner";
            if (m_straightJoin && joinType == "inner")
                joinType = "straight";
        }
        const size_t leftEnd = out.tables.size();
        const size_t rightBegin = out.tables.size();
        tableFactor(out);
        if (joinType == "cross" && (word("on") || word("using")))
            joinType = "inner";
        if (accept("on")) {
            m_subRole = SubqueryRole::Predicate;
            Expr on = expression(out);
            condition(on, out, CondContext{"on", joinType, false, false});
            collect(on, out);
        } else if (accept("using") && acceptPunct('(')) {
            while (!atEnd() && !peek().isPunct(')')) {
                if (isName(peek()) && rightBegin < out.tables.size()) {
                    const std::string col = nameOf(peek());
                    const TableRef* left = &out.tables[firstTable];
                    if (m_schema)
                        for (size_t i = firstTable; i < leftEnd; ++i)
                            if (const catalog::Table* t = m_schema->table(out.tables[i].name); t && t->column(col)) {
                                left = &out.tables[i];
                                break;
                            }
                    JoinCondition j{ColumnRef{qualifierOf(*left), col}, ColumnRef{qualifierOf(out.tables[rightBegin]), col},
                                    joinType};
                    addUnique(out.columnsRead, j.left);
                    addUnique(out.columnsRead, j.right);
                    out.joins.push_back(std::move(j));
                }
                ++m_pos;
            }
            acceptPunct(')');
        } else if (natural) {
            const catalog::Table* right = m_schema && rightBegin < out.tables.size() ? m_schema->table(out.tables[rightBegin].name) : nullptr;
            const catalog::Table* left = m_schema ? m_schema->table(out.tables[firstTable].name) : nullptr;
            if (!left || !right) {
                out.skipped.push_back("NATURAL JOIN: the joined columns need the schema (--schema)");
            } else {
                for (const catalog::Column& c : left->columns)
                    if (right->column(c.name)) {
                        JoinCondition j{ColumnRef{qualifierOf(out.tables[firstTable]), c.name},
                                        ColumnRef{qualifierOf(out.tables[rightBegin]), c.name}, joinType};
                        addUnique(out.columnsRead, j.left);
                        addUnique(out.columnsRead, j.right);
                        out.joins.push_back(std::move(j));
                    }
            }
        }
    }
}

void TokenParser::aliasAndHints(TableRef& t)
{
    if (word("partition") && peek(1).isPunct('(')) {
        ++m_pos;
        skipBalanced();
    }
    if (accept("as")) {
        if (isName(peek()) || peek().kind == TokenKind::String)
            t.alias = peek().kind == TokenKind::String ? unquoteString(peek(), m_dialect) : nameOf(peek());
        ++m_pos;
    } else if (isName(peek()) && !isClauseKeyword(peek()) && !word("lateral") && !word("natural")) {
        t.alias = nameOf(take());
    }
    for (;;) {
        const size_t begin = peek().offset;
        if ((word("use") || word("force") || word("ignore")) && (word("index", 1) || word("key", 1))) {
            m_pos += 2;
            if (accept("for")) {
                if (!accept("join")) {
                    accept("order");
                    accept("group");
                    accept("by");
                }
            }
            skipBalanced();
            t.indexHints.push_back(textBetween(begin, lastEnd()));
            acceptPunct(',');
            continue;
        }
        if (word("indexed") && word("by", 1)) {   // SQLite
            m_pos += 2;
            ++m_pos;
            t.indexHints.push_back(textBetween(begin, lastEnd()));
            continue;
        }
        if (word("not") && word("indexed", 1)) {
            m_pos += 2;
            t.indexHints.push_back("NOT INDEXED");
            continue;
        }
        break;
    }
}

void TokenParser::tableFactor(QueryShape& out)
{
    const bool lateral = accept("lateral");
    (void)lateral;
    if (peek().isPunct('(')) {
        if (word("select", 1) || word("with", 1) || word("values", 1) || peek(1).isPunct('(')) {
            // A derived table, or a parenthesized one: look past nested parentheses.
            size_t k = 1;
            while (peek(k).isPunct('('))
                ++k;
            if (word("select", k) || word("with", k) || word("values", k)) {
                ++m_pos;
                QueryShape sub = nestedQuery(SubqueryRole::Derived, {});
                if (!acceptPunct(')'))
                    skipToClause(out, "derived table not understood");
                acceptPunct(')');
                TableRef t;
                t.kind = TableKind::Derived;
                aliasAndHints(t);
                if (t.alias.empty())
                    t.alias = "subquery";
                t.name = t.alias;
                sub.name = t.alias;
                // Derived-table column list: (SELECT ...) AS d (a, b)
                if (peek().isPunct('(')) {
                    std::vector<std::string> cols;
                    ++m_pos;
                    while (!atEnd() && !peek().isPunct(')')) {
                        if (isName(peek()))
                            cols.push_back(nameOf(peek()));
                        ++m_pos;
                    }
                    acceptPunct(')');
                    sub.outputColumns = cols;
                }
                out.subqueries.push_back(std::move(sub));
                out.tables.push_back(std::move(t));
                return;
            }
        }
        // ( table references )
        ++m_pos;
        tableReferences(out);
        if (!acceptPunct(')'))
            skipToClause(out, "table reference not understood");
        acceptPunct(')');
        return;
    }
    if (isClauseKeyword(peek()) || atEnd()) {
        out.skipped.push_back(fmt::format("a table name is missing at offset {}", peek().offset));
        return;
    }
    if (!isName(peek())) {
        skipToClause(out, "table reference not understood");
        return;
    }
    TableRef t;
    t.name = nameOf(take());
    if (acceptPunct('.')) {
        t.schema = t.name;
        t.name = nameOf(take());
    }
    if (peek().isPunct('(')) {
        // Table-valued function: json_each(...), JSON_TABLE(...), generate_series(...)
        t.kind = TableKind::Function;
        m_subRole = SubqueryRole::Scalar;
        ++m_pos;
        while (!atEnd() && !peek().isPunct(')')) {
            const size_t before = m_pos;
            collect(expression(out), out);
            if (m_pos == before)
                skipToClause(out, "table function argument not understood");
            acceptPunct(',');
        }
        acceptPunct(')');
    } else if (t.schema.empty() && isCte(t.name)) {
        t.kind = TableKind::Cte;
    }
    aliasAndHints(t);
    out.tables.push_back(std::move(t));
}

// --------------------------------------------------------------------------- expressions

Expr TokenParser::orExpr(QueryShape& out)
{
    const size_t begin = peek().offset;
    Expr left = andExpr(out);
    while (word("or") || word("xor") || (m_dialect == Dialect::MySQL && peek().isOperator("||"))) {
        const std::string op = word("xor") ? "xor" : "or";
        ++m_pos;
        Expr right = andExpr(out);
        Expr e;
        e.kind = Expr::Binary;
        e.name = op;
        e.args.push_back(std::move(left));
        e.args.push_back(std::move(right));
        left = finish(std::move(e), begin);
    }
    return left;
}

Expr TokenParser::andExpr(QueryShape& out)
{
    const size_t begin = peek().offset;
    Expr left = notExpr(out);
    while (word("and") || peek().isOperator("&&")) {
        ++m_pos;
        Expr right = notExpr(out);
        Expr e;
        e.kind = Expr::Binary;
        e.name = "and";
        e.args.push_back(std::move(left));
        e.args.push_back(std::move(right));
        left = finish(std::move(e), begin);
    }
    return left;
}

Expr TokenParser::notExpr(QueryShape& out)
{
    const size_t begin = peek().offset;
    if (word("not") && !word("exists", 1)) {
        ++m_pos;
        Expr e;
        e.kind = Expr::Unary;
        e.name = "not";
        e.args.push_back(notExpr(out));
        return finish(std::move(e), begin);
    }
    return predicateExpr(out);
}

Expr TokenParser::predicateExpr(QueryShape& out)
{
    const size_t begin = peek().offset;
    Expr left = bitExpr(out);
    for (int guard = 0; guard < 64; ++guard) {
        bool negated = false;
        const size_t save = m_pos;
        if (accept("not"))
            negated = true;
        if (accept("in")) {
            Expr e;
            e.kind = Expr::In;
            e.negated = negated;
            e.args.push_back(std::move(left));
            if (acceptPunct('(')) {
                if (word("select") || word("with")) {
                    out.subqueries.push_back(nestedQuery(m_subRole, {}));
                    e.subqueryList = true;
                } else {
                    while (!atEnd() && !peek().isPunct(')')) {
                        const size_t before = m_pos;
                        e.args.push_back(expression(out));
                        if (!acceptPunct(',') && m_pos == before)
                            ++m_pos;
                    }
                }
                acceptPunct(')');
            } else {
                e.args.push_back(primary(out));   // SQLite: IN table / IN ?
            }
            left = finish(std::move(e), begin);
            continue;
        }
        if (accept("between")) {
            Expr e;
            e.kind = Expr::Between;
            e.negated = negated;
            e.args.push_back(std::move(left));
            e.args.push_back(bitExpr(out));
            accept("and");
            e.args.push_back(bitExpr(out));
            left = finish(std::move(e), begin);
            continue;
        }
        if (word("like") || word("glob") || word("regexp") || word("rlike") || word("similar") || word("match")) {
            Expr e;
            e.kind = Expr::Like;
            e.name = toLower(take().text);
            accept("to");
            e.negated = negated;
            e.args.push_back(std::move(left));
            e.args.push_back(bitExpr(out));
            if (accept("escape"))
                e.args.push_back(bitExpr(out));
            left = finish(std::move(e), begin);
            continue;
        }
        if (negated) {
            m_pos = save;
            break;
        }
        if (word("sounds") && word("like", 1)) {
            m_pos += 2;
            Expr e;
            e.kind = Expr::Binary;
            e.name = "sounds like";
            e.args.push_back(std::move(left));
            e.args.push_back(bitExpr(out));
            left = finish(std::move(e), begin);
            continue;
        }
        if (accept("is")) {
            const bool isNot = accept("not");
            if (accept("null") || accept("unknown")) {
                Expr e;
                e.kind = Expr::IsNull;
                e.negated = isNot;
                e.args.push_back(std::move(left));
                left = finish(std::move(e), begin);
                continue;
            }
            Expr e;
            e.kind = Expr::Binary;
            e.name = isNot ? "is not" : "is";
            if (accept("distinct") && accept("from"))
                e.name = isNot ? "<=>" : "is distinct from";
            e.args.push_back(std::move(left));
            e.args.push_back(bitExpr(out));
            left = finish(std::move(e), begin);
            continue;
        }
        if (word("isnull") || word("notnull")) {
            Expr e;
            e.kind = Expr::IsNull;
            e.negated = word("notnull");
            ++m_pos;
            e.args.push_back(std::move(left));
            left = finish(std::move(e), begin);
            continue;
        }
        const Token& t = peek();
        if (t.kind == TokenKind::Operator
            && (t.text == "=" || t.text == "==" || t.text == "<=>" || t.text == "<>" || t.text == "!=" || t.text == "<"
                || t.text == "<=" || t.text == ">" || t.text == ">=")) {
            Expr e;
            e.kind = Expr::Binary;
            e.name = std::string(take().text);
            e.args.push_back(std::move(left));
            if ((word("any") || word("some") || word("all")) && peek(1).isPunct('(')) {
                const bool all = word("all");
                ++m_pos;
                ++m_pos;
                Expr in;
                in.kind = Expr::In;
                in.name = e.name + (all ? " all" : " any");
                in.subqueryList = true;
                in.args.push_back(std::move(e.args.front()));
                out.subqueries.push_back(nestedQuery(m_subRole, {}));
                acceptPunct(')');
                left = finish(std::move(in), begin);
                continue;
            }
            e.args.push_back(bitExpr(out));
            left = finish(std::move(e), begin);
            continue;
        }
        break;
    }
    return left;
}

Expr TokenParser::bitExpr(QueryShape& out)
{
    const size_t begin = peek().offset;
    Expr left = unaryExpr(out);
    for (;;) {
        const Token& t = peek();
        const bool arithmetic = t.kind == TokenKind::Operator
            && (t.text == "+" || t.text == "-" || t.text == "*" || t.text == "/" || t.text == "%" || t.text == "|"
                || t.text == "&" || t.text == "^" || t.text == "<<" || t.text == ">>" || t.text == "->" || t.text == "->>"
                || (t.text == "||" && m_dialect != Dialect::MySQL));
        const bool wordOp = word("div") || word("mod");
        if (!arithmetic && !wordOp)
            break;
        Expr e;
        e.kind = Expr::Binary;
        e.name = toLower(take().text);
        e.args.push_back(std::move(left));
        e.args.push_back(unaryExpr(out));
        left = finish(std::move(e), begin);
    }
    if (accept("collate")) {
        Expr e;
        e.kind = Expr::Func;
        e.name = "collate";
        e.args.push_back(std::move(left));
        ++m_pos;   // collation name
        left = finish(std::move(e), begin);
    }
    return left;
}

Expr TokenParser::unaryExpr(QueryShape& out)
{
    const size_t begin = peek().offset;
    const Token& t = peek();
    if ((t.kind == TokenKind::Operator && (t.text == "-" || t.text == "+" || t.text == "~" || t.text == "!"))
        || word("binary")) {
        const std::string op = toLower(take().text);
        Expr inner = unaryExpr(out);
        if ((op == "-" || op == "+") && inner.kind == Expr::Literal)
            return finish(std::move(inner), begin);
        Expr e;
        e.kind = op == "binary" ? Expr::Func : Expr::Unary;
        e.name = op;
        e.args.push_back(std::move(inner));
        return finish(std::move(e), begin);
    }
    return primary(out);
}

void TokenParser::windowSpec(QueryShape& out)
{
    // After OVER (: [name] [PARTITION BY ...] [ORDER BY ...] [frame]
    while (!atEnd() && !peek().isPunct(')')) {
        if ((word("partition") || word("order")) && word("by", 1)) {
            m_pos += 2;
            do {
                collect(expression(out), out);
                accept("asc");
                accept("desc");
            } while (acceptPunct(','));
            continue;
        }
        if (peek().isPunct('('))
            skipBalanced();
        else
            ++m_pos;
    }
    acceptPunct(')');
}

Expr TokenParser::functionCall(QueryShape& out, std::string name, size_t begin)
{
    Expr e;
    e.kind = Expr::Func;
    e.name = toLower(name);
    ++m_pos;   // (
    accept("distinct");
    accept("all");
    const bool cast = e.name == "cast" || e.name == "convert" || e.name == "try_cast";
    while (!atEnd() && !peek().isPunct(')')) {
        const size_t before = m_pos;
        if (peek().isOperator("*")) {
            ++m_pos;   // count(*)
        } else if (cast && (word("as") || word("using"))) {
            ++m_pos;
            e.kind = Expr::Cast;
            e.value = toLower(take().text);   // the target type
            while (!atEnd() && !peek().isPunct(')')) {
                if (peek().isPunct('('))
                    skipBalanced();
                else
                    ++m_pos;
            }
        } else if ((word("order") && word("by", 1)) || word("separator")) {
            // GROUP_CONCAT(x ORDER BY y SEPARATOR ',')
            if (accept("separator"))
                ++m_pos;
            else
                m_pos += 2;
        } else {
            Expr arg = expression(out);
            accept("asc");
            accept("desc");
            e.args.push_back(std::move(arg));
        }
        if (!acceptPunct(',') && m_pos == before)
            ++m_pos;
    }
    expectClose(out);
    if (e.name == "convert" && e.kind == Expr::Func && e.args.size() == 2) {
        // CONVERT(expr, type)
        e.kind = Expr::Cast;
        e.value = toLower(textBetween(e.args[1].begin, e.args[1].end));
        e.args.pop_back();
    }
    if (accept("filter") && peek().isPunct('(')) {
        ++m_pos;
        accept("where");
        collect(expression(out), out);
        acceptPunct(')');
    }
    if (accept("over")) {
        out.hasWindowFunctions = true;
        if (acceptPunct('('))
            windowSpec(out);
        else
            ++m_pos;   // a named window
    } else if (isAggregateFunction(e.name)) {
        out.hasAggregates = true;
    }
    return finish(std::move(e), begin);
}

Expr TokenParser::primary(QueryShape& out)
{
    const size_t begin = peek().offset;
    const Token t = peek();
    Expr e;
    if (++m_depth > 200) {
        --m_depth;
        while (m_pos < m_tokens.size())
            ++m_pos;
        out.skipped.push_back("expression nested deeper than 200 levels is not described");
        return finish(std::move(e), begin);
    }
    struct DepthGuard {
        int& d;
        ~DepthGuard() { --d; }
    } guard{m_depth};

    switch (t.kind) {
    case TokenKind::Number:
    case TokenKind::HexNumber:
        if (t.kind == TokenKind::Number && m_dialect == Dialect::MySQL && isName(t))
            break;   // 2024_sales: an identifier starting with a digit
        ++m_pos;
        e.kind = Expr::Literal;
        e.name = "number";
        return finish(std::move(e), begin);
    case TokenKind::String:
        ++m_pos;
        e.kind = Expr::Literal;
        e.name = "string";
        e.value = unquoteString(t, m_dialect);
        while (peek().kind == TokenKind::String)   // 'a' 'b' concatenation
            e.value += unquoteString(take(), m_dialect);
        return finish(std::move(e), begin);
    case TokenKind::Parameter:
    case TokenKind::Variable:
        ++m_pos;
        e.kind = Expr::Param;
        e.name = t.kind == TokenKind::Variable ? "variable" : "parameter";
        if (t.kind == TokenKind::Parameter)
            out.hasParameters = true;
        if (t.kind == TokenKind::Variable && (peek().isOperator(":=") )) {
            ++m_pos;
            collect(expression(out), out);
        }
        return finish(std::move(e), begin);
    case TokenKind::Operator:
        if (t.text == "*") {
            ++m_pos;
            e.kind = Expr::Star;
            return finish(std::move(e), begin);
        }
        break;
    case TokenKind::Punctuation:
        if (t.isPunct('(')) {
            ++m_pos;
            if (word("select") || word("with")) {
                e.kind = Expr::Subquery;
                out.subqueries.push_back(nestedQuery(m_subRole, {}));
                expectClose(out);
                return finish(std::move(e), begin);
            }
            Expr first = expression(out);
            if (acceptPunct(')'))
                return finish(std::move(first), begin);
            e.kind = Expr::List;
            e.args.push_back(std::move(first));
            while (acceptPunct(','))
                e.args.push_back(expression(out));
            expectClose(out);
            return finish(std::move(e), begin);
        }
        if (t.isPunct('{')) {   // ODBC escape { d '2024-01-01' }
            ++m_pos;
            if (isName(peek()))
                ++m_pos;
            e = expression(out);
            acceptPunct('}');
            return finish(std::move(e), begin);
        }
        break;
    default:
        break;
    }

    if (isName(t)) {
        if (t.kind == TokenKind::Identifier) {
            if (t.is("null") || t.is("true") || t.is("false")) {
                ++m_pos;
                e.kind = Expr::Literal;
                e.name = t.is("null") ? "null" : "boolean";
                return finish(std::move(e), begin);
            }
            if (t.is("exists") || (t.is("not") && peek(1).is("exists"))) {
                if (t.is("not"))
                    ++m_pos;
                ++m_pos;
                e.kind = Expr::Exists;
                if (acceptPunct('(')) {
                    out.subqueries.push_back(nestedQuery(m_subRole, {}));
                    acceptPunct(')');
                }
                return finish(std::move(e), begin);
            }
            if (t.is("case")) {
                ++m_pos;
                e.kind = Expr::Other;
                e.name = "case";
                while (!atEnd() && !word("end")) {
                    const size_t before = m_pos;
                    if (accept("when") || accept("then") || accept("else"))
                        continue;
                    e.args.push_back(expression(out));
                    if (m_pos == before)
                        ++m_pos;
                }
                if (!accept("end"))
                    out.skipped.push_back(fmt::format("CASE without END at offset {}", t.offset));
                return finish(std::move(e), begin);
            }
            if (t.is("interval")) {
                ++m_pos;
                e.kind = Expr::Other;
                e.name = "interval";
                e.args.push_back(bitExpr(out));
                if (isName(peek()) && !isClauseKeyword(peek()))
                    ++m_pos;   // the unit
                return finish(std::move(e), begin);
            }
            if ((t.is("date") || t.is("time") || t.is("timestamp")) && peek(1).kind == TokenKind::String) {
                m_pos += 2;
                e.kind = Expr::Literal;
                e.name = "string";
                return finish(std::move(e), begin);
            }
            if (t.is("row") && peek(1).isPunct('(')) {
                ++m_pos;
                return primary(out);
            }
            if (t.is("match") && peek(1).isPunct('(')) {
                // MATCH (cols) AGAINST ('text' [IN BOOLEAN MODE])
                ++m_pos;
                Expr m = functionCall(out, "match", begin);
                if (accept("against")) {
                    skipBalanced();
                }
                m.kind = Expr::Func;
                return finish(std::move(m), begin);
            }
            if ((t.is("current_date") || t.is("current_time") || t.is("current_timestamp") || t.is("localtime")
                 || t.is("localtimestamp") || t.is("current_user"))
                && !peek(1).isPunct('(')) {
                ++m_pos;
                e.kind = Expr::Func;
                e.name = toLower(t.text);
                return finish(std::move(e), begin);
            }
        }
        std::string name = nameOf(take());
        if (peek().isPunct('(') && t.kind == TokenKind::Identifier)
            return functionCall(out, name, begin);
        std::string qualifier;
        while (peek().isPunct('.')) {
            ++m_pos;
            if (peek().isOperator("*")) {
                ++m_pos;
                e.kind = Expr::Star;
                e.qualifier = qualifier.empty() ? name : qualifier + "." + name;
                return finish(std::move(e), begin);
            }
            qualifier = qualifier.empty() ? name : qualifier + "." + name;
            name = nameOf(take());
        }
        if (peek().isPunct('(')) {   // schema.function(...)
            return functionCall(out, name, begin);
        }
        // db.table.column: the database does not help to resolve the table.
        if (const size_t dots = size_t(std::count(qualifier.begin(), qualifier.end(), '.')); dots > 1)
            qualifier = qualifier.substr(qualifier.find('.') + 1);
        e.kind = Expr::Column;
        e.name = name;
        e.qualifier = qualifier;
        return finish(std::move(e), begin);
    }
    // Not an expression: consume one token so the caller always makes progress.
    if (m_pos >= m_tokens.size() && m_lexError.empty()) {
        const std::string why = fmt::format("an expression is missing at the end (offset {})", m_sql.size());
        if (std::find(out.skipped.begin(), out.skipped.end(), why) == out.skipped.end())
            out.skipped.push_back(why);
    } else if (!atEnd() && !t.isPunct(')') && !t.isPunct(',')) {
        ++m_pos;
        out.skipped.push_back(fmt::format("unexpected '{}' at offset {}", t.text, t.offset));
    }
    return finish(std::move(e), begin);
}

// --------------------------------------------------------------------------- classification

void TokenParser::collect(const Expr& e, QueryShape& out) const
{
    switch (e.kind) {
    case Expr::Column: addUnique(out.columnsRead, ColumnRef{e.qualifier, e.name}); return;
    case Expr::Star: out.selectStar = true; return;
    default: break;
    }
    for (const Expr& a : e.args)
        collect(a, out);
}

void TokenParser::columnsIn(const Expr& e, std::vector<ColumnRef>& out) const
{
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
    p.text = textBetween(node.begin, node.end);
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

} // namespace

QueryShape parseTokenShape(std::string_view sql, Dialect dialect, const catalog::Catalog* schema)
{
    TokenParser parser(sql, dialect, schema);
    return parser.run();
}

} // namespace planwise::sql::detail
