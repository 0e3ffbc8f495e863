// The ingest pipeline: parallel determinism, compressed input, bad input,
// progress and cancel, filters, and the digest command's exit codes and JSON.
#include "analyzer/workload/digest_command.h"
#include "analyzer/workload/digest_report.h"
#include "analyzer/workload/ingest.h"
#include "common/test_env.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace planwise;
using namespace planwise::workload;

namespace {

std::string fixture(const char* name)
{
    return planwise::testenv::testData(QStringLiteral("logs/") + QString::fromLatin1(name)).toStdString();
}

// A log with several shapes, database switches, admin commands and multi-line
// statements; the true per-class counts and time sums are known by construction.
struct Generated {
    std::string text;
    uint64_t events = 0;
    double totalTime = 0;
};

Generated generate(int entries)
{
    Generated g;
    for (int i = 0; i < entries; ++i) {
        const double t = 0.000100 * double(1 + (i * 7919) % 5000);
        g.totalTime += t;
        ++g.events;
        g.text += fmt::format("# Time: 2024-03-01T10:{:02}:{:02}.000000Z\n", (i / 60) % 60, i % 60);
        g.text += fmt::format("# User@Host: u{}[u{}] @ h [10.0.0.{}]  Id: {}\n", i % 3, i % 3, i % 7, i);
        g.text += fmt::format("# Query_time: {:.6f}  Lock_time: 0.000010 Rows_sent: {}  Rows_examined: {}\n", t, i % 11,
                              i % 101);
        if (i % 50 == 0)
            g.text += fmt::format("use db{};\n", (i / 50) % 4);
        g.text += fmt::format("SET timestamp={};\n", 1709287200 + i);
        switch (i % 5) {
        case 0: g.text += fmt::format("SELECT * FROM orders WHERE id = {};\n", i); break;
        case 1: g.text += fmt::format("SELECT name\n  FROM customers\n WHERE email = 'x{}@example.com';\n", i); break;
        case 2: g.text += fmt::format("UPDATE stock SET qty = qty - 1 WHERE product_id = {};\n", i); break;
        case 3: g.text += fmt::format("INSERT INTO log VALUES ({}, 'a'), ({}, 'b');\n", i, i + 1); break;
        case 4: g.text += "# administrator command: Ping;\n"; break;
        }
    }
    return g;
}

std::string json(const IngestResult& r)
{
    std::ostringstream out;
    writeDigestJson(r, {}, out);
    return out.str();
}

int runDigest(DigestCommandOptions o, std::string& out, std::string& err)
{
    std::ostringstream o1, o2;
    const int rc = runDigestCommand(o, o1, o2);
    out = o1.str();
    err = o2.str();
    return rc;
}

// Everything a Workload says about its classes, as one comparable string.
std::string describe(const Workload& w)
{
    std::string out = fmt::format("events {}\n", w.events);
    for (const QueryClass& c : w.classes) {
        out += fmt::format("{} {} {} {} {} {}\n", c.checksum, c.count, c.tsMin, c.tsMax, c.example.query, c.example.line);
        for (const auto& [name, m] : c.metrics)
            out += fmt::format("  {} {} {:.12g} {} {} {}\n", name, m.count(), m.sum(), m.max(), m.pct95(), m.median());
        for (const auto& [name, f] : c.flags)
            out += fmt::format("  {} {}/{}\n", name, f.yes, f.count);
        for (const auto& [name, v] : c.stringValues)
            out += fmt::format("  {} '{}'\n", name, v);
        out += fmt::format("  {} | {} | {}\n", fmt::join(c.databases, ","), fmt::join(c.users, ","), fmt::join(c.hosts, ","));
    }
    for (const auto& [minute, n] : w.eventsPerMinute)
        out += fmt::format("{} {}\n", minute, n);
    return out;
}

void addAll(Aggregator& a, const std::string& text)
{
    log::parseSlowLog(text, {}, [&](const log::SlowLogEvent& ev) { a.add(ev); }, {});
}

} // namespace

