// Fingerprint and lexer throughput on a realistic mix of statements.
//
// Input: the statements of the slow log named by PLANWISE_BENCH_SLOWLOG, e.g.
//   python3 ../shared/tools/gen_slowlog.py --size-mb 50 --seed 1 -o /tmp/my50.log
//   PLANWISE_BENCH_SLOWLOG=/tmp/my50.log build/release/bench/bench_fingerprint
// or, without it, a built-in deterministic mix of the same kinds of statements
// (point lookups, IN lists, joins, multi-row INSERTs, UPDATE/DELETE, UNION,
// strings with quotes and escapes, upper-case hex, comments).
// PostgreSQL's cache key and stderr reader: see pgCorpus() below.
// Rates are bytes of statement text per second of CPU time, one thread.
#include "analyzer/log/pg_log_parser.h"
#include "analyzer/sql/fingerprint.h"
#include "analyzer/sql/lexer.h"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

using namespace planwise;
using namespace planwise::sql;

namespace {

struct Corpus {
    std::vector<std::string> queries;
    size_t bytes = 0;
};

// The statement text of each slow-log entry (attribute, use and SET timestamp lines skipped).
void readSlowLog(const std::string& path, Corpus& corpus)
{
    std::ifstream in(path, std::ios::binary);
    const std::string data((std::istreambuf_iterator<char>(in)), {});
    std::string current;
    auto flush = [&] {
        while (!current.empty() && (current.back() == '\n' || current.back() == ';'))
            current.pop_back();
        if (!current.empty())
            corpus.queries.push_back(current);
        current.clear();
    };
    size_t pos = 0;
    while (pos < data.size()) {
        size_t nl = data.find('\n', pos);
        if (nl == std::string::npos)
            nl = data.size();
        const std::string_view line(data.data() + pos, nl - pos);
        pos = nl + 1;
        if (line.starts_with("#")) {
            flush();
            continue;
        }
        if (current.empty()
            && (line.starts_with("use ") || line.starts_with("SET timestamp=") || line.starts_with("Tcp port:")
                || line.starts_with("Time ") || line.find("mysqld, Version") != std::string_view::npos))
            continue;
        current.append(line);
        current.push_back('\n');
    }
    flush();
}

// A deterministic mix shaped like gen_slowlog.py's (xorshift, no std::random differences).
void generate(Corpus& corpus)
{
    uint64_t s = 0x9E3779B97F4A7C15ull;
    auto rnd = [&](uint64_t n) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return s % n;
    };
    const char* tables[] = {"users", "orders", "order_items", "products", "payments", "sessions", "audit_log", "inventory"};
    const char* words[] = {"alpha", "bravo", "it''s", "O\\'Brien", "golf@example.com", "2024-03-04 12:00:00", "x y z", ""};
    auto num = [&] { return std::to_string(rnd(10000000)); };
    auto str = [&] { return std::string("'") + words[rnd(8)] + "'"; };
    auto hex = [&] {
        static const char digits[] = "0123456789ABCDEF";
        std::string h = "0x";
        for (int i = 0; i < 16; ++i)
            h.push_back(digits[rnd(16)]);
        return h;
    };
    for (int i = 0; i < 150000; ++i) {
        const std::string t = tables[rnd(8)];
        std::string q;
        switch (rnd(12)) {
        case 0:
        case 1:
        case 2:
            q = "SELECT id, user_id, status, total, created_at FROM " + t + " WHERE id = " + num();
            break;
        case 3:
            q = "SELECT * FROM " + t + " WHERE status IN (" + str() + ", " + str() + ", " + str() + ") AND created_at > "
                + str() + " ORDER BY created_at DESC LIMIT " + num();
            break;
        case 4: {
            q = "INSERT INTO " + t + " (user_id, status, note, total, created_at) VALUES ";
            const uint64_t rows = 1 + rnd(5);
            for (uint64_t r = 0; r < rows; ++r)
                q += (r ? ", (" : "(") + num() + ", " + str() + ", " + str() + ", " + num() + ".25, NOW())";
            break;
        }
        case 5:
            q = "UPDATE " + t + " SET status = " + str() + ", updated_at = NOW() WHERE id = " + num() + " AND version = "
                + num();
            break;
        case 6:
            q = "DELETE FROM " + t + " WHERE created_at < " + str() + " LIMIT 100";
            break;
        case 7:
            q = "SELECT o.id, o.total, u.email FROM orders o JOIN users u ON u.id = o.user_id\n  WHERE o.user_id = " + num()
                + "\n    AND o.status <> 'cancelled'\n  ORDER BY o.created_at ASC LIMIT 20, 10";
            break;
        case 8:
            q = "SELECT id FROM api_keys WHERE key_bin = " + hex();
            break;
        case 9:
            q = "/* app:web,controller:orders */ SELECT COUNT(*) FROM " + t + " WHERE account_id = " + num()
                + " AND deleted_at IS NULL";
            break;
        case 10:
            q = "SELECT id FROM " + t + " WHERE a = " + num() + " UNION ALL SELECT id FROM " + t + " WHERE a = " + num();
            break;
        default:
            q = "SELECT SQL_NO_CACHE name, price FROM products WHERE category_id = " + num()
                + " AND name LIKE 'abc%' -- search\n  AND price BETWEEN 1.5 AND 1E3";
            break;
        }
        corpus.queries.push_back(std::move(q));
    }
}

