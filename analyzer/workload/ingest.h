#pragma once
// Reading whole logs into a Workload: the call the CLI, the GUI (from a worker
// thread) and the advisor make. No globals, no Qt: safe to run on any thread,
// several at once.
#include "analyzer/sql/fingerprint.h"
#include "analyzer/workload/aggregator.h"
#include "analyzer/workload/query_class.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace planwise::workload {

enum class LogFormat { Auto, MySqlSlow, PostgresStderr, PostgresJson, PostgresCsv };

std::string_view logFormatName(LogFormat f);
std::optional<LogFormat> parseLogFormat(std::string_view name);   // auto, slowlog (mysql, mariadb), stderr (postgresql, pg), jsonlog, csvlog

struct IngestProgress {
    uint64_t bytesDone = 0;       // of the files on disk (compressed bytes for compressed files)
    uint64_t bytesTotal = 0;      // 0 while unknown (stdin)
    uint64_t events = 0;
    double elapsedSeconds = 0;
    std::string currentFile;
    // Now and then (see IngestOptions::snapshotIntervalSeconds) the ranking so
    // far; null otherwise. Valid only during the callback.
    const Workload* partial = nullptr;
};

struct IngestOptions {
    LogFormat format = LogFormat::Auto;
    sql::FingerprintCompat compat = sql::FingerprintCompat::Planwise;
    unsigned threads = 0;                  // 0: every core
    size_t blockBytes = 8u << 20;          // unit of parallel work; fixed, so results do not depend on `threads`
    size_t maxEntryBytes = 16u << 20;      // longer statements are truncated with a warning
    RankBy rankBy = RankBy::TotalTime;
    std::string pgLinePrefix;              // PostgreSQL stderr logs: the server's log_line_prefix; empty: detected

    // Only events inside these bounds count ("YYYY-MM-DD[ HH:MM[:SS]]", compared with the normalised stamp).
    std::string since, until;
    std::string database, user;            // only events of this database / user

    // Called from the thread that called ingest(); return false to cancel.
    std::function<bool(const IngestProgress&)> progress;
    double progressIntervalSeconds = 0.1;
    double snapshotIntervalSeconds = 1.0;

    size_t diagnosticLimit = 1000;         // kept in Workload::diagnostics; the rest are counted
};

struct FileSummary {
    std::string path;
    LogFormat format = LogFormat::Auto;
    std::string compression;               // plain, gzip, ...
    uint64_t bytes = 0;                    // read (decompressed)
    uint64_t lines = 0;
    uint64_t recognisedLines = 0;          // lines that look like the format's headers
    uint64_t events = 0;
    std::string error;                     // could not be read at all
    bool unrecognised() const { return error.empty() && bytes > 0 && events == 0 && recognisedLines == 0; }
};

struct IngestResult {
    Workload workload;
    std::vector<FileSummary> files;
    bool cancelled = false;
    uint64_t filteredOut = 0;              // events dropped by since/until/database/user
};

IngestResult ingest(const std::vector<std::string>& paths, const IngestOptions& options = {});

// The same, for callers that only want the classes.
Workload ingestFiles(const std::vector<std::string>& paths, const IngestOptions& options = {});

// In-memory text (pasted logs, tests).
IngestResult ingestText(std::string_view text, const std::string& name, const IngestOptions& options = {});

} // namespace planwise::workload