class TestIngest : public QObject {
    Q_OBJECT

private slots:
    // Sums that differ only in their last bits (another block layout adds in
    // another order) must not reorder the ranking: they tie, the checksum decides.
    void rankingIgnoresSummationNoise()
    {
        auto cls = [](const char* checksum, std::initializer_list<double> times) {
            QueryClass c;
            c.checksum = checksum;
            for (double t : times)
                c.metrics["Query_time"].add(t);
            return c;
        };
        std::vector<QueryClass> a{cls("B", {0.0001, 0.0002, 0.000999}), cls("A", {0.001299})};
        std::vector<QueryClass> b{cls("A", {0.001299}), cls("B", {0.0001, 0.0002, 0.000999})};
        QVERIFY(a[0].totalTime() != a[1].totalTime());   // 0.0012990000000000002 vs 0.001299
        rankClasses(a, RankBy::TotalTime);
        rankClasses(b, RankBy::TotalTime);
        QCOMPARE(a[0].checksum, std::string("A"));
        QCOMPARE(b[0].checksum, std::string("A"));
        // A real difference still ranks first.
        std::vector<QueryClass> c{cls("A", {0.001299}), cls("B", {0.001300})};
        rankClasses(c, RankBy::TotalTime);
        QCOMPARE(c[0].checksum, std::string("B"));
    }

    // The format is decided from the first 64 KB when one format is plainly
    // there, else from the first megabyte: a long preamble of other lines must
    // not make a PostgreSQL log read as a slow log.
    void formatDetectedPastAPreamble()
    {
        std::string text;
        while (text.size() < (100u << 10))
            text += "starting up, nothing to see here, not a log entry yet\n";
        for (int i = 0; text.size() < (3u << 20); ++i)
            text += fmt::format("2024-03-01 10:00:{:02}.100 UTC [4242] app@shop LOG:  duration: 0.{:03} ms  statement: "
                                "SELECT * FROM orders WHERE id = {}\n",
                                i % 60, i % 1000, i);
        const IngestResult r = ingestText(text, "pg.log", {});
        QCOMPARE(r.files.size(), size_t(1));
        QCOMPARE(r.files[0].format, LogFormat::PostgresStderr);
        QVERIFY(r.workload.events > 20000);
    }

