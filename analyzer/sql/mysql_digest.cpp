#include "analyzer/sql/mysql_digest.h"

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
        const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
        if (!word)
            return text;
        digitsOnly = digitsOnly && c >= '0' && c <= '9';
    }
    return digitsOnly ? text : inner;
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
        // "(...)": a list of values, written as one.
        if (t.isPunct('(') && i + 4 < tokens.size() && tokens[i + 1].isPunct('.') && tokens[i + 2].isPunct('.')
            && tokens[i + 3].isPunct('.') && tokens[i + 4].isPunct(')')) {
            const bool blank = prev && !prev->isPunct('(') && !prev->isPunct('.')
                && !(prev->kind == TokenKind::Identifier && !keepsBlankBeforeParen(*prev));
            if (blank)
                out += ' ';
            out += "(?)";
            prev = &tokens[i + 4];
            i += 4;
            continue;
        }
        bool blank = prev != nullptr;
        if (blank && (t.isPunct(',') || t.isPunct(')') || t.isPunct('.') || prev->isPunct('(') || prev->isPunct('.')))
            blank = false;
        if (blank && t.isPunct('(') && prev->kind == TokenKind::Identifier && !keepsBlankBeforeParen(*prev))
            blank = false;   // a function call
        if (blank)
            out += ' ';
        out += unquoted(t);
        prev = &t;
    }
    return out;
}

} // namespace planwise::sql
