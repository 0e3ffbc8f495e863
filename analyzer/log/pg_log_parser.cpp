#include "analyzer/log/pg_log_parser.h"

#include "analyzer/log/pg_line_prefix.h"

#include "analyzer/core/newline_scanner.h"
#include "analyzer/core/number_text.h"
#include "analyzer/core/text.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <map>
#include <vector>

namespace planwise::log {

namespace {

constexpr std::string_view kSeverities[] = {"LOG",     "ERROR", "STATEMENT", "DETAIL", "HINT",  "CONTEXT", "WARNING",
                                            "FATAL",   "PANIC", "NOTICE",    "INFO",   "DEBUG", "DEBUG1",  "DEBUG2",
                                            "DEBUG3",  "DEBUG4", "DEBUG5",   "QUERY",  "LOCATION"};

// An entry's first line: "<prefix><SEVERITY>:  <message>".
struct Header {
    std::string_view prefix, severity, message;
};

// The next ":  " at or after `from`, or npos: the blanks checked in place rather
// than by find()'s memcmp call at every ':' (timestamps have two).
size_t colonBlanks(std::string_view line, size_t from)
{
    while (from + 3 <= line.size()) {
        const void* colon = std::memchr(line.data() + from, ':', line.size() - from - 2);
        if (!colon)
            break;
        const size_t at = size_t(static_cast<const char*>(colon) - line.data());
        if (line[at + 1] == ' ' && line[at + 2] == ' ')
            return at;
        from = at + 1;
    }
    return std::string_view::npos;
}

bool splitHeader(std::string_view line, Header& out)
{
    for (size_t at = colonBlanks(line, 0); at != std::string_view::npos; at = colonBlanks(line, at + 1)) {
        size_t start = at;
        while (start > 0 && line[start - 1] >= 'A' && line[start - 1] <= 'Z')
            --start;
        // DEBUG1..5 end in a digit
        const size_t wordEnd = at;
        if (start == at && at > 0 && isAsciiDigit(line[at - 1])) {
            start = at - 1;
            while (start > 0 && line[start - 1] >= 'A' && line[start - 1] <= 'Z')
                --start;
        }
        const std::string_view word = line.substr(start, wordEnd - start);
        if (word.empty() || (start > 0 && !isAsciiSpace(line[start - 1]) && line[start - 1] != ']'))
            continue;
        // LOG first: most lines, and a constant-size compare needs no memcmp call.
        if (word != "LOG" && std::find(std::begin(kSeverities), std::end(kSeverities), word) == std::end(kSeverities))
            continue;
        out.prefix = line.substr(0, start);
        out.severity = word;
        out.message = line.substr(at + 3);
        return true;
    }
    return false;
}

// What the usual prefixes ("%m [%p] %q%u@%d ", "%t [%p]: [%l-1] user=%u,db=%d ") tell.
struct PrefixFields {
    std::string_view ts, pid, user, db;
};

PrefixFields readPrefix(std::string_view prefix)
{
    PrefixFields f;
    // A leading "YYYY-MM-DD HH:MM:SS[.fff]".
    if (prefix.size() >= 19 && isAsciiDigit(prefix[0]) && prefix[4] == '-' && prefix[7] == '-' && prefix[13] == ':') {
        size_t n = 19;
        while (n < prefix.size() && (isAsciiDigit(prefix[n]) || prefix[n] == '.'))
            ++n;
        f.ts = prefix.substr(0, n);
    }
    const size_t open = prefix.find('[');
    if (open != std::string_view::npos) {
        const size_t close = prefix.find(']', open);
        if (close != std::string_view::npos)
            f.pid = prefix.substr(open + 1, close - open - 1);
    }
    // "user=app,db=shop" or "app@shop" (most prefixes have no '=': one search instead of two)
    const bool named = prefix.find('=') != std::string_view::npos;
    const size_t u = named ? prefix.find("user=") : std::string_view::npos;
    const size_t d = named ? prefix.find("db=") : std::string_view::npos;
    if (u != std::string_view::npos || d != std::string_view::npos) {
        auto value = [&prefix](size_t at) {
            size_t e = at;
            while (e < prefix.size() && prefix[e] != ',' && !isAsciiSpace(prefix[e]))
                ++e;
            return prefix.substr(at, e - at);
        };
        if (u != std::string_view::npos)
            f.user = value(u + 5);
        if (d != std::string_view::npos)
            f.db = value(d + 3);
        return f;
    }
    const std::string_view trimmed = trim(prefix);
    const size_t at = trimmed.rfind('@');
    if (at != std::string_view::npos) {
        size_t start = trimmed.rfind(' ', at);
        start = start == std::string_view::npos ? 0 : start + 1;
        f.user = trimmed.substr(start, at - start);
        f.db = trimmed.substr(at + 1);
        if (f.db.ends_with(':'))
            f.db.remove_suffix(1);
    }
    return f;
}

// "duration: 8.984 ms  statement: SELECT ..." -> the number of ms as written, kind, rest
bool readDuration(std::string_view msg, std::string_view& msText, std::string_view& rest)
{
    if (!msg.starts_with("duration: "))
        return false;
    msg.remove_prefix(10);
    // The usual "8.984" by hand; anything else as from_chars reads a double.
    size_t n = 0;
    while (n < msg.size() && isAsciiDigit(msg[n]))
        ++n;
    if (n > 0 && n < msg.size() && msg[n] == '.')
        for (++n; n < msg.size() && isAsciiDigit(msg[n]);)
            ++n;
    if (n == 0 || !msg.substr(n).starts_with(" ms")) {
        double ms = 0;
        const auto res = std::from_chars(msg.data(), msg.data() + msg.size(), ms);
        if (res.ec != std::errc())
            return false;
        n = size_t(res.ptr - msg.data());
    }
    msText = msg.substr(0, n);
    msg.remove_prefix(n);
    if (!msg.starts_with(" ms"))
        return false;
    msg.remove_prefix(3);
    rest = trim(msg);
    return true;
}

// Query_time: ms / 1000 as fmt's "{:.6f}" prints it. The usual duration (at
// most 9 integer digits and 3 decimals, "8.984") is shifted as text: the
// same digits, as the double is nowhere near a rounding tie at 6 decimals.
void formatSeconds(std::string_view msText, std::string& out)
{
    size_t i = 0;
    uint64_t whole = 0;
    while (i < msText.size() && i < 10 && isAsciiDigit(msText[i]))
        whole = whole * 10 + uint64_t(msText[i++] - '0');
    uint32_t thousandths = 0;
    size_t decimals = 0;
    if (i > 0 && i < 10 && i < msText.size() && msText[i] == '.') {
        for (++i; i < msText.size() && decimals < 4 && isAsciiDigit(msText[i]); ++i, ++decimals)
            thousandths = thousandths * 10 + uint32_t(msText[i] - '0');
    }
    if (i == 0 || i != msText.size() || decimals > 3 || whole >= 1000000000) {
        double ms = 0;
        std::from_chars(msText.data(), msText.data() + msText.size(), ms);
        out.clear();
        appendFixed6(out, ms / 1000.0);
        return;
    }
    for (; decimals < 3; ++decimals)
        thousandths *= 10;
    uint32_t micros = uint32_t(whole % 1000) * 1000 + thousandths;
    char text[32];
    char* end = std::to_chars(text, text + 20, whole / 1000).ptr;
    *end++ = '.';
    for (int d = 5; d >= 0; --d, micros /= 10)
        end[d] = char('0' + micros % 10);
    out.assign(text, size_t(end + 6 - text));
}

class PgParser {
public:
    // The fields of an entry's prefix: by the user's log_line_prefix when given,
    // else by the usual prefixes' shapes. A line the given prefix does not fit
    // is read the heuristic way, with a warning (the first few only).
    PrefixFields prefixFields(std::string_view prefix, int64_t line, int64_t offset)
    {
        if (!m_prefix)
            return readPrefix(prefix);
        PrefixMatch m;
        if (m_prefix->match(prefix, m))
            return {m.ts, m.pid, m.user, m.db};
        if (m_prefixMismatches++ < 10)
            warn(line, offset, "the prefix '" + std::string(trim(prefix)) + "' does not fit --prefix '" +
                                   m_prefix->spec() + "'; read by its shape instead");
        return readPrefix(prefix);
    }

