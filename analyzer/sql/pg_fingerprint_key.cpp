// pgFingerprintKeyInto() (fingerprint.h): the aggregator's cache key for
// libpg_query, built in one pass over the bytes. The tokens are the ones Lexer
// (lexer.cpp) finds in PostgreSQL text, but each is recognised and written
// straight into the key: going through Token values cost more than the rules.
#include "analyzer/core/text.h"
#include "analyzer/sql/fingerprint.h"
#include "analyzer/sql/lexer.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace planwise::sql {

namespace {

// What a byte starts, as Lexer::lex() dispatches on it for PostgreSQL.
enum Start : uint8_t {
    kOneByte,    // a one-byte operator token: '\', NUL, other control bytes
    kBlank,
    kWord,       // letters, '_', bytes >= 0x80
    kDigit,
    kQuote,      // '
    kDoubleQuote,
    kDollar,
    kDot,
    kPunct,      // ; ] { }
    kOpen,       // (
    kClose,      // )
    kBracket,    // [
    kComma,
    kOperator,   // ~ ! @ # ^ & | ` + * % < > =
    kMinus,
    kSlash,
    kQuestion,
    kColon,
    kSeparatorByte,   // \x1e, \x1f
};

// Properties of a byte inside a token.
enum : uint8_t {
    kWordByte = 1,      // continues a word (letters, digits, '_', '$', >= 0x80)
    kOperatorByte = 2,  // scan.l's op_chars ('?' excluded, as in Lexer)
    kNotPlain = 4,      // in a '..' string, makes its value matter to the parse
    kSeparator = 8,     // the key's own separators: a text that holds them keys on itself
};

struct Tables {
    std::array<uint8_t, 256> start{};
    std::array<uint8_t, 256> flags{};
};

constexpr Tables makeTables()
{
    Tables t;
    for (int c = 0; c < 256; ++c) {
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
        const bool digit = c >= '0' && c <= '9';
        if (letter || digit || c == '$')
            t.flags[c] |= kWordByte;
        if (letter)
            t.start[c] = kWord;
        else if (digit)
            t.start[c] = kDigit;
        if (c == 0 || c == '\\' || c >= 0x80)
            t.flags[c] |= kNotPlain;
    }
    t.flags[0x1e] |= kSeparator;
    t.flags[0x1f] |= kSeparator;
    t.start[0x1e] = kSeparatorByte;
    t.start[0x1f] = kSeparatorByte;
    for (const char c : std::string_view("~!@#^&|`+-*/%<>="))
        t.flags[uint8_t(c)] |= kOperatorByte;
    for (const char c : std::string_view("~!@#^&|`+*%<>="))
        t.start[uint8_t(c)] = kOperator;
    for (const char c : std::string_view(" \t\n\r\f\v"))
        t.start[uint8_t(c)] = kBlank;
    for (const char c : std::string_view(";]{}"))
        t.start[uint8_t(c)] = kPunct;
    t.start['\''] = kQuote;
    t.start['"'] = kDoubleQuote;
    t.start['$'] = kDollar;
    t.start['.'] = kDot;
    t.start['('] = kOpen;
    t.start[')'] = kClose;
    t.start['['] = kBracket;
    t.start[','] = kComma;
    t.start['-'] = kMinus;
    t.start['/'] = kSlash;
    t.start['?'] = kQuestion;
    t.start[':'] = kColon;
    return t;
}

constexpr Tables kTables = makeTables();

inline uint8_t startOf(char c) { return kTables.start[uint8_t(c)]; }
inline bool has(char c, uint8_t flag) { return kTables.flags[uint8_t(c)] & flag; }
inline bool isHexDigit(char c) { return isAsciiDigit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }

// Runs of word bytes, digits and string contents are found 16 bytes at a time
// where 16 are left: a byte loop mispredicts its exit once per token, which
// cost more than the rest of the token's work.
#if defined(__SSE2__)
inline __m128i load16(const char* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
inline uint32_t mask16(__m128i m) { return uint32_t(_mm_movemask_epi8(m)); }
inline uint32_t equal16(__m128i v, char c) { return mask16(_mm_cmpeq_epi8(v, _mm_set1_epi8(c))); }
// Bytes in [lo, hi], by moving lo to -128 for a signed compare.
inline uint32_t inRange16(__m128i v, char lo, char hi)
{
    const __m128i shifted = _mm_add_epi8(v, _mm_set1_epi8(char(0x80 - uint8_t(lo))));
    return mask16(_mm_cmplt_epi8(shifted, _mm_set1_epi8(char(-128 + (hi - lo) + 1))));
}
#endif

size_t wordEnd(const char* s, size_t n, size_t i)
{
#if defined(__SSE2__)
    for (; i + 16 <= n; i += 16) {
        const __m128i v = load16(s + i);
        const uint32_t word = inRange16(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z') | inRange16(v, '0', '9')
            | equal16(v, '_') | equal16(v, '$') | mask16(v);   // the last: bytes >= 0x80
        if (const uint32_t stop = ~word & 0xffff)
            return i + size_t(std::countr_zero(stop));
    }
#endif
    while (i < n && has(s[i], kWordByte))
        ++i;
    return i;
}

size_t digitsEnd(const char* s, size_t n, size_t i)
{
#if defined(__SSE2__)
    for (; i + 16 <= n; i += 16) {
        if (const uint32_t stop = ~inRange16(load16(s + i), '0', '9') & 0xffff)
            return i + size_t(std::countr_zero(stop));
    }
#endif
    while (i < n && isAsciiDigit(s[i]))
        ++i;
    return i;
}

// The next `quote`, or byte that a quoted text must look at (kNotPlain, kSeparator), from `i`; n if none.
size_t quotedStop(const char* s, size_t n, size_t i, char quote)
{
#if defined(__SSE2__)
    for (; i + 16 <= n; i += 16) {
        const __m128i v = load16(s + i);
        const uint32_t stop = equal16(v, quote) | equal16(v, '\\') | equal16(v, 0) | inRange16(v, 0x1e, 0x1f) | mask16(v);
        if (stop)
            return i + size_t(std::countr_zero(stop));
    }
#endif
    while (i < n && s[i] != quote && !has(s[i], kNotPlain | kSeparator))
        ++i;
    return i;
}

// Most tokens are short: one 16-byte copy (the key has the room) instead of a
// call to memcpy, unless that would read past the end of the text.
inline void copyText(char* to, const char* from, size_t len, size_t available)
{
    if (len <= 16 && available >= 16)
        std::memcpy(to, from, 16);
    else
        std::memcpy(to, from, len);
}

// What the key's rules need to know of a token.
enum class Tok : uint8_t { Other, Word, Number, String, Param, Open, Close, Comma, Bracket, Sign };

// Case-insensitive comparison of a word with a lower-case one.
bool wordIs(const char* p, size_t len, std::string_view lower)
{
    if (len != lower.size())
        return false;
    for (size_t i = 0; i < len; ++i) {
        const char c = (p[i] >= 'A' && p[i] <= 'Z') ? char(p[i] + 32) : p[i];
        if (c != lower[i])
            return false;
    }
    return true;
}

bool isStatementWord(const char* p, size_t len)
{
    return wordIs(p, len, "select") || wordIs(p, len, "insert") || wordIs(p, len, "update") || wordIs(p, len, "delete")
        || wordIs(p, len, "with") || wordIs(p, len, "values") || wordIs(p, len, "table");
}

// Keywords whose parenthesised integer is stored as a value, not as an A_Const.
bool storesIntegerArgument(const char* p, size_t len)
{
    return wordIs(p, len, "float") || wordIs(p, len, "current_time") || wordIs(p, len, "current_timestamp")
        || wordIs(p, len, "localtime") || wordIs(p, len, "localtimestamp");
}

bool hasSeparator(const char* p, size_t len)
{
    return std::memchr(p, 0x1e, len) || std::memchr(p, 0x1f, len);
}

struct Quoted {
    size_t end;      // past the closing quote; 0: unterminated, or holds a key separator
    bool notPlain;   // a byte inside can change the parse (see kNotPlain)
};

// A quoted string or identifier from its opening quote at `i`. Doubled quotes
// stay inside; with `backslash`, so does the byte after a backslash (E'..').
Quoted quotedEnd(const char* s, size_t n, size_t i, char quote, bool backslash)
{
    uint8_t flags = 0;
    for (++i; (i = quotedStop(s, n, i, quote)) < n; ++i) {
        const char c = s[i];
        if (c == quote) {
            if (i + 1 < n && s[i + 1] == quote) {
                ++i;
                continue;
            }
            return {flags & kSeparator ? 0 : i + 1, (flags & kNotPlain) != 0};
        }
        flags |= kTables.flags[uint8_t(c)];
        if (backslash && c == '\\' && ++i < n)
            flags |= kTables.flags[uint8_t(s[i])];
    }
    return {0, true};
}

struct Number {
    size_t end;
    // The key's marker: 'i' for an integer of at most 9 digits (always an int4
    // A_Const), 'f' for one with a fraction or exponent, 0 to keep it verbatim
    // (0x.., 0b.., longer integers: ICONST or FCONST by value).
    char kind;
};

// A number from `start` (a digit, or a '.' before one).
Number numberEnd(const char* s, size_t n, size_t start)
{
    size_t i = start;
    if (s[i] == '0' && i + 2 < n) {
        const char x = char(s[i + 1] | 0x20);
        if (x == 'x' && isHexDigit(s[i + 2])) {
            i += 2;
            while (i < n && isHexDigit(s[i]))
                ++i;
            return {i, 0};
        }
        if (x == 'b' && (s[i + 2] == '0' || s[i + 2] == '1')) {
            size_t j = i + 2;
            while (j < n && (s[j] == '0' || s[j] == '1'))
                ++j;
            if (!(j < n && has(s[j], kWordByte)))
                return {j, 0};
        }
    }
    bool integer = true;
    i = digitsEnd(s, n, i);
    if (i < n && s[i] == '.') {
        integer = false;
        i = digitsEnd(s, n, i + 1);
    }
    if (i < n && (s[i] | 0x20) == 'e') {
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
    return {i, !integer ? 'f' : (i - start <= 9 ? 'i' : char(0))};
}

// libpg_query's fingerprint skips constants and parameters, so the length of
// an IN (...) list and the number and width of VALUES rows made only of them do
// not change it: such lists key as one "(L)" (IN) or one row (VALUES).
class ListCollapser {
public:
    bool idle() const { return m_state == State::None; }

    // At a "(" token, before its separator is written; `len` is the key's length.
    // `afterList`: the token before it is the word IN or VALUES.
    void open(bool afterList, bool afterValues, size_t len)
    {
        if (afterList) {
            m_state = State::InList;
            m_rows = afterValues;
            m_keep = len;
            m_seqEnd = 0;
            startRow();
        } else if (m_state == State::AfterRowComma) {
            m_state = State::InList;   // another VALUES row: dropped if pure, after the first
            startRow();
        } else {
            m_state = State::None;   // nested in a list, or no list: not a list of constants
        }
    }

    // After a token (its key text written); `marker` is its literal kind or 0.
    // Returns the key's new length.
    size_t after(Tok t, char marker, char* key, size_t len)
    {
        switch (m_state) {
        case State::None:
            return len;
        case State::InList:
            // ( item [, item]... ) where an item is a constant, -/+ number or $n; anything
            // else (a missing or doubled comma included: a syntax error) keeps the text.
            if (t == Tok::Open && !m_needNumber && m_items == 0)
                return len;
            if (m_needNumber) {
                m_needNumber = false;
                if (t == Tok::Number && marker)
                    return item(len);
                m_state = State::None;
                return len;
            }
            if (m_expectItem) {
                if (marker || t == Tok::Param)
                    return item(len);
                if (t == Tok::Sign)
                    m_needNumber = true;
                else
                    m_state = State::None;
                return len;
            }
            if (t == Tok::Comma) {
                m_expectItem = true;
                return len;
            }
            if (t == Tok::Close) {
                if (m_seqEnd == 0) {
                    std::memcpy(key + m_keep, "(\x1eL)", 4);
                    len = m_seqEnd = m_keep + 4;
                } else {
                    len = m_seqEnd;   // a later pure row: the first one stands for all
                }
                m_state = m_rows ? State::AfterRow : State::None;
                return len;
            }
            m_state = State::None;
            return len;
        case State::AfterRow:
            m_state = t == Tok::Comma ? State::AfterRowComma : State::None;
            return len;
        case State::AfterRowComma:
            m_state = State::None;   // not a row: keep the text as it is
            return len;
        }
        return len;
    }

private:
    void startRow()
    {
        m_items = 0;
        m_needNumber = false;
        m_expectItem = true;
    }
    size_t item(size_t len)
    {
        ++m_items;
        m_expectItem = false;
        return len;
    }

    enum class State : uint8_t { None, InList, AfterRow, AfterRowComma };
    State m_state = State::None;
    bool m_rows = false;
    bool m_needNumber = false;
    bool m_expectItem = false;
    size_t m_keep = 0;     // key length before the list's "("
    size_t m_seqEnd = 0;   // key length after the first collapsed row; 0: none yet
    int m_items = 0;
};

// The key after out[0], or false where the statement keys on its text: not a
// DML statement, or the lexer would report an error (unterminated string,
// identifier or comment), or two strings in a row ('a' 'b' is a syntax error,
// 'a'<newline>'b' one string), or the key's separators occur in the text.
bool tokenKeyInto(std::string_view query, std::string& out)
{
    const char* const s = query.data();
    const size_t n = query.size();
    // Written through a pointer, grown (rarely: markers and separators take
    // about the room of the literals and blanks they replace) before a token
    // could overflow it. A collapsed list is never longer than what it replaces.
    out.resize(n + 64);
    char* key = out.data();
    size_t room = out.size();   // a local: writes through `key` would make the compiler reload out.size()
    size_t len = 1;
    ListCollapser lists;
    bool first = true, blank = false;
    // What the rules need of the previous tokens.
    Tok prev = Tok::Other;
    size_t prevStart = 0, prevLen = 0;
    bool openAfterIntArg = false;   // the "(" before this token follows float, current_time, ...
    size_t i = 0;
    while (i < n) {
        if (s[i] == ' ') {   // the usual single blank, without going through the switch
            blank = true;
            if (++i == n)
                break;
        }
        const size_t start = i;
        Tok tok = Tok::Other;
        char marker = 0;
        switch (startOf(s[i])) {
        case kBlank:
            for (++i; i < n && startOf(s[i]) == kBlank; ++i) {
            }
            blank = true;
            continue;
        case kMinus:
            if (i + 1 < n && s[i + 1] == '-') {
                const void* eol = std::memchr(s + i, '\n', n - i);
                i = eol ? size_t(static_cast<const char*>(eol) - s) : n;
                if (hasSeparator(s + start, i - start))
                    return false;
                blank = true;
                continue;
            }
            i = pgOperatorEnd(query, i);
            tok = i - start == 1 ? Tok::Sign : Tok::Other;
            break;
        case kSlash:
            if (i + 1 < n && s[i + 1] == '*') {   // comments nest
                i = pgBlockCommentEnd(query, start);
                if (i == std::string_view::npos || hasSeparator(s + start, i - start))
                    return false;
                blank = true;
                continue;
            }
            i = pgOperatorEnd(query, i);
            break;
        case kOperator:
            i = pgOperatorEnd(query, i);
            if (i - start == 1 && s[start] == '+')
                tok = Tok::Sign;
            break;
        case kWord: {
            i = wordEnd(s, n, i + 1);
            tok = Tok::Word;
            if (i < n && (s[i] == '\'' || s[i] == '&') && i - start == 1) {
                // Prefixed literals: X'..', B'..' (bit strings: verbatim), N'..', E'..' (backslash
                // escapes), U&'..' and U&"..".
                const char p = char(s[start] | 0x20);
                if (s[i] == '\'' && (p == 'x' || p == 'b' || p == 'n' || p == 'e')) {
                    i = quotedEnd(s, n, i, '\'', p == 'e').end;
                    if (i == 0)
                        return false;
                    tok = (p == 'n' || p == 'e') ? Tok::String : Tok::Other;
                } else if (p == 'u' && s[i] == '&' && i + 1 < n && (s[i + 1] == '\'' || s[i + 1] == '"')) {
                    const char q = s[i + 1];
                    i = quotedEnd(s, n, i + 1, q, false).end;
                    if (i == 0)
                        return false;
                    tok = q == '\'' ? Tok::String : Tok::Other;
                }
            }
            break;
        }
        case kDigit: {
            const Number number = numberEnd(s, n, i);
            i = number.end;
            marker = number.kind;
            tok = Tok::Number;
            break;
        }
        case kDot: {
            // A qualifier dot ("t.x") is punctuation; ".5" elsewhere is a number.
            const bool afterName = i > 0 && (has(s[i - 1], kWordByte) || s[i - 1] == '`' || s[i - 1] == '"' || s[i - 1] == ']');
            if (!afterName && i + 1 < n && isAsciiDigit(s[i + 1])) {
                const Number number = numberEnd(s, n, i);
                i = number.end;
                marker = number.kind;
                tok = Tok::Number;
            } else {
                ++i;
            }
            break;
        }
        case kQuote: {
            const Quoted string = quotedEnd(s, n, i, '\'', false);
            if (string.end == 0)
                return false;
            i = string.end;
            tok = Tok::String;
            marker = string.notPlain ? 0 : 's';
            break;
        }
        case kDoubleQuote: {
            i = quotedEnd(s, n, i, '"', false).end;
            if (i == 0)
                return false;
            break;
        }
        case kDollar:
            ++i;
            if (i < n && isAsciiDigit(s[i])) {
                while (i < n && isAsciiDigit(s[i]))
                    ++i;
                tok = Tok::Param;
                break;
            }
            {
                // $tag$ ... $tag$ or $$ ... $$: verbatim; a lone $ is an operator.
                size_t j = i;
                if (j < n && startOf(s[j]) == kWord)
                    while (j < n && has(s[j], kWordByte) && s[j] != '$')
                        ++j;
                if (j < n && s[j] == '$') {
                    const std::string_view tag = query.substr(start, j + 1 - start);
                    const size_t close = query.find(tag, j + 1);
                    if (close == std::string_view::npos || hasSeparator(s + start, close - start))
                        return false;
                    i = close + tag.size();
                    tok = Tok::String;
                }
            }
            break;
        case kQuestion:
            // jsonb ?| ?& and geometric ?- ?-| ?# ?||; else a lone ? (not a PostgreSQL parameter).
            ++i;
            if (i < n && (s[i] == '|' || s[i] == '&' || s[i] == '-' || s[i] == '#'))
                while (i < n && has(s[i], kOperatorByte))
                    ++i;
            break;
        case kColon:
            ++i;
            if (i < n && (s[i] == ':' || s[i] == '=')) {
                ++i;
            } else if (i < n && startOf(s[i]) == kWord) {
                while (i < n && has(s[i], kWordByte))
                    ++i;
            }
            break;
        case kOpen:
            ++i;
            tok = Tok::Open;
            break;
        case kClose:
            ++i;
            tok = Tok::Close;
            break;
        case kBracket:
            ++i;
            tok = Tok::Bracket;
            break;
        case kComma:
            ++i;
            tok = Tok::Comma;
            break;
        case kSeparatorByte:
            return false;
        default:   // kPunct, kOneByte
            ++i;
            break;
        }

        const size_t tokLen = i - start;
        // Room for the separator, the text or marker, and copyText()'s 16 bytes.
        if (len + tokLen + 19 > room) {
            out.resize(std::max(2 * room, len + tokLen + 19));
            key = out.data();
            room = out.size();
        }
        if (first) {
            if (tok != Tok::Word || !isStatementWord(s + start, tokLen))
                return false;
            first = false;
        } else {
            if (tok == Tok::Open) {
                const bool afterWord = prev == Tok::Word;
                const bool afterIn = afterWord && wordIs(s + prevStart, prevLen, "in");
                const bool afterValues = afterWord && wordIs(s + prevStart, prevLen, "values");
                lists.open(afterIn || afterValues, afterValues, len);
                openAfterIntArg = afterWord && prevLen >= 5 && storesIntegerArgument(s + prevStart, prevLen);
            } else if (tok == Tok::Number) {
                // float(10), current_time(3) and array bounds store the integer itself.
                if (prev == Tok::Bracket || (prev == Tok::Open && openAfterIntArg))
                    marker = 0;
            } else if (tok == Tok::String && prev == Tok::String) {
                return false;
            }
            key[len++] = blank ? ' ' : '\x1f';
        }
        if (marker) {
            key[len] = '\x1e';
            key[len + 1] = marker;
            len += 2;
        } else {
            copyText(key + len, s + start, tokLen, n - start);
            len += tokLen;
        }
        if (!lists.idle())
            len = lists.after(tok, marker, key, len);
        prev = tok;
        prevStart = start;
        prevLen = tokLen;
        blank = false;
    }
    out.resize(len);
    return !first;
}

} // namespace

void pgFingerprintKeyInto(std::string_view query, std::string& out)
{
    if (tokenKeyInto(query, out)) {
        out[0] = 'T';
        return;
    }
    out.clear();
    out.push_back('R');
    out.append(query);
}

} // namespace planwise::sql