const Corpus& corpus()
{
    static const Corpus c = [] {
        Corpus c;
        if (const char* path = std::getenv("PLANWISE_BENCH_SLOWLOG"))
            readSlowLog(path, c);
        if (c.queries.empty())
            generate(c);
        for (const auto& q : c.queries)
            c.bytes += q.size();
        return c;
    }();
    return c;
}

void BM_Fingerprint(benchmark::State& state)
{
    const auto compat = state.range(0) ? FingerprintCompat::PtQueryDigest : FingerprintCompat::Planwise;
    const Corpus& c = corpus();
    std::string out;
    for (auto _ : state) {
        for (const auto& q : c.queries) {
            fingerprintInto(q, out, compat);
            benchmark::DoNotOptimize(out.data());
        }
    }
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(c.bytes));
    state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(c.queries.size()));
    state.SetLabel(compat == FingerprintCompat::Planwise ? "planwise" : "pt-query-digest");
}
BENCHMARK(BM_Fingerprint)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// What ingestion does per event: fingerprint, then the query ID.
void BM_FingerprintAndChecksum(benchmark::State& state)
{
    const Corpus& c = corpus();
    std::string out, id;
    for (auto _ : state) {
        for (const auto& q : c.queries) {
            fingerprintInto(q, out);
            queryChecksumInto(out, id);
            benchmark::DoNotOptimize(id.data());
        }
    }
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(c.bytes));
    state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(c.queries.size()));
}
BENCHMARK(BM_FingerprintAndChecksum)->Unit(benchmark::kMillisecond);

void BM_Lexer(benchmark::State& state)
{
    const Corpus& c = corpus();
    size_t tokens = 0;
    for (auto _ : state) {
        for (const auto& q : c.queries) {
            Lexer lexer(q, Dialect::MySQL);
            while (!lexer.next().atEnd())
                ++tokens;
        }
    }
    benchmark::DoNotOptimize(tokens);
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(c.bytes));
}
BENCHMARK(BM_Lexer)->Unit(benchmark::kMillisecond);

void BM_LexerFingerprint(benchmark::State& state)
{
    const Corpus& c = corpus();
    std::string out;
    for (auto _ : state) {
        for (const auto& q : c.queries) {
            lexerFingerprintInto(q, Dialect::MySQL, out);
            benchmark::DoNotOptimize(out.data());
        }
    }
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(c.bytes));
}
BENCHMARK(BM_LexerFingerprint)->Unit(benchmark::kMillisecond);

// PostgreSQL statements: those of the stderr log named by PLANWISE_BENCH_PGLOG, e.g.
//   python3 ../shared/tools/gen_slowlog.py --format pg --size-mb 30 --seed 1 -o /tmp/pg30.log
//   PLANWISE_BENCH_PGLOG=/tmp/pg30.log build/release/bench/bench_fingerprint --benchmark_filter=Postgres
// or, without it, a built-in mix shaped like that generator's.
struct PgCorpus {
    std::string log;   // the whole file, for the reader's benchmark
    std::vector<std::string> queries;
    size_t bytes = 0;
};

