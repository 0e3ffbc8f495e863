// MySQL/MariaDB and SQLite shapes: statements, over the lexer's tokens.
#include "analyzer/sql/shape_tokens.h"
#include "analyzer/sql/shape_token_parser.h"

#include "analyzer/core/text.h"
#include "analyzer/sql/shape_common.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace planwise::sql::detail {
namespace tokens {

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

// --------------------------------------------------------------------------- helpers

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
        tailClauses(out, nullptr);
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
        tailClauses(out, nullptr);
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
    tailClauses(out, &items);
}

void TokenParser::tailClauses(QueryShape& out, const std::vector<Expr>* items)
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
        number(first, true);
        if (acceptPunct(',')) {
            // LIMIT offset, count
            out.offset = first;
            out.limitIsParameter = false;
            number(out.limit, true);
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
    tailClauses(out, nullptr);
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
    tailClauses(out, nullptr);
    returning(out);
}

} // namespace tokens

QueryShape parseTokenShape(std::string_view sql, Dialect dialect, const catalog::Catalog* schema)
{
    tokens::TokenParser parser(sql, dialect, schema);
    return parser.run();
}

} // namespace planwise::sql::detail
