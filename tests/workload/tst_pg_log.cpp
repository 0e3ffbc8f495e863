// PostgreSQL stderr logs: executions, parameters, auto_explain plans attached
// and not counted, parse/bind not counted, multi-line statements, classes by
// libpg_query fingerprint, and the cache key in front of it.
#include "analyzer/log/pg_log_parser.h"
#include "analyzer/sql/fingerprint.h"
#include "analyzer/workload/aggregator.h"
#include "analyzer/workload/ingest.h"
#include "common/test_env.h"

#include <QFile>
#include <QtTest>

#include <fmt/format.h>

#include <charconv>
#include <map>

using namespace planwise;
using namespace planwise::workload;

namespace {

std::string fixture(const char* name)
{
    return planwise::testenv::testData(QStringLiteral("logs/") + QString::fromLatin1(name)).toStdString();
}

} // namespace

class TestPgLog : public QObject {
    Q_OBJECT

private slots:
    void stderrExecutionsPlansAndParameters()
    {
        const IngestResult r = ingest({fixture("pg_stderr.log")});
        QCOMPARE(r.files.size(), size_t(1));
        QCOMPARE(r.files[0].format, LogFormat::PostgresStderr);
        QVERIFY2(r.workload.diagnostics.empty(),
                 r.workload.diagnostics.empty() ? "" : r.workload.diagnostics[0].format().c_str());
        // 2 executes + 2 statements (the FR and DE counts are one class); parse,
        // bind and the two plans are not executions.
        QCOMPARE(r.workload.events, uint64_t(4));
        QCOMPARE(r.workload.classes.size(), size_t(2));

        const QueryClass& count = r.workload.classes[0];   // 253.1 ms in total
        QCOMPARE(count.dialect, Dialect::PostgreSQL);
        QCOMPARE(count.count, uint64_t(2));
        QCOMPARE(count.checksum.size(), size_t(16));       // libpg_query's 64-bit fingerprint, hex
        QVERIFY(count.fingerprint.find("$1") != std::string::npos);
        QVERIFY(std::abs(count.totalTime() - 0.2531) < 1e-9);
        // The slowest sample keeps its literal text (two lines) and its auto_explain plan.
        QCOMPARE(count.example.queryTime, 0.2501);
        QVERIFY(count.example.query.find("\n  JOIN customers") != std::string::npos);
        QVERIFY(!count.example.query.ends_with(";"));
        QCOMPARE(count.example.explain.size(), size_t(1));
        QVERIFY(count.example.explain[0].find("Seq Scan on orders") != std::string::npos);
        QCOMPARE(count.example.line, int64_t(11));
        QCOMPARE(count.users, (std::set<std::string>{"report", "app"}));
        QCOMPARE(count.databases, (std::set<std::string>{"shop"}));

        const QueryClass& byCustomer = r.workload.classes[1];
        QCOMPARE(byCustomer.count, uint64_t(2));
        QVERIFY(std::abs(byCustomer.totalTime() - 0.020) < 1e-9);
        QCOMPARE(byCustomer.example.parameters, std::string("$1 = '42'"));
        QCOMPARE(byCustomer.tsMin, std::string("2024-03-01 10:00:00"));
        QCOMPARE(byCustomer.tsMax, std::string("2024-03-01 10:00:02"));
    }