    PgParser(std::string_view text, const PgLogOptions& o, const SlowLogEventSink& onEvent, const DiagnosticSink& onDiag)
        : m_text(text), m_o(o), m_onEvent(onEvent), m_onDiag(onDiag)
    {
        if (!o.linePrefix.empty())
            m_prefix = LinePrefix::compile(o.linePrefix); // validated by the caller; an invalid one is ignored
    }

    PgLogStats run(size_t begin, size_t end)
    {
        int64_t line = m_o.firstLine;
        size_t pos = begin;
        end = std::min(end, m_text.size());
        // The header of the line at `pos`, when the previous entry's end found it.
        Header next;
        bool haveNext = false;
        NewlineScanner newlines(m_text);
        auto lineEnd = [&](size_t from) { return std::min(newlines.next(from), m_text.size()); };
        while (pos < end) {
            // One entry: a header line and its tab-indented continuation lines.
            const size_t entryStart = pos;
            const int64_t entryLine = line;
            size_t eol = lineEnd(pos);
            const std::string_view first = m_text.substr(pos, eol - pos);
            Header h;
            const bool isHeader = haveNext ? (h = next, true) : splitHeader(first, h);
            haveNext = false;
            pos = eol + 1;
            ++line;
            size_t entryEnd = eol;
            // Every line that does not start a new entry continues this one: the
            // statement's own lines, and auto_explain's tab-indented plan.
            while (pos < m_text.size()) {
                eol = lineEnd(pos);
                if (m_text[pos] != '\t' && splitHeader(m_text.substr(pos, eol - pos), next)) {
                    haveNext = true;
                    break;
                }
                entryEnd = eol;
                pos = eol + 1;
                ++line;
            }
            handleEntry(isHeader ? &h : nullptr, first, m_text.substr(entryStart, entryEnd - entryStart), entryLine,
                        entryStart);
        }
        flush();
        m_stats.lines = uint64_t(line - m_o.firstLine);
        return m_stats;
    }

private:
    // The last execution, held until the next entry: its DETAIL (parameters) may follow.
    // It owns what does not outlive the entry: jsonlog and csvlog fields, joined lines.
    struct Pending {
        bool active = false;
        SlowLogEvent event;
        std::string queryTime;
        std::string owned;   // the statement with its continuation lines joined
        std::string pid, ts, user, db, parameters, plan;
        std::string_view pidKey;   // the backend: `pid`, or in the text
    };

