// The bundled demo: the generator writes the same bytes every run, the slow
// log is plain MySQL 5.7 slow-log structure whose figures agree with the
// database, and the shop data has the shape the demo promises.
#include "connectors/sqlite/sqlite_database.h"
#include "connectors/sqlite/sqlite_statement.h"
#include "common/test_env.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace planwise;

namespace {

QString demoFile(const QString& name) { return testenv::demoDir() + "/" + name; }

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

struct LogEntry {
    QString time, userHost, statement;
    double queryTime = 0;
    qint64 rowsSent = 0, rowsExamined = 0, timestamp = 0;
};

// A strict reader of the layout MySQL 5.7 writes: any deviation fails the test.
std::vector<LogEntry> parseSlowLog(const QString& text, int* useLines)
{
    static const QRegularExpression time(R"(^# Time: (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)$)");
    static const QRegularExpression user(R"(^# User@Host: (\w+\[\w+\] @ \w+ \[[\d.]+\])  Id: +\d+$)");
    static const QRegularExpression stats(
        R"(^# Query_time: (\d+\.\d{6})  Lock_time: (\d+\.\d{6}) Rows_sent: (\d+)  Rows_examined: (\d+)$)");
    static const QRegularExpression setTimestamp(R"(^SET timestamp=(\d+);$)");

    const QStringList lines = text.split('\n');
    std::vector<LogEntry> entries;
    *useLines = 0;
    int i = 3;   // the server's three header lines
    if (!lines.value(0).startsWith("/usr/sbin/mysqld, Version: 5.7") || !lines.value(2).startsWith("Time "))
        return {};
    while (i < lines.size() && !lines[i].isEmpty()) {
        LogEntry e;
        auto m = time.match(lines.value(i++));
        if (!m.hasMatch())
            return {};
        e.time = m.captured(1);
        if (!(m = user.match(lines.value(i++))).hasMatch())
            return {};
        e.userHost = m.captured(1);
        if (!(m = stats.match(lines.value(i++))).hasMatch())
            return {};
        e.queryTime = m.captured(1).toDouble();
        e.rowsSent = m.captured(3).toLongLong();
        e.rowsExamined = m.captured(4).toLongLong();
        if (lines.value(i) == "use shop;") {
            ++*useLines;
            ++i;
        }
        if (!(m = setTimestamp.match(lines.value(i++))).hasMatch())
            return {};
        e.timestamp = m.captured(1).toLongLong();
        e.statement = lines.value(i++);
        if (!e.statement.endsWith(';') || e.statement.startsWith('#'))
            return {};
        entries.push_back(e);
    }
    if (i != lines.size() - 1)   // only the final newline may remain
        return {};
    return entries;
}

QString shapeOf(QString sql)
{
    static const QRegularExpression strings("'[^']*'"), numbers(R"(\b\d+\b)"), lists(R"(\((\?,)*\?\))");
    return sql.replace(strings, "?").replace(numbers, "?").replace(lists, "(?+)");
}

} // namespace

