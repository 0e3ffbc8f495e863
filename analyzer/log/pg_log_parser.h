#pragma once
// Reader of PostgreSQL's stderr log (log_destination = stderr, any
// log_line_prefix that ends with the usual "%u@%d " or none). Executions are
// the "duration: N ms  statement:" and "duration: N ms  execute <name>:"
// entries; "parse"/"bind" durations are not executions, and auto_explain's
// "duration: N ms  plan:" entries are attached to the statement that follows
// them in the same backend, never counted.
//
// Events come out as SlowLogEvent (Query_time in seconds), so one aggregator
// serves both families.
#include "analyzer/log/slowlog_parser.h"

namespace planwise::log {

struct PgLogStats {
    uint64_t events = 0;
    uint64_t lines = 0;
    uint64_t recognisedLines = 0;   // lines with a "LOG:  " / "ERROR:  " / ... severity after a prefix
    uint64_t plans = 0;             // auto_explain plans seen
};

struct PgLogOptions {
    std::string fileName;
    std::string linePrefix;         // the server's log_line_prefix when the user gives it; empty: detected
    int64_t firstLine = 1;
    size_t maxEntryBytes = 64u << 20;
};

PgLogStats parsePgStderrLog(std::string_view text, size_t begin, size_t end, const PgLogOptions& options,
                            const SlowLogEventSink& onEvent, const DiagnosticSink& onDiagnostic);

// PostgreSQL 15+ jsonlog: one JSON object per line; same events as the stderr reader.
PgLogStats parsePgJsonLog(std::string_view text, size_t begin, size_t end, const PgLogOptions& options,
                          const SlowLogEventSink& onEvent, const DiagnosticSink& onDiagnostic);
size_t countPgJsonMarkers(std::string_view text);

// csvlog: one CSV record per entry (quoted fields may span lines); same events.
PgLogStats parsePgCsvLog(std::string_view text, size_t begin, size_t end, const PgLogOptions& options,
                         const SlowLogEventSink& onEvent, const DiagnosticSink& onDiagnostic);
size_t countPgCsvMarkers(std::string_view text);
size_t nextPgCsvBoundary(std::string_view text, size_t from);
size_t lastPgCsvBoundary(std::string_view text);

// The first line start at or after `from` that begins a new entry (not a tab continuation), or text.size().
size_t nextPgLogBoundary(std::string_view text, size_t from);
// The last such line start in `text` after offset 0, or npos.
size_t lastPgLogBoundary(std::string_view text);

// Lines of `text` that look like PostgreSQL stderr entries: format detection.
size_t countPgLogMarkers(std::string_view text);

} // namespace planwise::log