    // `h`: the first line's header, null when it has none.
    void handleEntry(const Header* h, std::string_view first, std::string_view whole, int64_t line, size_t offset)
    {
        if (!h) {
            if (!trim(first).empty())
                warn(line, offset, "line is not a PostgreSQL log entry (check log_line_prefix); skipped");
            return;
        }
        ++m_stats.recognisedLines;
        const PrefixFields pf = prefixFields(h->prefix, line, offset);
        // Continuation lines: the message goes on after the first line.
        std::string_view continuation;
        if (whole.size() > first.size())
            continuation = whole.substr(first.size() + 1);
        handleMessage(pf, h->severity, h->message, continuation, line, offset, true);
    }

public:
    // One jsonlog line (PostgreSQL 15+): {"timestamp":..,"user":..,"dbname":..,"pid":..,"error_severity":..,"message":..}
    void handleJsonLine(std::string_view lineText, int64_t line, size_t offset)
    {
        if (trim(lineText).empty())
            return;
        const auto j = nlohmann::json::parse(lineText, nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("error_severity") || !j.contains("message")) {
            warn(line, offset, "line is not a PostgreSQL jsonlog object; skipped");
            return;
        }
        ++m_stats.recognisedLines;
        auto str = [&j](const char* key) -> std::string {
            const auto it = j.find(key);
            if (it == j.end() || it->is_null())
                return {};
            return it->is_string() ? it->get<std::string>() : it->dump();
        };
        m_jsonTs = str("timestamp");
        m_jsonUser = str("user");
        m_jsonDb = str("dbname");
        m_jsonPid = str("pid");
        m_jsonSeverity = str("error_severity");
        m_jsonMessage = str("message");
        PrefixFields pf;
        pf.ts = m_jsonTs;
        pf.user = m_jsonUser;
        pf.db = m_jsonDb;
        pf.pid = m_jsonPid;
        std::string_view msg = m_jsonMessage, continuation;
        const size_t nl = msg.find('\n');
        if (nl != std::string_view::npos) {
            continuation = msg.substr(nl + 1);
            msg = msg.substr(0, nl);
        }
        handleMessage(pf, m_jsonSeverity, msg, continuation, line, offset, false);
        // jsonlog carries the bind parameters in "detail" of the same object.
        const std::string detail = str("detail");
        if (m_pending.active && std::string_view(detail).starts_with("parameters: "))
            m_pending.parameters = detail.substr(12), m_pending.event.parameters = m_pending.parameters;
    }

