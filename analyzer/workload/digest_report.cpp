#include "analyzer/workload/digest_report.h"

#include "analyzer/core/number_text.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <ctime>
#include <future>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace planwise::workload {

namespace {

using Json = nlohmann::ordered_json;

// pt-query-digest prints attributes ending in time/wait with 6 decimals, the others as integers.
bool isTimeAttribute(const std::string& name, bool classLevel)
{
    if (classLevel)
        return name.ends_with("_time") || name.ends_with("_wait");
    return name.ends_with("time") || name.ends_with("wait");
}

std::string perlInt(double v)
{
    if (!std::isfinite(v))
        return "0";
    if (v >= 9.2e18)
        return "9223372036854775807";
    if (v <= -9.2e18)
        return "-9223372036854775808";
    return fmt::format("{}", int64_t(v));   // %d truncates toward zero
}

std::string fmtValue(double v, bool time)
{
    if (!time)
        return perlInt(v);
    std::string out;
    appendFixed6(out, v);
    return out;
}

// pt-query-digest's Query_time histogram: its 1.05 buckets folded into
// 1us, 10us, 100us, 1ms, 10ms, 100ms, 1s, 10s+ (bucket 0, under 1 µs, is left out as it does).
std::array<uint64_t, 8> decadeHistogram(const MetricStats& m)
{
    static const std::array<int, 8> firstBucket = [] {
        std::array<int, 8> f{};
        f[0] = 0;
        for (int b = 1; b < 8; ++b)
            f[size_t(b)] = MetricStats::bucketIndex(std::pow(10.0, b) * 0.000001);
        return f;
    }();
    std::array<uint64_t, 8> out{};
    for (const auto& [bucket, n] : m.buckets()) {
        if (bucket == 0)
            continue;
        int decade = 7;
        for (int b = 0; b < 7; ++b)
            if (bucket < firstBucket[size_t(b) + 1]) {
                decade = b;
                break;
            }
        out[size_t(decade)] += n;
    }
    return out;
}

// A numeric metric's fields as pt-query-digest writes them, in its order; "pct"
// (the class's share of the events that have the attribute) for classes only.
template <typename Field>
void forEachMetricField(const MetricStats& m, double globalCount, bool withPct, Field field)
{
    field("sum", m.sum());
    field("min", m.min());
    field("max", m.max());
    field("avg", m.avg());
    field("pct_95", m.pct95());
    field("median", m.median());
    field("stddev", m.stddev());
    if (withPct)
        field("pct", globalCount > 0 ? double(m.count()) / globalCount : 0);
}

Json numberMetric(const MetricStats& m, bool time)
{
    Json j;
    forEachMetricField(m, 0, false, [&](const char* name, double value) { j[name] = fmtValue(value, time); });
    return j;
}

std::string firstOf(const std::set<std::string>& s) { return s.empty() ? std::string() : *s.rbegin(); }

// Seconds since the epoch of a normalised stamp, or -1.
double epochSeconds(const std::string& ts)
{
    std::tm tm{};
    int y, mo, d, h, mi;
    double s;
    if (std::sscanf(ts.c_str(), "%d-%d-%d%*[ T]%d:%d:%lf", &y, &mo, &d, &h, &mi, &s) != 6)
        return -1;
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = 0;
    return double(timegm(&tm)) + s;
}

size_t shown(const Workload& w, const DigestReportOptions& o)
{
    return o.top ? std::min(o.top, w.classes.size()) : w.classes.size();
}

std::string shorten(double v)
{
    const char* units[] = {"", "k", "M", "G", "T", "P"};
    int u = 0;
    while (std::abs(v) >= 1000 && u < 5) {
        v /= 1000;
        ++u;
    }
    if (u == 0)
        return v == std::floor(v) ? fmt::format("{}", int64_t(v)) : fmt::format("{:.2f}", v);
    return fmt::format("{:.2f}{}", v, units[u]);
}

std::string csvField(std::string_view s)
{
    if (s.find_first_of(",\"\n\r") == std::string_view::npos)
        return std::string(s);
    std::string out = "\"";
    for (char c : s) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string joinSet(const std::set<std::string>& s, std::string_view sep)
{
    std::string out;
    for (const auto& v : s) {
        if (!out.empty())
            out += sep;
        out += v;
    }
    return out;
}

std::string displayName(const std::string& attr)
{
    if (attr == "Query_time")
        return "Exec time";
    if (attr == "Lock_time")
        return "Lock time";
    if (attr == "Query_length")
        return "Query size";
    std::string s = attr;
    for (char& c : s)
        if (c == '_')
            c = ' ';
    if (s.starts_with("Rows examined"))
        s = "Rows examine";
    return s.substr(0, 12);
}

// JSON text written directly, byte for byte as nlohmann's dump(-1, ' ', false,
// replace) writes it: plain strings are copied, anything that needs escaping or
// UTF-8 repair (and every double, whose shortest form nlohmann defines) goes
// through nlohmann itself.
// No control character, quote, backslash nor byte over 0x7f: copied as it is.
bool isPlainJsonText(std::string_view s)
{
    size_t i = 0;
#if defined(__SSE2__)
    // 16 bytes per step: a signed compare with 0x20 catches both the control
    // characters and the bytes over 0x7f (negative as signed chars).
    for (; i + 16 <= s.size(); i += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
        const __m128i bad = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                                         _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
        if (_mm_movemask_epi8(bad))
            return false;
    }
#endif
    for (; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
            return false;
    }
    return true;
}

void appendJsonString(std::string& out, std::string_view s)
{
    if (isPlainJsonText(s)) {
        out += '"';
        out += s;
        out += '"';
        return;
    }
    out += Json(s).dump(-1, ' ', false, Json::error_handler_t::replace);
}

void appendJsonDouble(std::string& out, double v) { out += Json(v).dump(); }

// fmtValue() as a JSON string (its digits, '.' and '-' need no escaping).
void appendJsonNumberText(std::string& out, double v, bool time)
{
    out += '"';
    if (time)
        appendFixed6(out, v);
    else
        out += perlInt(v);
    out += '"';
}

template <typename Int>
void appendJsonInt(std::string& out, Int v)
{
    char buf[24];
    out.append(buf, size_t(std::to_chars(buf, buf + sizeof buf, v).ptr - buf));
}

void appendJsonKey(std::string& out, std::string_view key)
{
    appendJsonString(out, key);
    out += ':';
}

template <typename Strings>
void appendJsonStrings(std::string& out, const Strings& values)
{
    out += '[';
    bool first = true;
    for (const auto& v : values) {
        if (!first)
            out += ',';
        first = false;
        appendJsonString(out, v);
    }
    out += ']';
}

void appendNumberMetric(std::string& out, const MetricStats& m, bool time, double globalCount)
{
    out += '{';
    forEachMetricField(m, globalCount, true, [&](const char* name, double value) {
        if (out.back() != '{')
            out += ',';
        appendJsonKey(out, name);
        appendJsonNumberText(out, value, time);
    });
    out += '}';
}

// One class of the JSON report (the layout the walking skeleton set).
void writeClassJson(std::string& out, const Workload& w, size_t i)
{
    const QueryClass& c = w.classes[i];
    out += "{\"checksum\":";
    appendJsonString(out, c.checksum);
    out += ",\"fingerprint\":";
    appendJsonString(out, c.fingerprint);
    out += ",\"attribute\":\"fingerprint\",\"query_count\":";
    appendJsonInt(out, c.count);
    if (!c.tsMin.empty()) {
        out += ",\"ts_min\":";
        appendJsonString(out, c.tsMin);
    }
    if (!c.tsMax.empty()) {
        out += ",\"ts_max\":";
        appendJsonString(out, c.tsMax);
    }
    out += ",\"example\":{\"query\":";
    appendJsonString(out, std::string_view(c.example.query).substr(0, 10000));
    out += ",\"ts\":";
    if (c.example.timestamp.empty())
        out += "null";
    else
        appendJsonString(out, c.example.timestamp);
    if (!c.example.database.empty()) {
        out += ",\"db\":";
        appendJsonString(out, c.example.database);
    }
    out += ",\"Query_time\":";
    appendJsonNumberText(out, c.example.queryTime, true);
    out += '}';
    const MetricStats* qt = c.metric("Query_time");
    if (qt) {
        out += ",\"histograms\":{\"Query_time\":[";
        const auto h = decadeHistogram(*qt);
        for (size_t b = 0; b < h.size(); ++b) {
            if (b)
                out += ',';
            appendJsonInt(out, h[b]);
        }
        out += "]}";
    }

    // Assigning a key again replaces its value where it stands, as in the ordered DOM.
    std::vector<std::pair<std::string_view, std::string>> metrics;
    auto setMetric = [&](std::string_view name) -> std::string& {
        for (auto& [key, value] : metrics)
            if (key == name) {
                value.clear();
                return value;
            }
        return metrics.emplace_back(name, std::string()).second;
    };
    auto setValue = [&](std::string_view name, std::string_view key, std::string_view value) {
        std::string& text = setMetric(name);
        text += '{';
        appendJsonKey(text, key);
        appendJsonString(text, value);
        text += '}';
    };
    for (const auto& [name, m] : c.metrics) {
        const auto g = w.globalMetrics.find(name);
        appendNumberMetric(setMetric(name), m, isTimeAttribute(name, true),
                           g == w.globalMetrics.end() ? 0 : double(g->second.count()));
    }
    for (const auto& [name, f] : c.flags)
        setValue(name, "yes", perlInt(double(f.yes)));
    for (const auto& [name, v] : c.stringValues)
        setValue(name, "value", v);
    if (!c.databases.empty())
        setValue("db", "value", firstOf(c.databases));
    if (!c.users.empty())
        setValue("user", "value", firstOf(c.users));
    if (!c.hosts.empty())
        setValue("host", "value", firstOf(c.hosts));
    out += ",\"metrics\":{";
    for (size_t m = 0; m < metrics.size(); ++m) {
        if (m)
            out += ',';
        appendJsonKey(out, metrics[m].first);
        out += metrics[m].second;
    }
    out += '}';

    out += ",\"planwise\":{\"rank\":";
    appendJsonInt(out, i + 1);
    out += ",\"dialect\":";
    appendJsonString(out, dialectName(c.dialect));
    out += ",\"databases\":";
    appendJsonStrings(out, c.databases);
    out += ",\"users\":";
    appendJsonStrings(out, c.users);
    out += ",\"hosts\":";
    appendJsonStrings(out, c.hosts);
    if (qt) {
        const std::pair<const char*, double> fields[] = {
            {"sum", qt->sum()}, {"min", qt->min()},    {"max", qt->max()},   {"avg", qt->avg()},
            {"p50", qt->median()}, {"p95", qt->pct95()}, {"p99", qt->percentile(0.99)},
        };
        out += ",\"query_time\":{";
        for (const auto& [name, value] : fields) {
            if (out.back() != '{')
                out += ',';
            appendJsonKey(out, name);
            appendJsonDouble(out, value);
        }
        out += '}';
    }
    out += ",\"example\":{\"file\":";
    appendJsonString(out, c.example.file);
    out += ",\"line\":";
    appendJsonInt(out, c.example.line);
    out += ",\"byte_offset\":";
    appendJsonInt(out, c.example.byteOffset);
    out += ",\"user\":";
    appendJsonString(out, c.example.user);
    out += ",\"host\":";
    appendJsonString(out, c.example.host);
    if (!c.example.explain.empty()) {
        out += ",\"explain\":";
        appendJsonStrings(out, c.example.explain);
    }
    if (!c.example.parameters.empty()) {
        out += ",\"parameters\":";
        appendJsonString(out, c.example.parameters);
    }
    out += "}}}";
}

} // namespace

std::string formatDuration(double t)
{
    if (!(t > 0))
        return "0";
    if (t <= 0.000999)
        return fmt::format("{}us", int64_t(std::round(t * 1e6)));
    if (t < 1)
        return fmt::format("{}ms", int64_t(std::round(t * 1000)));
    return fmt::format("{}s", int64_t(std::round(t)));
}

void writeDigestJson(const IngestResult& result, const DigestReportOptions& options, std::ostream& out)
{
    const Workload& w = result.workload;
    Json root;
    Json global;
    Json files = Json::array();
    for (const FileSummary& f : result.files)
        files.push_back({{"name", f.path}, {"size", f.bytes}});
    global["files"] = std::move(files);
    global["unique_query_count"] = w.classes.size();
    global["query_count"] = w.events;
    const double t0 = epochSeconds(w.tsMin), t1 = epochSeconds(w.tsMax);
    if (w.events && t0 >= 0 && t1 > t0) {
        global["queries_per_second"] = double(w.events) / (t1 - t0);
        if (const auto it = w.globalMetrics.find("Query_time"); it != w.globalMetrics.end())
            global["concurrency"] = it->second.sum() / (t1 - t0);
    }
    Json gm = Json::object();
    for (const auto& [name, m] : w.globalMetrics)
        gm[name] = numberMetric(m, isTimeAttribute(name, false));
    for (const auto& [name, f] : w.globalFlags)
        gm[name] = {{"cnt", perlInt(double(f.yes))}};
    global["metrics"] = std::move(gm);
    Json gext;
    gext["events"] = w.events;
    gext["ts_min"] = w.tsMin;
    gext["ts_max"] = w.tsMax;
    gext["bytes_read"] = w.bytesRead;
    gext["filtered_out"] = result.filteredOut;
    gext["cancelled"] = result.cancelled;
    gext["warnings"] = w.diagnostics.size() + w.diagnosticsDropped;
    Json fsum = Json::array();
    for (const FileSummary& f : result.files) {
        Json j{{"name", f.path}, {"format", std::string(logFormatName(f.format))}, {"compression", f.compression},
               {"bytes", f.bytes}, {"lines", f.lines}, {"recognised_lines", f.recognisedLines}, {"events", f.events}};
        if (!f.error.empty())
            j["error"] = f.error;
        fsum.push_back(std::move(j));
    }
    gext["files"] = std::move(fsum);
    if (const auto it = w.globalMetrics.find("Query_time"); it != w.globalMetrics.end()) {
        Json hist = Json::array();
        for (const auto& [bucket, n] : it->second.buckets())
            hist.push_back({{"ge", fmt::format("{:.6f}", MetricStats::bucketValue(bucket))}, {"count", n}});
        gext["latency_histogram"] = std::move(hist);
    }
    Json perMinute = Json::object();
    for (const auto& [minute, n] : w.eventsPerMinute)
        perMinute[minute] = n;
    gext["events_per_minute"] = std::move(perMinute);
    global["planwise"] = std::move(gext);
    root["global"] = std::move(global);

    // Each class is written straight to text, the two halves of the list on two
    // threads: the report is written after all the reading, so it is the one
    // serial step of a digest, and building a DOM of a few hundred classes cost
    // more than the writing (an allocation per node). ClassJson writes the bytes
    // root.dump() would (tst_digest_report compares them).
    auto dumpClasses = [&](size_t from, size_t to) {
        std::string text;
        text.reserve((to - from) * 2048);
        for (size_t i = from; i < to; ++i) {
            if (i > from)
                text += ',';
            writeClassJson(text, w, i);
        }
        return text;
    };
    const size_t n = shown(w, options);
    const size_t half = n / 2;
    auto secondHalf = std::async(n >= 64 ? std::launch::async : std::launch::deferred, dumpClasses, half, n);
    const std::string first = dumpClasses(0, half);
    const std::string second = secondHalf.get();
    // The same bytes as root.dump() with "classes" in it: {"global":...,"classes":[...]}.
    std::string head = root.dump(-1, ' ', false, Json::error_handler_t::replace);
    head.pop_back();   // the closing brace
    out << head << ",\"classes\":[" << first << (!first.empty() && !second.empty() ? "," : "") << second << "]}\n";
}

void writeDigestCsv(const IngestResult& result, const DigestReportOptions& options, std::ostream& out)
{
    const Workload& w = result.workload;
    out << "rank,checksum,fingerprint,count,query_time_sum,query_time_min,query_time_max,query_time_avg,"
           "query_time_pct_95,query_time_median,query_time_p99,lock_time_sum,rows_sent_sum,rows_examined_sum,"
           "rows_affected_sum,ts_min,ts_max,databases,users,example\n";
    const size_t n = shown(w, options);
    for (size_t i = 0; i < n; ++i) {
        const QueryClass& c = w.classes[i];
        auto sum = [&c](const char* name) {
            const MetricStats* m = c.metric(name);
            return m ? m->sum() : 0.0;
        };
        const MetricStats* qt = c.metric("Query_time");
        const MetricStats empty;
        const MetricStats& q = qt ? *qt : empty;
        out << (i + 1) << ',' << c.checksum << ',' << csvField(c.fingerprint) << ',' << c.count << ','
            << fmt::format("{:.6f},{:.6f},{:.6f},{:.6f},{:.6f},{:.6f},{:.6f},{:.6f},", q.sum(), q.min(), q.max(), q.avg(),
                           q.pct95(), q.median(), q.percentile(0.99), sum("Lock_time"))
            << perlInt(sum("Rows_sent")) << ',' << perlInt(sum("Rows_examined")) << ',' << perlInt(sum("Rows_affected"))
            << ',' << csvField(c.tsMin) << ',' << csvField(c.tsMax) << ',' << csvField(joinSet(c.databases, " "))
            << ',' << csvField(joinSet(c.users, " ")) << ',' << csvField(c.example.query) << '\n';
    }
}

void writeDigestText(const IngestResult& result, const DigestReportOptions& options, std::ostream& out)
{
    const Workload& w = result.workload;
    std::string files;
    for (const auto& f : w.files)
        files += (files.empty() ? "" : ", ") + f;
    out << "# Files: " << files << "\n";
    out << fmt::format("# Overall: {} total, {} unique", shorten(double(w.events)), w.classes.size());
    const double t0 = epochSeconds(w.tsMin), t1 = epochSeconds(w.tsMax);
    if (t0 >= 0 && t1 > t0)
        out << fmt::format(", {} QPS", shorten(double(w.events) / (t1 - t0)));
    out << "\n";
    if (!w.tsMin.empty())
        out << (w.tsMin == w.tsMax ? fmt::format("# Time range: all events occurred at {}\n", w.tsMin)
                                   : fmt::format("# Time range: {} to {}\n", w.tsMin, w.tsMax));

    auto metricRow = [](const std::string& label, const MetricStats& m, bool time, std::string pct) {
        auto f = [time](double v) { return time ? formatDuration(v) : shorten(v); };
        return fmt::format("# {:<12} {:>3} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}\n", label, pct, f(m.sum()),
                           f(m.min()), f(m.max()), f(m.avg()), f(m.pct95()), f(m.stddev()), f(m.median()));
    };
    auto orderedNames = [](const std::map<std::string, MetricStats>& metrics) {
        std::vector<std::string> names;
        for (const char* first : {"Query_time", "Lock_time", "Rows_sent", "Rows_examined", "Rows_affected"})
            if (metrics.count(first))
                names.emplace_back(first);
        for (const auto& [name, m] : metrics)
            if (std::find(names.begin(), names.end(), name) == names.end())
                names.push_back(name);
        return names;
    };

    out << "# Attribute          pct   total     min     max     avg     95%  stddev  median\n";
    out << "# ============       === ======= ======= ======= ======= ======= ======= =======\n";
    for (const auto& name : orderedNames(w.globalMetrics))
        out << metricRow(displayName(name) + "       ", w.globalMetrics.at(name), isTimeAttribute(name, false), "");

    const double totalTime = w.globalMetrics.count("Query_time") ? w.globalMetrics.at("Query_time").sum() : 0;
    const size_t n = shown(w, options);
    out << "\n# Profile\n";
    out << "# Rank Query ID                           Response time    Calls  R/Call Item\n";
    out << "# ==== ================================== ================ ===== ======= ====\n";
    for (size_t i = 0; i < n; ++i) {
        const QueryClass& c = w.classes[i];
        const double t = c.totalTime();
        std::string item = c.fingerprint.substr(0, 60);
        for (char& ch : item)
            if (ch == '\n' || ch == '\t')
                ch = ' ';
        out << fmt::format("# {:>4} 0x{:<32} {:>9.4f} {:5.1f}% {:>5} {:>7.4f} {}\n", i + 1, c.checksum, t,
                           totalTime > 0 ? 100.0 * t / totalTime : 0.0, c.count, c.count ? t / double(c.count) : 0.0,
                           item);
    }

    for (size_t i = 0; i < n; ++i) {
        const QueryClass& c = w.classes[i];
        out << fmt::format("\n# Query {}: ID 0x{} at {}:{}\n", i + 1, c.checksum, c.example.file, c.example.line);
        if (!c.tsMin.empty())
            out << (c.tsMin == c.tsMax ? fmt::format("# Time range: all events occurred at {}\n", c.tsMin)
                                       : fmt::format("# Time range: {} to {}\n", c.tsMin, c.tsMax));
        out << "# Attribute    pct   total     min     max     avg     95%  stddev  median\n";
        out << "# ============ === ======= ======= ======= ======= ======= ======= =======\n";
        out << fmt::format("# {:<12} {:>3} {:>7}\n", "Count",
                           w.events ? int(100.0 * double(c.count) / double(w.events)) : 0, c.count);
        for (const auto& name : orderedNames(c.metrics)) {
            const MetricStats& m = c.metrics.at(name);
            const auto g = w.globalMetrics.find(name);
            const double gs = g == w.globalMetrics.end() ? 0 : g->second.sum();
            out << metricRow(displayName(name), m, isTimeAttribute(name, false),
                             fmt::format("{}", gs > 0 ? int(100.0 * m.sum() / gs) : 0));
        }
        if (!c.flags.empty()) {
            out << "# Boolean:\n";
            for (const auto& [name, f] : c.flags)
                if (f.yes)
                    out << fmt::format("# {:<12} {:>3}% yes, {:>3}% no\n", displayName(name),
                                       int(100.0 * double(f.yes) / double(f.count)),
                                       int(100.0 * double(f.count - f.yes) / double(f.count)));
        }
        out << "# String:\n";
        out << "# Databases    " << joinSet(c.databases, ", ") << "\n";
        out << "# Hosts        " << joinSet(c.hosts, ", ") << "\n";
        out << "# Users        " << joinSet(c.users, ", ") << "\n";
        if (const MetricStats* qt = c.metric("Query_time")) {
            const auto h = decadeHistogram(*qt);
            const uint64_t most = *std::max_element(h.begin(), h.end());
            static const char* labels[] = {"  1us", " 10us", "100us", "  1ms", " 10ms", "100ms", "   1s", " 10s+"};
            out << "# Query_time distribution\n";
            for (size_t b = 0; b < 8; ++b) {
                const size_t bar = most ? size_t(std::ceil(64.0 * double(h[b]) / double(most))) : 0;
                out << "# " << labels[b] << (bar ? "  " + std::string(bar, '#') : std::string()) << "\n";
            }
        }
        if (!c.example.database.empty())
            out << "# Database: " << c.example.database << "\n";
        if (!c.example.parameters.empty())
            out << "# Parameters: " << c.example.parameters << "\n";
        for (const auto& block : c.example.explain) {
            size_t start = 0;
            while (start < block.size()) {
                size_t nl = block.find('\n', start);
                if (nl == std::string::npos)
                    nl = block.size();
                out << "# explain: " << std::string_view(block).substr(start, nl - start) << "\n";
                start = nl + 1;
            }
        }
        out << c.example.query << "\\G\n";
    }
}

} // namespace planwise::workload
