// The ingest pipeline: a file is cut into blocks at entry boundaries, worker
// threads parse and aggregate blocks, and the calling thread merges the
// results strictly in block order. Block sizes do not depend on the thread
// count, so the output does not either. A mapped file is never copied; a
// stream (stdin, compressed) is held a few blocks at a time, so memory
// follows the number of classes and threads, not the size of the input.
#include "analyzer/workload/ingest.h"

#include "analyzer/core/text.h"
#include "analyzer/log/input_source.h"
#include "analyzer/log/pg_log_parser.h"
#include "analyzer/log/slowlog_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

namespace planwise::workload {

namespace {

using Clock = std::chrono::steady_clock;

struct Block {
    size_t index = 0;
    LogFormat format = LogFormat::MySqlSlow;
    std::shared_ptr<const std::string> owned;   // streams own their bytes; mapped files lend them
    std::string_view text;
    size_t begin = 0, end = 0;
    int64_t streamOffset = 0;                   // of text[0] in the decompressed stream
    log::SlowLogContext context;
};

struct BlockResult {
    Block block;   // what was parsed: a block may have to be parsed again when merged (see ingestMapped())
    Aggregator aggregator;
    std::vector<Diagnostic> diagnostics;
    size_t diagnosticsTotal = 0;
    log::SlowLogStats stats;
    uint64_t filtered = 0;
    size_t end = 0;
};

// Event filters. Stamps are normalised once per distinct raw stamp.
class EventFilter {
public:
    explicit EventFilter(const IngestOptions& o) : m_o(o) {}
    bool active() const { return !m_o.since.empty() || !m_o.until.empty() || !m_o.database.empty() || !m_o.user.empty(); }

    bool accept(const log::SlowLogEvent& ev)
    {
        if (!m_o.database.empty() && ev.db != m_o.database)
            return false;
        if (!m_o.user.empty() && ev.user != m_o.user)
            return false;
        if (!m_o.since.empty() || !m_o.until.empty()) {
            if (ev.ts.empty())
                return false;
            if (ev.ts != std::string_view(m_lastRaw)) {
                m_lastRaw.assign(ev.ts);
                m_lastNorm = log::normalizeSlowLogTimestamp(ev.ts);
                if (m_lastNorm.size() > 10 && m_lastNorm[10] == 'T')
                    m_lastNorm[10] = ' ';
            }
            if (!m_o.since.empty() && m_lastNorm < m_o.since)
                return false;
            // "until 2024-01-02" includes that whole day: compare on the bound's length.
            if (!m_o.until.empty() && std::string_view(m_lastNorm).substr(0, m_o.until.size()) > std::string_view(m_o.until))
                return false;
        }
        return true;
    }

private:
    const IngestOptions& m_o;
    std::string m_lastRaw, m_lastNorm;
};

// `spare` is a merged block's aggregator: reset, it keeps its classes'
// allocations (rebuilding them cost ~2 ms per block).
// `resume` and `typesFrom`: a block parsed again, from where the previous
// block's parse stopped and with the attribute types the log decided so far.
BlockResult parseBlock(const Block& block, const IngestOptions& options, const std::string& fileName, Aggregator spare,
                       const log::SlowLogResume* resume = nullptr, const Aggregator* typesFrom = nullptr)
{
    BlockResult r;
    r.block = block;
    r.end = block.end;
    AggregatorOptions ao;
    ao.compat = options.compat;
    ao.fileName = fileName;
    ao.dialect = block.format == LogFormat::MySqlSlow ? Dialect::MySQL : Dialect::PostgreSQL;
    r.aggregator = std::move(spare);
    r.aggregator.reset(ao);
    if (typesFrom)
        r.aggregator.presetAttributeTypes(*typesFrom);
    EventFilter filter(options);
    const bool filtering = filter.active();
    auto onEvent = [&](const log::SlowLogEvent& ev) {
        if (filtering && !filter.accept(ev)) {
            ++r.filtered;
            return;
        }
        r.aggregator.add(ev);
    };
    auto onDiagnostic = [&](const Diagnostic& d) {
        ++r.diagnosticsTotal;
        if (r.diagnostics.size() < options.diagnosticLimit)
            r.diagnostics.push_back(d);
    };
    if (block.format != LogFormat::MySqlSlow) {
        log::PgLogOptions po;
        po.fileName = fileName;
        po.maxEntryBytes = options.maxEntryBytes;
        po.linePrefix = options.pgLinePrefix;
        const log::PgLogStats st =
            block.format == LogFormat::PostgresJson  ? log::parsePgJsonLog(block.text, block.begin, block.end, po, onEvent, onDiagnostic)
            : block.format == LogFormat::PostgresCsv ? log::parsePgCsvLog(block.text, block.begin, block.end, po, onEvent, onDiagnostic)
                                                     : log::parsePgStderrLog(block.text, block.begin, block.end, po, onEvent, onDiagnostic);
        r.stats.events = st.events;
        r.stats.lines = st.lines;
        r.stats.recognisedLines = st.recognisedLines;
        return r;
    }
    log::SlowLogOptions po;
    po.mode = options.compat == sql::FingerprintCompat::PtQueryDigest ? log::SlowLogMode::PtQueryDigest
                                                                      : log::SlowLogMode::Planwise;
    po.maxEntryBytes = options.maxEntryBytes;
    po.fileName = fileName;
    po.firstLine = 1;
    log::SlowLogContext context = block.context;
    r.stats = log::parseSlowLog(block.text, block.begin, block.end, po, context, onEvent, onDiagnostic, resume);
    return r;
}

// A pool that parses blocks and hands results back by index.
class BlockPool {
public:
    BlockPool(unsigned threads, const IngestOptions& options) : m_options(options)
    {
        for (unsigned i = 0; i < threads; ++i)
            m_workers.emplace_back([this] { work(); });
    }
    ~BlockPool()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_all();
        for (auto& t : m_workers)
            t.join();
    }