    // One csvlog record, already split into fields (PostgreSQL's column order).
    void handleCsvRecord(const std::vector<std::string>& f, int64_t line, size_t offset)
    {
        if (f.size() < 14) {
            warn(line, offset, fmt::format("csvlog record with {} fields, expected at least 14; skipped", f.size()));
            return;
        }
        ++m_stats.recognisedLines;
        PrefixFields pf;
        pf.ts = f[0];
        pf.user = f[1];
        pf.db = f[2];
        pf.pid = f[3];
        std::string_view msg = f[13], continuation;
        const size_t nl = msg.find('\n');
        if (nl != std::string_view::npos) {
            continuation = msg.substr(nl + 1);
            msg = msg.substr(0, nl);
        }
        handleMessage(pf, f[11], msg, continuation, line, offset, false);
        if (f.size() > 14 && m_pending.active && std::string_view(f[14]).starts_with("parameters: ")) {
            m_pending.parameters = f[14].substr(12);
            m_pending.event.parameters = m_pending.parameters;
        }
    }

    void finish(int64_t lines)
    {
        flush();
        m_stats.lines = uint64_t(lines);
    }
    const PgLogStats& stats() const { return m_stats; }

private:
    // `inText`: the message is a view into the parsed text, which outlives the
    // pending event (stderr); jsonlog and csvlog fields do not.
    void handleMessage(const PrefixFields& pf, std::string_view severity, std::string_view message,
                       std::string_view continuation, int64_t line, size_t offset, bool inText)
    {
        if (severity == "DETAIL" && m_pending.active && pf.pid == m_pending.pidKey
            && message.starts_with("parameters: ")) {
            if (inText) {
                m_pending.event.parameters = message.substr(12);
            } else {
                m_pending.parameters.assign(message.substr(12));
                m_pending.event.parameters = m_pending.parameters;
            }
            return;
        }
        flush();
        if (severity != "LOG")
            return;
        std::string_view msText, rest;
        if (!readDuration(message, msText, rest))
            return;
        if (rest.starts_with("plan:")) {
            ++m_stats.plans;
            m_plans[std::string(pf.pid)] = std::string(continuation);
            return;
        }
        std::string_view sql;
        if (rest.starts_with("statement: ")) {
            sql = rest.substr(11);
        } else if (rest.starts_with("execute ")) {
            const size_t colon = rest.find(": ");
            if (colon == std::string_view::npos)
                return;
            sql = rest.substr(colon + 2);
        } else {
            return;   // parse, bind, fastpath: not executions
        }
        Pending& p = m_pending;
        p.active = true;
        if (inText) {
            p.pidKey = pf.pid;
        } else {
            p.pid.assign(pf.pid);
            p.pidKey = p.pid;
        }
        // The text itself is the statement when it is one line, or when joining its
        // lines would give the same bytes (no tab to drop, no blank trimmed before
        // the first line break, no empty last line): a view, no copy.
        const bool joinedAsIs = !continuation.empty() && sql.data() + sql.size() + 1 == continuation.data()
            && continuation[0] != '\t' && continuation.back() != '\n' && continuation.find("\n\t") == std::string_view::npos;
        if (inText && joinedAsIs) {
            sql = std::string_view(sql.data(), size_t(continuation.data() + continuation.size() - sql.data()));
        } else if (!inText || !continuation.empty()) {
            p.owned.assign(sql);
            // Tab-continued lines of a multi-line statement.
            size_t i = 0;
            while (i < continuation.size()) {
                size_t e = continuation.find('\n', i);
                if (e == std::string_view::npos)
                    e = continuation.size();
                std::string_view l = continuation.substr(i, e - i);
                if (l.starts_with('\t'))
                    l.remove_prefix(1);
                p.owned += '\n';
                p.owned.append(l);
                i = e + 1;
            }
            sql = p.owned;
        }
        if (sql.size() > m_o.maxEntryBytes) {
            warn(line, offset, fmt::format("statement of {} bytes truncated to {} bytes", sql.size(), m_o.maxEntryBytes));
            sql = sql.substr(0, m_o.maxEntryBytes);
        }
        while (!sql.empty() && (isAsciiSpace(sql.back()) || sql.back() == ';'))
            sql.remove_suffix(1);
        formatSeconds(msText, p.queryTime);
        SlowLogEvent& ev = p.event;
        {
            // A fresh event that keeps its vectors' capacity.
            std::vector<Attribute> attributes = std::move(ev.attributes);
            std::vector<std::string_view> explainLines = std::move(ev.explainLines);
            attributes.clear();
            explainLines.clear();
            ev = SlowLogEvent{};
            ev.attributes = std::move(attributes);
            ev.explainLines = std::move(explainLines);
        }
        const std::string_view ts = pf.ts.size() >= 19 ? pf.ts.substr(0, 19) : pf.ts;
        if (inText) {
            ev.ts = ts;
            ev.user = pf.user;
            ev.db = pf.db;
        } else {
            p.ts.assign(ts);
            p.user.assign(pf.user);
            p.db.assign(pf.db);
            ev.ts = p.ts;
            ev.user = p.user;
            ev.db = p.db;
        }
        p.parameters.clear();
        ev.query = sql;
        ev.line = line;
        ev.byteOffset = int64_t(offset);
        ev.attributes.push_back({"Query_time", p.queryTime});
        const auto plan = m_plans.find(p.pidKey);
        if (plan != m_plans.end()) {
            p.plan = std::move(plan->second);
            m_plans.erase(plan);
            ev.explainLines.push_back(p.plan);
        }
    }