class TestDemoData : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(demoFile("demo.sqlite")) && QFile::exists(demoFile("demo-slow.log")),
                 "build the planwise_demo_data target first");
    }

    void generatorIsDeterministic()
    {
        const QString generator = demoFile("planwise-gen-demo");
        QVERIFY(QFile::exists(generator));
        QTemporaryDir a, b;
        for (const QTemporaryDir* dir : {&a, &b}) {
            QProcess p;
            p.start(generator, {dir->path() + "/out"});
            QVERIFY(p.waitForFinished(120000));
            QCOMPARE(p.exitStatus(), QProcess::NormalExit);
            QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        }
        for (const char* name : {"demo.sqlite", "demo-slow.log"}) {
            const QByteArray first = readAll(a.path() + "/out/" + name);
            QVERIFY(first.size() > 100000);
            QVERIFY2(first == readAll(b.path() + "/out/" + name), name);
            QVERIFY2(first == readAll(demoFile(name)), name);   // the build's copy too
            QVERIFY(!QFile::exists(a.path() + "/out/" + name + ".tmp"));
        }
    }

    void generatorRejectsBadArguments()
    {
        QProcess p;
        p.start(demoFile("planwise-gen-demo"), {});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("usage"));
    }

    void slowLogIsPlainMySqlFormat()
    {
        int useLines = 0;
        const auto entries = parseSlowLog(QString::fromUtf8(readAll(demoFile("demo-slow.log"))), &useLines);
        QCOMPARE(int(entries.size()), 3000);
        QCOMPARE(useLines, 1);
        QSet<QString> shapes;
        for (size_t i = 0; i < entries.size(); ++i) {
            const auto& e = entries[i];
            QVERIFY(e.queryTime > 0);
            QVERIFY(e.rowsExamined >= e.rowsSent);
            QVERIFY(i == 0 || e.time > entries[i - 1].time);
            shapes.insert(shapeOf(e.statement));
        }
        // ~14 query shapes; IN lists of several lengths collapse to one.
        QVERIFY2(shapes.size() >= 10 && shapes.size() <= 15, qPrintable(QString::number(shapes.size())));
    }

    void ptQueryDigestReadsTheLog()
    {
        // The reference reader of MySQL slow logs, where it is installed.
        const QString digest = QStandardPaths::findExecutable("pt-query-digest");
        if (digest.isEmpty())
            QSKIP("pt-query-digest (Debian package percona-toolkit) is not installed");
        QProcess p;
        p.start(digest, {"--output", "json", "--limit", "100", demoFile("demo-slow.log")});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
        const auto doc = QJsonDocument::fromJson(p.readAllStandardOutput());
        QCOMPARE(doc["global"]["query_count"].toInt(), 3000);
        const auto classes = doc["classes"].toArray();
        QCOMPARE(classes.size(), 14);
        int total = 0;
        for (const auto& c : classes)
            total += c.toObject()["query_count"].toInt();
        QCOMPARE(total, 3000);
    }

    void slowLogFiguresComeFromTheDatabase()
    {
        int useLines = 0;
        const auto entries = parseSlowLog(QString::fromUtf8(readAll(demoFile("demo-slow.log"))), &useLines);
        QVERIFY(!entries.empty());
        const auto db = sqlite::SqliteDatabase::open(demoFile("demo.sqlite").toStdString());
        int scans = 0, lookups = 0;
        for (size_t i = 0; i < 300; ++i) {
            const auto& e = entries[i];
            sqlite::Statement s(db.handle(), e.statement.toStdString());
            qint64 rows = 0;
            while (s.step())
                ++rows;
            QCOMPARE(rows, e.rowsSent);
            // The statements with no usable index read the whole table.
            if (e.statement.contains("FROM orders WHERE customer_id =")) {
                QCOMPARE(e.rowsExamined, qint64(100000 - 1));   // SQLite counts the steps between rows
                ++scans;
            }
            if (e.statement.contains("FROM customers WHERE id =")) {
                QCOMPARE(e.rowsExamined, e.rowsSent);
                QVERIFY(e.queryTime < 0.001);
                ++lookups;
            }
        }
        QVERIFY(scans > 10 && lookups > 10);
    }

    void shopDataHasRealisticShape()
    {
        const auto db = sqlite::SqliteDatabase::open(demoFile("demo.sqlite").toStdString());
        auto scalar = [&](const char* sql) {
            sqlite::Statement s(db.handle(), sql);
            s.step();
            return s.text(0);
        };
        QCOMPARE(scalar("SELECT min(created_at) >= '2024-01-01' AND max(created_at) < '2026-01-01' FROM orders"),
                 std::string("1"));
        QCOMPARE(scalar("SELECT count(DISTINCT status) FROM orders"), std::string("5"));
        QCOMPARE(scalar("SELECT count(DISTINCT category) FROM products"), std::string("16"));
        // More orders in the second year than in the first.
        QCOMPARE(scalar("SELECT sum(created_at >= '2025') > 1.5 * sum(created_at < '2025') FROM orders"), std::string("1"));
        // Skewed customers: the busiest places far more orders than the typical one.
        const int busiest = std::stoi(scalar("SELECT max(n) FROM (SELECT count(*) AS n FROM orders GROUP BY customer_id)"));
        QVERIFY2(busiest > 50 && busiest < 1000, std::to_string(busiest).c_str());
        QCOMPARE(scalar("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'orders'"), std::string("1"));
        QCOMPARE(scalar("SELECT count(*) FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.id IS NULL"),
                 std::string("0"));
        QCOMPARE(scalar("SELECT count(*) FROM customers GROUP BY email HAVING count(*) > 1"), std::string());
        QCOMPARE(scalar("SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id "
                        "WHERE o.created_at < c.created_at"),
                 std::string("0"));
    }
};

QTEST_GUILESS_MAIN(TestDemoData)
#include "tst_demo_data.moc"
