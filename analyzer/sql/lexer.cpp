#include "analyzer/sql/lexer.h"

#include "analyzer/core/text.h"

#include <cstring>

namespace planwise::sql {

namespace {

constexpr bool isIdentStartByte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
constexpr bool isIdentByte(unsigned char c)
{
    return isIdentStartByte(c) || (c >= '0' && c <= '9') || c == '$';
}
constexpr bool isHexDigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
constexpr bool isSpaceByte(char c) { return isAsciiSpace(c); }

// PostgreSQL's operator characters (scan.l "self"/"op_chars"), '?' excluded: see lexOperator.
constexpr bool isPgOpChar(char c)
{
    switch (c) {
    case '~': case '!': case '@': case '#': case '^': case '&': case '|': case '`':
    case '+': case '-': case '*': case '/': case '%': case '<': case '>': case '=':
        return true;
    default:
        return false;
    }
}

} // namespace

int placeholderCount(std::string_view sql, Dialect dialect)
{
    LexerOptions options;
    options.skipComments = true;
    Lexer lexer(sql, dialect, options);
    int count = 0;
    for (Token t = lexer.next(); t.kind != TokenKind::End && t.kind != TokenKind::Error; t = lexer.next()) {
        if (t.kind != TokenKind::Parameter)
            continue;
        if (dialect == Dialect::PostgreSQL) {
            if (t.text.size() > 1 && t.text[0] == '$') {
                int n = 0;
                for (const char c : t.text.substr(1))
                    n = n < 100000 ? n * 10 + (c - '0') : n;
                count = std::max(count, n);
            }
        } else {
            ++count;
        }
    }
    return count;
}

size_t pgBlockCommentEnd(std::string_view sql, size_t start)
{
    const char* s = sql.data();
    const size_t n = sql.size();
    int depth = 1;
    size_t i = start + 2;
    while (i + 1 < n && depth > 0) {
        if (s[i] == '/' && s[i + 1] == '*') {
            ++depth;
            i += 2;
        } else if (s[i] == '*' && s[i + 1] == '/') {
            --depth;
            i += 2;
        } else {
            ++i;
        }
    }
    return depth > 0 ? std::string_view::npos : i;
}

size_t pgOperatorEnd(std::string_view sql, size_t start)
{
    const char* s = sql.data();
    const size_t n = sql.size();
    size_t i = start;
    bool special = false;
    while (i < n && isPgOpChar(s[i])) {
        if (i > start && i + 1 < n && ((s[i] == '-' && s[i + 1] == '-') || (s[i] == '/' && s[i + 1] == '*')))
            break;
        special = special || std::strchr("~!@#%^&|`", s[i]) != nullptr;
        ++i;
    }
    if (i == start)
        return start + 1;
    if (!special)
        while (i > start + 1 && (s[i - 1] == '+' || s[i - 1] == '-'))
            --i;
    return i;
}

std::string_view tokenKindName(TokenKind kind)
{
    switch (kind) {
    case TokenKind::Identifier: return "Identifier";
    case TokenKind::QuotedIdentifier: return "QuotedIdentifier";
    case TokenKind::String: return "String";
    case TokenKind::Number: return "Number";
    case TokenKind::HexNumber: return "HexNumber";
    case TokenKind::Parameter: return "Parameter";
    case TokenKind::Variable: return "Variable";
    case TokenKind::Operator: return "Operator";
    case TokenKind::Punctuation: return "Punctuation";
    case TokenKind::Comment: return "Comment";
    case TokenKind::VersionComment: return "VersionComment";
    case TokenKind::Error: return "Error";
    case TokenKind::End: return "End";
    }
    return "?";
}

bool Token::is(std::string_view word) const
{
    if (text.size() != word.size())
        return false;
    for (size_t i = 0; i < word.size(); ++i)
        if (asciiLower(text[i]) != asciiLower(word[i]))
            return false;
    return true;
}

Lexer::Lexer(std::string_view sql, Dialect dialect, LexerOptions options)
    : m_sql(sql), m_dialect(dialect), m_options(options)
{
}

Token Lexer::next()
{
    if (m_havePeek) {
        m_havePeek = false;
        return m_peek;
    }
    for (;;) {
        Token t = lex();
        if (t.kind == TokenKind::Comment && m_options.skipComments)
            continue;
        return t;
    }
}

Token Lexer::peek()
{
    if (!m_havePeek) {
        m_peek = next();
        m_havePeek = true;
    }
    return m_peek;
}

Token Lexer::make(TokenKind kind, size_t start) const
{
    return Token{kind, m_sql.substr(start, m_pos - start), uint32_t(start)};
}

Token Lexer::error(size_t start)
{
    m_pos = m_sql.size();
    m_done = true;
    return Token{TokenKind::Error, m_sql.substr(start), uint32_t(start)};
}

bool Lexer::atIdentStart(size_t i) const
{
    return i < m_sql.size() && isIdentStartByte(static_cast<unsigned char>(m_sql[i]));
}

// m_pos is at the opening quote. On success m_pos is just past the closing one.
bool Lexer::scanQuoted(char quote, bool backslash)
{
    const size_t n = m_sql.size();
    const char* s = m_sql.data();
    size_t i = m_pos + 1;
    for (;;) {
        // Fast skip to the next quote or backslash.
        const void* q = std::memchr(s + i, quote, n - i);
        size_t qi = q ? size_t(static_cast<const char*>(q) - s) : n;
        if (backslash) {
            const void* b = std::memchr(s + i, '\\', qi - i);
            if (b) {
                size_t bi = size_t(static_cast<const char*>(b) - s);
                i = bi + 2;   // skip the escaped byte, whatever it is
                if (i > n)
                    return false;
                continue;
            }
        }
        if (qi >= n)
            return false;
        if (qi + 1 < n && s[qi + 1] == quote) {   // doubled quote
            i = qi + 2;
            continue;
        }
        m_pos = qi + 1;
        return true;
    }
}

Token Lexer::lexNumber(size_t start)
{
    const size_t n = m_sql.size();
    const char* s = m_sql.data();
    size_t i = start;
    // 0x.. / 0b..
    if (s[i] == '0' && i + 1 < n && (s[i + 1] == 'x' || s[i + 1] == 'X') && i + 2 < n && isHexDigit(s[i + 2])) {
        size_t j = i + 2;
        while (j < n && isHexDigit(s[j]))
            ++j;
        if (!(m_dialect == Dialect::MySQL && j < n && isIdentByte(static_cast<unsigned char>(s[j])))) {
            m_pos = j;
            return make(TokenKind::HexNumber, start);
        }
    }
    if (s[i] == '0' && i + 1 < n && (s[i + 1] == 'b' || s[i + 1] == 'B') && i + 2 < n && (s[i + 2] == '0' || s[i + 2] == '1')) {
        size_t j = i + 2;
        while (j < n && (s[j] == '0' || s[j] == '1'))
            ++j;
        if (!(j < n && isIdentByte(static_cast<unsigned char>(s[j])))) {
            m_pos = j;
            return make(TokenKind::Number, start);
        }
    }
    bool integer = true;
    while (i < n && isAsciiDigit(s[i]))
        ++i;
    if (i < n && s[i] == '.') {
        // "1.5", "1." and ".5"; not "1..2" (range in some dialects, rare) — keep simple.
        integer = false;
        ++i;
        while (i < n && isAsciiDigit(s[i]))
            ++i;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        if (j < n && (s[j] == '+' || s[j] == '-'))
            ++j;
        if (j < n && isAsciiDigit(s[j])) {
            integer = false;
            while (j < n && isAsciiDigit(s[j]))
                ++j;
            i = j;
        }
    }
    if (integer && m_dialect == Dialect::MySQL && i < n && isIdentByte(static_cast<unsigned char>(s[i]))) {
        // MySQL identifiers may start with digits: 2024_sales, 1e (not 1e5), 0xg.
        while (i < n && isIdentByte(static_cast<unsigned char>(s[i])))
            ++i;
        m_pos = i;
        return make(TokenKind::Identifier, start);
    }
    m_pos = i;
    return make(TokenKind::Number, start);
}

Token Lexer::lexDollar(size_t start)
{
    const size_t n = m_sql.size();
    const char* s = m_sql.data();
    size_t i = start + 1;
    if (m_dialect == Dialect::PostgreSQL) {
        if (i < n && isAsciiDigit(s[i])) {
            while (i < n && isAsciiDigit(s[i]))
                ++i;
            m_pos = i;
            return make(TokenKind::Parameter, start);
        }
        // $tag$ ... $tag$ or $$ ... $$
        size_t j = i;
        if (j < n && isIdentStartByte(static_cast<unsigned char>(s[j]))) {
            while (j < n && isIdentByte(static_cast<unsigned char>(s[j])) && s[j] != '$')
                ++j;
        }
        if (j < n && s[j] == '$') {
            std::string_view tag = m_sql.substr(start, j + 1 - start);
            size_t close = m_sql.find(tag, j + 1);
            if (close == std::string_view::npos)
                return error(start);
            m_pos = close + tag.size();
            return make(TokenKind::String, start);
        }
        m_pos = i;
        return make(TokenKind::Operator, start);
    }
    if (m_dialect == Dialect::SQLite) {
        // $name, also with ::suffix and (...) in Tcl style; the simple form suffices.
        while (i < n && (isIdentByte(static_cast<unsigned char>(s[i])) || s[i] == ':'))
            ++i;
        m_pos = i;
        return make(i > start + 1 ? TokenKind::Parameter : TokenKind::Operator, start);
    }
    // MySQL: $ may start an identifier.
    while (i < n && isIdentByte(static_cast<unsigned char>(s[i])))
        ++i;
    m_pos = i;
    return make(i > start + 1 ? TokenKind::Identifier : TokenKind::Operator, start);
}

Token Lexer::lexOperator(size_t start)
{
    const size_t n = m_sql.size();
    const char* s = m_sql.data();
    if (m_dialect == Dialect::PostgreSQL && start + 1 < n && s[start] == ':' && (s[start + 1] == ':' || s[start + 1] == '=')) {
        m_pos = start + 2;
        return make(TokenKind::Operator, start);
    }
    if (m_dialect == Dialect::PostgreSQL) {
        m_pos = pgOperatorEnd(m_sql, start);
        return make(TokenKind::Operator, start);
    }
    static constexpr std::string_view three[] = {"<=>", "->>", "<<=", ">>="};
    static constexpr std::string_view two[] = {"<=", ">=", "<>", "!=", "::", "||", "->", "&&", "<<", ">>", ":=", "==", "!<", "!>"};
    std::string_view rest = m_sql.substr(start);
    for (std::string_view op : three)
        if (rest.substr(0, 3) == op) {
            m_pos = start + 3;
            return make(TokenKind::Operator, start);
        }
    for (std::string_view op : two)
        if (rest.substr(0, 2) == op) {
            m_pos = start + 2;
            return make(TokenKind::Operator, start);
        }
    m_pos = start + 1;
    return make(TokenKind::Operator, start);
}

Token Lexer::lex()
{
    const size_t n = m_sql.size();
    const char* s = m_sql.data();
    if (m_done)
        return Token{TokenKind::End, m_sql.substr(n), uint32_t(n)};
    for (;;) {
        while (m_pos < n && isSpaceByte(s[m_pos]))
            ++m_pos;
        if (m_pos >= n) {
            m_done = true;
            return Token{TokenKind::End, m_sql.substr(n), uint32_t(n)};
        }
        const size_t start = m_pos;
        const char c = s[start];
        const char c1 = start + 1 < n ? s[start + 1] : '\0';
        const bool mysql = m_dialect == Dialect::MySQL;
        const bool pg = m_dialect == Dialect::PostgreSQL;
        const bool sqlite = m_dialect == Dialect::SQLite;

        switch (c) {
        case '\'':
            if (!scanQuoted('\'', mysql && !m_options.noBackslashEscapes))
                return error(start);
            return make(TokenKind::String, start);
        case '"':
            if (mysql && !m_options.ansiQuotes) {
                if (!scanQuoted('"', !m_options.noBackslashEscapes))
                    return error(start);
                return make(TokenKind::String, start);
            }
            if (!scanQuoted('"', false))
                return error(start);
            return make(TokenKind::QuotedIdentifier, start);
        case '`':
            if (mysql || sqlite) {
                if (!scanQuoted('`', false))
                    return error(start);
                return make(TokenKind::QuotedIdentifier, start);
            }
            return lexOperator(start);
        case '[':
            if (sqlite) {
                size_t close = m_sql.find(']', start + 1);
                if (close == std::string_view::npos)
                    return error(start);
                m_pos = close + 1;
                return make(TokenKind::QuotedIdentifier, start);
            }
            m_pos = start + 1;
            return make(TokenKind::Punctuation, start);
        case ']': case '(': case ')': case ',': case ';': case '{': case '}':
            m_pos = start + 1;
            return make(TokenKind::Punctuation, start);
        case '.': {
            // A qualifier dot ("t.5col" in MySQL, "t.x") is punctuation; ".5" after an operator is a number.
            bool afterName = start > 0 && (isIdentByte(static_cast<unsigned char>(s[start - 1])) || s[start - 1] == '`'
                                           || s[start - 1] == '"' || s[start - 1] == ']');
            if (!afterName && isAsciiDigit(c1))
                return lexNumber(start);
            m_pos = start + 1;
            return make(TokenKind::Punctuation, start);
        }
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
            return lexNumber(start);
        case '-':
            if (c1 == '-') {
                const char c2 = start + 2 < n ? s[start + 2] : ' ';
                if (!mysql || static_cast<unsigned char>(c2) <= ' ') {
                    size_t eol = m_sql.find('\n', start);
                    m_pos = eol == std::string_view::npos ? n : eol;
                    return make(TokenKind::Comment, start);
                }
            }
            return lexOperator(start);
        case '#':
            if (mysql) {
                size_t eol = m_sql.find('\n', start);
                m_pos = eol == std::string_view::npos ? n : eol;
                return make(TokenKind::Comment, start);
            }
            return lexOperator(start);
        case '/':
            if (c1 == '*') {
                const bool version = mysql && start + 2 < n
                    && (s[start + 2] == '!' || (s[start + 2] == 'M' && start + 3 < n && s[start + 3] == '!'));
                if (version && m_options.enterVersionComments) {
                    size_t i = start + (s[start + 2] == 'M' ? 4 : 3);
                    while (i < n && isAsciiDigit(s[i]))
                        ++i;
                    m_pos = i;
                    ++m_versionDepth;
                    continue;
                }
                if (pg) {   // nested comments
                    const size_t end = pgBlockCommentEnd(m_sql, start);
                    if (end == std::string_view::npos)
                        return error(start);
                    m_pos = end;
                    return make(TokenKind::Comment, start);
                }
                size_t close = m_sql.find("*/", start + 2);
                if (close == std::string_view::npos)
                    return error(start);
                m_pos = close + 2;
                return make(version ? TokenKind::VersionComment : TokenKind::Comment, start);
            }
            return lexOperator(start);
        case '*':
            if (c1 == '/' && m_versionDepth > 0) {
                --m_versionDepth;
                m_pos = start + 2;
                continue;
            }
            return lexOperator(start);
        case '?':
            if (pg && (c1 == '|' || c1 == '&' || c1 == '-' || c1 == '#')) {
                // jsonb ?| ?& and geometric ?- ?-| ?# ?||
                size_t i = start + 1;
                while (i < n && isPgOpChar(s[i]))
                    ++i;
                m_pos = i;
                return make(TokenKind::Operator, start);
            }
            m_pos = start + 1;
            if (sqlite)
                while (m_pos < n && isAsciiDigit(s[m_pos]))
                    ++m_pos;
            return make(TokenKind::Parameter, start);
        case '$':
            return lexDollar(start);
        case ':':
            if (c1 == ':' || c1 == '=')
                return lexOperator(start);
            if (atIdentStart(start + 1) || (sqlite && isAsciiDigit(c1))) {
                size_t i = start + 1;
                while (i < n && isIdentByte(static_cast<unsigned char>(s[i])))
                    ++i;
                m_pos = i;
                return make(TokenKind::Parameter, start);
            }
            m_pos = start + 1;
            return make(TokenKind::Operator, start);
        case '@':
            if (mysql) {
                size_t i = start + 1;
                if (i < n && s[i] == '@') {
                    ++i;   // @@x, @@global.x, @@session.x
                    while (i < n && (isIdentByte(static_cast<unsigned char>(s[i])) || s[i] == '.'))
                        ++i;
                    m_pos = i;
                    return make(i > start + 2 ? TokenKind::Variable : TokenKind::Operator, start);
                }
                if (i < n && (s[i] == '`' || s[i] == '\'' || s[i] == '"')) {
                    m_pos = i;
                    if (!scanQuoted(s[i], s[i] != '`' && !m_options.noBackslashEscapes))
                        return error(start);
                    return make(TokenKind::Variable, start);
                }
                while (i < n && (isIdentByte(static_cast<unsigned char>(s[i])) || s[i] == '.'))
                    ++i;
                m_pos = i;
                return make(i > start + 1 ? TokenKind::Variable : TokenKind::Operator, start);
            }
            if (sqlite && atIdentStart(start + 1)) {
                size_t i = start + 1;
                while (i < n && isIdentByte(static_cast<unsigned char>(s[i])))
                    ++i;
                m_pos = i;
                return make(TokenKind::Parameter, start);
            }
            return lexOperator(start);
        default:
            break;
        }

        if (isIdentStartByte(static_cast<unsigned char>(c)) || (mysql && c == '$')) {
            size_t i = start + 1;
            while (i < n && isIdentByte(static_cast<unsigned char>(s[i])))
                ++i;
            std::string_view word = m_sql.substr(start, i - start);
            if (i < n && s[i] == '\'') {
                // Prefixed literals: X'..' B'..' N'..' E'..' _charset'..'
                const char p = asciiLower(word[0]);
                if (word.size() == 1 && (p == 'x' || p == 'b')) {
                    m_pos = i;
                    if (!scanQuoted('\'', false))
                        return error(start);
                    return make(p == 'x' ? TokenKind::HexNumber : TokenKind::Number, start);
                }
                if (word.size() == 1 && (p == 'n' || (pg && p == 'e'))) {
                    m_pos = i;
                    if (!scanQuoted('\'', pg ? p == 'e' : (mysql && !m_options.noBackslashEscapes)))
                        return error(start);
                    return make(TokenKind::String, start);
                }
                if (mysql && word.size() > 1 && word[0] == '_') {
                    m_pos = i;
                    if (!scanQuoted('\'', !m_options.noBackslashEscapes))
                        return error(start);
                    return make(TokenKind::String, start);
                }
            }
            if (pg && word.size() == 1 && asciiLower(word[0]) == 'u' && i + 1 < n && s[i] == '&' && (s[i + 1] == '\'' || s[i + 1] == '"')) {
                const char q = s[i + 1];
                m_pos = i + 1;
                if (!scanQuoted(q, false))
                    return error(start);
                return make(q == '\'' ? TokenKind::String : TokenKind::QuotedIdentifier, start);
            }
            m_pos = i;
            return make(TokenKind::Identifier, start);
        }
        return lexOperator(start);
    }
}

std::vector<Token> tokenize(std::string_view sql, Dialect dialect, LexerOptions options)
{
    std::vector<Token> out;
    Lexer lexer(sql, dialect, options);
    for (;;) {
        Token t = lexer.next();
        if (t.kind == TokenKind::End)
            break;
        out.push_back(t);
        if (t.kind == TokenKind::Error)
            break;
    }
    return out;
}

std::string unquoteIdentifier(const Token& token)
{
    std::string_view t = token.text;
    if (token.kind != TokenKind::QuotedIdentifier || t.size() < 2)
        return std::string(t);
    if (t.size() >= 3 && (t[0] == 'u' || t[0] == 'U') && t[1] == '&')
        t.remove_prefix(2);
    const char open = t[0];
    const char close = open == '[' ? ']' : open;
    std::string_view body = t.substr(1, t.size() - 2);
    std::string out;
    out.reserve(body.size());
    for (size_t i = 0; i < body.size(); ++i) {
        out.push_back(body[i]);
        if (open != '[' && body[i] == close && i + 1 < body.size() && body[i + 1] == close)
            ++i;
    }
    return out;
}

std::string unquoteString(const Token& token, Dialect dialect, LexerOptions options)
{
    std::string_view t = token.text;
    if (token.kind != TokenKind::String || t.empty())
        return std::string(t);
    if (t[0] == '$') {   // $tag$...$tag$
        size_t tagEnd = t.find('$', 1);
        if (tagEnd == std::string_view::npos || t.size() < 2 * (tagEnd + 1))
            return std::string(t);
        return std::string(t.substr(tagEnd + 1, t.size() - 2 * (tagEnd + 1)));
    }
    size_t q = 0;
    while (q < t.size() && t[q] != '\'' && t[q] != '"')
        ++q;
    if (q >= t.size() || t.size() < q + 2)
        return std::string(t);
    std::string_view prefix = t.substr(0, q);
    const char quote = t[q];
    std::string_view body = t.substr(q + 1, t.size() - q - 2);
    bool backslash = false;
    if (dialect == Dialect::MySQL)
        backslash = !options.noBackslashEscapes;
    else if (dialect == Dialect::PostgreSQL)
        backslash = prefix.size() == 1 && (prefix[0] == 'e' || prefix[0] == 'E');
    std::string out;
    out.reserve(body.size());
    for (size_t i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (c == quote && i + 1 < body.size() && body[i + 1] == quote) {
            out.push_back(quote);
            ++i;
        } else if (backslash && c == '\\' && i + 1 < body.size()) {
            const char e = body[++i];
            switch (e) {
            case 'n': out.push_back('\n'); break;
            case 't': out.push_back('\t'); break;
            case 'r': out.push_back('\r'); break;
            case 'b': out.push_back('\b'); break;
            case '0': out.push_back('\0'); break;
            case 'Z': out.push_back('\x1a'); break;
            case '%': case '_':
                // MySQL keeps \% and \_ as two characters (LIKE escapes).
                if (dialect == Dialect::MySQL)
                    out.push_back('\\');
                out.push_back(e);
                break;
            default: out.push_back(e); break;
            }
        } else {
            out.push_back(c);
        }
    }
    return out;
}

} // namespace planwise::sql