    void flush()
    {
        if (!m_pending.active)
            return;
        m_pending.active = false;
        ++m_stats.events;
        m_onEvent(m_pending.event);
    }

    void warn(int64_t line, size_t offset, std::string message)
    {
        if (!m_onDiag || ++m_warnings > 100)
            return;   // a wrong format would warn on every line: the caller reports the count instead
        Diagnostic d;
        d.file = m_o.fileName;
        d.line = line;
        d.byteOffset = int64_t(offset);
        d.message = std::move(message);
        m_onDiag(d);
    }

    std::string_view m_text;
    const PgLogOptions& m_o;
    std::optional<LinePrefix> m_prefix;
    int m_prefixMismatches = 0;
    const SlowLogEventSink& m_onEvent;
    const DiagnosticSink& m_onDiag;
    PgLogStats m_stats;
    Pending m_pending;
    std::map<std::string, std::string, std::less<>> m_plans;   // auto_explain plan waiting for its statement, by backend pid
    std::string m_jsonTs, m_jsonUser, m_jsonDb, m_jsonPid, m_jsonSeverity, m_jsonMessage;
    int m_warnings = 0;
};

} // namespace

PgLogStats parsePgStderrLog(std::string_view text, size_t begin, size_t end, const PgLogOptions& options,
                            const SlowLogEventSink& onEvent, const DiagnosticSink& onDiagnostic)
{
    PgParser parser(text, options, onEvent, onDiagnostic);
    return parser.run(begin, end);
}

static bool startsEntry(std::string_view text, size_t lineStart)
{
    if (lineStart >= text.size() || text[lineStart] == '\t')
        return false;
    size_t eol = text.find('\n', lineStart);
    if (eol == std::string_view::npos)
        eol = text.size();
    Header h;
    return splitHeader(text.substr(lineStart, eol - lineStart), h);
}

PgLogStats parsePgJsonLog(std::string_view text, size_t begin, size_t end, const PgLogOptions& options,
                          const SlowLogEventSink& onEvent, const DiagnosticSink& onDiagnostic)
{
    PgParser parser(text, options, onEvent, onDiagnostic);
    int64_t line = options.firstLine;
    end = std::min(end, text.size());
    for (size_t pos = begin; pos < end;) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos)
            eol = text.size();
        if (eol - pos > options.maxEntryBytes) {
            Diagnostic d;
            d.file = options.fileName;
            d.line = line;
            d.byteOffset = int64_t(pos);
            d.message = fmt::format("jsonlog line of {} bytes is over the {} byte limit; skipped", eol - pos,
                                    options.maxEntryBytes);
            if (onDiagnostic)
                onDiagnostic(d);
        } else {
            parser.handleJsonLine(text.substr(pos, eol - pos), line, pos);
        }
        pos = eol + 1;
        ++line;
    }
    parser.finish(line - options.firstLine);
    return parser.stats();
}

