// The token-based fingerprint: PostgreSQL's fallback when libpg_query cannot
// parse a statement (a truncated log line, another dialect), and SQLite's.
#include "analyzer/sql/fingerprint.h"

#include "analyzer/sql/lexer.h"

namespace planwise::sql {

namespace {

bool isLiteral(const Token& t)
{
    switch (t.kind) {
    case TokenKind::String:
    case TokenKind::Number:
    case TokenKind::HexNumber:
    case TokenKind::Parameter:
        return true;
    case TokenKind::Identifier:
        return t.is("true") || t.is("false") || t.is("null");
    default:
        return false;
    }
}

// A sign directly before a number is part of the literal when what precedes
// it cannot end an operand: "= -1", "(-1", ", +2", start of text.
bool signStartsLiteral(const Token& sign, const Token& next, const Token* prev)
{
    if (!(sign.isOperator("-") || sign.isOperator("+")))
        return false;
    if (next.kind != TokenKind::Number || next.offset != sign.offset + 1)
        return false;
    if (!prev)
        return true;
    switch (prev->kind) {
    case TokenKind::Operator:
        return true;
    case TokenKind::Punctuation:
        return !prev->isPunct(')') && !prev->isPunct(']');
    case TokenKind::Identifier:
        // Keywords that precede an operand.
        return prev->is("select") || prev->is("where") || prev->is("and") || prev->is("or") || prev->is("not")
            || prev->is("then") || prev->is("else") || prev->is("when") || prev->is("by") || prev->is("limit")
            || prev->is("offset") || prev->is("between") || prev->is("in") || prev->is("values") || prev->is("return")
            || prev->is("like") || prev->is("is");
    default:
        return false;
    }
}

void appendLower(std::string& out, std::string_view s)
{
    for (char c : s)
        out.push_back((c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c);
}

// The token after `lexer`'s position, comments skipped.
Token nextToken(Lexer& lexer)
{
    return lexer.next();
}

// After IN / VALUES: one or more "( literal [, literal]* )" groups (VALUES rows
// separated by commas). Returns true and advances `lexer` past them when at
// least one group is there.
bool skipLiteralGroups(Lexer& lexer)
{
    Lexer probe = lexer;
    bool any = false;
    for (;;) {
        Lexer save = probe;
        Token t = nextToken(probe);
        if (any) {
            if (!t.isPunct(',')) {
                lexer = save;
                return true;
            }
            t = nextToken(probe);
        }
        if (!t.isPunct('(')) {
            if (any)
                lexer = save;
            return any;
        }
        bool ok = true, needValue = true;
        const Token* prev = nullptr;
        Token prevStore;
        for (;;) {
            Token v = nextToken(probe);
            if (v.isPunct(')') && !needValue)
                break;
            if (needValue) {
                if (v.isOperator("-") || v.isOperator("+")) {
                    Token num = probe.peek();
                    if (signStartsLiteral(v, num, prev)) {
                        nextToken(probe);
                        v = num;
                    }
                }
                if (!isLiteral(v)) {
                    ok = false;
                    break;
                }
                needValue = false;
            } else if (v.isPunct(',')) {
                needValue = true;
            } else {
                ok = false;
                break;
            }
            prevStore = v;
            prev = &prevStore;
        }
        if (!ok) {
            if (any)
                lexer = save;
            return any;
        }
        any = true;
        lexer = probe;
    }
}

} // namespace

void lexerFingerprintInto(std::string_view query, Dialect dialect, std::string& out)
{
    out.clear();
    LexerOptions opts;
    opts.skipComments = true;
    Lexer lexer(query, dialect, opts);
    Token prevStore;
    const Token* prev = nullptr;
    size_t prevEnd = 0;
    for (;;) {
        Token t = lexer.next();
        if (t.kind == TokenKind::End)
            break;
        // One space where the query had blanks or a comment between tokens.
        if (prev && t.offset > prevEnd && !out.empty())
            out.push_back(' ');
        size_t end = t.offset + t.text.size();
        if (t.kind == TokenKind::Error) {
            out.push_back('?');
            break;
        }
        if ((t.isOperator("-") || t.isOperator("+")) && signStartsLiteral(t, lexer.peek(), prev)) {
            Token num = lexer.next();
            end = num.offset + num.text.size();
            out.push_back('?');
        } else if (isLiteral(t)) {
            out.push_back('?');
        } else if (t.kind == TokenKind::Identifier) {
            appendLower(out, t.text);
            if (t.is("in") || t.is("values") || t.is("value")) {
                if (skipLiteralGroups(lexer)) {
                    out.append("(?+)");
                    end = lexer.position();   // just after the last ')'
                }
            }
        } else {
            out.append(t.text);
        }
        prevStore = t;
        prev = &prevStore;
        prevEnd = end;
    }
}

} // namespace planwise::sql