    void boundariesAndMarkers()
    {
        QFile f(QString::fromStdString(fixture("pg_stderr.log")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        const std::string_view text(bytes.constData(), size_t(bytes.size()));
        QCOMPARE(log::countPgLogMarkers(text), size_t(13));
        // A boundary never falls on a continuation line, nor between an auto_explain plan and the
        // statement after it (tst_pg_log_blocks): the first cut after this plan follows its statement.
        const size_t plan = text.find("\tQuery Text: SELECT count");
        const size_t b = log::nextPgLogBoundary(text, plan);
        QVERIFY(text.substr(b).starts_with("2024-03-01 10:00:02.000 UTC [4242] app@shop LOG:  duration: 7.500"));
        const size_t last = log::lastPgLogBoundary(text);
        QVERIFY(text.substr(last).starts_with("2024-03-01 10:00:04.000 UTC [4245] app@shop LOG:  duration: 0.000 ms  plan:"));
    }

    void sameResultInSmallBlocks()
    {
        IngestOptions o;
        o.blockBytes = 300;
        o.threads = 3;
        const IngestResult small = ingest({fixture("pg_stderr.log")}, o);
        const IngestResult whole = ingest({fixture("pg_stderr.log")});
        QCOMPARE(small.workload.events, whole.workload.events);
        QCOMPARE(small.workload.classes.size(), whole.workload.classes.size());
        for (size_t i = 0; i < whole.workload.classes.size(); ++i)
            QCOMPARE(small.workload.classes[i].checksum, whole.workload.classes[i].checksum);
    }

    void jsonlog()
    {
        const IngestResult r = ingest({fixture("pg_jsonlog.json")});
        QCOMPARE(r.files[0].format, LogFormat::PostgresJson);
        QCOMPARE(r.workload.events, uint64_t(3));
        QCOMPARE(r.workload.diagnostics.size(), size_t(1));   // the line that is not JSON
        QCOMPARE(r.workload.diagnostics[0].line, int64_t(4));
        QCOMPARE(r.workload.classes.size(), size_t(2));
        const QueryClass& count = r.workload.classes[0];
        QCOMPARE(count.count, uint64_t(2));
        QCOMPARE(count.example.query, std::string("SELECT count(*)\nFROM orders WHERE status = 'x'"));
        QCOMPARE(count.example.explain.size(), size_t(1));
        QVERIFY(count.example.explain[0].find("Seq Scan") != std::string::npos);
        QCOMPARE(count.users, (std::set<std::string>{"report", "app"}));
        const QueryClass& exec = r.workload.classes[1];
        QCOMPARE(exec.example.parameters, std::string("$1 = '42'"));
        QCOMPARE(exec.tsMin, std::string("2024-03-01 10:00:02"));
    }

    void csvlog()
    {
        IngestOptions o;
        o.blockBytes = 200;   // boundaries must not fall inside a quoted multi-line message
        const IngestResult r = ingest({fixture("pg_csvlog.csv")}, o);
        QCOMPARE(r.files[0].format, LogFormat::PostgresCsv);
        QVERIFY2(r.workload.diagnostics.empty(),
                 r.workload.diagnostics.empty() ? "" : r.workload.diagnostics[0].format().c_str());
        QCOMPARE(r.workload.events, uint64_t(2));
        QCOMPARE(r.files[0].lines, uint64_t(7));
        const QueryClass& count = r.workload.classes[0];
        QCOMPARE(count.example.query, std::string("SELECT count(*)\nFROM orders WHERE note = 'a,b' AND tag = \"x\""));
        QCOMPARE(count.example.line, int64_t(4));
        QCOMPARE(r.workload.classes[1].example.parameters, std::string("$1 = '42'"));
        // A plan is attached when it is in the same block as its statement (always, but for a block edge between them).
        const IngestResult whole = ingest({fixture("pg_csvlog.csv")});
        QCOMPARE(whole.workload.classes[0].example.explain.size(), size_t(1));
        QVERIFY(whole.workload.classes[0].example.explain[0].find("Seq Scan on orders") != std::string::npos);
        QCOMPARE(r.workload.classes[1].users, (std::set<std::string>{"app"}));
    }

    void fingerprintCacheGivesSameClasses()
    {
        // The aggregator asks libpg_query once per literal-free key; with the cache
        // off it asks for every event. Both must give the same classes: checksums,
        // normalized texts (the first event's), counts and order.
        const std::vector<std::string> templates = {
            "SELECT * FROM orders WHERE id = %d",
            "select * from orders where id = %d",   // same class, other normalized text
            "SELECT * FROM orders WHERE id = $1",
            "SELECT * FROM orders WHERE status = '%s' AND total > %d.5",
            "SELECT * FROM orders WHERE id IN (%d, %d, %d)",
            "SELECT * FROM orders WHERE id IN (%d)",
            "SELECT * FROM orders WHERE id IN (%d, user_id)",
            "SELECT * FROM orders WHERE id IN (%d, %d,)",   // syntax errors: the lexer fallback
            "SELECT * FROM orders WHERE id IN (%d %d)",
            "INSERT INTO jobs (a, b) VALUES (%d, '%s'), (%d, '%s')",
            "INSERT INTO jobs (a, b) VALUES (%d, '%s')",
            "INSERT INTO jobs (a, b) VALUES (%d, now())",
            "UPDATE orders SET total = -%d WHERE id = %d",
            "DELETE FROM orders WHERE created_at < '%s'",
            "SELECT a::float(%d) FROM t",
            "SELECT current_timestamp(%d)",
            "SELECT '{}'::int[%d]",
            "SELECT E'\\x4%d'",
            "SELECT 'a' '%s'",
            "SELECT 'a'\n'%s'",
            "SELECT %d.%d.%d",
            "SELECT * FROM orders WHERE id = %d0000000000",
            "SET work_mem = %d",
            "BEGIN",
            "SELECT * FROM orders WHERE id = ",   // truncated: the lexer fallback
            "WITH x AS (SELECT %d AS v) SELECT v FROM x /* c%d */",
        };
        std::vector<std::string> queries;
        for (int round = 0; round < 7; ++round) {
            for (const std::string& t : templates) {
                std::string q;
                for (size_t i = 0; i < t.size(); ++i) {
                    if (t[i] == '%' && i + 1 < t.size() && t[i + 1] == 'd') {
                        q += std::to_string(round * 37 % 11 + 1);
                        ++i;
                    } else if (t[i] == '%' && i + 1 < t.size() && t[i + 1] == 's') {
                        q += std::string(size_t(round % 3 + 1), char('a' + round));
                        ++i;
                    } else {
                        q += t[i];
                    }
                }
                queries.push_back(std::move(q));
            }
        }
        auto classesOf = [&](bool cache) {
            AggregatorOptions options;
            options.dialect = Dialect::PostgreSQL;
            options.pgFingerprintCache = cache;
            Aggregator agg(options);
            const std::string time = "1.5";
            for (const std::string& q : queries) {
                log::SlowLogEvent ev;
                ev.query = q;
                ev.attributes.push_back({"Query_time", time});
                agg.add(ev);
            }
            return agg.snapshot(RankBy::Count).classes;
        };
        const std::vector<QueryClass> cached = classesOf(true);
        const std::vector<QueryClass> uncached = classesOf(false);
        QVERIFY(cached.size() > 15);
        QCOMPARE(cached.size(), uncached.size());
        for (size_t i = 0; i < cached.size(); ++i) {
            QCOMPARE(cached[i].checksum, uncached[i].checksum);
            QCOMPARE(cached[i].fingerprint, uncached[i].fingerprint);
            QCOMPARE(cached[i].count, uncached[i].count);
        }
        // Executions that differ in their values (upper/lower case, $1, a long integer) are one class.
        auto byId = std::find_if(cached.begin(), cached.end(), [](const QueryClass& c) {
            return c.fingerprint == "SELECT * FROM orders WHERE id = $1";
        });
        QVERIFY(byId != cached.end());
        QVERIFY(byId->count >= uint64_t(7 * 4));
    }

    void queryTimeAndStatementText()
    {
        // Query_time is the duration in seconds as "{:.6f}" prints ms / 1000, and a
        // multi-line statement is its lines joined (a leading tab dropped, trailing
        // blanks and ';' trimmed), whichever way the reader gets there.
        const std::vector<std::string> durations = {"1.354", "0.016", "0.000", "14817.350", "1.", "7", "999999999.999",
                                                    "1000000000.5", "1234.5678", "0.0005", "1e3", "2.5E-1", "0.9999995"};
        const std::vector<std::pair<std::string, std::string>> statements = {
            {"SELECT 1", "SELECT 1"},
            {"SELECT a   \n  FROM t", "SELECT a\n  FROM t"},
            {"SELECT a\n\tFROM t", "SELECT a\nFROM t"},
            {"SELECT a\n  FROM t;\n", "SELECT a\n  FROM t"},
            {"SELECT a\n  FROM t\n\tWHERE b;  ", "SELECT a\n  FROM t\nWHERE b"},
            {"SELECT a\n\n  FROM t ;", "SELECT a\n\n  FROM t"},
        };
        std::string text;
        for (size_t i = 0; i < durations.size(); ++i)
            text += fmt::format("2024-03-01 10:00:00.000 UTC [1] app@shop LOG:  duration: {} ms  statement: {}\n", durations[i],
                                statements[i % statements.size()].first);
        std::vector<std::pair<std::string, std::string>> seen;   // Query_time, statement
        const log::SlowLogEventSink onEvent = [&seen](const log::SlowLogEvent& ev) {
            seen.emplace_back(ev.attribute("Query_time"), ev.query);
        };
        log::parsePgStderrLog(text, 0, text.size(), {}, onEvent, {});
        QCOMPARE(seen.size(), durations.size());
        for (size_t i = 0; i < durations.size(); ++i) {
            double ms = 0;
            std::from_chars(durations[i].data(), durations[i].data() + durations[i].size(), ms);
            QCOMPARE(seen[i].first, fmt::format("{:.6f}", ms / 1000.0));
            QCOMPARE(seen[i].second, statements[i % statements.size()].second);
        }
        QCOMPARE(seen[0].first, std::string("0.001354"));
    }

    void cacheKeyMeansOneFingerprint()
    {
        // pgFingerprintKeyInto() stands in for libpg_query: statements with one key
        // must have one fingerprint (and parse or fail alike). Checked over the
        // statements of the test and server logs and tricky ones, the same with
        // other values, and with bytes that change the tokens spliced in.
        std::vector<std::string> base = {
            "SELECT E'a\\'b', 'c' FROM t WHERE d = 1",
            "SELECT $$it's$$, $a$ 1 $a$ FROM t WHERE b = 2",
            "SELECT 1 /* a /* nested */ */ + 2 -- end",
            "SELECT U&\"d\\0061t\" FROM t WHERE a = U&'x' AND b = 3",
            "SELECT a::int <= 3, b->>'k', c @> '{}', d !~* 'x', e*-1, f+-2 FROM t",
            "SELECT 'caf\xc3\xa9', 'ok', 4 FROM t",
            "SELECT .5, 1.e5, 1e, 0x1F, 0b101, 123456789, 9999999999 FROM t",
            "SELECT x'1F', b'101', n'a', 5 FROM t",
            "SELECT a-1, a - -1 FROM t WHERE b = 1--1\n",
            "SELECT * FROM t WHERE a IN ($1, -2, +3, 'x') AND b IN (1, b) AND c IN (-4)",
            "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (now(), 3) RETURNING id",
            "SELECT '{}'::int[3], a::float(10), current_timestamp(3), b[1:2] FROM t",
            "SELECT 'a'\n'b', 7 FROM t",
            "UPDATE t SET a = 'x''y', b = 1.5e3 WHERE id = 6",
            // Where a value changes the parse: a precision, a bound, a type modifier's range.
            "SELECT a::float(10) FROM t",
            "SELECT current_time(1), localtimestamp(2)",
            "SELECT '{}'::int[3] FROM t",
            "SELECT a::varchar(21474836) FROM t WHERE b = 8",
        };
        auto statementsOf = [&base](const std::string& path) {
            QFile f(QString::fromStdString(path));
            if (!f.open(QIODevice::ReadOnly))
                return;
            const QByteArray bytes = f.readAll();
            const std::string_view text(bytes.constData(), size_t(bytes.size()));
            const log::SlowLogEventSink onEvent = [&base](const log::SlowLogEvent& ev) { base.emplace_back(ev.query); };
            log::parsePgStderrLog(text, 0, text.size(), {}, onEvent, {});
        };
        statementsOf(fixture("pg_stderr.log"));
        if (planwise::testenv::haveShared()) {
            const QString servers = planwise::testenv::sharedDir() + "/corpus/servers/";
            statementsOf((servers + "pg_postgresql_full.log").toStdString());
            statementsOf((servers + "pg_log_auto_explain_excerpt.log").toStdString());
        }
        QVERIFY(base.size() > 20);

        // Other values: digits and the letters of strings replaced, lengths kept;
        // or every run of digits made longer than an int4.
        auto longNumbers = [](const std::string& q) {
            std::string out;
            for (size_t i = 0; i < q.size(); ++i) {
                out += q[i];
                if (q[i] >= '0' && q[i] <= '9' && !(i + 1 < q.size() && q[i + 1] >= '0' && q[i + 1] <= '9'))
                    out += "0000000000";
            }
            return out;
        };
        auto otherValues = [](std::string q) {
            bool inString = false;
            for (char& c : q) {
                if (c == '\'')
                    inString = !inString;
                else if (c >= '0' && c <= '9')
                    c = char('0' + (c - '0' + 3) % 10);
                else if (inString && c >= 'a' && c <= 'y')
                    c = char(c + 1);
            }
            return q;
        };
        const char* splices[] = {"'", "''", "E'", "\\", "$$", "$1", "/*", "*/", "--", "\n", "(", ")", ",", " IN (",
                                 " VALUES (", "-", "::", "?", ".", "1.", "0x", "e5", "U&", "\"", "x", "[", "float(",
                                 "\xc3\xa9", "<=", "@", "1", "12345678901"};
        uint64_t seed = 0x9E3779B97F4A7C15ull;
        auto rnd = [&seed](uint64_t n) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            return seed % n;
        };
        std::vector<std::string> statements;
        for (const std::string& q : base) {
            for (int k = 0; k <= 12; ++k) {
                std::string m = q;
                if (k > 0)
                    m.insert(rnd(m.size() + 1), splices[rnd(std::size(splices))]);
                statements.push_back(m);
                statements.push_back(otherValues(m));
                statements.push_back(longNumbers(m));
            }
        }

        struct Seen {
            std::string query;
            sql::PgFingerprint fp;
        };
        std::map<std::string, Seen> byKey;
        size_t sharedKeys = 0, sharedParsed = 0;
        std::string key;
        for (const std::string& q : statements) {
            sql::pgFingerprintKeyInto(q, key);
            sql::PgFingerprint fp = sql::fingerprintPostgres(q, false);
            const auto [it, added] = byKey.try_emplace(key, Seen{q, fp});
            if (added || it->second.query == q)
                continue;
            ++sharedKeys;
            sharedParsed += fp.fromLexer ? 0 : 1;
            const std::string context = "\n  " + it->second.query + "\n  " + q;
            QVERIFY2(fp.fromLexer == it->second.fp.fromLexer, context.c_str());
            QVERIFY2(fp.checksum == it->second.fp.checksum, context.c_str());
        }
        // Not vacuous: many statements do share keys, most of them parsed by libpg_query.
        QVERIFY(sharedKeys > base.size());
        QVERIFY(sharedParsed > base.size() / 2);
    }

    void serverLogFromThisMachine()
    {
        // What PostgreSQL 15 with auto_explain wrote here: 32 executions, 24 plans.
        PW_REQUIRE_SHARED();
        const std::string path = (planwise::testenv::sharedDir() + "/corpus/servers/pg_postgresql_full.log").toStdString();
        const IngestResult r = ingest({path});
        QCOMPARE(r.files[0].format, LogFormat::PostgresStderr);
        QCOMPARE(r.workload.events, uint64_t(32));
        QVERIFY(r.workload.diagnostics.empty());
        size_t withPlan = 0;
        for (const QueryClass& c : r.workload.classes)
            withPlan += c.example.explain.empty() ? 0 : 1;
        QVERIFY(withPlan > 0);
    }
};

QTEST_GUILESS_MAIN(TestPgLog)
#include "tst_pg_log.moc"