    void submit(Block block, const std::string& fileName)
    {
        {
            std::lock_guard lock(m_mutex);
            m_queue.push_back({std::move(block), fileName});
            ++m_inFlight;
        }
        m_wake.notify_one();
    }

    size_t inFlight()
    {
        std::lock_guard lock(m_mutex);
        return m_inFlight;
    }

    // Waits up to `timeout` for the result of block `index`.
    std::optional<BlockResult> take(size_t index, std::chrono::milliseconds timeout)
    {
        std::unique_lock lock(m_mutex);
        m_done.wait_for(lock, timeout, [&] { return m_results.count(index) > 0; });
        const auto it = m_results.find(index);
        if (it == m_results.end())
            return std::nullopt;
        BlockResult r = std::move(it->second);
        m_results.erase(it);
        --m_inFlight;
        return r;
    }

    // A merged block's aggregator, for the next block to reuse.
    void recycle(Aggregator aggregator)
    {
        std::lock_guard lock(m_mutex);
        if (m_spare.size() < m_workers.size())
            m_spare.push_back(std::move(aggregator));
    }

    void cancel()
    {
        std::lock_guard lock(m_mutex);
        m_cancelled = true;
        m_inFlight -= m_queue.size();
        m_queue.clear();
    }

private:
    struct Job {
        Block block;
        std::string fileName;
    };

    void work()
    {
        for (;;) {
            Job job;
            Aggregator aggregator;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
                if (m_queue.empty()) {
                    // Stopping: each worker frees one spare aggregator (thousands of
                    // small blocks) after the lock goes, beside the others, instead
                    // of the joining thread freeing them all one after another.
                    if (!m_spare.empty()) {
                        aggregator = std::move(m_spare.back());
                        m_spare.pop_back();
                    }
                    return;
                }
                job = std::move(m_queue.front());
                m_queue.pop_front();
                if (!m_spare.empty()) {
                    aggregator = std::move(m_spare.back());
                    m_spare.pop_back();
                }
            }
            BlockResult r = parseBlock(job.block, m_options, job.fileName, std::move(aggregator));
            {
                std::lock_guard lock(m_mutex);
                m_results.emplace(job.block.index, std::move(r));
            }
            m_done.notify_all();
        }
    }

    const IngestOptions& m_options;
    std::mutex m_mutex;
    std::condition_variable m_wake, m_done;
    std::deque<Job> m_queue;
    std::map<size_t, BlockResult> m_results;
    std::vector<Aggregator> m_spare;
    std::vector<std::thread> m_workers;
    size_t m_inFlight = 0;
    bool m_stopping = false, m_cancelled = false;
};

