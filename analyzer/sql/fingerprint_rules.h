#pragma once
// Internal to the fingerprint implementation (fingerprint*.cpp): character
// classes with Perl's ASCII semantics and the fused emitter of the core rules.
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <string>
#include <string_view>

namespace planwise::sql::fp {

// Perl \w on a byte string (no locale, no unicode_strings): ASCII only.
constexpr bool isWord(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
constexpr bool isDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool isHex(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
// Perl \s (5.18+): space, \t, \n, \v, \f, \r.
constexpr bool isPerlSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
// tr[ \n\t\r\f][ ]s — note: not \v.
constexpr bool isTrSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }
// [0-9+-]
constexpr bool isRunStart(char c) { return isDigit(c) || c == '+' || c == '-'; }
// [0-9a-f.xb+-]  (case-sensitive: pt lower-cases only afterwards)
constexpr bool isRunChar(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || c == '.' || c == 'x' || c == '+' || c == '-';
}
constexpr char asciiLowerC(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

inline bool ieq(std::string_view a, std::string_view lowerWord)
{
    if (a.size() != lowerWord.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (asciiLowerC(a[i]) != lowerWord[i])
            return false;
    return true;
}

inline void appendLower(std::string& out, std::string_view s)
{
    for (char c : s)
        out.push_back(asciiLowerC(c));
}

// \btrue\b or \bfalse\b at i (the caller checked the boundary before): its length, or 0.
inline size_t trueFalseAt(std::string_view t, size_t i, size_t n)
{
    if (n - i >= 4 && ieq(t.substr(i, 4), "true") && (i + 4 == n || !isWord(t[i + 4])))
        return 4;
    if (n - i >= 5 && ieq(t.substr(i, 5), "false") && (i + 5 == n || !isWord(t[i + 5])))
        return 5;
    return 0;
}

// MySQL string literal at q[i] (a quote): '' doubling and backslash escapes.
// Returns the index after the closing quote, or q.size() when unterminated.
inline size_t skipMySqlString(std::string_view q, size_t i)
{
    const char quote = q[i];
    const size_t n = q.size();
    ++i;
    while (i < n) {
        const char c = q[i];
        if (c == '\\') {
            i += 2;
            continue;
        }
        if (c == quote) {
            if (i + 1 < n && q[i + 1] == quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        ++i;
    }
    return n;
}

// Blanks and comments (/* */ but not /*! */, -- and # to end of line) from i.
inline size_t skipBlanksAndComments(std::string_view q, size_t i)
{
    const size_t n = q.size();
    while (i < n) {
        const char c = q[i];
        if (isPerlSpace(c)) {
            ++i;
        } else if (c == '/' && i + 1 < n && q[i + 1] == '*' && !(i + 2 < n && q[i + 2] == '!')) {
            size_t e = q.find("*/", i + 2);
            i = e == std::string_view::npos ? n : e + 2;
        } else if (c == '#' || (c == '-' && i + 1 < n && q[i + 1] == '-')) {
            while (i < n && q[i] != '\n')
                ++i;
        } else {
            break;
        }
    }
    return i;
}

// Which list rules can apply, noted by the core as it writes words: the later
// passes run only when their keyword was seen.
enum CoreFlags : unsigned {
    kHasList = 1,    // in, value, values
    kHasUnion = 2,
    kHasLimit = 4,
    kHasOrder = 8,
    kAllFlags = 15,
};

// Byte classes for the fused core pass.
enum : unsigned char {
    kPlain = 0,   // copied as is, not \w (operators, punctuation, bytes >= 0x80)
    kLetter,      // [A-Za-z_]: \w, lower-cased
    kDigit,       // [0-9]: starts a number run
    kSign,        // + -
    kBlank,       // tr[ \n\t\r\f]
    kVTab,        // \v: \s for Perl, but not folded by pt's tr
    kDot,         // '.': plain, but R15 folds it
    kQuestion,    // '?'
    kQuote,       // ' "
    kBacktick,    // `
    kSlash,       // / (comments)
    kHash,        // # (comments)
};

struct ByteClasses {
    unsigned char cls[256];
    bool runChar[256];   // [0-9a-f.xb+-]
    char lower[256];
    constexpr ByteClasses() : cls{}, runChar{}, lower{}
    {
        for (int c = 0; c < 256; ++c) {
            cls[c] = kPlain;
            lower[c] = char(c);
            runChar[c] = isRunChar(char(c));
        }
        for (int c = 'a'; c <= 'z'; ++c)
            cls[c] = kLetter;
        for (int c = 'A'; c <= 'Z'; ++c) {
            cls[c] = kLetter;
            lower[c] = char(c - 'A' + 'a');
        }
        cls[int('_')] = kLetter;
        for (int c = '0'; c <= '9'; ++c)
            cls[c] = kDigit;
        cls[int('+')] = cls[int('-')] = kSign;
        cls[int(' ')] = cls[int('\n')] = cls[int('\t')] = cls[int('\r')] = cls[int('\f')] = kBlank;
        cls[int('\v')] = kVTab;
        cls[int('.')] = kDot;
        cls[int('?')] = kQuestion;
        cls[int('\'')] = cls[int('"')] = kQuote;
        cls[int('`')] = kBacktick;
        cls[int('/')] = kSlash;
        cls[int('#')] = kHash;
    }
};
inline constexpr ByteClasses kBytes{};

inline unsigned char byteClass(char c) { return kBytes.cls[static_cast<unsigned char>(c)]; }

// Writes the fused core rules into a buffer the caller sized to at least the
// input length (the core never lengthens the text): R12 (true/false), R14
// (number runs), R15 ([xb.]? -> ?), blank folding, lower case and \bnull\b.
class CoreEmitter {
public:
    explicit CoreEmitter(char* buffer) : m_base(buffer), m_w(buffer) {}

    size_t size() const { return size_t(m_w - m_base); }
    bool lastIsWord() const { return m_w != m_base && isWord(m_w[-1]); }

    void space()
    {
        if (m_w != m_base && m_w[-1] != ' ')
            *m_w++ = ' ';
        m_r15 = false;
    }
    void literal(char c)
    {
        *m_w++ = kBytes.lower[static_cast<unsigned char>(c)];
        m_r15 = c == 'x' || c == 'b' || c == '.';
    }
    void raw(char c)
    {
        *m_w++ = c;
        m_r15 = false;
    }
    // Letters and '_' from t[i]: lower-cased; returns the end of the run.
    // The word is noted (lastWord) and the list rules it may trigger flagged.
    size_t letters(std::string_view t, size_t i, size_t n)
    {
        char* start = m_w;
#if defined(__SSE2__)
        // 16 bytes at a time: a word's end is found from a mask, not by a branch
        // per byte. The output never runs ahead of the input, so the buffer
        // (input-sized) has room for the whole store; bytes past the word are
        // overwritten later or cut off.
        while (i + 16 <= n) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t.data() + i));
            const __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
            const __m128i alpha = _mm_and_si128(_mm_cmpgt_epi8(folded, _mm_set1_epi8('a' - 1)),
                                                _mm_cmplt_epi8(folded, _mm_set1_epi8('z' + 1)));
            const __m128i letter = _mm_or_si128(alpha, _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
            const __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)),
                                                _mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1)));
            _mm_storeu_si128(reinterpret_cast<__m128i*>(m_w), _mm_add_epi8(v, _mm_and_si128(upper, _mm_set1_epi8(0x20))));
            const unsigned notLetter = ~unsigned(_mm_movemask_epi8(letter)) & 0xffffu;
            if (notLetter) {
                const unsigned k = unsigned(__builtin_ctz(notLetter));
                m_w += k;
                i += k;
                endWord(start, t[i - 1]);
                return i;
            }
            m_w += 16;
            i += 16;
        }
#endif
        while (i < n && byteClass(t[i]) == kLetter) {
            *m_w++ = kBytes.lower[static_cast<unsigned char>(t[i])];
            ++i;
        }
        endWord(start, t[i - 1]);
        return i;
    }