    // pt-query-digest reads one chunk past an entry without a statement (and
    // may then take that chunk as the statement, or search the next entry's
    // end from after it): wherever the blocks are cut, --compat
    // pt-query-digest must count as one pass over the whole log does.
    void blockCutsMatchOnePass()
    {
        PW_REQUIRE_SHARED();
        const QDir corpus(QStringLiteral(PLANWISE_SHARED_DIR "/corpus/slowlogs"));
        QStringList logs = corpus.entryList({"*.txt", "*.log"}, QDir::Files, QDir::Name);
        QVERIFY(!logs.isEmpty());
        // And a log made of the quirks, so that cuts fall right on them.
        std::string quirks;
        for (int i = 0; i < 40; ++i) {
            quirks += fmt::format("# Time: 071218 11:48:{:02}\n# User@Host: u[u] @ h []\n", i % 60);
            quirks += fmt::format("# Query_time: 0.{:06}  Lock_time: 0  Rows_sent: 0  Rows_examined: 0\n", i + 1);
            switch (i % 4) {
            case 0: quirks += "use db;\nSET timestamp=1197996507;\n"; break;   // no statement: the next chunk decides
            case 1: quirks += fmt::format("SELECT c FROM t WHERE id = {};\n", i); break;
            case 2: quirks += "SET timestamp=1197996508;\n# administrator command: Quit;\n"; break;
            case 3: quirks += fmt::format("UPDATE t SET c = {} WHERE id = 1;\n", i); break;
            }
        }
        std::vector<std::pair<QString, std::string>> texts{{"quirks", quirks}};
        for (const QString& name : logs) {
            QFile f(corpus.filePath(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            texts.emplace_back(name, f.readAll().toStdString());
        }
        // The same through the streamed path (gzip, read a block at a time), for
        // the quirks and the small logs (each block is a read from the decompressor).
        QTemporaryDir tmp;
        for (const auto& [name, text] : texts) {
            if (text.size() > 8192 && name != "quirks")
                continue;
            const QString plain = tmp.filePath(name + ".log");
            QFile f(plain);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text.data(), qint64(text.size()));
            f.close();
            QProcess gzip;
            gzip.start("gzip", {"-kf", plain});
            QVERIFY(gzip.waitForFinished(30000) && gzip.exitCode() == 0);
            IngestOptions o;
            o.compat = sql::FingerprintCompat::PtQueryDigest;
            o.format = LogFormat::MySqlSlow;
            o.blockBytes = 1u << 30;
            const std::string whole = describe(ingest({plain.toStdString() + ".gz"}, o).workload);
            QCOMPARE(whole, describe(ingestText(text, "x.log", o).workload));
            for (const size_t block : {40, 113, 260, 700}) {
                o.blockBytes = block;
                const std::string cut = describe(ingest({plain.toStdString() + ".gz"}, o).workload);
                if (cut != whole) {
                    size_t at = 0;
                    while (at < cut.size() && at < whole.size() && cut[at] == whole[at])
                        ++at;
                    const size_t from = at > 300 ? at - 300 : 0;
                    qWarning("cut: ...%s\n----whole: ...%s", cut.substr(from, 600).c_str(), whole.substr(from, 600).c_str());
                    QFAIL(qPrintable(QString("%1.gz, %2-byte blocks: not as one pass").arg(name).arg(block)));
                }
            }
        }
        for (const auto compat : {sql::FingerprintCompat::PtQueryDigest, sql::FingerprintCompat::Planwise}) {
            for (const auto& [name, text] : texts) {
                IngestOptions o;
                o.compat = compat;
                o.format = LogFormat::MySqlSlow;
                o.blockBytes = 1u << 30;
                const std::string whole = describe(ingestText(text, "x.log", o).workload);
                for (size_t block = 40; block < 1200 && block < text.size(); block += 37) {
                    o.blockBytes = block;
                    o.threads = 1 + unsigned(block % 3);
                    const std::string cut = describe(ingestText(text, "x.log", o).workload);
                    if (cut != whole)
                        QFAIL(qPrintable(QString("%1, %2-byte blocks, compat %3: not as one pass")
                                             .arg(name)
                                             .arg(block)
                                             .arg(int(compat))));
                }
            }
        }
    }

    // Workers reuse a merged block's aggregator: after reset() it must answer
    // exactly as a new one, attribute types included (decided by the first
    // value since the reset, not by what an earlier block saw).
    void resetAggregatorEqualsNewOne()
    {
        const std::string first = "# Time: 2024-03-01T09:00:00Z\n# User@Host: a[a] @ h [10.0.0.1]\n"
                                  "# Query_time: 0.5  Lock_time: 0 Rows_sent: 1  Rows_examined: 1  Mode: fast  Hits: 2\n"
                                  "use one;\nSELECT * FROM t WHERE id = 1;\n"
                                  "# Query_time: 0.7  Lock_time: 0 Rows_sent: 1  Rows_examined: 1  Tmp: Yes\n"
                                  "SELECT * FROM gone WHERE id = 2;\n";
        const std::string second = generate(400).text
            + "# Time: 2024-03-01T11:00:00Z\n# Query_time: 0.1  Lock_time: 0 Rows_sent: 0  Rows_examined: 0  Mode: 42  Hits: x\n"
              "SELECT * FROM t WHERE id = 3;\n";
        for (const auto compat : {sql::FingerprintCompat::Planwise, sql::FingerprintCompat::PtQueryDigest}) {
            AggregatorOptions o;
            o.compat = compat;
            o.fileName = "b.log";
            Aggregator fresh(o);
            addAll(fresh, second);
            Aggregator reused(o);
            addAll(reused, first);
            reused.reset(o);
            QCOMPARE(reused.events(), uint64_t(0));
            QCOMPARE(reused.classCount(), size_t(0));
            addAll(reused, second);
            const std::string got = describe(reused.snapshot()), want = describe(fresh.snapshot());
            if (got != want) {
                size_t at = 0;
                while (at < got.size() && at < want.size() && got[at] == want[at])
                    ++at;
                const size_t from = at > 200 ? at - 200 : 0;
                QFAIL(qPrintable(QString::fromStdString("reused: ..." + got.substr(from, 400) + "\nnew: ..." + want.substr(from, 400))));
            }
            // Merged into a total, the reused one adds what the new one adds.
            Aggregator totalA(o), totalB(o);
            addAll(totalA, first);
            addAll(totalB, first);
            totalA.merge(fresh);
            totalB.merge(reused);
            QCOMPARE(describe(totalB.snapshot()), describe(totalA.snapshot()));
        }
    }

    // The last snapshot of an ingestion moves the classes out: the same workload
    // as a copying snapshot, every set, histogram and sample included, and an
    // aggregator that reads as empty and can be reused.
    void takenWorkloadEqualsSnapshot()
    {
        const std::string text = generate(600).text;
        for (const auto compat : {sql::FingerprintCompat::Planwise, sql::FingerprintCompat::PtQueryDigest}) {
            AggregatorOptions o;
            o.compat = compat;
            o.fileName = "t.log";
            Aggregator agg(o);
            addAll(agg, text);
            const Workload copied = agg.snapshot();
            QVERIFY(copied.classes.size() >= 4);
            const Workload taken = agg.takeWorkload();
            QCOMPARE(describe(taken), describe(copied));
            QCOMPARE(json(IngestResult{taken, {}, false, 0}), json(IngestResult{copied, {}, false, 0}));
            QCOMPARE(agg.events(), uint64_t(0));
            QCOMPARE(agg.classCount(), size_t(0));
            QCOMPARE(agg.snapshot().classes.size(), size_t(0));
            addAll(agg, text);
            QCOMPARE(describe(agg.snapshot()), describe(copied));
        }
    }

    void sameResultWhateverTheThreadCount()
    {
        const Generated g = generate(3000);
        IngestOptions o;
        o.blockBytes = 4096;   // many blocks
        o.threads = 1;
        const IngestResult one = ingestText(g.text, "gen.log", o);
        o.threads = 4;
        const IngestResult four = ingestText(g.text, "gen.log", o);
        QCOMPARE(json(one), json(four));

        // Block boundaries do not lose or duplicate events, and totals reconcile.
        QCOMPARE(one.workload.events, g.events);
        uint64_t count = 0;
        double sum = 0;
        for (const QueryClass& c : one.workload.classes) {
            count += c.count;
            sum += c.totalTime();
        }
        QCOMPARE(count, g.events);
        QVERIFY(std::abs(sum - g.totalTime) < 1e-6);
        QVERIFY(std::abs(one.workload.globalMetrics.at("Query_time").sum() - g.totalTime) < 1e-6);
        QCOMPARE(one.workload.classes.size(), size_t(5));

        // One block gives the same classes (sums equal up to rounding of partial sums).
        o.blockBytes = 64u << 20;
        const IngestResult whole = ingestText(g.text, "gen.log", o);
        QCOMPARE(whole.workload.classes.size(), one.workload.classes.size());
        for (size_t i = 0; i < whole.workload.classes.size(); ++i) {
            const QueryClass& a = whole.workload.classes[i];
            const QueryClass& b = one.workload.classes[i];
            QCOMPARE(a.checksum, b.checksum);
            QCOMPARE(a.count, b.count);
            QVERIFY(std::abs(a.totalTime() - b.totalTime()) < 1e-9);
            QCOMPARE(a.databases, b.databases);   // inherited "use db" crosses block boundaries
            QCOMPARE(a.example.line, b.example.line);
            QCOMPARE(a.metric("Query_time")->pct95(), b.metric("Query_time")->pct95());
        }
        // The admin command's row counts are zeroed, as pt-query-digest does.
        for (const QueryClass& c : one.workload.classes)
            if (c.fingerprint.starts_with("administrator"))
                QCOMPARE(c.metric("Rows_sent")->sum(), 0.0);
    }

    void exampleIsTheSlowestWithItsPlace()
    {
        const IngestResult r = ingest({fixture("mysql8_slow_extra.log")});
        QCOMPARE(r.workload.events, uint64_t(3));
        QCOMPARE(r.files.size(), size_t(1));
        QCOMPARE(r.files[0].recognisedLines, uint64_t(9));
        const QueryClass& top = r.workload.classes.front();
        QCOMPARE(top.example.queryTime, 0.25);
        QCOMPARE(top.example.line, int64_t(10));
        QCOMPARE(top.example.database, std::string("shop"));
        QCOMPARE(top.tsMin, std::string("2024-03-01T10:00:01"));
        QVERIFY(top.metrics.count("Read_rnd_next"));   // every numeric attribute is kept
        QCOMPARE(top.users, std::set<std::string>{"app"});
        QCOMPARE(top.hosts, std::set<std::string>{"web1"});
    }

    void perconaFlagsAndText()
    {
        const IngestResult r = ingest({fixture("percona_extended.log")});
        QCOMPARE(r.workload.classes.size(), size_t(1));
        const QueryClass& c = r.workload.classes[0];
        QCOMPARE(c.count, uint64_t(2));
        QCOMPARE(c.flags.at("Tmp_table_on_disk").yes, uint64_t(1));
        QCOMPARE(c.flags.at("Full_scan").yes, uint64_t(2));
        QCOMPARE(c.stringValues.at("InnoDB_trx_id"), std::string("1A2B3D"));
        QCOMPARE(c.metric("InnoDB_IO_r_ops")->sum(), 12.0);
        QCOMPARE(c.metric("Rows_examined")->sum(), 350000.0);
        QCOMPARE(c.metric("Query_time")->sum(), 2.0);
    }

    void compressedInputs_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("compression");
        QTest::newRow("gzip") << "mysql8_slow_extra.log.gz" << "gzip";
        QTest::newRow("bzip2") << "mysql8_slow_extra.log.bz2" << "bzip2";
        QTest::newRow("xz") << "mysql8_slow_extra.log.xz" << "xz";
        QTest::newRow("zstd") << "mysql8_slow_extra.log.zst" << "zstd";
    }

