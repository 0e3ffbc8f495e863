// The slow-log reader on hand-written logs of each flavour and on bad input.
#include "analyzer/log/slowlog_parser.h"
#include "common/test_env.h"

#include <QFile>
#include <QtTest>

#include <string>
#include <vector>

using namespace planwise;
using namespace planwise::log;

namespace {

// Events copied out of the callback (their views die with it).
struct Ev {
    std::string query, ts, user, host, ip, db;
    bool admin = false, noStatement = false;
    std::vector<std::pair<std::string, std::string>> attributes;
    std::vector<std::string> explain;
    int64_t line = 0, offset = 0;
    std::string attr(const std::string& name) const
    {
        for (const auto& [n, v] : attributes)
            if (n == name)
                return v;
        return {};
    }
};

struct Parsed {
    std::vector<Ev> events;
    std::vector<Diagnostic> diagnostics;
    SlowLogStats stats;
};

Parsed parse(const std::string& text, SlowLogMode mode = SlowLogMode::Planwise, size_t maxEntry = 64u << 20)
{
    Parsed out;
    SlowLogOptions o;
    o.mode = mode;
    o.fileName = "test.log";
    o.maxEntryBytes = maxEntry;
    out.stats = parseSlowLog(
        text, o,
        [&](const SlowLogEvent& e) {
            Ev ev;
            ev.query = std::string(e.query);
            ev.ts = std::string(e.ts);
            ev.user = std::string(e.user);
            ev.host = std::string(e.host);
            ev.ip = std::string(e.ip);
            ev.db = std::string(e.db);
            ev.admin = e.adminCommand;
            ev.noStatement = e.noStatement;
            for (const auto& a : e.attributes)
                ev.attributes.emplace_back(std::string(a.name), std::string(a.value));
            for (const auto& l : e.explainLines)
                ev.explain.emplace_back(l);
            ev.line = e.lineNumber();
            ev.offset = e.byteOffset;
            out.events.push_back(std::move(ev));
        },
        [&](const Diagnostic& d) { out.diagnostics.push_back(d); });
    return out;
}

std::string readFixture(const char* name)
{
    QFile f(planwise::testenv::testData(QStringLiteral("logs/") + QString::fromLatin1(name)));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray b = f.readAll();
    return std::string(b.constData(), size_t(b.size()));
}

} // namespace

class TestSlowLogParser : public QObject {
    Q_OBJECT

private slots:
    void mysql8WithSlowExtra()
    {
        const std::string text = readFixture("mysql8_slow_extra.log");
        QVERIFY(!text.empty());
        const Parsed p = parse(text);
        QCOMPARE(p.events.size(), size_t(3));
        QVERIFY2(p.diagnostics.empty(), p.diagnostics.empty() ? "" : p.diagnostics[0].format().c_str());
        const Ev& a = p.events[0];
        QCOMPARE(a.query, std::string("SELECT * FROM orders WHERE customer_id = 42 ORDER BY created_at DESC LIMIT 10"));
        QCOMPARE(a.ts, std::string("2024-03-01T10:00:00"));
        QCOMPARE(a.user, std::string("app"));   // pt-query-digest's user: the part before [
        QCOMPARE(a.host, std::string("web1"));
        QCOMPARE(a.ip, std::string("10.0.0.5"));
        QCOMPARE(a.db, std::string("shop"));
        QCOMPARE(a.attr("Query_time"), std::string("0.125000"));
        QCOMPARE(a.attr("Lock_time"), std::string("0.000100"));
        QCOMPARE(a.attr("Rows_examined"), std::string("5000"));
        QCOMPARE(a.attr("Read_rnd_next"), std::string("5001"));
        QCOMPARE(a.attr("Bytes_sent"), std::string("512"));
        QCOMPARE(a.attr("timestamp"), std::string("1709287200"));
        QCOMPARE(a.attr("Thread_id"), std::string("42"));
        QCOMPARE(a.line, int64_t(4));   // after the three header lines

        // Multi-line statement, and the database inherited from the entry before.
        const Ev& b = p.events[1];
        QVERIFY(b.query.starts_with("SELECT o.id, o.total\n  FROM orders o\n"));
        QVERIFY(b.query.ends_with("WHERE c.email = 'a@example.com'"));
        QCOMPARE(b.db, std::string("shop"));
        QCOMPARE(b.attr("Created_tmp_disk_tables"), std::string("1"));

        const Ev& c = p.events[2];
        QVERIFY(c.admin);
        QCOMPARE(c.query, std::string("administrator command: Quit"));
        QCOMPARE(p.stats.recognisedLines, uint64_t(9));
    }