// Which format a file holds, from its first bytes (or what the user forced).
LogFormat detectFormat(std::string_view head, LogFormat forced)
{
    if (forced != LogFormat::Auto)
        return forced;
    // The first 64 KB decide when one format is plainly there (the detection
    // runs before any block can start); otherwise the first megabyte.
    for (const size_t sample : {size_t(64) << 10, size_t(1) << 20}) {
        const std::string_view text = head.substr(0, sample);
        const size_t slow = log::countSlowLogMarkers(text);
        const size_t pg = log::countPgLogMarkers(text);
        const size_t json = log::countPgJsonMarkers(text);
        const size_t csv = log::countPgCsvMarkers(text);
        const size_t best = std::max({slow, pg, json, csv});
        const size_t others = slow + pg + json + csv - best;
        const bool whole = sample >= head.size() || sample == (size_t(1) << 20);
        if (!whole && (best < 20 || others * 4 > best))
            continue;
        if (json > slow && json >= pg && json >= csv)
            return LogFormat::PostgresJson;
        if (csv > slow && csv > pg)
            return LogFormat::PostgresCsv;
        return pg > slow ? LogFormat::PostgresStderr : LogFormat::MySqlSlow;
    }
    return LogFormat::MySqlSlow;   // not reached: the megabyte always decides
}

// Where a block may end: the start of an entry of `format` at or after `from`.
size_t nextBoundary(std::string_view text, size_t from, LogFormat format)
{
    switch (format) {
    case LogFormat::PostgresStderr: return log::nextPgLogBoundary(text, from);
    case LogFormat::PostgresCsv: return log::nextPgCsvBoundary(text, from);
    case LogFormat::PostgresJson: {
        const size_t nl = from == 0 ? 0 : text.find('\n', from - 1);
        return nl == std::string_view::npos ? text.size() : (from == 0 ? 0 : nl + 1);
    }
    default: return log::nextSlowLogBoundary(text, from);
    }
}

size_t lastBoundary(std::string_view text, LogFormat format)
{
    switch (format) {
    case LogFormat::PostgresStderr: return log::lastPgLogBoundary(text);
    case LogFormat::PostgresCsv: return log::lastPgCsvBoundary(text);
    case LogFormat::PostgresJson: {
        const size_t nl = text.size() >= 2 ? text.rfind('\n', text.size() - 2) : std::string_view::npos;
        return nl == std::string_view::npos ? nl : nl + 1;
    }
    default: return log::lastSlowLogBoundary(text);
    }
}

class Ingestor {
public:
    explicit Ingestor(const IngestOptions& options)
        : m_options(options), m_total(AggregatorOptions{options.compat, Dialect::MySQL, {}}), m_start(Clock::now())
    {
        unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
        m_threads = std::max(1u, threads);
        m_pool = std::make_unique<BlockPool>(m_threads, options);
        m_lastProgress = m_lastSnapshot = m_start;
    }

    IngestResult run(const std::vector<std::string>& paths)
    {
        for (const std::string& path : paths) {
            if (m_cancelled)
                break;
            ingestFile(path);
        }
        return finish();
    }

    IngestResult runText(std::string_view text, const std::string& name)
    {
        FileSummary summary;
        summary.path = name;
        summary.compression = "plain";
        m_result.workload.files.push_back(name);
        ingestMapped(text, summary);
        m_result.files.push_back(summary);
        return finish();
    }

private:
    void addDiagnostic(Diagnostic d)
    {
        ++m_diagnosticsTotal;
        if (m_result.workload.diagnostics.size() < m_options.diagnosticLimit)
            m_result.workload.diagnostics.push_back(std::move(d));
    }

    void ingestFile(const std::string& path)
    {
        FileSummary summary;
        summary.path = path;
        m_result.workload.files.push_back(path);
        std::string error;
        std::vector<Diagnostic> sourceDiagnostics;
        std::mutex sourceMutex;
        auto source = log::InputSource::open(path, error, [&](const Diagnostic& d) {
            std::lock_guard lock(sourceMutex);
            sourceDiagnostics.push_back(d);
        });
        if (!source) {
            summary.error = error;
            addDiagnostic({Severity::Error, path, 0, -1, error});
            m_result.files.push_back(summary);
            return;
        }
        summary.compression = std::string(log::compressionName(source->compression()));
        m_currentFile = path;
        m_bytesTotal += source->totalBytes();
        const std::string_view mapped = source->mapped();
        m_bytesDoneInFile = 0;
        if (!mapped.empty()) {
            m_releaseMapped = true;
            ingestMapped(mapped, summary);
            m_releaseMapped = false;
        }
        else
            ingestStream(*source, summary);
        // A cancel leaves blocks in flight that still read `source`: join the
        // workers before it is unmapped at the end of this scope.
        if (m_cancelled)
            m_pool.reset();
        m_bytesBase += source->consumedBytes();
        for (auto& d : sourceDiagnostics)
            addDiagnostic(std::move(d));
        m_result.files.push_back(summary);
    }