    void compressedInputs()
    {
        QFETCH(QString, name);
        QFETCH(QString, compression);
        const IngestResult plain = ingest({fixture("mysql8_slow_extra.log")});
        IngestOptions o;
        o.blockBytes = 512;   // several stream blocks
        const IngestResult r = ingest({fixture(name.toLatin1().constData())}, o);
        QCOMPARE(QString::fromStdString(r.files[0].compression), compression);
        QVERIFY2(r.workload.diagnostics.empty(),
                 r.workload.diagnostics.empty() ? "" : r.workload.diagnostics[0].format().c_str());
        QCOMPARE(r.workload.events, plain.workload.events);
        QCOMPARE(r.workload.classes.size(), plain.workload.classes.size());
        for (size_t i = 0; i < r.workload.classes.size(); ++i) {
            QCOMPARE(r.workload.classes[i].checksum, plain.workload.classes[i].checksum);
            QCOMPARE(r.workload.classes[i].example.line, plain.workload.classes[i].example.line);
            QCOMPARE(r.workload.classes[i].example.database, plain.workload.classes[i].example.database);
        }
    }

    void truncatedGzipWarnsAndKeepsWhatWasRead()
    {
        const IngestResult r = ingest({fixture("truncated.log.gz")});
        QVERIFY(r.workload.events >= 1);
        bool warned = false;
        for (const Diagnostic& d : r.workload.diagnostics)
            warned = warned || d.message.find("truncated gzip stream") != std::string::npos;
        QVERIFY(warned);
        // Still valid JSON.
        QVERIFY(!nlohmann::json::parse(json(r)).is_discarded());
    }