private:
    // The end of letters(): `last` is the word's last byte as written in the input.
    void endWord(char* start, char last)
    {
        m_r15 = last == 'x' || last == 'b';
        m_word = std::string_view(start, size_t(m_w - start));
        switch (m_word.size()) {
        case 2:
            if (m_word == "in")
                m_flags |= kHasList;
            break;
        case 5:
            if (m_word == "value")
                m_flags |= kHasList;
            else if (m_word == "union")
                m_flags |= kHasUnion;
            else if (m_word == "limit")
                m_flags |= kHasLimit;
            else if (m_word == "order")
                m_flags |= kHasOrder;
            break;
        case 6:
            if (m_word == "values")
                m_flags |= kHasList;
            break;
        default:
            break;
        }
    }

public:
    // The word written by the last letters() call (lower case).
    std::string_view lastWord() const { return m_word; }
    unsigned flags() const { return m_flags; }
    // A '?' from a string, true/false, a number run or the query itself; R15
    // (s/[xb.+-]\?/?/g) folds a preceding x, b or '.' into it.
    void question(bool r15)
    {
        if (r15 && m_r15)
            m_w[-1] = '?';
        else
            *m_w++ = '?';
        m_r15 = false;
    }
    // \bnull\b, decided on the final text: the output so far and the source
    // after (digits there all become '?').
    bool nullAt(std::string_view t, size_t i, size_t n)
    {
        if (lastIsWord())
            return false;
        if (n - i < 4 || !ieq(t.substr(i, 4), "null"))
            return false;
        if (i + 4 < n) {
            const char a = t[i + 4];
            // An x or b followed by a '?' (or a number run) is folded into '?' by R15.
            const bool folded = (a == 'x' || a == 'b') && i + 5 < n && (t[i + 5] == '?' || isRunStart(t[i + 5]));
            if (byteClass(a) == kLetter && !folded)
                return false;
        }
        *m_w++ = '?';   // after R15 in pt: never folds
        m_r15 = false;
        return true;
    }
    // R14: the run [0-9+-][0-9a-f.xb+-]* at t[i] becomes '?'. A "false" after
    // '.', '+' or '-' was already '?' (R12 runs first) and ends the run.
    // literal (Planwise, at a token start): 0X.. with any-case hex digits and
    // an upper-case exponent (1E5) belong to the literal too.
    size_t run(std::string_view t, size_t i, size_t n, bool literal)
    {
        size_t j = i + 1;
        if (literal && t[i] == '0' && j + 1 < n && (t[j] == 'x' || t[j] == 'X') && isHex(t[j + 1])) {
            j += 2;
            while (j < n && isHex(t[j]))
                ++j;
        }
        for (;;) {
            while (j < n && kBytes.runChar[static_cast<unsigned char>(t[j])]) {
                if (t[j] == 'f' && (t[j - 1] == '.' || t[j - 1] == '+' || t[j - 1] == '-') && trueFalseAt(t, j, n))
                    break;
                ++j;
            }
            if (literal && j + 1 < n && t[j] == 'E' && (isDigit(t[j - 1]) || t[j - 1] == '.')
                && (isDigit(t[j + 1]) || ((t[j + 1] == '+' || t[j + 1] == '-') && j + 2 < n && isDigit(t[j + 2])))) {
                ++j;
                continue;
            }
            break;
        }
        question(true);
        return j;
    }

private:
    char* m_base;
    char* m_w;
    bool m_r15 = false;   // the last output byte is an original x, b or '.'
    unsigned m_flags = 0;
    std::string_view m_word;
};

// Both return CoreFlags.
unsigned ptCore(std::string_view t, std::string& out);
unsigned planwiseCore(std::string_view q, std::string& out);
// The IN/VALUES, UNION, LIMIT and ORDER BY ... ASC rules that `flags` allow.
void applyListRules(std::string& out, unsigned flags, std::string& buf, bool planwise);
void collapseLists(std::string& s, std::string& buf);
bool collapseUnions(std::string& s, std::string& buf);   // true when it changed s
void foldLimit(std::string& s);
void dropAsc(std::string& s, bool wordBoundary);

} // namespace planwise::sql::fp