void generatePostgres(PgCorpus& corpus)
{
    uint64_t s = 0x2545F4914F6CDD1Dull;
    auto rnd = [&](uint64_t n) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return s % n;
    };
    const char* tables[] = {"users", "orders", "\"products\"", "payments", "sessions", "page_views", "jobs", "reviews"};
    const char* words[] = {"alpha", "bravo", "it''s", "2024-03-04 12:00:00", "x y z", "quebec", "draft", ""};
    auto num = [&] { return std::to_string(rnd(2000000)); };
    auto str = [&] { return std::string("'") + words[rnd(8)] + "'"; };
    for (int i = 0; i < 100000; ++i) {
        const std::string t = tables[rnd(8)];
        std::string q;
        switch (rnd(8)) {
        case 0:
        case 1:
            q = "SELECT id, sku, name, price, stock FROM " + t + " WHERE id = " + num();
            break;
        case 2:
            q = "SELECT id FROM " + t + " WHERE (status = $1 OR is_deleted = $2) AND product_id = $3 ORDER BY updated_at DESC LIMIT $4";
            break;
        case 3: {
            q = "INSERT INTO jobs (batch_id, status, attempts, run_at) VALUES ";
            const uint64_t rows = 1 + rnd(9);
            for (uint64_t r = 0; r < rows; ++r)
                q += (r ? ", (" : "(") + num() + ", " + str() + ", " + num() + ".25, " + str() + ")";
            break;
        }
        case 4:
            q = "UPDATE " + t + " SET status = " + str() + ", price = " + num() + ".18 WHERE id = " + num();
            break;
        case 5:
            q = "SELECT a.id, a.status, b.id AS other_id\n  FROM " + t + " a\n  JOIN cart_items b ON b.id = a.order_id\n WHERE a.order_id = "
                + num() + "\n   AND a.status = " + str();
            break;
        case 6:
            q = "SELECT * FROM " + t + " WHERE id IN (" + num() + ", " + num() + ", " + num() + ") AND created_at::date > "
                + str() + " /* report */";
            break;
        default:
            q = "SELECT date_trunc('day', created_at) AS day, count(*) AS n FROM " + t + " WHERE created_at BETWEEN " + str()
                + " AND " + str() + " GROUP BY 1 ORDER BY day ASC";
            break;
        }
        corpus.queries.push_back(std::move(q));
    }
}

const PgCorpus& pgCorpus()
{
    static const PgCorpus c = [] {
        PgCorpus c;
        if (const char* path = std::getenv("PLANWISE_BENCH_PGLOG")) {
            std::ifstream in(path, std::ios::binary);
            c.log.assign(std::istreambuf_iterator<char>(in), {});
            const log::SlowLogEventSink onEvent = [&c](const log::SlowLogEvent& ev) { c.queries.emplace_back(ev.query); };
            log::parsePgStderrLog(c.log, 0, c.log.size(), {}, onEvent, {});
        }
        if (c.queries.empty())
            generatePostgres(c);
        for (const auto& q : c.queries)
            c.bytes += q.size();
        return c;
    }();
    return c;
}

// The aggregator's cache key for libpg_query, built for every PostgreSQL event.
void BM_PostgresCacheKey(benchmark::State& state)
{
    const PgCorpus& c = pgCorpus();
    std::string key;
    for (auto _ : state) {
        for (const auto& q : c.queries) {
            pgFingerprintKeyInto(q, key);
            benchmark::DoNotOptimize(key.data());
        }
    }
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(c.bytes));
    state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(c.queries.size()));
}
BENCHMARK(BM_PostgresCacheKey)->Unit(benchmark::kMillisecond);

// The stderr reader alone (events handed to an empty sink); needs PLANWISE_BENCH_PGLOG.
void BM_PostgresStderrReader(benchmark::State& state)
{
    const PgCorpus& c = pgCorpus();
    if (c.log.empty()) {
        state.SkipWithError("PLANWISE_BENCH_PGLOG is not set");
        return;
    }
    uint64_t events = 0;
    const log::SlowLogEventSink onEvent = [&events](const log::SlowLogEvent&) { ++events; };
    for (auto _ : state)
        log::parsePgStderrLog(c.log, 0, c.log.size(), {}, onEvent, {});
    benchmark::DoNotOptimize(events);
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(c.log.size()));
}
BENCHMARK(BM_PostgresStderrReader)->Unit(benchmark::kMillisecond);

// libpg_query on PostgreSQL statements, for scale (it parses each one fully).
void BM_PostgresFingerprint(benchmark::State& state)
{
    const std::vector<std::string> queries = {
        "SELECT id, user_id, status FROM orders WHERE id = 42",
        "SELECT o.id, u.email FROM orders o JOIN users u ON u.id = o.user_id WHERE o.status = ANY($1) ORDER BY o.created_at "
        "DESC LIMIT 20",
        "INSERT INTO audit_log (actor_id, action, entity) VALUES (1, 'login', 'user'), (2, 'logout', 'user')",
        "UPDATE inventory SET qty = qty - 1 WHERE product_id = 7 AND warehouse_id = 3",
    };
    size_t bytes = 0;
    for (const auto& q : queries)
        bytes += q.size();
    for (auto _ : state) {
        for (const auto& q : queries)
            benchmark::DoNotOptimize(fingerprintPostgres(q));
    }
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes));
    state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(queries.size()));
}
BENCHMARK(BM_PostgresFingerprint);

} // namespace

BENCHMARK_MAIN();
