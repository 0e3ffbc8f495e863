#include "analyzer/workload/digest_command.h"

#include "analyzer/log/pg_line_prefix.h"
#include "analyzer/workload/digest_report.h"
#include "analyzer/workload/ingest.h"

#include <fmt/format.h>

namespace planwise::workload {

namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;
constexpr int kExitUnusableInput = 3;

bool parseRank(const std::string& s, RankBy& out)
{
    if (s == "total")
        out = RankBy::TotalTime;
    else if (s == "count")
        out = RankBy::Count;
    else if (s == "p95")
        out = RankBy::P95;
    else if (s == "max")
        out = RankBy::Max;
    else if (s == "rows-examined")
        out = RankBy::RowsExamined;
    else
        return false;
    return true;
}

// "2024-03-01", "2024-03-01 10:00", "2024-03-01T10:00:00": the normalised form ingest compares with.
bool normaliseBound(std::string& s)
{
    if (s.empty())
        return true;
    if (s.size() > 10 && s[10] == 'T')
        s[10] = ' ';
    static const char pattern[] = "dddd-dd-dd dd:dd:dd";
    if (s.size() != 10 && s.size() != 16 && s.size() != 19)
        return false;
    for (size_t i = 0; i < s.size(); ++i) {
        const bool digit = s[i] >= '0' && s[i] <= '9';
        if ((pattern[i] == 'd') != digit)
            return false;
        if (pattern[i] != 'd' && s[i] != pattern[i])
            return false;
    }
    return true;
}

} // namespace

int runDigestCommand(const DigestCommandOptions& options, std::ostream& out, std::ostream& err)
{
    IngestOptions io;
    if (options.files.empty()) {
        err << "digest: no log file given (use - for stdin)\n";
        return kExitUsage;
    }
    if (options.compat == "pt-query-digest")
        io.compat = sql::FingerprintCompat::PtQueryDigest;
    else if (options.compat != "planwise") {
        err << "digest: --compat must be planwise or pt-query-digest, not '" << options.compat << "'\n";
        return kExitUsage;
    }
    if (!parseRank(options.orderBy, io.rankBy)) {
        err << "digest: --order-by must be total, count, p95, max or rows-examined, not '" << options.orderBy << "'\n";
        return kExitUsage;
    }
    const auto format = parseLogFormat(options.format);
    if (!format) {
        err << "digest: --format must be auto, slowlog, stderr, jsonlog or csvlog, not '" << options.format << "'\n";
        return kExitUsage;
    }
    io.format = *format;
    if (options.output != "text" && options.output != "json" && options.output != "csv") {
        err << "digest: the output must be text, json or csv, not '" << options.output << "'\n";
        return kExitUsage;
    }
    io.since = options.since;
    io.until = options.until;
    if (!normaliseBound(io.since) || !normaliseBound(io.until)) {
        err << "digest: --since/--until take YYYY-MM-DD, YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS\n";
        return kExitUsage;
    }
    io.database = options.database;
    io.user = options.user;
    io.threads = options.threads;
    if (!options.prefix.empty()) {
        std::string why;
        if (!log::LinePrefix::compile(options.prefix, &why)) {
            err << "digest: --prefix: " << why << "\n";
            return kExitUsage;
        }
        io.pgLinePrefix = options.prefix;
    }

    const IngestResult result = ingest(options.files, io);
    const Workload& w = result.workload;
    for (const Diagnostic& d : w.diagnostics)
        err << d.format() << "\n";
    if (w.diagnosticsDropped)
        err << fmt::format("digest: {} more warnings not shown\n", w.diagnosticsDropped);

    int rc = kExitOk;
    size_t usable = 0;
    for (const FileSummary& f : result.files) {
        if (!f.error.empty()) {
            rc = kExitUnusableInput;   // already reported as a diagnostic
            continue;
        }
        if (f.unrecognised()) {
            err << fmt::format("{}: error: no log entry recognised in {} lines ({} bytes). Expected a MySQL/MariaDB "
                               "slow log (entries that start with \"# Time:\", \"# User@Host:\" or \"# Query_time:\" "
                               "lines: the slow_query_log_file, not the general or error log) or a PostgreSQL stderr "
                               "log (\"<log_line_prefix>LOG:  duration: ... ms  statement: ...\"; check "
                               "log_line_prefix); --format forces one\n",
                               f.path, f.lines, f.bytes);
            rc = kExitUnusableInput;
            continue;
        }
        if (f.bytes == 0)
            err << fmt::format("{}: note: the file is empty\n", f.path);
        else if (f.events == 0 && f.format != LogFormat::MySqlSlow)
            err << fmt::format("{}: warning: {} PostgreSQL log lines but no \"duration: ... statement:\" entry; "
                               "set log_min_duration_statement (e.g. to 0) to log executions with their time\n",
                               f.path, f.recognisedLines);
        ++usable;
    }
    if (usable == 0 && rc != kExitOk)
        return rc;

    DigestReportOptions ro;
    ro.top = options.top;
    if (options.output == "json")
        writeDigestJson(result, ro, out);
    else if (options.output == "csv")
        writeDigestCsv(result, ro, out);
    else
        writeDigestText(result, ro, out);
    return rc;
}

} // namespace planwise::workload