// Reads one CSV record at `pos` (quoted fields may hold commas, newlines and doubled quotes).
// Returns the offset after it and counts the lines it spans.
static size_t readCsvRecord(std::string_view text, size_t pos, std::vector<std::string>& fields, int64_t& lines)
{
    fields.clear();
    fields.emplace_back();
    bool quoted = false;
    while (pos < text.size()) {
        const char c = text[pos++];
        if (quoted) {
            if (c == '"') {
                if (pos < text.size() && text[pos] == '"') {
                    fields.back() += '"';
                    ++pos;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n')
                    ++lines;
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c == '\n') {
            ++lines;
            return pos;
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    return pos;
}

PgLogStats parsePgCsvLog(std::string_view text, size_t begin, size_t end, const PgLogOptions& options,
                         const SlowLogEventSink& onEvent, const DiagnosticSink& onDiagnostic)
{
    PgParser parser(text, options, onEvent, onDiagnostic);
    int64_t line = options.firstLine;
    std::vector<std::string> fields;
    end = std::min(end, text.size());
    for (size_t pos = begin; pos < end;) {
        const int64_t recordLine = line;
        const size_t next = readCsvRecord(text, pos, fields, line);
        if (next - pos > options.maxEntryBytes) {
            if (onDiagnostic) {
                Diagnostic d;
                d.file = options.fileName;
                d.line = recordLine;
                d.byteOffset = int64_t(pos);
                d.message = fmt::format("csvlog record of {} bytes is over the {} byte limit; skipped", next - pos,
                                        options.maxEntryBytes);
                onDiagnostic(d);
            }
        } else if (!(fields.size() == 1 && fields[0].empty())) {
            parser.handleCsvRecord(fields, recordLine, pos);
        }
        pos = next;
    }
    parser.finish(line - options.firstLine);
    return parser.stats();
}

// "2024-03-01 10:00:00.123 UTC,": how every csvlog record starts.
static bool startsCsvRecord(std::string_view l)
{
    if (l.size() < 21 || !isAsciiDigit(l[0]) || l[4] != '-' || l[7] != '-' || l[10] != ' ' || l[13] != ':')
        return false;
    const size_t comma = l.find(',');
    return comma != std::string_view::npos && comma < 40 && l.find(' ', 20) < comma;
}

size_t countPgCsvMarkers(std::string_view text)
{
    size_t n = 0, pos = 0;
    while (pos < text.size()) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos)
            eol = text.size();
        const std::string_view l = text.substr(pos, eol - pos);
        if (startsCsvRecord(l) && (l.find(",LOG,") != std::string_view::npos || l.find(",ERROR,") != std::string_view::npos
                                   || l.find(",DETAIL,") != std::string_view::npos
                                   || l.find(",\"LOG\",") != std::string_view::npos))
            ++n;
        pos = eol + 1;
    }
    return n;
}

// Where a block may begin: the first line start after the line end at or
// after `from - 1` for which `startsAt` holds, or text.size().
template <class StartsAt>
static size_t nextLineStart(std::string_view text, size_t from, StartsAt startsAt)
{
    if (from == 0)
        return 0;
    for (size_t p = from - 1; (p = text.find('\n', p)) != std::string_view::npos; ++p)
        if (startsAt(p + 1))
            return p + 1;
    return text.size();
}

// The last line start after the first one for which `startsAt` holds, or npos.
template <class StartsAt>
static size_t lastLineStart(std::string_view text, StartsAt startsAt)
{
    size_t end = text.size();
    while (end > 1) {
        const size_t nl = text.rfind('\n', end - 2);
        if (nl == std::string_view::npos)
            return std::string_view::npos;
        if (startsAt(nl + 1))
            return nl + 1;
        end = nl + 1;
    }
    return std::string_view::npos;
}

// Whether the line starting at `at` starts a csvlog record.
static bool csvRecordAt(std::string_view text, size_t at)
{
    size_t eol = text.find('\n', at);
    if (eol == std::string_view::npos)
        eol = text.size();
    return startsCsvRecord(text.substr(at, eol - at));
}

size_t nextPgCsvBoundary(std::string_view text, size_t from)
{
    return nextLineStart(text, from, [&](size_t at) { return csvRecordAt(text, at); });
}

size_t lastPgCsvBoundary(std::string_view text)
{
    return lastLineStart(text, [&](size_t at) { return csvRecordAt(text, at); });
}

size_t countPgJsonMarkers(std::string_view text)
{
    size_t n = 0, pos = 0;
    while (pos < text.size()) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos)
            eol = text.size();
        const std::string_view l = text.substr(pos, eol - pos);
        if (l.starts_with("{\"") && l.find("\"error_severity\":") != std::string_view::npos)
            ++n;
        pos = eol + 1;
    }
    return n;
}