    void mariadbVerbosityAndRestartHeader()
    {
        const std::string text = readFixture("mariadb_verbose.log");
        const Parsed p = parse(text);
        QCOMPARE(p.events.size(), size_t(3));
        QCOMPARE(p.events[0].query, std::string("CREATE DATABASE IF NOT EXISTS shop"));
        QCOMPARE(p.events[0].ts, std::string("240301 10:00:00"));
        // "Schema:   QC_hit: No" has an empty Schema: QC_hit must still be read.
        QCOMPARE(p.events[0].attr("QC_hit"), std::string("No"));
        QCOMPARE(p.events[0].attr("Schema"), std::string());
        QCOMPARE(p.events[0].attr("Rows_affected"), std::string("1"));

        const Ev& b = p.events[1];
        QCOMPARE(b.query, std::string("SELECT COUNT(*) FROM t WHERE b = 7"));
        QCOMPARE(b.db, std::string("shop"));   // from Schema
        QCOMPARE(b.attr("Pages_accessed"), std::string("9920"));
        QCOMPARE(b.attr("Engine_time"), std::string("9.8779"));
        QCOMPARE(b.attr("Full_scan"), std::string("Yes"));
        QCOMPARE(b.attr("Priority_queue"), std::string("No"));
        QCOMPARE(b.explain.size(), size_t(2));
        QVERIFY(b.explain[1].find("Using where") != std::string::npos);

        // The restart header right after a statement does not leak into it.
        const Ev& c = p.events[2];
        QCOMPARE(c.query, std::string("SELECT COUNT(*) FROM t WHERE b = 9"));
        QCOMPARE(c.ts, std::string("240301 11:00:00"));
        QCOMPARE(normalizeSlowLogTimestamp(c.ts), std::string("2024-03-01 11:00:00"));
        QCOMPARE(c.line, int64_t(29));
    }

    void perconaExtendedAttributes()
    {
        const Parsed p = parse(readFixture("percona_extended.log"));
        QCOMPARE(p.events.size(), size_t(2));
        const Ev& a = p.events[0];
        QCOMPARE(a.attr("InnoDB_IO_r_ops"), std::string("12"));
        QCOMPARE(a.attr("InnoDB_IO_r_wait"), std::string("0.030000"));
        QCOMPARE(a.attr("InnoDB_pages_distinct"), std::string("900"));
        QCOMPARE(a.attr("InnoDB_trx_id"), std::string("1A2B3C"));
        QCOMPARE(a.attr("Tmp_table_on_disk"), std::string("Yes"));
        QCOMPARE(a.attr("Log_slow_rate_type"), std::string("query"));
        QCOMPARE(a.attr("Tmp_table_sizes"), std::string("16384"));
        QCOMPARE(a.db, std::string("shop"));
        QCOMPARE(a.user, std::string("shop"));
        QCOMPARE(a.host, std::string("app2"));
        QCOMPARE(a.attr("Thread_id"), std::string("1234"));
    }

    void badInputIsReportedAndSkipped()
    {
        const Parsed p = parse(readFixture("bad_input.log"));
        // Garbage after a statement is part of it (pt-query-digest reads it so too);
        // the invalid UTF-8 and the NUL byte stay in their statements; the last
        // entry has no statement and is reported.
        QCOMPARE(p.events.size(), size_t(3));
        QVERIFY(p.events[0].query.find("garbage") != std::string::npos);
        QVERIFY(p.events[1].query.find("\xff\xfe") != std::string::npos);
        QVERIFY(p.events[2].query.find('\0') != std::string::npos);
        QCOMPARE(p.diagnostics.size(), size_t(1));
        QCOMPARE(p.diagnostics[0].line, int64_t(15));
        QVERIFY(QString::fromStdString(p.diagnostics[0].format()).startsWith("test.log:15: warning: entry has no statement"));
    }

    void nulInAHeaderLineIsReportedWithItsLine()
    {
        // Entries around 64-byte chunk edges, a NUL in a header line of the third
        // and in a statement of the fourth (statements keep theirs, unreported).
        std::string text;
        for (int i = 0; i < 6; ++i) {
            text += "# Time: 2024-03-01T10:00:0" + std::to_string(i) + "Z\n";
            if (i == 2)
                text += std::string("# Query_time: 0.5  Lock_time: 0 Rows_sent: 1\0  Rows_examined: 1\n", 64);
            else
                text += "# Query_time: 0.5  Lock_time: 0 Rows_sent: 1  Rows_examined: 1\n";
            text += i == 3 ? std::string("SELECT '\0' FROM t;\n", 19) : "SELECT " + std::to_string(i) + " FROM t;\n";
        }
        const Parsed p = parse(text);
        QCOMPARE(p.events.size(), size_t(6));
        QCOMPARE(p.diagnostics.size(), size_t(1));
        QCOMPARE(p.diagnostics[0].line, int64_t(8));
        QVERIFY(p.diagnostics[0].message.find("NUL byte") != std::string::npos);
        QCOMPARE(p.events[2].attr("Query_time"), std::string());   // the line was ignored
        QCOMPARE(p.events[3].attr("Query_time"), std::string("0.5"));
        QVERIFY(p.events[3].query.find('\0') != std::string::npos);
    }

