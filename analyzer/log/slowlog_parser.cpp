#include "analyzer/log/slowlog_parser.h"

#include "analyzer/core/newline_scanner.h"
#include "analyzer/core/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace planwise::log {

namespace {

constexpr std::string_view kSeparator = ";\n#";

constexpr bool isWordChar(char c) { return isAsciiAlpha(c) || isAsciiDigit(c) || c == '_'; }
constexpr bool isUpper(char c) { return c >= 'A' && c <= 'Z'; }

// string_view::find(c) for the short fields of a header line, inline
// (memchr's call costs more than the search there).
size_t findChar(std::string_view s, char c, size_t from = 0)
{
    const size_t at = findByte(s.data(), std::min(from, s.size()), s.size(), c);
    return at < s.size() ? at : std::string_view::npos;
}

// ";\n#", found with memchr on ';' and two byte checks: string_view::find would
// call memcmp at every ';' of every statement.
size_t findSeparator(std::string_view text, size_t from)
{
    const char* const base = text.data();
    const char* p = base + from;
    const char* const e = base + text.size();
    while (p + 2 < e) {
        const char* semi = static_cast<const char*>(std::memchr(p, ';', size_t(e - 2 - p)));
        if (!semi)
            return std::string_view::npos;
        if (semi[1] == '\n' && semi[2] == '#')
            return size_t(semi - base);
        p = semi + 1;
    }
    return std::string_view::npos;
}

// pt-query-digest's slow_log_ts_line: "# Time: " followed by 15 chars of [0-9: ]
// (071218 11:48:27) or 19 chars of [-0-9: T] (2019-01-01T12:00:00).
std::string_view matchTimeLine(std::string_view line)
{
    if (!line.starts_with("# Time: "))
        return {};
    const std::string_view rest = line.substr(8);
    // Bit 0: in [0-9: ]; bit 1: in [-0-9: T].
    static constexpr auto kStampClass = [] {
        std::array<uint8_t, 256> t{};
        for (int c = '0'; c <= '9'; ++c)
            t[size_t(c)] = 3;
        t[size_t(':')] = t[size_t(' ')] = 3;
        t[size_t('-')] = t[size_t('T')] = 2;
        return t;
    }();
    auto span = [&](size_t n, uint8_t bit) {
        if (rest.size() < n)
            return false;
        for (size_t i = 0; i < n; ++i)
            if (!(kStampClass[uint8_t(rest[i])] & bit))
                return false;
        return true;
    };
    if (span(15, 1))
        return rest.substr(0, 15);
    if (span(19, 2))
        return rest.substr(0, 19);
    return {};
}

// pt-query-digest's slow_log_uh_line:
//   # User@Host: ([^\[]+|\[[^[]+\]).*?@ (\S*) \[(.*)\]\s*(?:Id:\s*(\d+))?
struct UserHost {
    std::string_view user, host, ip, threadId;
};

bool matchUserHost(std::string_view line, UserHost& out)
{
    // Usually at the start; anywhere on the line for pt-query-digest (a "# Time:" line may carry it).
    const size_t at = line.starts_with("# User@Host: ") ? 0
        : findChar(line, '@') == std::string_view::npos ? std::string_view::npos
                                                          : line.find("# User@Host: ");
    if (at == std::string_view::npos)
        return false;
    std::string_view rest = line.substr(at + 13);
    if (rest.empty())
        return false;
    size_t userEnd;
    if (rest[0] == '[') {
        // \[[^[]+\]  — greedy [^[]+ then ']' : the last ']' before the next '['
        const size_t nextOpen = findChar(rest, '[', 1);
        const std::string_view scope = rest.substr(0, nextOpen == std::string_view::npos ? rest.size() : nextOpen);
        const size_t close = scope.rfind(']');
        if (close == std::string_view::npos || close < 2) {
            userEnd = std::string_view::npos;
        } else {
            userEnd = close + 1;
        }
        if (userEnd == std::string_view::npos) {
            // Fall back to [^\[]+ which cannot start with '['.
            return false;
        }
    } else {
        userEnd = findChar(rest, '[');
        if (userEnd == std::string_view::npos)
            userEnd = rest.size();
        if (userEnd == 0)
            return false;
    }
    out.user = rest.substr(0, userEnd);
    rest = rest.substr(userEnd);
    // .*?@ (\S*) \[(.*)\]  — the first "@ " after which "\S* \[.*\]" matches.
    for (size_t p = 0; (p = findChar(rest, '@', p)) != std::string_view::npos; ++p) {
        if (p + 1 >= rest.size() || rest[p + 1] != ' ')
            continue;
        std::string_view tail = rest.substr(p + 2);
        size_t hostEnd = 0;
        while (hostEnd < tail.size() && !isAsciiSpace(tail[hostEnd]))
            ++hostEnd;
        if (tail.substr(hostEnd).starts_with(" [")) {
            std::string_view afterOpen = tail.substr(hostEnd + 2);
            const size_t close = afterOpen.rfind(']');
            if (close == std::string_view::npos)
                continue;
            out.host = tail.substr(0, hostEnd);
            out.ip = afterOpen.substr(0, close);
            std::string_view after = trim(afterOpen.substr(close + 1));
            if (after.starts_with("Id:")) {
                after = trim(after.substr(3));
                size_t n = 0;
                while (n < after.size() && isAsciiDigit(after[n]))
                    ++n;
                out.threadId = after.substr(0, n);
            }
            if (out.host.empty())
                out.host = out.ip;   // skip-name-resolve logs leave the host empty
            return true;
        }
    }
    return false;
}

// Byte classes for splitAttributes(): a table lookup instead of a chain of
// range tests per byte (every attribute line of every entry goes through it).
enum : uint8_t { kOther = 0, kWord = 1, kSpace = 2 };
constexpr auto kAttrClass = [] {
    std::array<uint8_t, 256> t{};
    for (int c = 0; c < 256; ++c) {
        const char ch = char(c);
        t[size_t(c)] = isWordChar(ch) ? kWord : isAsciiSpace(ch) ? kSpace : kOther;
    }
    return t;
}();
inline uint8_t attrClass(char c) { return kAttrClass[uint8_t(c)]; }

// "(\w+):\s+(\S+|\Z)" over a "# Name: value  Name: value" line, matched
// from each ':' (a line has a few) instead of testing every byte for a word:
// a match's name is the run of word bytes just before its ':', back to where
// the previous match ended.
void splitAttributes(std::string_view line, std::vector<Attribute>& out)
{
    size_t i = 0;
    const size_t n = line.size();
    const char* const s = line.data();
    while (i < n) {
        const size_t colon = findByte(s, i, n, ':');
        if (colon >= n)
            return;
        size_t wordStart = colon;
        while (wordStart > i && attrClass(s[wordStart - 1]) == kWord)
            --wordStart;
        size_t j = colon + 1;
        if (wordStart == colon || j >= n || attrClass(s[j]) != kSpace) {
            i = j;
            continue;
        }
        while (j < n && attrClass(s[j]) == kSpace)
            ++j;
        const size_t valueStart = j;
        while (j < n && attrClass(s[j]) != kSpace)
            ++j;
        const std::string_view name(s + wordStart, colon - wordStart);
        const std::string_view value(s + valueStart, j - valueStart);
        // An empty Schema ("Schema:   QC_hit: No"): pt-query-digest drops it, and so the
        // next name must be read from where the value was.
        if (sameText(name, "Schema") && value.size() > 1 && value.back() == ':' && j < n && s[j] == ' '
            && std::all_of(value.begin(), value.end() - 1, isWordChar)) {
            i = valueStart;
            continue;
        }
        out.push_back({name, value});
        i = j;
    }
}

// "^# +[A-Z][A-Za-z_]+: \S+"
bool isAttributeLine(std::string_view line)
{
    if (line.size() < 4 || line[0] != '#' || line[1] != ' ')
        return false;
    size_t i = 1;
    while (i < line.size() && line[i] == ' ')
        ++i;
    if (i >= line.size() || !isUpper(line[i]))
        return false;
    const size_t nameStart = i++;
    while (i < line.size() && (isAsciiAlpha(line[i]) || line[i] == '_'))
        ++i;
    if (i - nameStart < 2 || i + 2 >= line.size() || line[i] != ':' || line[i + 1] != ' ')
        return false;
    return !isAsciiSpace(line[i + 2]);
}

bool isMetaLine(std::string_view line)
{
    return line.starts_with('#') || line.starts_with("use ") || line.starts_with("SET last_insert_id")
        || line.starts_with("SET insert_id") || line.starts_with("SET timestamp");
}

// The lines a server writes when it (re)starts: "/usr/sbin/mysqld, Version: ... started with:",
// "Tcp port: 3306  Unix socket: ...", "Time                 Id Command    Argument".
// isHeaderLine() below, past its first byte's test.
bool isHeaderLineText(std::string_view line)
{
    if (line[0] == 'T' && line.size() >= 9 && (line.starts_with("Tcp port:") || line.starts_with("TCP Port:") || line.starts_with("TCP port:")
                             || line.starts_with("Tcp Port:"))) {
        size_t i = 9;
        while (i < line.size() && isAsciiSpace(line[i]))
            ++i;
        return i > 9 && i < line.size() && isAsciiDigit(line[i]);
    }
    if (line.starts_with("Time")) {
        std::string_view rest = trim(line.substr(4));
        if (line.size() > 4 && isAsciiSpace(line[4]) && rest.starts_with("Id")) {
            rest = trim(rest.substr(2));
            return rest.starts_with("Command");
        }
        return false;
    }
    // "%s, Version: %s (%s). started with:" or "... embedded library": test the
    // end first, so that statement lines (which start upper-case too) are not searched.
    std::string_view tail = line;
    while (!tail.empty() && isAsciiSpace(tail.back()))
        tail.remove_suffix(1);
    if (!tail.empty() && (tail.back() == ':' || tail.back() == 'y')
        && (tail.ends_with("started with:") || tail.ends_with("embedded library"))) {
        const size_t v = line.find("d, Version");
        if (v != std::string_view::npos && v >= 5
            && (line.substr(0, v + 1).ends_with("mysqld") || line.substr(0, v + 1).ends_with("mariadbd")))
            return line.find("started with:", v) != std::string_view::npos
                || line.find("embedded library", v) != std::string_view::npos;
    }
    return false;
}

// Inline, the first byte's test: most lines start with '#' or lower case.
inline bool isHeaderLine(std::string_view line)
{
    return !line.empty() && (line[0] == '/' || isUpper(line[0])) && isHeaderLineText(line);
}

// "SET insert_id=3,timestamp=1197996507;": each name=value is an attribute.
void parseSetLine(std::string_view line, SlowLogEvent& ev)
{
    std::string_view setting = trim(line.substr(3));
    setting = setting.substr(0, findChar(setting, ';'));
    while (!setting.empty()) {
        const size_t comma = findChar(setting, ',');
        std::string_view part = setting.substr(0, comma);
        const size_t eq = findChar(part, '=');
        if (eq != std::string_view::npos)
            ev.attributes.push_back({trim(part.substr(0, eq)), trim(part.substr(eq + 1))});
        if (comma == std::string_view::npos)
            break;
        setting.remove_prefix(comma + 1);
    }
}

bool startsLikeAttribute(std::string_view s)
{
    // "^\s*[A-Z][a-z_]+: "
    size_t i = 0;
    while (i < s.size() && isAsciiSpace(s[i]))
        ++i;
    if (i >= s.size() || !isUpper(s[i]))
        return false;
    const size_t start = ++i;
    while (i < s.size() && ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
        ++i;
    return i > start && i + 1 < s.size() && s[i] == ':' && s[i + 1] == ' ';
}

class Parser final : public LineResolver {
public:
    Parser(std::string_view text, const SlowLogOptions& options, SlowLogContext& context, const SlowLogEventSink& onEvent,
           const DiagnosticSink& onDiagnostic)
        : m_text(text), m_opt(options), m_context(context), m_onEvent(onEvent), m_onDiagnostic(onDiagnostic), m_newlines(text),
          m_ts(context.ts)
    {
    }

    SlowLogStats run(size_t begin, size_t end, const SlowLogResume* resume);
    int64_t lineAt(int64_t byteOffset) const override { return lineOf(size_t(byteOffset)); }

private:
    struct Record {
        size_t start;          // first byte
        size_t end;            // one past the last byte (before ";\n#" or at the end of the text)
        bool hashPrepended;    // the first line did not start with '#': pt-query-digest prepends one
        bool endsAtSeparator;  // followed by ";\n#"
    };

    void parseRecord(const Record& r);
    void warn(int64_t line, int64_t offset, std::string message);
    int64_t lineOf(size_t offset) const;
    void emit(SlowLogEvent& event);
    size_t separatorFrom(size_t from);
    size_t semicolonNewline(size_t from, size_t end);

    std::string_view m_text;
    const SlowLogOptions& m_opt;
    SlowLogContext& m_context;
    const SlowLogEventSink& m_onEvent;
    const DiagnosticSink& m_onDiagnostic;
    NewlineScanner m_newlines;
    // The stamp entries without one inherit: a view of the text (or of
    // m_context.ts at first), stored back into m_context once, at the end.
    std::string_view m_ts;
    std::string m_tsOwned;
    void rememberTs(std::string_view ts)
    {
        // A first line with a '#' prepended lives in m_firstLine, which the next entry reuses.
        if (!m_firstLine.empty() && ts.data() >= m_firstLine.data() && ts.data() < m_firstLine.data() + m_firstLine.size()) {
            m_tsOwned.assign(ts);
            ts = m_tsOwned;
        }
        m_ts = ts;
    }
    SlowLogStats m_stats;
    SlowLogEvent m_event;
    std::string m_firstLine;
    // Line counting is incremental: offsets only move forward.
    mutable size_t m_lineCursor = 0;
    mutable int64_t m_lineAtCursor = 0;
    size_t m_rangeBegin = 0;
    // Where the next record starts and whether pt's look-ahead consumed text.
    size_t m_next = 0;
    size_t m_searchFrom = 0;
    bool m_nextHashPrepended = false;
};

int64_t Parser::lineOf(size_t offset) const
{
    // Callers ask in nearly increasing order (an entry's warning may come
    // before its event): move the cursor by the lines in between.
    offset = std::max(offset, m_rangeBegin);
    if (offset < m_lineCursor)
        m_lineAtCursor -= int64_t(m_newlines.count(offset, m_lineCursor));
    else
        m_lineAtCursor += int64_t(m_newlines.count(m_lineCursor, offset));
    m_lineCursor = offset;
    return m_opt.firstLine + m_lineAtCursor;
}

// findSeparator() by way of the line ends: every ";\n#" is a line end with ';'
// before it and '#' after it, and the line ends are found anyway.
size_t Parser::separatorFrom(size_t from)
{
    const char* const base = m_text.data();
    for (size_t nl = m_newlines.next(from + 1); nl != NewlineScanner::npos && nl + 1 < m_text.size();
         nl = m_newlines.next(nl + 1)) {
        if (base[nl - 1] == ';' && base[nl + 1] == '#')
            return nl - 1;
    }
    return std::string_view::npos;
}

// The next ";\n" with its ';' in [from, end), or npos.
size_t Parser::semicolonNewline(size_t from, size_t end)
{
    const char* const base = m_text.data();
    for (size_t nl = m_newlines.next(from + 1, end); nl != NewlineScanner::npos; nl = m_newlines.next(nl + 1, end)) {
        if (base[nl - 1] == ';')
            return nl - 1;
    }
    return std::string_view::npos;
}

void Parser::warn(int64_t line, int64_t offset, std::string message)
{
    if (!m_onDiagnostic)
        return;
    Diagnostic d;
    d.severity = Severity::Warning;
    d.file = m_opt.fileName;
    d.line = line;
    d.byteOffset = offset;
    d.message = std::move(message);
    m_onDiagnostic(d);
}

SlowLogStats Parser::run(size_t begin, size_t end, const SlowLogResume* resume)
{
    m_rangeBegin = begin;
    m_lineCursor = begin;
    m_next = resume ? resume->next : begin;
    m_searchFrom = resume ? resume->searchFrom : begin;
    m_nextHashPrepended = resume ? resume->hashPrepended : (begin >= m_text.size() || m_text[begin] != '#');
    end = std::min(end, m_text.size());
    while (m_next < end) {
        Record r;
        r.start = m_next;
        r.hashPrepended = m_nextHashPrepended;
        const size_t sep = separatorFrom(std::max(m_searchFrom, m_next));
        if (sep == std::string_view::npos) {
            r.end = m_text.size();
            r.endsAtSeparator = false;
            // pt strips ";\n" (and a lone "#") at the very end of the log.
            std::string_view body = m_text.substr(r.start, r.end - r.start);
            if (body.ends_with(";\n"))
                r.end -= 2;
            else if (body.ends_with(";\n#"))
                r.end -= 3;
            m_next = m_text.size();
        } else {
            r.end = sep;
            r.endsAtSeparator = true;
            m_next = sep + 2;   // the '#' that opens the next entry
        }
        m_searchFrom = m_next;
        m_nextHashPrepended = false;
        parseRecord(r);
    }
    m_context.ts.assign(m_ts);
    m_stats.stop = {m_next, m_searchFrom, m_nextHashPrepended};
    m_stats.lines = uint64_t(lineOf(std::min(end, m_text.size())) - m_opt.firstLine);
    if (end > begin && end <= m_text.size() && m_text[end - 1] != '\n')
        ++m_stats.lines;
    return m_stats;
}

void Parser::emit(SlowLogEvent& event)
{
    if (event.ts.empty() && !m_ts.empty())
        event.ts = m_ts;
    ++m_stats.events;
    m_onEvent(event);
}

void Parser::parseRecord(const Record& r)
{
    SlowLogEvent& ev = m_event;
    ev.query = {};
    ev.adminCommand = false;
    ev.noStatement = false;
    ev.ts = ev.user = ev.host = ev.ip = ev.db = {};
    ev.attributes.clear();
    ev.explainLines.clear();
    ev.parameters = {};
    bool lineSet = false;

    bool gotTs = false, gotUh = false, gotAc = false, gotDb = false, gotSet = false, foundArg = false;
    std::string_view useDb, schema;
    const bool pt = m_opt.mode == SlowLogMode::PtQueryDigest;

    size_t pos = r.start;
    bool firstLine = true;
    bool lookAheadDone = false;
    while (pos < r.end || (pos == r.end && firstLine)) {
        size_t eol = m_newlines.next(pos);
        if (eol == NewlineScanner::npos || eol > r.end)
            eol = r.end;
        std::string_view line = m_text.substr(pos, eol - pos);
        const size_t lineStart = pos;
        pos = eol < r.end ? eol + 1 : r.end;
        const bool lastLine = eol >= r.end;

        if (isHeaderLine(line)) {
            firstLine = false;
            if (!lastLine)
                continue;
            break;
        }
        if (!lineSet) {
            ev.lineResolver = this;
            ev.byteOffset = int64_t(lineStart);
            lineSet = true;
        }
        if (firstLine && r.hashPrepended) {
            m_firstLine.clear();
            m_firstLine.push_back('#');
            m_firstLine.append(line.data(), line.size());
            line = m_firstLine;
        }
        firstLine = false;

        if (line.starts_with('#') && m_newlines.hasNul(lineStart, eol)) {
            warn(lineOf(lineStart), int64_t(lineStart), "NUL byte in an entry's header line; line ignored");
            continue;
        }

        if (isMetaLine(line)) {
            std::string_view time;
            UserHost uh;
            if (!gotTs && !(time = matchTimeLine(line)).empty()) {
                ev.ts = time;
                gotTs = true;
                ++m_stats.recognisedLines;
                if (!gotUh && matchUserHost(line, uh)) {
                    ev.user = uh.user, ev.host = uh.host, ev.ip = uh.ip;
                    if (!uh.threadId.empty())
                        ev.attributes.push_back({"Thread_id", uh.threadId});
                    gotUh = true;
                }
            } else if (!gotUh && matchUserHost(line, uh)) {
                ev.user = uh.user, ev.host = uh.host, ev.ip = uh.ip;
                if (!uh.threadId.empty())
                    ev.attributes.push_back({"Thread_id", uh.threadId});
                gotUh = true;
                ++m_stats.recognisedLines;
            } else if (!gotAc && line.starts_with("# administrator command:")) {
                std::string_view arg = line.substr(1);
                while (!arg.empty() && isAsciiSpace(arg.front()))
                    arg.remove_prefix(1);
                ev.query = arg;
                ev.adminCommand = true;
                foundArg = gotAc = true;
            } else if (isAttributeLine(line)) {
                const size_t before = ev.attributes.size();
                splitAttributes(line, ev.attributes);
                for (size_t i = before; i < ev.attributes.size(); ++i) {
                    if (sameText(ev.attributes[i].name, "Query_time"))
                        ++m_stats.recognisedLines;
                    if (sameText(ev.attributes[i].name, "Schema"))
                        schema = ev.attributes[i].value;
                }
            } else if (line.starts_with("# explain: ")) {
                ev.explainLines.push_back(line.substr(11));
            } else if (!gotDb && line.starts_with("use ")) {
                std::string_view db = line.substr(4);
                db = db.substr(0, findChar(db, ';'));
                if (!db.empty()) {
                    useDb = db;
                    gotDb = true;
                }
            } else if (!gotSet && line.starts_with("SET timestamp=") && line.size() > 14 && isAsciiDigit(line[14])
                       && (line.back() == ';' || isAsciiDigit(line.back()))) {
                // The usual "SET timestamp=1709510400;", without the general split below.
                size_t e = 14;
                while (e < line.size() && isAsciiDigit(line[e]))
                    ++e;
                if (e == line.size() || (line[e] == ';' && e + 1 == line.size()))
                    ev.attributes.push_back({line.substr(4, 9), line.substr(14, e - 14)});
                else
                    parseSetLine(line, ev);
                gotSet = true;
            } else if (!gotSet && line.starts_with("SET")) {
                parseSetLine(line, ev);
                gotSet = true;
            }

            if (!foundArg && lastLine) {
                // MySQL writes "SET timestamp=...;" then "# administrator command: Quit;":
                // the separator falls between them.
                const bool adminNext = r.endsAtSeparator && m_text.substr(r.end + 2).starts_with("# administrator command:");
                if (!pt && !adminNext)
                    break;
                // pt-query-digest reads the next ";\n"-terminated chunk to decide.
                if (!r.endsAtSeparator || lookAheadDone)
                    return;
                lookAheadDone = true;
                const size_t laStart = r.end + 3;   // after ";\n#"
                size_t laEnd = m_text.find(";\n", laStart);
                laEnd = laEnd == std::string_view::npos ? m_text.size() : laEnd + 2;
                std::string_view l = m_text.substr(laStart, laEnd - laStart);
                if (startsLikeAttribute(l)) {
                    // "/* No query */": the next entry is parsed as usual, but the
                    // separator that ends the look-ahead chunk no longer counts.
                    ev.query = "/* No query */";
                    ev.noStatement = true;
                    m_next = laStart;
                    m_nextHashPrepended = true;
                    m_searchFrom = laEnd;
                } else {
                    if (l.ends_with(";\n"))
                        l.remove_suffix(2);
                    while (!l.empty() && isAsciiSpace(l.front()))
                        l.remove_prefix(1);
                    ev.query = l;
                    ev.adminCommand = true;
                    m_next = laEnd;
                    m_nextHashPrepended = laEnd >= m_text.size() || m_text[laEnd] != '#';
                    m_searchFrom = laEnd;
                }
                foundArg = true;
            }
        } else {
            // The statement: everything from here to the end of the entry.
            if (!pt && !gotTs && !gotUh && ev.attributes.empty()) {
                warn(lineOf(lineStart), int64_t(lineStart),
                     "text outside any slow-log entry (no \"# Time:\", \"# User@Host:\" or \"# Query_time:\" line before "
                     "it); skipped");
                return;
            }
            size_t qEnd = r.end;
            // A restarted server writes its header block right after the last
            // statement, so no "# " line separates them: end the entry there.
            for (size_t p = lineStart; (p = semicolonNewline(p, qEnd)) != std::string_view::npos; p += 2) {
                const size_t next = p + 2;
                size_t nl = m_newlines.next(next);
                if (nl == std::string_view::npos || nl > qEnd)
                    nl = qEnd;
                if (isHeaderLine(m_text.substr(next, nl - next))) {
                    qEnd = p;
                    m_next = next;
                    m_searchFrom = next;
                    m_nextHashPrepended = true;
                    break;
                }
            }
            std::string_view query = m_text.substr(lineStart, qEnd - lineStart);
            if (!r.endsAtSeparator || qEnd != r.end) {
                // The log's last statement (or one cut by a restart header) may end in ";" and blank lines.
                while (!query.empty() && isAsciiSpace(query.back()))
                    query.remove_suffix(1);
                if (query.ends_with(';'))
                    query.remove_suffix(1);
            }
            if (query.size() > m_opt.maxEntryBytes) {
                warn(lineOf(lineStart), int64_t(lineStart),
                     fmt::format("statement of {} bytes truncated to {} bytes", query.size(), m_opt.maxEntryBytes));
                query = query.substr(0, m_opt.maxEntryBytes);
                ++m_stats.truncatedEntries;
            }
            ev.query = query;
            foundArg = true;
            break;
        }
        if (lastLine)
            break;
    }

    if (!foundArg) {
        if (!pt) {
            // What the entry said still holds for the ones after it.
            if (!useDb.empty())
                m_context.db.assign(useDb);
            if (!ev.ts.empty())
                rememberTs(ev.ts);
            if (gotTs || gotUh || !ev.attributes.empty())
                warn(ev.lineNumber(), ev.byteOffset, "entry has no statement (truncated entry?); skipped");
        }
        return;
    }
    if (ev.query.empty() || (pt && ev.query == "0"))
        return;

    // db: the entry's own "use", then (pt) the inherited one or (Planwise) the Schema attribute.
    auto stripTicks = [](std::string_view s) {
        if (s.starts_with('`'))
            s.remove_prefix(1);
        if (s.ends_with('`'))
            s.remove_suffix(1);
        return s;
    };
    useDb = stripTicks(useDb);
    schema = stripTicks(schema);
    if (!useDb.empty()) {
        ev.db = useDb;
        m_context.db.assign(useDb);
    } else if (!pt && !schema.empty()) {
        ev.db = schema;
    } else if (!m_context.db.empty()) {
        ev.db = m_context.db;
    } else {
        ev.db = schema;
    }
    if (!ev.ts.empty())
        rememberTs(ev.ts);
    emit(ev);
}

} // namespace

std::string_view SlowLogEvent::attribute(std::string_view name) const
{
    for (const Attribute& a : attributes)
        if (a.name == name)
            return a.value;
    return {};
}

SlowLogStats parseSlowLog(std::string_view text, size_t begin, size_t end, const SlowLogOptions& options,
                          SlowLogContext& context, const SlowLogEventSink& onEvent, const DiagnosticSink& onDiagnostic,
                          const SlowLogResume* resume)
{
    Parser parser(text, options, context, onEvent, onDiagnostic);
    return parser.run(begin, end, resume);
}

// An entry that ends with "SET timestamp=...;" takes the "# administrator command:"
// line after it as its statement, so no block may start on that line.
static bool isBlockBoundary(std::string_view text, size_t hashPos)
{
    return !text.substr(hashPos).starts_with("# administrator command:");
}

size_t nextSlowLogBoundary(std::string_view text, size_t from)
{
    for (size_t at = from < 2 ? 0 : from - 2;;) {
        const size_t sep = findSeparator(text, at);
        if (sep == std::string_view::npos)
            return text.size();
        if (isBlockBoundary(text, sep + 2))
            return sep + 2;
        at = sep + 1;
    }
}

size_t lastSlowLogBoundary(std::string_view text)
{
    for (size_t end = text.size(); end > 0;) {
        const size_t sep = text.substr(0, end).rfind(kSeparator);
        if (sep == std::string_view::npos || sep == 0)
            return std::string_view::npos;
        if (sep + 2 < text.size() && isBlockBoundary(text, sep + 2))
            return sep + 2;
        end = sep + kSeparator.size() - 1;
    }
    return std::string_view::npos;
}

// The last line of `text` that starts with `prefix` (searched with memmem, which
// is fast where a line-by-line backward walk is not), or an empty view.
static std::string_view lastLineStartingWith(std::string_view text, std::string_view prefix)
{
    std::string needle = "\n";
    needle.append(prefix);
    // Search windows from the end backwards: the line is usually near the end,
    // and a forward memmem over the whole text would stop at every match.
    constexpr size_t kWindow = 64 * 1024;
    const char* const base = text.data();
    size_t end = text.size();
    const char* lineStart = nullptr;
    while (end > 0 && !lineStart) {
        const size_t start = end > kWindow ? end - kWindow : 0;
        const size_t stop = std::min(text.size(), end + needle.size() - 1);   // a match may straddle windows
        const char* p = base + start;
        while (p < base + stop) {
            const void* hit = memmem(p, size_t(base + stop - p), needle.data(), needle.size());
            if (!hit)
                break;
            lineStart = static_cast<const char*>(hit) + 1;
            p = lineStart;
        }
        end = start;
    }
    if (!lineStart && text.starts_with(prefix))
        lineStart = base;
    if (!lineStart)
        return {};
    const char* const e = base + text.size();
    const char* lineEnd = static_cast<const char*>(std::memchr(lineStart, '\n', size_t(e - lineStart)));
    return std::string_view(lineStart, size_t((lineEnd ? lineEnd : e) - lineStart));
}

SlowLogContext slowLogContextAt(std::string_view text, const SlowLogContext& previous)
{
    SlowLogContext out = previous;
    const std::string_view timeLine = lastLineStartingWith(text, "# Time: ");
    const std::string_view t = matchTimeLine(timeLine);
    if (!t.empty())
        out.ts.assign(t);
    std::string_view db = lastLineStartingWith(text, "use ");
    if (!db.empty()) {
        db = db.substr(4);
        db = db.substr(0, db.find(';'));
        if (db.starts_with('`'))
            db.remove_prefix(1);
        if (db.ends_with('`'))
            db.remove_suffix(1);
        if (!db.empty())
            out.db.assign(db);
    }
    return out;
}

std::string normalizeSlowLogTimestamp(std::string_view raw)
{
    // (\d\d)(\d\d)(\d\d) +(\d+):(\d+):(\d+)(\.\d+)?
    auto digits = [&](size_t at, size_t n) {
        if (at + n > raw.size())
            return false;
        for (size_t i = 0; i < n; ++i)
            if (!isAsciiDigit(raw[at + i]))
                return false;
        return true;
    };
    if (digits(0, 6) && raw.size() > 7 && raw[6] == ' ') {
        size_t i = 6;
        while (i < raw.size() && raw[i] == ' ')
            ++i;
        int h = 0, m = 0, s = 0;
        int* parts[3] = {&h, &m, &s};
        for (int k = 0; k < 3; ++k) {
            size_t st = i;
            while (i < raw.size() && isAsciiDigit(raw[i]))
                *parts[k] = *parts[k] * 10 + (raw[i++] - '0');
            if (i == st)
                return std::string(raw);
            if (k < 2) {
                if (i >= raw.size() || raw[i] != ':')
                    return std::string(raw);
                ++i;
            }
        }
        const int y = (raw[0] - '0') * 10 + (raw[1] - '0') + 2000;
        const int mo = (raw[2] - '0') * 10 + (raw[3] - '0');
        const int d = (raw[4] - '0') * 10 + (raw[5] - '0');
        return fmt::format("{}-{:02}-{:02} {:02}:{:02}:{:02}", y, mo, d, h, m, s);
    }
    return std::string(raw);
}

size_t countSlowLogMarkers(std::string_view text)
{
    size_t n = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos)
            eol = text.size();
        const std::string_view line = text.substr(pos, eol - pos);
        if (line.starts_with("# Time: ") || line.starts_with("# User@Host: ") || line.starts_with("# Query_time: "))
            ++n;
        pos = eol + 1;
    }
    return n;
}

} // namespace planwise::log
