// planwise-cli explain: a live plan through the plan model, read-only, with the
// connectors' safety rules and the CLI's exit codes.
#include "common/cli_runner.h"
#include "common/test_env.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using planwise::testenv::runCli;

class TestCliExplain : public QObject {
    Q_OBJECT
private slots:
    void sqliteDemoScan()
    {
        const QString db = planwise::testenv::demoDir() + "/demo.sqlite";
        const auto r = runCli({"explain", "--db", db, "--json", "SELECT * FROM orders WHERE customer_id = 5"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto plan = QJsonDocument::fromJson(r.out).object()["plan"].toObject();
        QVERIFY2(QString(r.out).contains("SCAN"), r.out.constData());
        QVERIFY(!plan.isEmpty());
    }

    void sqliteHasNoAnalyze()
    {
        const QString db = planwise::testenv::demoDir() + "/demo.sqlite";
        const auto r = runCli({"explain", "--db", db, "--analyze", "SELECT 1"});
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.err.contains("EXPLAIN ANALYZE"));
    }

    void postgresAnalyzeWithFindings()
    {
        QString uri;
        PW_REQUIRE_SERVER("PLANWISE_TEST_PG", uri);
        const auto r = runCli({"explain", "--db", uri, "--analyze", "--json",
                               "SELECT count(*) FROM generate_series(1, 200000) g WHERE g % 1000 = 0"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto doc = QJsonDocument::fromJson(r.out).object();
        QVERIFY(doc["analyzed"].toBool());
        QVERIFY(!doc["plan"].toObject().isEmpty());
        QVERIFY2(QString(r.out).contains("Function Scan"), r.out.constData());
    }

    void tlsStateShownAndPreferWarned()
    {
        QString uri;
        PW_REQUIRE_SERVER("PLANWISE_TEST_PG", uri);
        // The test server has no TLS: sslmode=prefer silently falls back, which a DBA must be told.
        const auto r = runCli({"explain", "--db", uri + "?sslmode=prefer", "SELECT 1"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("TLS off"), r.out.constData());
        QVERIFY2(r.err.contains("not encrypted"), r.err.constData());
        QVERIFY(!r.out.contains(":planwise@")); // the password is never printed
    }

    void twoStatementsRefused_data()
    {
        QTest::addColumn<QString>("envVar");
        QTest::newRow("postgresql") << "PLANWISE_TEST_PG";
        QTest::newRow("mariadb") << "PLANWISE_TEST_MYSQL";
        QTest::newRow("sqlite") << "";
    }

    void twoStatementsRefused()
    {
        QFETCH(QString, envVar);
        QString uri = planwise::testenv::demoDir() + "/demo.sqlite";
        if (envVar == "PLANWISE_TEST_PG")
            PW_REQUIRE_SERVER("PLANWISE_TEST_PG", uri);
        else if (envVar == "PLANWISE_TEST_MYSQL")
            PW_REQUIRE_SERVER("PLANWISE_TEST_MYSQL", uri);
        const auto r = runCli({"explain", "--db", uri, "SELECT 1; SELECT 2"});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("refused"), r.err.constData());
    }

    void cannotConnectExits4()
    {
        const auto r = runCli({"explain", "--db", "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", "SELECT 1"});
        QCOMPARE(r.exitCode, 4);
    }
};

QTEST_GUILESS_MAIN(TestCliExplain)
#include "tst_cli_explain.moc"