    // Blocks of a mapped file, cut at entry boundaries.
    void ingestMapped(std::string_view text, FileSummary& summary)
    {
        const LogFormat format = detectFormat(text, m_options.format);
        summary.format = format;
        summary.bytes = text.size();
        size_t start = 0;
        size_t submitted = 0, merged = 0;
        log::SlowLogContext context;
        size_t prevStart = 0;
        int64_t lineBase = 0;
        const size_t firstIndex = m_nextIndex;
        // Where the previous block's parse stopped (plain flags, not std::optional:
        // GCC 12 warns falsely about its payload in a Release build).
        log::SlowLogResume stop;
        bool haveStop = false;
        const bool ptLookAhead = format == LogFormat::MySqlSlow && m_options.compat == sql::FingerprintCompat::PtQueryDigest;
        while ((start < text.size() || merged < submitted) && !m_cancelled) {
            while (start < text.size() && submitted - merged < 2 * size_t(m_threads)) {
                // The file's last blocks are cut smaller, so that at the end no core
                // waits long for another's last block (sizes depend on the file only,
                // never on the thread count).
                const size_t left = text.size() - start;
                const size_t step = left < 4 * m_options.blockBytes ? std::max<size_t>(m_options.blockBytes / 4, 1) : m_options.blockBytes;
                const size_t target = start + step;
                const size_t end = target >= text.size() ? text.size() : nextBoundary(text, target, format);
                if (start > 0 && format == LogFormat::MySqlSlow)
                    context = log::slowLogContextAt(text.substr(prevStart, start - prevStart), context);
                Block b;
                b.format = format;
                b.index = m_nextIndex++;
                b.text = text;
                b.begin = start;
                b.end = end;
                b.context = context;
                m_pool->submit(std::move(b), summary.path);
                prevStart = start;
                start = end;
                ++submitted;
            }
            if (auto r = m_pool->take(firstIndex + merged, waitSlice())) {
                const bool resumed = ptLookAhead && haveStop && !stop.plainAt(text, r->block.begin);
                settle(*r, resumed ? &stop : nullptr, summary.path);
                if (ptLookAhead) {
                    stop = r->stats.stop;
                    haveStop = true;
                }
                mergeBlock(*r, lineBase, 0, summary);
                if (m_releaseMapped)
                    log::releaseMappedRange(text, m_bytesDoneInFile, r->end);
                m_bytesDoneInFile = r->end;
                ++merged;
            }
            report();
        }
    }