    void hugeStatementIsTruncated()
    {
        std::string text = "# Query_time: 1.0  Lock_time: 0  Rows_sent: 0  Rows_examined: 0\nSELECT '";
        text.append(size_t(3) << 20, 'x');
        text += "';\n# Query_time: 2.0  Lock_time: 0  Rows_sent: 0  Rows_examined: 0\nSELECT 2;\n";
        const Parsed p = parse(text, SlowLogMode::Planwise, 1u << 20);
        QCOMPARE(p.events.size(), size_t(2));
        QCOMPARE(p.events[0].query.size(), size_t(1) << 20);
        QCOMPARE(p.events[1].query, std::string("SELECT 2"));
        QCOMPARE(p.diagnostics.size(), size_t(1));
        QVERIFY(p.diagnostics[0].message.find("truncated") != std::string::npos);
        QCOMPARE(p.stats.truncatedEntries, uint64_t(1));
    }

    void garbageOnlyIsNotRecognised()
    {
        std::string text;
        for (int i = 0; i < 100; ++i)
            text += "2024-01-01 10:00:00 UTC [123] LOG:  duration: 1.0 ms  statement: SELECT 1;\n";
        text += std::string("\0\0\0binary\xff\n", 11);
        const Parsed p = parse(text);
        QCOMPARE(p.events.size(), size_t(0));
        QCOMPARE(p.diagnostics.size(), size_t(1));
        QCOMPARE(p.stats.recognisedLines, uint64_t(0));
        QCOMPARE(p.stats.lines, uint64_t(101));
        QCOMPARE(countSlowLogMarkers(text), size_t(0));
    }

    void ptModeNoQueryEntry()
    {
        // An entry that ends on "use db;" right before the next "# Time:":
        // pt-query-digest makes a "/* No query */" event of it.
        const std::string text = "# Time: 071218 11:48:27\n# Query_time: 1.0  Lock_time: 0  Rows_sent: 0  Rows_examined: 0\n"
                                 "use db1;\n# Time: 071218 11:48:28\n# Query_time: 2.0  Lock_time: 0  Rows_sent: 0  "
                                 "Rows_examined: 0\nSELECT 1;\n";
        const Parsed pt = parse(text, SlowLogMode::PtQueryDigest);
        QCOMPARE(pt.events.size(), size_t(2));
        QVERIFY(pt.events[0].noStatement);
        QCOMPARE(pt.events[0].query, std::string("/* No query */"));
        QCOMPARE(pt.events[1].query, std::string("SELECT 1"));
        const Parsed pw = parse(text, SlowLogMode::Planwise);
        QCOMPARE(pw.events.size(), size_t(1));
        QCOMPARE(pw.events[0].query, std::string("SELECT 1"));
        QCOMPARE(pw.events[0].db, std::string("db1"));
        QCOMPARE(pw.diagnostics.size(), size_t(1));
    }

    void oneLineTimeAndUserHost()
    {
        const Parsed p = parse("# Time: 071218 11:48:27 # User@Host: [SQL_SLAVE] @  []\n# Query_time: 0.5  Lock_time: 0  "
                               "Rows_sent: 0  Rows_examined: 0\nBEGIN;\n");
        QCOMPARE(p.events.size(), size_t(1));
        QCOMPARE(p.events[0].ts, std::string("071218 11:48:27"));
        QCOMPARE(p.events[0].user, std::string("[SQL_SLAVE]"));
        QCOMPARE(p.events[0].query, std::string("BEGIN"));
    }

    void boundariesAndContext()
    {
        const std::string text = readFixture("mysql8_slow_extra.log");
        const size_t b = nextSlowLogBoundary(text, 400);
        QVERIFY(b < text.size());
        QCOMPARE(text.substr(b, 8), std::string("# Time: "));
        QCOMPARE(nextSlowLogBoundary(text, text.size()), text.size());
        const SlowLogContext ctx = slowLogContextAt(std::string_view(text).substr(0, b));
        QCOMPARE(ctx.db, std::string("shop"));
        QCOMPARE(ctx.ts, std::string("2024-03-01T10:00:00"));
        // Parsing from the boundary with that context gives the same events as the whole parse.
        SlowLogContext c2 = ctx;
        std::vector<std::string> dbs;
        SlowLogOptions o;
        parseSlowLog(text, b, text.size(), o, c2, [&](const SlowLogEvent& e) { dbs.emplace_back(e.db); }, {});
        QCOMPARE(dbs.size(), size_t(2));
        QCOMPARE(dbs[0], std::string("shop"));
    }
};

QTEST_GUILESS_MAIN(TestSlowLogParser)
#include "tst_slowlog_parser.moc"
