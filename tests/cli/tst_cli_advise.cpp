// planwise-cli advise end to end on the bundled demo: the advised index, applied
// to a copy of the demo database, turns a full scan into an index search; the
// demo database itself is never touched; exit codes follow the contract.
#include "common/cli_runner.h"
#include "common/test_env.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

namespace {

QByteArray sha256(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

// EXPLAIN QUERY PLAN details of `sql` on the database at `path`, one per line.
QString eqp(const QString& path, const QString& sql)
{
    sqlite3* db = nullptr;
    QString out;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* st = nullptr;
        const QByteArray q = ("EXPLAIN QUERY PLAN " + sql).toUtf8();
        if (sqlite3_prepare_v2(db, q.constData(), -1, &st, nullptr) == SQLITE_OK)
            while (sqlite3_step(st) == SQLITE_ROW)
                out += QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 3))) + "\n";
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return out;
}

bool execScript(const QString& path, const QByteArray& script, QString* error)
{
    sqlite3* db = nullptr;
    bool ok = sqlite3_open(path.toUtf8().constData(), &db) == SQLITE_OK;
    char* msg = nullptr;
    ok = ok && sqlite3_exec(db, script.constData(), nullptr, nullptr, &msg) == SQLITE_OK;
    if (msg) {
        *error = QString::fromUtf8(msg);
        sqlite3_free(msg);
    }
    sqlite3_close(db);
    return ok;
}

} // namespace

using planwise::testenv::runCli;

class TestCliAdvise : public QObject {
    Q_OBJECT

    QString demoDb() const { return planwise::testenv::demoDir() + "/demo.sqlite"; }
    QString demoLog() const { return planwise::testenv::demoDir() + "/demo-slow.log"; }

private slots:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(demoDb()), "demo database not built");
        QVERIFY2(QFile::exists(demoLog()), "demo slow log not built");
    }

    void advisedIndexTurnsScanIntoSearch()
    {
        QTemporaryDir tmp;
        const QString sqlOut = tmp.filePath("out.sql");
        const QByteArray before = sha256(demoDb());
        const auto r = runCli({"advise", "--db", "sqlite:" + demoDb(), "--log", demoLog(), "--sql", sqlOut, "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(sha256(demoDb()), before); // Planwise never changes the user's database

        const auto json = QJsonDocument::fromJson(r.out).object();
        const auto recs = json["recommendations"].toArray();
        QVERIFY(recs.size() >= 3);

        QFile script(sqlOut);
        QVERIFY(script.open(QIODevice::ReadOnly));
        const QByteArray sql = script.readAll();
        QVERIFY(sql.contains("-- Rollback"));

        // Every recommendation is validated and its DDL is in the script.
        for (const auto& v : recs) {
            const auto rec = v.toObject();
            QVERIFY(rec["validated"].toBool());
            QVERIFY2(sql.contains(rec["ddl"].toString().toUtf8()), qPrintable(rec["ddl"].toString()));
        }

        // Apply the script to a copy and look at the plan of the top recommendation's first sample.
        const QString copy = tmp.filePath("demo-copy.sqlite");
        QVERIFY(QFile::copy(demoDb(), copy));
        const auto top = recs.first().toObject();
        const QString sample = top["queries"].toArray().first().toObject()["sample"].toString();
        const QString index = top["index"].toString();
        const QString planBefore = eqp(copy, sample);
        QVERIFY2(planBefore.contains("SCAN "), qPrintable(planBefore));
        QString error;
        QVERIFY2(execScript(copy, sql, &error), qPrintable(error));
        const QString planAfter = eqp(copy, sample);
        QVERIFY2(planAfter.contains("SEARCH ") && planAfter.contains(index), qPrintable(planAfter));
    }

    void textReportNamesTheIndex()
    {
        const auto r = runCli({"advise", "--db", demoDb(), "--log", demoLog()});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("CREATE INDEX IF NOT EXISTS idx_order_items_order_id ON order_items (order_id);"));
        QVERIFY(r.out.contains("before:") && r.out.contains("after:"));
    }

    void exitCodes_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        const QString missing = QStringLiteral("/nonexistent/planwise/missing.sqlite");
        QTest::newRow("no subcommand") << QStringList{} << 2;
        QTest::newRow("unknown option") << QStringList{"advise", "--bogus"} << 2;
        QTest::newRow("missing --db") << QStringList{"advise", "--log", "x.log"} << 2;
        QTest::newRow("database missing") << QStringList{"advise", "--db", "sqlite:" + missing, "--log", "x"} << 4;
        QTest::newRow("bad --prefix") << QStringList{"advise", "--db", "sqlite:x.db", "--log", "x", "--prefix", "%m %y"}
                                      << 2;
        QTest::newRow("bad connection string") << QStringList{"advise", "--db", "nonsense://x", "--log", "x"} << 2;
    }

    void exitCodes()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        const auto r = runCli(args);
        QVERIFY2(r.exitCode == code, qPrintable(QString("exit %1, stderr: %2").arg(r.exitCode).arg(QString(r.err))));
    }

    void sqliteWithoutLogExits3()
    {
        // SQLite keeps no statement statistics: the user must give a log.
        const auto r = runCli({"advise", "--db", demoDb()});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("--log"), r.err.constData());
    }

    void logThatIsNotASlowLogExits3()
    {
        QTemporaryDir tmp;
        QFile f(tmp.filePath("notes.txt"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("just some text\nthat is not a slow log\n");
        f.close();
        const auto r = runCli({"advise", "--db", demoDb(), "--log", f.fileName()});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("notes.txt"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliAdvise)
#include "tst_cli_advise.moc"
