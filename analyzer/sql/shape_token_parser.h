#pragma once
// The token parser behind MySQL/MariaDB and SQLite shapes (shape_tokens.h),
// shared by its source files: statements (shape_tokens.cpp), FROM
// (shape_tokens_from.cpp), expressions (shape_tokens_expr.cpp) and predicate
// classification (shape_tokens_predicates.cpp). Internal: not part of the API.
#include "analyzer/core/text.h"
#include "analyzer/sql/lexer.h"
#include "analyzer/sql/query_shape.h"
#include "analyzer/sql/shape_common.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace planwise::sql::detail::tokens {

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

using detail::CondContext;
using detail::Operand;

// Words that end an expression or a table reference at clause level.
bool isClauseKeyword(const Token& t);

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
    // ORDER BY, LIMIT/OFFSET, FOR UPDATE; `selectItems` resolves positions and aliases.
    void tailClauses(QueryShape& out, const std::vector<Expr>* selectItems);
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
    // Up to two distinct columns of an expression (subqueries excluded).
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

// GROUP BY / ORDER BY x where x names a select-list item rather than a column.
bool isOutputAlias(const Expr& e, const std::vector<Expr>& items);

} // namespace planwise::sql::detail::tokens
