#pragma once
// Streaming reader of MySQL / MariaDB / Percona Server slow logs.
//
// The parser works on a memory buffer (an mmapped file or a decompressed
// block) and hands out one SlowLogEvent per entry through a callback; the
// event's views point into the buffer and stay valid only during the call,
// so nothing grows with the size of the file.
//
// Entries are delimited the way pt-query-digest delimits them (a statement
// line ending in ';' followed by a line starting with '#'), so the same
// events come out of both tools; parseSlowLog() in PtQueryDigest mode also
// reproduces its handling of entries that have no statement.
#include "analyzer/core/diagnostic.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace planwise::log {

// One "Name: value" pair of a "# " attribute line, or a SET timestamp=... assignment.
struct Attribute {
    std::string_view name;
    std::string_view value;
};

// Answers an event's line number from its byte offset (see SlowLogEvent::lineNumber()).
class LineResolver {
public:
    virtual int64_t lineAt(int64_t byteOffset) const = 0;

protected:
    ~LineResolver() = default;
};

struct SlowLogEvent {
    std::string_view query;       // the statement as logged, without the final ';'
    bool adminCommand = false;    // "# administrator command: Quit" and friends
    bool noStatement = false;     // pt-query-digest's "/* No query */" entries
    std::string_view ts;          // raw "# Time:" stamp ("071218 11:48:27" or "2019-01-01T12:00:00"), possibly inherited
    std::string_view user, host, ip;
    std::string_view db;          // from "use db;", else Schema, else inherited from an earlier entry
    std::vector<Attribute> attributes;   // every attribute, in log order (Query_time, Lock_time, InnoDB_*, Pages_*, ...)
    std::vector<std::string_view> explainLines;   // MariaDB's "# explain:" lines, without the prefix; PostgreSQL: the auto_explain plan
    std::string_view parameters;  // PostgreSQL "DETAIL:  parameters: $1 = '42', ..." of an execute
    int64_t line = 0;             // 1-based line of the entry's first line, relative to the parsed range (unless lineResolver is set)
    int64_t byteOffset = 0;       // of the entry's first byte, relative to the whole buffer
    // Counting lines is a pass over every byte and only a kept sample or a warning
    // needs the number, so a reader may leave `line` unset and answer on demand.
    // Valid during the callback only; ask in increasing byteOffset order.
    const LineResolver* lineResolver = nullptr;

    int64_t lineNumber() const { return lineResolver ? lineResolver->lineAt(byteOffset) : line; }

    std::string_view attribute(std::string_view name) const;
};

enum class SlowLogMode {
    Planwise,        // an entry without a statement is dropped with a warning
    PtQueryDigest,   // pt-query-digest 3.x behaviour, quirks included
};

// What an entry inherits from earlier ones when it lacks it (pt-query-digest's --inherit-attributes db,ts).
struct SlowLogContext {
    std::string ts;
    std::string db;
};

// Where a parse stopped: the next entry's first byte, where that entry's end
// is searched from, and whether a '#' goes before its first line.
// pt-query-digest reads one chunk past an entry without a statement, so in its
// mode a parse can stop past `end`, and the parse of the text after `end` has
// to start from here to count as one pass over the whole log would.
struct SlowLogResume {
    size_t next = 0;
    size_t searchFrom = 0;
    bool hashPrepended = false;

    // Whether a parse that starts plainly at `begin` is the same as one resumed here.
    bool plainAt(std::string_view text, size_t begin) const
    {
        return next == begin && searchFrom <= begin && hashPrepended == (begin >= text.size() || text[begin] != '#');
    }
};

struct SlowLogStats {
    uint64_t events = 0;
    uint64_t lines = 0;              // lines in the parsed range
    uint64_t recognisedLines = 0;    // "# Time:", "# User@Host:", "# Query_time:" lines: the evidence the format is right
    uint64_t truncatedEntries = 0;
    SlowLogResume stop;
};

struct SlowLogOptions {
    SlowLogMode mode = SlowLogMode::Planwise;
    size_t maxEntryBytes = 64u << 20;   // longer statements are cut here, with a warning
    std::string fileName;               // for diagnostics
    int64_t firstLine = 1;              // line number of the range's first line, for diagnostics and events
};

using SlowLogEventSink = std::function<void(const SlowLogEvent&)>;

// Parses the entries that start in text[begin, end). `text` may extend past
// `end` (pt-query-digest's look-ahead can read one entry further).
// `resume` (from the previous range's SlowLogStats::stop) replaces the plain start at `begin`.
SlowLogStats parseSlowLog(std::string_view text, size_t begin, size_t end, const SlowLogOptions& options,
                          SlowLogContext& context, const SlowLogEventSink& onEvent, const DiagnosticSink& onDiagnostic,
                          const SlowLogResume* resume = nullptr);

inline SlowLogStats parseSlowLog(std::string_view text, const SlowLogOptions& options, const SlowLogEventSink& onEvent,
                                 const DiagnosticSink& onDiagnostic)
{
    SlowLogContext context;
    return parseSlowLog(text, 0, text.size(), options, context, onEvent, onDiagnostic);
}

// The first entry boundary at or after `from` (the offset of a '#' that
// follows a line ending in ';'), or text.size() when there is none.
size_t nextSlowLogBoundary(std::string_view text, size_t from);

// The last entry boundary in `text` whose entry starts inside it, or npos.
size_t lastSlowLogBoundary(std::string_view text);

// The context an entry starting at text.size() inherits: the last "# Time:"
// stamp and the last database named before it. `previous` is what was
// known before `text` began (for streamed blocks).
SlowLogContext slowLogContextAt(std::string_view text, const SlowLogContext& previous = {});

// pt-query-digest's parse_timestamp: "071218 11:48:27" -> "2007-12-18 11:48:27"; ISO stamps are kept.
std::string normalizeSlowLogTimestamp(std::string_view raw);

// How many lines of `text` look like slow-log attribute lines: format detection.
size_t countSlowLogMarkers(std::string_view text);

} // namespace planwise::log