    // Blocks of a stream, read a few at a time.
    void ingestStream(log::InputSource& source, FileSummary& summary)
    {
        LogFormat format = m_options.format;
        std::string carry;
        log::SlowLogContext context;
        int64_t lineBase = 0;
        int64_t streamOffset = 0;
        size_t submitted = 0, merged = 0;
        const size_t firstIndex = m_nextIndex;
        std::vector<int64_t> offsets;   // stream offset of each submitted block
        bool eof = false;
        // pt-query-digest's look-ahead across a cut (see ingestMapped()): a block
        // carries a copy of the chunk after its end, and where its parse stopped
        // is moved into the next block's bytes.
        const auto ptLookAhead = [&] {
            return format == LogFormat::MySqlSlow && m_options.compat == sql::FingerprintCompat::PtQueryDigest;
        };
        log::SlowLogResume stop;   // as in ingestMapped()
        bool haveStop = false;
        size_t stopBlockEnd = 0;
        while ((!eof || merged < submitted) && !m_cancelled) {
            while (!eof && submitted - merged < 2 * size_t(m_threads)) {
                auto buffer = std::make_shared<std::string>(std::move(carry));
                carry.clear();
                size_t cut = std::string::npos;
                for (;;) {
                    const size_t got = source.read(*buffer, m_options.blockBytes);
                    if (got == 0) {
                        eof = true;
                        cut = buffer->size();
                        break;
                    }
                    summary.bytes += got;
                    if (buffer->size() < m_options.blockBytes)
                        continue;
                    if (format == LogFormat::Auto)
                        format = detectFormat(*buffer, LogFormat::Auto);
                    const size_t boundary = lastBoundary(*buffer, format);
                    if (boundary != std::string::npos) {
                        cut = boundary;
                        break;
                    }
                    if (buffer->size() > m_options.maxEntryBytes + m_options.blockBytes) {
                        // No entry boundary for this long: cut at a line end so memory stays bounded.
                        const size_t nl = buffer->rfind('\n');
                        cut = nl == std::string::npos ? buffer->size() : nl + 1;
                        addDiagnostic({Severity::Warning, summary.path, 0, streamOffset + int64_t(cut),
                                       fmt::format("no entry boundary in {} bytes; the entry is cut here", cut)});
                        break;
                    }
                }
                carry.assign(*buffer, cut, std::string::npos);
                buffer->resize(cut);
                if (buffer->empty())
                    break;
                if (format == LogFormat::Auto)
                    format = detectFormat(*buffer, LogFormat::Auto);
                summary.format = format;
                if (ptLookAhead() && !carry.empty()) {
                    size_t chunkEnd;
                    while ((chunkEnd = carry.find(";\n", 1)) == std::string::npos) {
                        const size_t got = source.read(carry, m_options.blockBytes);
                        if (got == 0)
                            break;
                        summary.bytes += got;
                    }
                    if (chunkEnd != std::string::npos)
                        buffer->append(carry, 0, chunkEnd + 2);
                }
                Block b;
                b.format = format;
                b.index = m_nextIndex++;
                b.owned = buffer;
                b.text = *buffer;
                b.begin = 0;
                b.end = cut;
                b.context = context;
                b.streamOffset = streamOffset;
                context = log::slowLogContextAt(std::string_view(*buffer).substr(0, cut), context);
                offsets.push_back(streamOffset);
                streamOffset += int64_t(cut);
                m_pool->submit(std::move(b), summary.path);
                ++submitted;
            }
            if (merged < submitted) {
                if (auto r = m_pool->take(firstIndex + merged, waitSlice())) {
                    // Where the previous parse stopped, in this block's bytes (they start at its end).
                    const log::SlowLogResume resume{stop.next - stopBlockEnd,
                                                    std::max(stop.searchFrom, stop.next) - stopBlockEnd, stop.hashPrepended};
                    const bool resumed = haveStop && !resume.plainAt(r->block.text, 0);
                    settle(*r, resumed ? &resume : nullptr, summary.path);
                    haveStop = ptLookAhead() && r->stats.stop.next >= r->block.end;
                    if (haveStop) {
                        stop = r->stats.stop;
                        stopBlockEnd = r->block.end;
                    }
                    mergeBlock(*r, lineBase, offsets[merged], summary);
                    ++merged;
                }
            }
            m_bytesDoneInFile = source.consumedBytes();
            report();
        }
    }

    // A block is parsed again (rarely) before its merge when pt-query-digest's
    // look-ahead read past the previous block's end (an entry without a
    // statement right before a cut: `resume` is where that parse stopped), or
    // when an attribute's first value in it gave the attribute another type
    // than the log's earlier blocks did.
    void settle(BlockResult& r, const log::SlowLogResume* resume, const std::string& path)
    {
        if (resume || !m_total.attributeTypesAgree(r.aggregator))
            r = parseBlock(r.block, m_options, path, Aggregator(), resume, &m_total);
    }

    void mergeBlock(BlockResult& r, int64_t& lineBase, int64_t byteDelta, FileSummary& summary)
    {
        r.aggregator.shiftPositions(lineBase, byteDelta);
        for (Diagnostic& d : r.diagnostics) {
            if (d.line > 0)
                d.line += lineBase;
            if (d.byteOffset >= 0)
                d.byteOffset += byteDelta;
            addDiagnostic(std::move(d));
        }
        m_diagnosticsTotal += r.diagnosticsTotal - r.diagnostics.size();
        lineBase += int64_t(r.stats.lines);
        summary.lines += r.stats.lines;
        summary.recognisedLines += r.stats.recognisedLines;
        summary.events += r.stats.events;
        m_result.filteredOut += r.filtered;
        m_total.merge(r.aggregator);
        if (m_pool)
            m_pool->recycle(std::move(r.aggregator));
    }