    void badInputGivesValidJson()
    {
        const IngestResult r = ingest({fixture("bad_input.log")});
        QCOMPARE(r.workload.events, uint64_t(3));
        QCOMPARE(r.workload.diagnostics.size(), size_t(1));
        QCOMPARE(r.workload.diagnostics[0].line, int64_t(15));
        const auto j = nlohmann::json::parse(json(r));   // invalid UTF-8 and NUL come out escaped or replaced
        QCOMPARE(j["classes"].size(), size_t(3));
    }

    void missingFileAndNotASlowLog()
    {
        std::string out, err;
        DigestCommandOptions o;
        o.files = {fixture("does-not-exist.log")};
        QCOMPARE(runDigest(o, out, err), 3);
        QVERIFY(err.find("does-not-exist.log") != std::string::npos);

        QTemporaryDir dir;
        const std::string access = (dir.path() + "/access.log").toStdString();
        {
            std::ofstream f(access);
            for (int i = 0; i < 40; ++i)
                f << "10.0.0.1 - - [01/Mar/2024:10:00:00 +0000] \"GET /orders?id=" << i << " HTTP/1.1\" 200 512\n";
        }
        o.files = {access};
        o.output = "json";
        QCOMPARE(runDigest(o, out, err), 3);
        QVERIFY(out.empty());
        QVERIFY2(err.find("no log entry recognised in 40 lines") != std::string::npos, err.c_str());

        // An unusable file next to a good one: the report is printed, the exit code still says so.
        o.files = {fixture("mysql8_slow_extra.log"), access};
        QCOMPARE(runDigest(o, out, err), 3);
        QCOMPARE(nlohmann::json::parse(out)["global"]["query_count"].get<int>(), 3);
    }

