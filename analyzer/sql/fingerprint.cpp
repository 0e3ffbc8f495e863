// Query fingerprints, pt-query-digest's rules (QueryRewriter::fingerprint in
// Percona Toolkit 3.2.1) without a regex engine.
//
// Two modes share most of the code:
//  - PtQueryDigest reproduces the Perl substitutions one by one, in order,
//    with the exact matching semantics of each regex (comments stripped before
//    strings are recognised, strings paired naively, numbers matched
//    case-sensitively before lower-casing, ...). Each step is one linear pass.
//  - Planwise recognises comments and string literals the way MySQL does in one
//    pass, then applies the same remaining rules; see docs/fingerprints.md for
//    the list of differences (all of them fixes of pt-query-digest defects).
//
// Both modes then run the same core (true/false, numbers, whitespace, lower
// case, NULL — fused into one pass) and the same list rules (IN/VALUES, UNION,
// LIMIT, ORDER BY ... ASC) on the short result. Intermediate text lives in
// per-thread scratch strings, so a warm caller allocates nothing.
#include "analyzer/sql/fingerprint.h"

#include "analyzer/sql/fingerprint_rules.h"

#include <md5.h>   // libmd

#include <cstring>

namespace planwise::sql {

namespace fp {

namespace {

thread_local std::string t_scratchA;
thread_local std::string t_scratchB;

// --- Special cases (both modes) -------------------------------------------

// m#/\*\w+\.\w+:[0-9]/[0-9]\*/#
bool hasToolkitComment(std::string_view q)
{
    size_t p = 0;
    while ((p = q.find("/*", p)) != std::string_view::npos) {
        size_t i = p + 2;
        const size_t n = q.size();
        size_t s = i;
        while (i < n && isWord(q[i]))
            ++i;
        if (i > s && i < n && q[i] == '.') {
            s = ++i;
            while (i < n && isWord(q[i]))
                ++i;
            if (i > s && i + 5 < n && q[i] == ':' && isDigit(q[i + 1]) && q[i + 2] == '/' && isDigit(q[i + 3])
                && q[i + 4] == '*' && q[i + 5] == '/')
                return true;
        }
        p += 2;
    }
    return false;
}

// pt: m/\A\s*(call\s+\S+)\(/i  ->  lc($1). \S+ is greedy, so the name runs to the
// LAST '(' of the first non-blank run ("CALL f(g(1),2)" gives "call f(g").
bool ptCall(std::string_view q, std::string& out)
{
    size_t i = 0;
    const size_t n = q.size();
    while (i < n && isPerlSpace(q[i]))
        ++i;
    if (!(n - i > 4 && ieq(q.substr(i, 4), "call") && isPerlSpace(q[i + 4])))
        return false;
    size_t nameStart = i + 4;
    while (nameStart < n && isPerlSpace(q[nameStart]))
        ++nameStart;
    size_t runEnd = nameStart;
    while (runEnd < n && !isPerlSpace(q[runEnd]))
        ++runEnd;
    // Last '(' at position >= nameStart + 1 within the run.
    size_t paren = std::string_view::npos;
    for (size_t k = runEnd; k > nameStart + 1; --k)
        if (q[k - 1] == '(') {
            paren = k - 1;
            break;
        }
    if (paren == std::string_view::npos)
        return false;
    out.clear();
    appendLower(out, q.substr(i, paren - i));
    return true;
}

// Planwise: where the statement's first word (after blanks and comments) ends,
// when that word is `keyword` (lower case) and a blank follows; npos otherwise.
size_t afterLeadingKeyword(std::string_view q, std::string_view keyword)
{
    const size_t i = skipBlanksAndComments(q, 0);
    const size_t k = keyword.size();
    if (q.size() - i > k && ieq(q.substr(i, k), keyword) && isPerlSpace(q[i + k]))
        return i + k;
    return std::string_view::npos;
}

// Planwise: CALL name [ ( ... ) ] -> "call name", after leading blanks and comments,
// whatever the arguments and spacing.
bool planwiseCall(std::string_view q, std::string& out)
{
    const size_t n = q.size();
    const size_t afterCall = afterLeadingKeyword(q, "call");
    if (afterCall == std::string_view::npos)
        return false;
    size_t nameStart = skipBlanksAndComments(q, afterCall);
    size_t nameEnd = nameStart;
    while (nameEnd < n && !isPerlSpace(q[nameEnd]) && q[nameEnd] != '(' && q[nameEnd] != ';' && q[nameEnd] != '/'
           && q[nameEnd] != '#' && q[nameEnd] != '-')
        ++nameEnd;
    if (nameEnd == nameStart)
        return false;
    out.assign("call ");
    appendLower(out, q.substr(nameStart, nameEnd - nameStart));
    return true;
}

// pt: m/\A((?:INSERT|REPLACE)(?: IGNORE)?\s+INTO.+?VALUES\s*\(.*?\))\s*,\s*\(/is
// Returns the length of $1 when it matches, 0 otherwise.
size_t ptMultiRowCut(std::string_view q)
{
    const size_t n = q.size();
    size_t i;
    if (n >= 6 && ieq(q.substr(0, 6), "insert"))
        i = 6;
    else if (n >= 7 && ieq(q.substr(0, 7), "replace"))
        i = 7;
    else
        return 0;
    // (?: IGNORE)? is greedy: try with it, then without.
    for (int attempt = 0; attempt < 2; ++attempt) {
        size_t j = i;
        if (attempt == 0) {
            if (!(n - i >= 7 && q[i] == ' ' && ieq(q.substr(i + 1, 6), "ignore")))
                continue;
            j = i + 7;
        }
        size_t k = j;
        while (k < n && isPerlSpace(q[k]))
            ++k;
        if (k == j || n - k < 4 || !ieq(q.substr(k, 4), "into"))
            continue;
        // .+? then VALUES: the first VALUES at >= k+5 that is followed by \s*\( ;
        // after its '(' the first ')' followed by \s*,\s*\( ends $1. When that
        // VALUES has no such ')', no later one can have one either.
        for (size_t v = k + 5; v + 6 <= n; ++v) {
            if (asciiLowerC(q[v]) != 'v' || !ieq(q.substr(v, 6), "values"))
                continue;
            size_t p = v + 6;
            while (p < n && isPerlSpace(q[p]))
                ++p;
            if (p >= n || q[p] != '(')
                continue;
            for (size_t c = p + 1; c < n; ++c) {
                if (q[c] != ')')
                    continue;
                size_t e = c + 1;
                while (e < n && isPerlSpace(q[e]))
                    ++e;
                if (e >= n || q[e] != ',')
                    continue;
                ++e;
                while (e < n && isPerlSpace(q[e]))
                    ++e;
                if (e < n && q[e] == '(')
                    return c + 1;
            }
            return 0;
        }
    }
    return 0;
}

// --- pt-query-digest's comment and string passes ---------------------------

// s#/\*[^!].*?\*/##smg
std::string_view ptStripBlockComments(std::string_view q, std::string& buf)
{
    size_t p = q.find("/*");
    if (p == std::string_view::npos)
        return q;
    buf.clear();
    size_t i = 0;
    const size_t n = q.size();
    while (p != std::string_view::npos) {
        if (p + 2 < n && q[p + 2] != '!') {
            size_t e = q.find("*/", p + 3);
            if (e == std::string_view::npos)
                break;   // no later comment can be closed either
            buf.append(q.data() + i, p - i);
            i = e + 2;
            p = q.find("/*", i);
        } else {
            p = q.find("/*", p + 1);
        }
    }
    buf.append(q.data() + i, n - i);
    return buf;
}

// s/(?:--|#)[^'"\r\n]*(?=[\r\n]|\Z)//g
std::string_view ptStripLineComments(std::string_view q, std::string& buf)
{
    const size_t n = q.size();
    size_t p = 0;
    auto nextStart = [&](size_t from) -> size_t {
        for (size_t k = from; k < n; ++k) {
            if (q[k] == '#' || (q[k] == '-' && k + 1 < n && q[k + 1] == '-'))
                return k;
        }
        return std::string_view::npos;
    };
    p = nextStart(0);
    if (p == std::string_view::npos)
        return q;
    buf.clear();
    size_t i = 0;
    while (p != std::string_view::npos) {
        size_t e = p + (q[p] == '#' ? 1 : 2);
        while (e < n && q[e] != '\'' && q[e] != '"' && q[e] != '\r' && q[e] != '\n')
            ++e;
        if (e == n || q[e] == '\r' || q[e] == '\n') {
            buf.append(q.data() + i, p - i);
            i = e;
        }
        // Else the run stopped at a quote: no match starts anywhere in [p, e).
        p = nextStart(e);
    }
    buf.append(q.data() + i, n - i);
    return buf;
}

// s/\\["']//g
std::string_view ptStripEscapedQuotes(std::string_view q, std::string& buf)
{
    size_t p = q.find('\\');
    if (p == std::string_view::npos)
        return q;
    buf.clear();
    size_t i = 0;
    const size_t n = q.size();
    while (p != std::string_view::npos) {
        if (p + 1 < n && (q[p + 1] == '\'' || q[p + 1] == '"')) {
            buf.append(q.data() + i, p - i);
            i = p + 2;
            p = q.find('\\', i);
        } else {
            p = q.find('\\', p + 1);
        }
    }
    buf.append(q.data() + i, n - i);
    return buf;
}

// s/Q.*?Q/?/sg for one quote character Q
std::string_view ptReplaceQuoted(std::string_view q, char quote, std::string& buf)
{
    size_t p = q.find(quote);
    if (p == std::string_view::npos)
        return q;
    buf.clear();
    size_t i = 0;
    const size_t n = q.size();
    while (p != std::string_view::npos) {
        size_t e = q.find(quote, p + 1);
        if (e == std::string_view::npos)
            break;
        buf.append(q.data() + i, p - i);
        buf.push_back('?');
        i = e + 1;
        p = q.find(quote, i);
    }
    buf.append(q.data() + i, n - i);
    return buf;
}

// s/\Ause \S+\Z/use ?/i
bool ptUse(std::string_view q, std::string& out)
{
    const size_t n = q.size();
    if (n < 5 || !ieq(q.substr(0, 4), "use "))
        return false;
    size_t r = 4;
    while (r < n && !isPerlSpace(q[r]))
        ++r;
    if (r == 4)
        return false;
    if (!(r == n || (r == n - 1 && q[r] == '\n')))
        return false;
    out.assign("use ?");
    out.append(q.substr(r));
    return true;
}

// Planwise: USE db (blanks, comments, one trailing ';' allowed) -> "use ?"
bool planwiseUse(std::string_view q, std::string& out)
{
    const size_t n = q.size();
    const size_t afterUse = afterLeadingKeyword(q, "use");
    if (afterUse == std::string_view::npos)
        return false;
    size_t s = skipBlanksAndComments(q, afterUse);
    size_t e = s;
    if (e < n && q[e] == '`') {
        size_t c = q.find('`', e + 1);
        if (c == std::string_view::npos)
            return false;
        e = c + 1;
    } else {
        while (e < n && !isPerlSpace(q[e]) && q[e] != ';' && q[e] != '/' && q[e] != '#')
            ++e;
    }
    if (e == s)
        return false;
    e = skipBlanksAndComments(q, e);
    if (e < n && q[e] == ';')
        e = skipBlanksAndComments(q, e + 1);
    if (e != n)
        return false;
    out.assign("use ?");
    return true;
}

} // namespace

// --- The shared core --------------------------------------------------------
//
// pt: s/\bfalse\b|\btrue\b/?/isg; s/[0-9+-][0-9a-f.xb+-]*/?/g; s/[xb.+-]\?/?/g;
//     s/\A\s+//; chomp; tr/ \n\t\r\f/ /s; lc; s/\bnull\b/?/g
// over text whose strings are already '?' and comments gone (PtQueryDigest mode).
//
// The fused pass relies on: R14 runs never contain '?', letters other than
// a-f, x, b, or blanks; R15 can only see x, b or '.' before a '?' (every + and
// - starts an R14 run); \bnull\b is decided on the output (digits there are
// all '?').
unsigned ptCore(std::string_view t, std::string& out)
{
    size_t i = 0;
    size_t n = t.size();
    while (i < n && isPerlSpace(t[i]))
        ++i;
    if (n > i && t[n - 1] == '\n')
        --n;   // chomp
    out.resize(n - i);
    CoreEmitter em(out.data());
    while (i < n) {
        const char c = t[i];
        switch (byteClass(c)) {
        case kLetter:
            if (!(i > 0 && isWord(t[i - 1]))) {
                if (c == 't' || c == 'T' || c == 'f' || c == 'F') {
                    if (size_t len = trueFalseAt(t, i, n)) {
                        em.question(true);
                        i += len;
                        continue;
                    }
                }
            }
            if ((c == 'n' || c == 'N') && em.nullAt(t, i, n)) {
                i += 4;
                continue;
            }
            // Inside a word nothing else applies: the output before each letter is a letter.
            i = em.letters(t, i, n);
            continue;
        case kDigit:
        case kSign:
            i = em.run(t, i, n, false);
            continue;
        case kBlank:
            em.space();
            ++i;
            while (i < n && byteClass(t[i]) == kBlank)
                ++i;
            continue;
        case kQuestion:
            em.question(true);
            ++i;
            continue;
        case kDot:
            em.literal(c);
            ++i;
            continue;
        default:
            em.raw(c);
            ++i;
            continue;
        }
    }
    out.resize(em.size());
    return em.flags();
}

// Planwise: the same rules over the raw query, with comments and strings
// recognised as MySQL does (one pass). The multi-row cut is fused in: in an
// INSERT/REPLACE, after VALUE[S] at depth 0 and its first row, a following
// ", (" ends the text there (pt: the Perl regex before everything else).
unsigned planwiseCore(std::string_view q, std::string& out)
{
    const size_t n = q.size();
    size_t i = 0;
    out.resize(n);
    CoreEmitter em(out.data());
    bool prevWord = false;   // the previous character of the comment- and string-free text is \w
    // Multi-row cut: Start (first token not seen) -> Insert (INSERT/REPLACE)
    // -> Values (VALUE[S] at depth 0) -> FirstRow (its '(') -> cut or Off.
    enum { Start, Insert, Values, FirstRow, Off } cut = Start;
    int depth = 0;
    // Any token other than a word or a parenthesis.
    auto otherToken = [&] {
        if (cut == Start || cut == Values)
            cut = Off;
    };
    while (i < n) {
        const char c = q[i];
        switch (byteClass(c)) {
        case kLetter:
            if (!prevWord) {
                if (c == 't' || c == 'T' || c == 'f' || c == 'F') {
                    if (size_t len = trueFalseAt(q, i, n)) {
                        em.question(true);
                        i += len;
                        prevWord = false;
                        otherToken();
                        continue;
                    }
                } else if ((c == 'x' || c == 'X' || c == 'b' || c == 'B') && i + 1 < n && q[i + 1] == '\'') {
                    // X'..', B'..' (any case): one literal (pt: "x?" or "?" depending on the case of X).
                    i = skipMySqlString(q, i + 1);
                    em.question(false);
                    prevWord = false;
                    otherToken();
                    continue;
                }
            }
            if ((c == 'n' || c == 'N') && em.nullAt(q, i, n)) {
                i += 4;
                prevWord = true;
                otherToken();
                continue;
            }
            i = em.letters(q, i, n);
            prevWord = true;
            if (cut != Off) {
                const std::string_view w = em.lastWord();
                if (cut == Start) {
                    cut = (w == "insert" || w == "replace") ? Insert : Off;
                } else if (cut == Insert) {
                    if (depth == 0 && (w == "values" || w == "value"))
                        cut = Values;
                    else if (depth == 0 && (w == "select" || w == "set"))
                        cut = Off;
                } else if (cut == Values) {
                    cut = Off;
                }
            }
            continue;
        case kDigit:
        case kSign:
            if (c == '-' && i + 1 < n && q[i + 1] == '-') {
                while (i < n && q[i] != '\n' && q[i] != '\r')
                    ++i;
                continue;
            }
            i = em.run(q, i, n, !prevWord);
            prevWord = isWord(q[i - 1]);
            otherToken();
            continue;
        case kBlank:
        case kVTab:
            em.space();
            ++i;
            while (i < n && (byteClass(q[i]) == kBlank || byteClass(q[i]) == kVTab))
                ++i;
            prevWord = false;
            continue;
        case kQuestion:
            em.question(true);
            prevWord = false;
            ++i;
            otherToken();
            continue;
        case kQuote:
            i = skipMySqlString(q, i);
            em.question(true);
            prevWord = false;
            otherToken();
            continue;
        case kBacktick: {
            // Identifier text: numbers and lower case apply (as in pt), quotes and comments do not.
            em.raw(c);
            ++i;
            while (i < n) {
                const char d = q[i];
                if (d == '`') {
                    if (i + 1 < n && q[i + 1] == '`') {
                        em.raw('`');
                        em.raw('`');
                        i += 2;
                        continue;
                    }
                    break;
                }
                if (isRunStart(d))
                    i = em.run(q, i, n, false);
                else if (byteClass(d) == kLetter)
                    i = em.letters(q, i, n);
                else if (isPerlSpace(d)) {
                    em.space();
                    ++i;
                } else {
                    em.literal(d);
                    ++i;
                }
            }
            if (i < n) {
                em.raw('`');
                ++i;
            }
            prevWord = false;
            otherToken();
            continue;
        }
        case kSlash:
            if (i + 1 < n && q[i + 1] == '*' && !(i + 2 < n && q[i + 2] == '!')) {
                size_t e = q.find("*/", i + 2);
                i = e == std::string_view::npos ? n : e + 2;
                // Between two words a comment separates them ("SELECT/**/a"; pt: "selecta").
                if (prevWord && i < n && isWord(q[i])) {
                    em.space();
                    prevWord = false;
                }
                continue;
            }
            em.raw(c);
            prevWord = false;
            ++i;
            otherToken();
            continue;
        case kHash:
            while (i < n && q[i] != '\n' && q[i] != '\r')
                ++i;
            continue;
        case kDot:
            em.literal(c);
            prevWord = false;
            ++i;
            otherToken();
            continue;
        default:
            break;
        }
        // Everything else is copied; parentheses drive the multi-row cut.
        em.raw(c);
        prevWord = false;
        ++i;
        if (cut == Off)
            continue;
        if (c != '(' && c != ')') {
            otherToken();
            continue;
        }
        const int step = c == '(' ? 1 : -1;
        if (cut == Insert) {
            depth += step;
        } else if (cut == Values) {
            cut = step > 0 ? FirstRow : Off;
            depth = 1;
        } else if (cut == FirstRow) {
            depth += step;
            if (depth == 0) {
                cut = Off;
                size_t j = skipBlanksAndComments(q, i);
                if (j < n && q[j] == ',') {
                    j = skipBlanksAndComments(q, j + 1);
                    if (j < n && q[j] == '(')
                        break;   // the other rows go
                }
            }
        } else {
            cut = Off;   // Start: the statement begins with a parenthesis
        }
    }
    out.resize(em.size());
    return em.flags();
}

// --- List rules on the (lower-case, blank-folded) result ------------------

// s/\b(in|values?)(?:[\s,]*\([\s?,]*\))+/$1(?+)/gx
// Driven by the '(' characters: a match's keyword ends where the [\s,]* before
// its first '(' begins, so every candidate is found, in order, from its '('.
void collapseLists(std::string& s, std::string& buf)
{
    size_t p = s.find('(');
    if (p == std::string::npos)
        return;
    const size_t n = s.size();
    auto groups = [&](size_t from) -> size_t {
        size_t end = std::string::npos;
        for (;;) {
            size_t q = from;
            while (q < n && (isPerlSpace(s[q]) || s[q] == ','))
                ++q;
            if (q >= n || s[q] != '(')
                break;
            ++q;
            while (q < n && (isPerlSpace(s[q]) || s[q] == '?' || s[q] == ','))
                ++q;
            if (q >= n || s[q] != ')')
                break;
            from = end = q + 1;
        }
        return end;
    };
    size_t copied = 0, lastEnd = 0;
    while (p != std::string::npos) {
        size_t q = p;
        while (q > lastEnd && (isPerlSpace(s[q - 1]) || s[q - 1] == ','))
            --q;
        size_t kw = 0;
        if (q >= 2 && s[q - 2] == 'i' && s[q - 1] == 'n')
            kw = 2;
        else if (q >= 6 && s.compare(q - 6, 6, "values") == 0)
            kw = 6;
        else if (q >= 5 && s.compare(q - 5, 5, "value") == 0)
            kw = 5;
        if (kw && q - kw >= lastEnd && !(q - kw > 0 && isWord(s[q - kw - 1]))) {
            size_t end = groups(q);
            if (end != std::string::npos) {
                if (copied == 0)
                    buf.clear();
                buf.append(s, copied, q - copied);
                buf.append("(?+)");
                copied = lastEnd = end;
                p = s.find('(', end);
                continue;
            }
        }
        p = s.find('(', p + 1);
    }
    if (copied) {
        buf.append(s, copied, std::string::npos);
        s.swap(buf);
    }
}

// s{\b(select\s.*?)(?:(\sunion(?:\sall)?)\s\1)+}{$1 /*repeat$2*/}xg
bool collapseUnions(std::string& s, std::string& buf)
{
    if (s.find("union") == std::string::npos)
        return false;
    const size_t n = s.size();
    std::string_view v(s);
    // One repetition "\sunion(?:\sall)?\s$1" at p; returns its end and the end of the separator.
    auto repetition = [&](size_t p, size_t base, size_t len, size_t& sepEnd) -> size_t {
        if (p + 6 > n || !isPerlSpace(v[p]) || v.compare(p + 1, 5, "union") != 0)
            return std::string::npos;
        size_t a = p + 6;
        if (a + 4 <= n && isPerlSpace(v[a]) && v.compare(a + 1, 3, "all") == 0) {
            size_t b = a + 4;
            if (b < n && isPerlSpace(v[b]) && b + 1 + len <= n && v.compare(b + 1, len, v.substr(base, len)) == 0) {
                sepEnd = b;
                return b + 1 + len;
            }
        }
        if (a < n && isPerlSpace(v[a]) && a + 1 + len <= n && v.compare(a + 1, len, v.substr(base, len)) == 0) {
            sepEnd = a;
            return a + 1 + len;
        }
        return std::string::npos;
    };
    buf.clear();
    bool changed = false;
    size_t r = 0, copied = 0;
    while (r + 7 <= n) {
        size_t sel = v.find("select", r);
        if (sel == std::string::npos || sel + 7 > n)
            break;
        r = sel + 1;
        if ((sel > 0 && isWord(v[sel - 1])) || !isPerlSpace(v[sel + 6]))
            continue;
        // Lazy .*? : the first "\sunion" at or after sel+7 that repeats $1.
        size_t u = sel + 7;
        size_t matchEnd = std::string::npos, len = 0, sepStart = 0, sepEnd = 0;
        while ((u = v.find("union", u + 1)) != std::string::npos) {
            size_t p = u - 1;
            if (p < sel + 7)
                continue;
            size_t se = 0;
            size_t e = repetition(p, sel, p - sel, se);
            if (e != std::string::npos) {
                len = p - sel;
                matchEnd = e;
                sepStart = p;
                sepEnd = se;
                break;
            }
        }
        if (matchEnd == std::string::npos)
            continue;
        for (;;) {   // greedy +
            size_t se = 0;
            size_t e = repetition(matchEnd, sel, len, se);
            if (e == std::string::npos)
                break;
            sepStart = matchEnd;
            sepEnd = se;
            matchEnd = e;
        }
        buf.append(v.substr(copied, sel - copied));
        buf.append(v.substr(sel, len));
        buf.append(" /*repeat");
        buf.append(v.substr(sepStart, sepEnd - sepStart));
        buf.append("*/");
        copied = r = matchEnd;
        changed = true;
    }
    if (!changed)
        return false;
    buf.append(v.substr(copied));
    s.swap(buf);
    return true;
}

// s/\blimit \?(?:, ?\?| offset \?)?/limit ?/   (first match only)
void foldLimit(std::string& s)
{
    size_t p = 0;
    while ((p = s.find("limit ?", p)) != std::string::npos) {
        if (p > 0 && isWord(s[p - 1])) {
            ++p;
            continue;
        }
        size_t e = p + 7;
        if (s.compare(e, 3, ", ?") == 0)
            e += 3;
        else if (s.compare(e, 2, ",?") == 0)
            e += 2;
        else if (s.compare(e, 9, " offset ?") == 0)
            e += 9;
        s.erase(p + 7, e - (p + 7));
        return;
    }
}

// if (m/\bORDER BY /gi) { s/\G(.+?)\s+ASC/$1/gi }   (pt: no word boundary after ASC)
// wordBoundary: Planwise only removes a whole word ASC.
void dropAsc(std::string& s, bool wordBoundary)
{
    size_t p = 0;
    for (;;) {
        p = s.find("order by ", p);
        if (p == std::string::npos)
            return;
        if (p > 0 && isWord(s[p - 1])) {
            ++p;
            continue;
        }
        break;
    }
    const size_t n = s.size();
    size_t g = p + 9;   // \G
    size_t w = g, r = g;   // in-place compaction: write, read
    bool changed = false;
    for (;;) {
        size_t j = g + 1, found = std::string::npos, k = 0;
        while (j < n) {
            if (isPerlSpace(s[j])) {
                k = j;
                while (k < n && isPerlSpace(s[k]))
                    ++k;
                if (k + 3 <= n && s.compare(k, 3, "asc") == 0 && !(wordBoundary && k + 3 < n && isWord(s[k + 3]))) {
                    found = j;
                    break;
                }
                j = k;
            } else {
                ++j;
            }
        }
        if (found == std::string::npos)
            break;
        // Keep [r, found), drop [found, k+3).
        if (w != r)
            std::memmove(&s[w], &s[r], found - r);
        w += found - r;
        r = g = k + 3;
        changed = true;
    }
    if (!changed)
        return;
    if (w != r)
        std::memmove(&s[w], &s[r], n - r);
    w += n - r;
    s.resize(w);
}

void applyListRules(std::string& out, unsigned flags, std::string& buf, bool planwise)
{
    if (flags & kHasList)
        collapseLists(out, buf);
    // Collapsing a UNION can cut a word in two ("... from tlimit ?"): then
    // the later rules must look everywhere.
    if ((flags & kHasUnion) && collapseUnions(out, buf))
        flags = kAllFlags;
    if (flags & kHasLimit)
        foldLimit(out);
    if (flags & kHasOrder)
        dropAsc(out, planwise);
}

} // namespace fp

void fingerprintInto(std::string_view query, std::string& out, FingerprintCompat compat)
{
    using namespace fp;
    std::string& a = t_scratchA;
    std::string& b = t_scratchB;

    if (query.size() >= 40 && query.substr(0, 40) == "SELECT /*!40001 SQL_NO_CACHE */ * FROM `") {
        out.assign("mysqldump");
        return;
    }
    if (hasToolkitComment(query)) {
        out.assign("percona-toolkit");
        return;
    }
    if (query.substr(0, 23) == "administrator command: ") {
        out.assign(query);
        return;
    }

    if (compat == FingerprintCompat::PtQueryDigest) {
        if (ptCall(query, out))
            return;
        std::string_view q = query;
        if (size_t cut = ptMultiRowCut(q))
            q = q.substr(0, cut);
        q = ptStripBlockComments(q, a);
        q = ptStripLineComments(q, q.data() == a.data() ? b : a);
        if (ptUse(q, out))
            return;
        std::string& next1 = q.data() == a.data() ? b : a;
        q = ptStripEscapedQuotes(q, next1);
        std::string& next2 = q.data() == a.data() ? b : a;
        q = ptReplaceQuoted(q, '"', next2);
        std::string& next3 = q.data() == a.data() ? b : a;
        q = ptReplaceQuoted(q, '\'', next3);
        const unsigned flags = ptCore(q, out);
        applyListRules(out, flags, a, false);
        return;
    }

    if (planwiseCall(query, out) || planwiseUse(query, out))
        return;
    std::string_view q = query;
    if (!q.empty() && q.back() == '\n')
        q.remove_suffix(1);   // pt's chomp: one final newline goes, other trailing blanks fold to one space
    const unsigned flags = planwiseCore(q, out);
    applyListRules(out, flags, a, true);
}

std::string fingerprint(std::string_view query, FingerprintCompat compat)
{
    std::string out;
    fingerprintInto(query, out, compat);
    return out;
}

void queryChecksumInto(std::string_view fingerprint, std::string& out)
{
    MD5_CTX md5;
    MD5Init(&md5);
    MD5Update(&md5, reinterpret_cast<const uint8_t*>(fingerprint.data()), fingerprint.size());
    uint8_t digest[MD5_DIGEST_LENGTH];
    MD5Final(digest, &md5);
    static constexpr char hex[] = "0123456789ABCDEF";
    out.resize(2 * MD5_DIGEST_LENGTH);
    for (size_t i = 0; i < MD5_DIGEST_LENGTH; ++i) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 15];
    }
}

std::string queryChecksum(std::string_view fingerprint)
{
    std::string out;
    queryChecksumInto(fingerprint, out);
    return out;
}

} // namespace planwise::sql
