// Token parser: expressions by precedence climbing into a small tree (Expr).
#include "analyzer/sql/shape_token_parser.h"

#include "analyzer/core/text.h"
#include "analyzer/sql/shape_common.h"

#include <fmt/format.h>

#include <algorithm>

namespace planwise::sql::detail::tokens {

// --------------------------------------------------------------------------- expressions

// AND / OR chains become one node with every operand: a WHERE with 20,000 ORs
// must not turn into a tree 20,000 levels deep.
Expr TokenParser::orExpr(QueryShape& out)
{
    const size_t begin = peek().offset;
    Expr first = andExpr(out);
    if (!(word("or") || word("xor") || (m_dialect == Dialect::MySQL && peek().isOperator("||"))))
        return first;
    Expr e;
    e.kind = Expr::Binary;
    e.name = "or";
    e.args.push_back(std::move(first));
    while (word("or") || word("xor") || (m_dialect == Dialect::MySQL && peek().isOperator("||"))) {
        if (word("xor"))
            e.name = "xor";
        ++m_pos;
        e.args.push_back(andExpr(out));
    }
    return finish(std::move(e), begin);
}

Expr TokenParser::andExpr(QueryShape& out)
{
    const size_t begin = peek().offset;
    Expr first = notExpr(out);
    if (!(word("and") || peek().isOperator("&&")))
        return first;
    Expr e;
    e.kind = Expr::Binary;
    e.name = "and";
    e.args.push_back(std::move(first));
    while (word("and") || peek().isOperator("&&")) {
        ++m_pos;
        e.args.push_back(notExpr(out));
    }
    return finish(std::move(e), begin);
}

Expr TokenParser::notExpr(QueryShape& out)
{
    const size_t begin = peek().offset;
    // NOT NOT x is x: count instead of nesting.
    bool negate = false;
    while (word("not") && !word("exists", 1)) {
        ++m_pos;
        negate = !negate;
    }
    Expr inner = predicateExpr(out);
    if (!negate)
        return inner;
    Expr e;
    e.kind = Expr::Unary;
    e.name = "not";
    e.args.push_back(std::move(inner));
    return finish(std::move(e), begin);
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
    Expr first = unaryExpr(out);
    auto atOperator = [&] {
        const Token& t = peek();
        const bool arithmetic = t.kind == TokenKind::Operator
            && (t.text == "+" || t.text == "-" || t.text == "*" || t.text == "/" || t.text == "%" || t.text == "|"
                || t.text == "&" || t.text == "^" || t.text == "<<" || t.text == ">>" || t.text == "->" || t.text == "->>"
                || (t.text == "||" && m_dialect != Dialect::MySQL));
        return arithmetic || word("div") || word("mod");
    };
    Expr left = std::move(first);
    if (atOperator()) {
        // One node for the whole chain (a + b - c ...): flat, whatever its length.
        Expr e;
        e.kind = Expr::Binary;
        e.args.push_back(std::move(left));
        while (atOperator()) {
            const std::string op = toLower(take().text);
            e.name = e.name.empty() || e.name == op ? op : "expression";
            e.args.push_back(unaryExpr(out));
        }
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
    // Prefix operators, read in a loop: "- - - 1" must not recurse once per sign.
    std::vector<std::string> ops;
    for (;;) {
        const Token& t = peek();
        if ((t.kind == TokenKind::Operator && (t.text == "-" || t.text == "+" || t.text == "~" || t.text == "!"))
            || word("binary")) {
            std::string op = toLower(take().text);
            if (op == "+")
                continue;
            if (!ops.empty() && ops.back() == op && op != "binary")
                ops.pop_back();   // - - x, ! ! x, ~ ~ x cancel out
            else if (!(op == "binary" && !ops.empty() && ops.back() == op))
                ops.push_back(std::move(op));
            continue;
        }
        break;
    }
    Expr e = primary(out);
    if (ops.size() > 64) {
        out.skipped.push_back(fmt::format("{} prefix operators at offset {}: only the innermost 64 are kept", ops.size(), begin));
        ops.erase(ops.begin(), ops.end() - 64);
    }
    for (auto it = ops.rbegin(); it != ops.rend(); ++it) {
        if (*it == "-" && e.kind == Expr::Literal)
            continue;   // a negative number is still a literal
        Expr wrapped;
        wrapped.kind = *it == "binary" ? Expr::Func : Expr::Unary;
        wrapped.name = *it;
        wrapped.args.push_back(std::move(e));
        e = finish(std::move(wrapped), begin);
    }
    if (!ops.empty())
        e = finish(std::move(e), begin);
    return e;
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

} // namespace planwise::sql::detail::tokens