// Whether the entry that ends just before `boundary` is an auto_explain plan
// ("duration: N ms  plan:"). Its statement follows it, so a block must not be
// cut between them: the plan would be parsed without the statement it belongs to.
static bool planEndsBefore(std::string_view text, size_t boundary)
{
    size_t end = boundary;
    while (end > 1) {
        const size_t nl = end >= 2 ? text.rfind('\n', end - 2) : std::string_view::npos;
        const size_t start = nl == std::string_view::npos ? 0 : nl + 1;
        if (startsEntry(text, start)) {
            size_t eol = text.find('\n', start);
            if (eol == std::string_view::npos)
                eol = text.size();
            Header h;
            std::string_view msText, rest;
            return splitHeader(text.substr(start, eol - start), h) && readDuration(h.message, msText, rest) &&
                   rest.starts_with("plan:");
        }
        if (start == 0)
            return false;
        end = start;
    }
    return false;
}

// An entry starts there, and no auto_explain plan ends right before it (its statement follows).
static bool stderrBoundaryAt(std::string_view text, size_t at)
{
    return startsEntry(text, at) && !planEndsBefore(text, at);
}

size_t nextPgLogBoundary(std::string_view text, size_t from)
{
    return nextLineStart(text, from, [&](size_t at) { return stderrBoundaryAt(text, at); });
}

size_t lastPgLogBoundary(std::string_view text)
{
    return lastLineStart(text, [&](size_t at) { return stderrBoundaryAt(text, at); });
}

size_t countPgLogMarkers(std::string_view text)
{
    size_t n = 0, pos = 0;
    Header h;
    while (pos < text.size()) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos)
            eol = text.size();
        if (splitHeader(text.substr(pos, eol - pos), h))
            ++n;
        pos = eol + 1;
    }
    return n;
}

} // namespace planwise::log