    void usageErrors()
    {
        std::string out, err;
        DigestCommandOptions o;
        o.files = {fixture("mysql8_slow_extra.log")};
        o.orderBy = "fastest";
        QCOMPARE(runDigest(o, out, err), 2);
        o.orderBy = "count";
        o.compat = "pgbadger";
        QCOMPARE(runDigest(o, out, err), 2);
        o.compat = "planwise";
        o.since = "yesterday";
        QCOMPARE(runDigest(o, out, err), 2);
        o.files.clear();
        o.since.clear();
        QCOMPARE(runDigest(o, out, err), 2);
    }

    void jsonLayoutOfPtQueryDigest()
    {
        std::string out, err;
        DigestCommandOptions o;
        o.files = {fixture("mariadb_verbose.log")};
        o.output = "json";
        QCOMPARE(runDigest(o, out, err), 0);
        const auto j = nlohmann::json::parse(out);
        QCOMPARE(j["global"]["query_count"].get<int>(), 3);
        QCOMPARE(j["global"]["unique_query_count"].get<int>(), 2);
        QCOMPARE(j["global"]["metrics"]["Query_time"]["sum"].get<std::string>(), std::string("0.034775"));
        const auto& top = j["classes"][0];
        QCOMPARE(top["checksum"].get<std::string>().size(), size_t(32));
        QCOMPARE(top["query_count"].get<int>(), 2);
        QCOMPARE(top["ts_min"].get<std::string>(), std::string("2024-03-01 10:00:05"));
        QCOMPARE(top["ts_max"].get<std::string>(), std::string("2024-03-01 11:00:00"));
        QCOMPARE(top["example"]["Query_time"].get<std::string>(), std::string("0.020000"));
        QCOMPARE(top["example"]["db"].get<std::string>(), std::string("shop"));
        QCOMPARE(top["metrics"]["Query_time"]["pct_95"].get<std::string>(), std::string("0.020000"));
        QCOMPARE(top["metrics"]["Rows_examined"]["sum"].get<std::string>(), std::string("204757"));
        QCOMPARE(top["metrics"]["Full_scan"]["yes"].get<std::string>(), std::string("2"));
        QCOMPARE(top["metrics"]["db"]["value"].get<std::string>(), std::string("shop"));
        QCOMPARE(top["histograms"]["Query_time"].size(), size_t(8));
        QCOMPARE(top["planwise"]["example"]["line"].get<int>(), 29);

        o.output = "csv";
        QCOMPARE(runDigest(o, out, err), 0);
        QVERIFY(out.starts_with("rank,checksum,fingerprint,count,query_time_sum"));
        o.output = "text";
        o.top = 1;
        QCOMPARE(runDigest(o, out, err), 0);
        QVERIFY(out.find("# Profile") != std::string::npos);
        QVERIFY(out.find("# Query 1:") != std::string::npos);
        QVERIFY(out.find("# Query 2:") == std::string::npos);
    }

