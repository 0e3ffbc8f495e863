// PostgreSQL query classes from libpg_query (15-4.0.0): the fingerprint and
// normalized text pganalyze shows; the lexer fingerprint when it cannot parse.
#include "analyzer/sql/fingerprint.h"

#include "analyzer/sql/lexer.h"

#include <pg_query.h>

#include <string>

namespace planwise::sql {

namespace {

// Every libpg_query result is freed with its own function, errors included.
class FingerprintResult {
public:
    explicit FingerprintResult(const char* sql) : m_r(pg_query_fingerprint(sql)) {}
    ~FingerprintResult() { pg_query_free_fingerprint_result(m_r); }
    FingerprintResult(const FingerprintResult&) = delete;
    FingerprintResult& operator=(const FingerprintResult&) = delete;
    const PgQueryFingerprintResult& operator*() const { return m_r; }
    const PgQueryFingerprintResult* operator->() const { return &m_r; }

private:
    PgQueryFingerprintResult m_r;
};

class NormalizeResult {
public:
    explicit NormalizeResult(const char* sql) : m_r(pg_query_normalize(sql)) {}
    ~NormalizeResult() { pg_query_free_normalize_result(m_r); }
    NormalizeResult(const NormalizeResult&) = delete;
    NormalizeResult& operator=(const NormalizeResult&) = delete;
    const PgQueryNormalizeResult* operator->() const { return &m_r; }

private:
    PgQueryNormalizeResult m_r;
};

std::string describe(const PgQueryError& e)
{
    std::string msg = e.message ? e.message : "libpg_query error";
    if (e.cursorpos > 0)
        msg += " at offset " + std::to_string(e.cursorpos - 1);   // cursorpos is 1-based
    return msg;
}

bool isWord(const Token& t, std::string_view word)
{
    return t.kind == TokenKind::Identifier && t.is(word);
}

// A decimal number the grammar turns into an A_Const whatever its value: digits
// with at most one '.', an optional exponent, and short enough to be an int4
// when it is an integer (a longer one may be ICONST or FCONST by value).
char plainNumberKind(std::string_view n)
{
    size_t i = 0, digits = 0;
    while (i < n.size() && n[i] >= '0' && n[i] <= '9')
        ++i, ++digits;
    bool isFloat = false;
    if (i < n.size() && n[i] == '.') {
        isFloat = true;
        ++i;
        while (i < n.size() && n[i] >= '0' && n[i] <= '9')
            ++i, ++digits;
    }
    if (digits == 0)
        return 0;
    if (i < n.size() && (n[i] == 'e' || n[i] == 'E')) {
        isFloat = true;
        ++i;
        if (i < n.size() && (n[i] == '+' || n[i] == '-'))
            ++i;
        const size_t expStart = i;
        while (i < n.size() && n[i] >= '0' && n[i] <= '9')
            ++i;
        if (i == expStart)
            return 0;
    }
    if (i != n.size())
        return 0;
    if (!isFloat && n.size() > 9)
        return 0;
    return isFloat ? 'f' : 'i';
}

// A '..' string whose value cannot change how the statement parses.
bool isPlainString(std::string_view s)
{
    if (s.size() < 2 || s.front() != '\'' || s.back() != '\'')
        return false;
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u == '\\' || u == 0 || u >= 0x80)
            return false;
    }
    return true;
}

// Keywords whose parenthesised integer is stored as a value, not as an A_Const.
bool storesIntegerArgument(const Token& t)
{
    return isWord(t, "float") || isWord(t, "current_time") || isWord(t, "current_timestamp") || isWord(t, "localtime")
        || isWord(t, "localtimestamp");
}

// libpg_query's fingerprint skips constants and parameters, so the length of
// an IN (...) list and the number and width of VALUES rows made only of them do
// not change it: such lists key as one "(L)" (IN) or one row (VALUES).
class ListCollapser {
public:
    // Called before `t` is appended to `out`.
    // `afterIn` / `afterValues`: the token before `t` is the word IN / VALUES.
    void before(const Token& t, bool afterIn, bool afterValues, const std::string& out)
    {
        if (!t.isPunct('('))
            return;
        if (afterIn || afterValues) {
            m_state = State::InList;
            m_rows = afterValues;
            m_keep = out.size();
            m_seqEnd = std::string::npos;
            m_items = 0;
            m_needNumber = false;
            m_expectItem = true;
        } else if (m_state == State::AfterRowComma) {
            m_state = State::InList;   // another VALUES row: dropped if pure, after the first
            m_items = 0;
            m_needNumber = false;
            m_expectItem = true;
        } else if (m_state == State::InList) {
            m_state = State::None;   // nested: not a list of constants
        } else {
            m_state = State::None;
        }
    }