    std::chrono::milliseconds waitSlice() const
    {
        const double s = m_options.progress ? m_options.progressIntervalSeconds : 1.0;
        return std::chrono::milliseconds(std::max<int64_t>(1, int64_t(s * 1000)));
    }

    void report()
    {
        if (!m_options.progress)
            return;
        const auto now = Clock::now();
        if (now - m_lastProgress < std::chrono::duration<double>(m_options.progressIntervalSeconds))
            return;
        m_lastProgress = now;
        IngestProgress p;
        p.bytesDone = m_bytesBase + m_bytesDoneInFile;
        p.bytesTotal = m_bytesTotal;
        p.events = m_total.events();
        p.elapsedSeconds = std::chrono::duration<double>(now - m_start).count();
        p.currentFile = m_currentFile;
        Workload snapshot;
        if (now - m_lastSnapshot >= std::chrono::duration<double>(m_options.snapshotIntervalSeconds)) {
            m_lastSnapshot = now;
            snapshot = m_total.snapshot(m_options.rankBy);
            p.partial = &snapshot;
        }
        if (!m_options.progress(p)) {
            m_cancelled = true;
            m_pool->cancel();
        }
    }

    IngestResult finish()
    {
        m_pool.reset();   // joins the workers
        Workload w = m_total.takeWorkload(m_options.rankBy);
        w.files = std::move(m_result.workload.files);
        w.diagnostics = std::move(m_result.workload.diagnostics);
        w.diagnosticsDropped = m_diagnosticsTotal - w.diagnostics.size();
        for (const FileSummary& f : m_result.files)
            w.bytesRead += f.bytes;
        m_result.workload = std::move(w);
        m_result.cancelled = m_cancelled;
        return std::move(m_result);
    }

    const IngestOptions& m_options;
    unsigned m_threads = 1;
    std::unique_ptr<BlockPool> m_pool;
    Aggregator m_total;
    IngestResult m_result;
    size_t m_diagnosticsTotal = 0;
    size_t m_nextIndex = 0;
    bool m_cancelled = false;
    bool m_releaseMapped = false;   // only our own mappings, never a caller's text
    std::string m_currentFile;
    uint64_t m_bytesTotal = 0, m_bytesBase = 0, m_bytesDoneInFile = 0;
    Clock::time_point m_start, m_lastProgress, m_lastSnapshot;
};

} // namespace

std::string_view logFormatName(LogFormat f)
{
    switch (f) {
    case LogFormat::Auto: return "auto";
    case LogFormat::MySqlSlow: return "slowlog";
    case LogFormat::PostgresStderr: return "stderr";
    case LogFormat::PostgresJson: return "jsonlog";
    case LogFormat::PostgresCsv: return "csvlog";
    }
    return "auto";
}

std::optional<LogFormat> parseLogFormat(std::string_view name)
{
    if (iequals(name, "auto"))
        return LogFormat::Auto;
    if (iequals(name, "slowlog") || iequals(name, "mysql") || iequals(name, "mariadb") || iequals(name, "mysql-slow"))
        return LogFormat::MySqlSlow;
    if (iequals(name, "stderr") || iequals(name, "postgresql") || iequals(name, "postgres") || iequals(name, "pg"))
        return LogFormat::PostgresStderr;
    if (iequals(name, "jsonlog") || iequals(name, "json"))
        return LogFormat::PostgresJson;
    if (iequals(name, "csvlog") || iequals(name, "csv"))
        return LogFormat::PostgresCsv;
    return std::nullopt;
}

IngestResult ingest(const std::vector<std::string>& paths, const IngestOptions& options)
{
    Ingestor ingestor(options);
    return ingestor.run(paths);
}

Workload ingestFiles(const std::vector<std::string>& paths, const IngestOptions& options)
{
    return ingest(paths, options).workload;
}

IngestResult ingestText(std::string_view text, const std::string& name, const IngestOptions& options)
{
    Ingestor ingestor(options);
    return ingestor.runText(text, name);
}

} // namespace planwise::workload