    // The classes are written as text, not through a DOM: the text must be what
    // nlohmann would write (its canonical form: parsed and dumped again, the
    // same bytes), whatever the strings hold, with every key once.
    void jsonTextIsCanonical()
    {
        IngestResult r;
        r.files.push_back({"a\"b\\c.log", LogFormat::MySqlSlow, "plain", 10, 2, 2, 1, {}});
        Workload& w = r.workload;
        w.events = 3;
        for (int k = 0; k < 70; ++k) {   // over 64 classes: the two halves are written on two threads
            QueryClass c;
            c.checksum = fmt::format("{:032X}", k);
            c.fingerprint = k == 0 ? std::string("select \"q\" \\ \x01\t\n caf\xc3\xa9 bad\xff\xfe end") : fmt::format("select {}", k);
            c.count = uint64_t(k + 1);
            c.tsMin = "2024-03-01 10:00:00";
            if (k % 2)
                c.tsMax = "2024-03-01 10:00:05";
            // An example cut at 10,000 bytes in the middle of a two-byte character.
            c.example.query = std::string(9999, 'x') + "\xc3\xa9 tail";
            c.example.timestamp = k % 3 ? "2024-03-01 10:00:01" : "";
            c.example.database = k % 2 ? "shop" : "";
            c.example.queryTime = 0.25 * k;
            c.example.file = "f.log";
            c.example.line = 1234567890123;
            c.example.byteOffset = -1;
            c.example.user = "u\x7f";
            c.example.host = "h\x1f";
            if (k == 1) {
                c.example.explain = {"id\tselect_type", "1\tSIMPLE \"x\""};
                c.example.parameters = "$1 = 'a\\b'";
            }
            MetricStats qt;
            for (double v : {0.0, 1e-7, 0.5 * k, 3.0, 1e6})
                qt.add(v);
            c.metrics["Query_time"] = qt;
            c.metrics["Rows_sent"] = qt;
            c.flags["Full_scan"] = {3, 1};
            c.stringValues["db"] = "from the log";   // written again by the databases below: one key
            c.stringValues["Comment"] = "tab\there";
            c.databases = {"shop", "z\"q"};
            c.users = {"app"};
            if (k % 2)
                c.hosts = {"10.0.0.1", "10.0.0.2"};
            w.classes.push_back(std::move(c));
        }
        w.globalMetrics["Query_time"] = w.classes[0].metrics["Query_time"];
        const std::string text = json(r);
        QVERIFY(text.ends_with("}\n"));
        const auto j = nlohmann::ordered_json::parse(text);
        QCOMPARE(j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n", text);
        QCOMPARE(j["classes"].size(), size_t(70));
        const auto& first = j["classes"][0];
        QCOMPARE(first["fingerprint"].get<std::string>(), std::string("select \"q\" \\ \x01\t\n caf\xc3\xa9 bad\xef\xbf\xbd\xef\xbf\xbd end"));
        QCOMPARE(first["example"]["query"].get<std::string>(), std::string(9999, 'x') + "\xef\xbf\xbd");
        QVERIFY(first["example"]["ts"].is_null());
        QVERIFY(!first["example"].contains("db"));
        QVERIFY(!first.contains("ts_max"));
        QCOMPARE(first["metrics"]["db"]["value"].get<std::string>(), std::string("z\"q"));
        // "db" keeps the place its first assignment gave it, as in the ordered DOM.
        std::vector<std::string> keys;
        for (const auto& [key, value] : first["metrics"].items())
            keys.push_back(key);
        QCOMPARE(keys, (std::vector<std::string>{"Query_time", "Rows_sent", "Full_scan", "Comment", "db", "user"}));
        QCOMPARE(first["metrics"]["Query_time"]["pct"].get<std::string>(), std::string("1.000000"));
        QCOMPARE(first["metrics"]["Rows_sent"]["sum"].get<std::string>(), std::string("1000003"));
        QCOMPARE(first["planwise"]["query_time"]["max"].get<double>(), 1e6);
        QCOMPARE(first["planwise"]["example"]["line"].get<int64_t>(), int64_t(1234567890123));
        QCOMPARE(first["planwise"]["example"]["host"].get<std::string>(), std::string("h\x1f"));
        const auto& second = j["classes"][1];
        QCOMPARE(second["planwise"]["rank"].get<int>(), 2);
        QCOMPARE(second["planwise"]["hosts"].size(), size_t(2));
        QCOMPARE(second["planwise"]["example"]["explain"][1].get<std::string>(), std::string("1\tSIMPLE \"x\""));
        QCOMPARE(second["planwise"]["example"]["parameters"].get<std::string>(), std::string("$1 = 'a\\b'"));
        QCOMPARE(j["classes"][69]["query_count"].get<int>(), 70);
    }

    void filters()
    {
        IngestOptions o;
        o.database = "shop";
        IngestResult r = ingest({fixture("mariadb_verbose.log")}, o);
        QCOMPARE(r.workload.events, uint64_t(2));
        QCOMPARE(r.filteredOut, uint64_t(1));
        o.database.clear();
        o.user = "root";
        r = ingest({fixture("mariadb_verbose.log")}, o);
        QCOMPARE(r.workload.events, uint64_t(1));
        o.user.clear();
        o.since = "2024-03-01 10:30:00";
        r = ingest({fixture("mariadb_verbose.log")}, o);
        QCOMPARE(r.workload.events, uint64_t(1));
        o.since.clear();
        o.until = "2024-03-01 10:00";   // the whole minute
        r = ingest({fixture("mariadb_verbose.log")}, o);
        QCOMPARE(r.workload.events, uint64_t(2));
    }

    void progressSnapshotsAndCancel()
    {
        const Generated g = generate(20000);
        IngestOptions o;
        o.blockBytes = 16384;
        o.threads = 2;
        o.progressIntervalSeconds = 0;
        o.snapshotIntervalSeconds = 0;
        int calls = 0;
        bool sawPartial = false;
        o.progress = [&](const IngestProgress& p) {
            ++calls;
            if (p.partial)
                sawPartial = sawPartial || !p.partial->classes.empty();
            return p.bytesTotal == 0 || p.bytesDone <= p.bytesTotal;
        };
        const IngestResult full = ingestText(g.text, "gen.log", o);
        QVERIFY(calls > 0);
        QVERIFY(sawPartial);
        QVERIFY(!full.cancelled);
        QCOMPARE(full.workload.events, g.events);

        o.progress = [](const IngestProgress&) { return false; };
        const IngestResult cancelled = ingestText(g.text, "gen.log", o);
        QVERIFY(cancelled.cancelled);
        QVERIFY(cancelled.workload.events < g.events);
    }
};

QTEST_GUILESS_MAIN(TestIngest)
#include "tst_ingest.moc"
