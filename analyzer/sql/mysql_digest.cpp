#include "analyzer/sql/mysql_digest.h"

#include "analyzer/core/text.h"
#include "analyzer/sql/lexer.h"

#include <algorithm>
#include <array>

namespace planwise::sql {

namespace {

// Words usually followed by a blank before '(' (the others are functions).
bool keepsBlankBeforeParen(const Token& t)
{
    static constexpr std::array<std::string_view, 36> kWords = {
        "all",    "and",   "any",     "as",        "between", "by",     "case",   "else",      "exists",
        "from",   "having", "in",     "interval",  "into",    "is",     "join",   "like",      "not",
        "on",     "or",    "over",    "partition", "returning", "select", "set",  "some",      "table",
        "then",   "union", "using",   "value",     "values",  "when",   "where",  "with",      "xor"};
    return std::any_of(kWords.begin(), kWords.end(), [&](std::string_view w) { return t.is(w); });
}

// `name` -> name when the name needs no quotes.
std::string_view unquoted(const Token& t)
{
    const std::string_view text = t.text;
    if (t.kind != TokenKind::QuotedIdentifier || text.size() < 3 || text.front() != '`' || text.back() != '`')
        return text;
    const std::string_view inner = text.substr(1, text.size() - 2);
    bool digitsOnly = true;
    for (const char c : inner) {
        if (!(isAsciiAlpha(c) || isAsciiDigit(c) || c == '_' || c == '$'))
            return text;
        digitsOnly = digitsOnly && isAsciiDigit(c);
    }
    return digitsOnly ? text : inner;
}

// Whether a blank goes between `prev` and `t` in usual SQL: none after '(' or
// '.', before ',' ')' or '.', nor between a function's name and its '('.
bool blankBetween(const Token* prev, const Token& t)
{
    if (!prev || prev->isPunct('(') || prev->isPunct('.') || t.isPunct(',') || t.isPunct(')') || t.isPunct('.'))
        return false;
    return !(t.isPunct('(') && prev->kind == TokenKind::Identifier && !keepsBlankBeforeParen(*prev));
}

} // namespace

std::string digestToStatement(std::string_view digestText)
{
    LexerOptions options;
    options.skipComments = true;   // "/* , ... */": the rows a list stands for
    const std::vector<Token> tokens = tokenize(digestText, Dialect::MySQL, options);
    std::string out;
    out.reserve(digestText.size());
    const Token* prev = nullptr;
    for (size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (t.kind == TokenKind::End)
            break;
        if (blankBetween(prev, t))
            out += ' ';
        // "(...)": a list of values, written as one.
        if (t.isPunct('(') && i + 4 < tokens.size() && tokens[i + 1].isPunct('.') && tokens[i + 2].isPunct('.')
            && tokens[i + 3].isPunct('.') && tokens[i + 4].isPunct(')')) {
            out += "(?)";
            prev = &tokens[i + 4];
            i += 4;
            continue;
        }
        out += unquoted(t);
        prev = &t;
    }
    return out;
}

} // namespace planwise::sql