    // Called after `t` (key text already appended to `out`); `marker` is its literal kind or 0.
    void after(const Token& t, char marker, std::string& out)
    {
        switch (m_state) {
        case State::None:
            return;
        case State::InList:
            // ( item [, item]... ) where an item is a constant, -/+ number or $n; anything
            // else (a missing or doubled comma included: a syntax error) keeps the text.
            if (t.isPunct('(') && !m_needNumber && m_items == 0)
                return;
            if (m_needNumber) {
                m_needNumber = false;
                if (t.kind == TokenKind::Number && marker) {
                    ++m_items;
                    m_expectItem = false;
                    return;
                }
                m_state = State::None;
                return;
            }
            if (m_expectItem) {
                if (marker || (t.kind == TokenKind::Parameter && t.text.size() > 1 && t.text[0] == '$')) {
                    ++m_items;
                    m_expectItem = false;
                    return;
                }
                if (t.isOperator("-") || t.isOperator("+")) {
                    m_needNumber = true;
                    return;
                }
                m_state = State::None;
                return;
            }
            if (t.isPunct(',')) {
                m_expectItem = true;
                return;
            }
            if (t.isPunct(')')) {
                if (m_seqEnd == std::string::npos) {
                    out.resize(m_keep);
                    out.append("(\x1eL)");
                    m_seqEnd = out.size();
                } else {
                    out.resize(m_seqEnd);   // a later pure row: the first one stands for all
                }
                m_state = m_rows ? State::AfterRow : State::None;
                return;
            }
            m_state = State::None;
            return;
        case State::AfterRow:
            m_state = t.isPunct(',') ? State::AfterRowComma : State::None;
            return;
        case State::AfterRowComma:
            m_state = State::None;   // not a row: keep the text as it is
            return;
        }
    }

private:
    enum class State { None, InList, AfterRow, AfterRowComma };
    State m_state = State::None;
    bool m_rows = false;
    bool m_needNumber = false;
    bool m_expectItem = false;
    size_t m_keep = 0;                       // key length before the list's "("
    size_t m_seqEnd = std::string::npos;     // key length after the first collapsed row
    int m_items = 0;
};

bool tokenKeyInto(std::string_view query, std::string& out)
{
    LexerOptions opts;
    opts.skipComments = true;
    Lexer lexer(query, Dialect::PostgreSQL, opts);
    ListCollapser lists;
    // What the loop needs of the previous two tokens, as scalars (copying whole
    // tokens costs store-forwarding stalls in this loop).
    TokenKind prevKind = TokenKind::End;
    bool prevOpenParen = false, prevOpenBracket = false, prevIn = false, prevValues = false;
    bool prevIntArgWord = false, prev2IntArgWord = false;
    size_t prevEnd = 0;
    bool first = true;
    for (;;) {
        const Token t = lexer.next();
        const TokenKind kind = t.kind;
        if (kind == TokenKind::End)
            break;
        if (kind == TokenKind::Error)
            return false;
        const std::string_view text = t.text;
        const size_t offset = t.offset;
        if (first) {
            if (!(isWord(t, "select") || isWord(t, "insert") || isWord(t, "update") || isWord(t, "delete")
                  || isWord(t, "with") || isWord(t, "values") || isWord(t, "table")))
                return false;
            first = false;
        }
        lists.before(t, prevIn, prevValues, out);
        if (out.size() > 1)
            out.push_back(offset > prevEnd ? ' ' : '\x1f');
        char marker = 0;
        if (kind == TokenKind::Number) {
            const bool asValue = prevOpenBracket || (prevOpenParen && prev2IntArgWord);
            marker = asValue ? 0 : plainNumberKind(text);
        } else if (kind == TokenKind::String) {
            if (prevKind == TokenKind::String)   // 'a' 'b' is an error, 'a'<newline>'b' one string
                return false;
            marker = isPlainString(text) ? 's' : 0;
        }
        if (marker) {
            out.push_back('\x1e');
            out.push_back(marker);
        } else {
            out.append(text);
        }
        lists.after(t, marker, out);
        prev2IntArgWord = prevIntArgWord;
        prevKind = kind;
        const bool punct1 = kind == TokenKind::Punctuation && text.size() == 1;
        prevOpenParen = punct1 && text[0] == '(';
        prevOpenBracket = punct1 && text[0] == '[';
        const bool word = kind == TokenKind::Identifier;
        prevIn = word && text.size() == 2 && isWord(t, "in");
        prevValues = word && text.size() == 6 && isWord(t, "values");
        prevIntArgWord = word && text.size() >= 5 && storesIntegerArgument(t);
        prevEnd = offset + text.size();
    }
    return !first;
}

} // namespace

void pgFingerprintKeyInto(std::string_view query, std::string& out)
{
    out.clear();
    out.push_back('T');
    // The key's own separators must not occur in the text.
    const bool separatorFree = query.find('\x1e') == std::string_view::npos && query.find('\x1f') == std::string_view::npos;
    if (separatorFree && tokenKeyInto(query, out))
        return;
    out.clear();
    out.push_back('R');
    out.append(query);
}

PgFingerprint fingerprintPostgres(std::string_view query)
{
    return fingerprintPostgres(query, true);
}

PgFingerprint fingerprintPostgres(std::string_view query, bool withNormalized)
{
    PgFingerprint result;
    const std::string sql(query);   // libpg_query wants a NUL-terminated string
    {
        FingerprintResult fp(sql.c_str());
        if (fp->error) {
            result.fromLexer = true;
            result.parseError = describe(*fp->error);
        } else if (fp->fingerprint_str) {
            result.checksum = fp->fingerprint_str;
        }
    }
    if (!result.fromLexer) {
        if (!withNormalized)
            return result;
        NormalizeResult norm(sql.c_str());
        if (!norm->error && norm->normalized_query) {
            result.normalized = norm->normalized_query;
            return result;
        }
        // Parsed for the fingerprint but not normalized (not seen in practice): keep
        // libpg_query's ID, describe the class with the lexer's text.
        lexerFingerprintInto(query, Dialect::PostgreSQL, result.normalized);
        return result;
    }
    lexerFingerprintInto(query, Dialect::PostgreSQL, result.normalized);
    result.checksum = queryChecksum(result.normalized);
    return result;
}

} // namespace planwise::sql
