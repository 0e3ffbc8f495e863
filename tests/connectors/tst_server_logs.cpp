// The logs our own test servers write, read back: PostgreSQL stderr and jsonlog
// with auto_explain plans (attached, never counted), both protocols; MariaDB's
// slow log with log_slow_verbosity. Each test runs a statement a known number
// of times on a table no other test uses and checks that exact count comes out.
#include "common/mysql_admin.h"
#include "common/test_env.h"

#include "analyzer/workload/ingest.h"
#include "connectors/common/connection_uri.h"

#include <QFile>
#include <QTest>
#include <QThread>

#include <pqxx/pqxx>

#include <chrono>

using namespace planwise;

namespace {

// Letters only: fingerprints turn digits inside names into ? (pt-query-digest's rule).
std::string nonce()
{
    std::string digits = std::to_string(QCoreApplication::applicationPid()) +
                         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000);
    for (char& c : digits)
        c = char('a' + (c - '0'));
    return digits;
}

// The server writes its log asynchronously: wait until `needle` shows up.
bool waitForLog(const QString& path, const QByteArray& needle)
{
    for (int i = 0; i < 100; ++i) {
        QFile f(path);
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle))
            return true;
        QThread::msleep(100);
    }
    return false;
}

// The class of "SELECT v FROM <table> WHERE ...": a SELECT (PostgreSQL's
// normalized text keeps the statement's case) that names the probe table.
const workload::QueryClass* classReading(const workload::Workload& wl, const std::string& table)
{
    for (const auto& qc : wl.classes) {
        const QString fp = QString::fromStdString(qc.fingerprint);
        if (fp.startsWith("select v from", Qt::CaseInsensitive) && fp.contains(QString::fromStdString(table)))
            return &qc;
    }
    return nullptr;
}

} // namespace

class TestServerLogs : public QObject {
    Q_OBJECT
private slots:
    void postgresStderrAndJsonlog_data()
    {
        QTest::addColumn<QString>("logVar");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("prefix");
        QTest::newRow("stderr") << "PLANWISE_TEST_PG_LOG" << "stderr" << "";
        // scripts/test-servers.sh sets this log_line_prefix.
        QTest::newRow("stderr, --prefix") << "PLANWISE_TEST_PG_LOG" << "stderr" << "%m [%p] %q%u@%d ";
        QTest::newRow("jsonlog") << "PLANWISE_TEST_PG_JSONLOG" << "jsonlog" << "";
    }

    void postgresStderrAndJsonlog()
    {
        QFETCH(QString, logVar);
        QFETCH(QString, format);
        QFETCH(QString, prefix);
        QString uri;
        PW_REQUIRE_SERVER("PLANWISE_TEST_PG", uri);
        const QString log = qEnvironmentVariable(qPrintable(logVar));
        QVERIFY2(!log.isEmpty(), qPrintable(logVar + " is not set"));

        const std::string table = "pw_logprobe_" + nonce();
        pqxx::connection admin(uri.toStdString());
        {
            pqxx::work w(admin);
            w.exec("CREATE TABLE " + table + " (id int PRIMARY KEY, v text)");
            w.exec("INSERT INTO " + table + " SELECT g, 'v' || g FROM generate_series(1, 100) g");
            w.commit();
        }
        // 7 executions over the simple protocol ("statement:"), 3 over the
        // extended one ("execute <unnamed>:" with "DETAIL: parameters:").
        for (int i = 0; i < 7; ++i) {
            pqxx::nontransaction n(admin);
            n.exec("SELECT v FROM " + table + " WHERE id = " + std::to_string(i + 1));
        }
        for (int i = 0; i < 3; ++i) {
            pqxx::nontransaction n(admin);
            n.exec_params("SELECT v FROM " + table + " WHERE id = $1", i + 50);
        }
        {
            pqxx::work w(admin);
            w.exec("DROP TABLE " + table);
            w.commit();
        }
        QVERIFY2(waitForLog(log, QByteArray::fromStdString("DROP TABLE " + table)), "the server did not log the probe");

        workload::IngestOptions opts;
        opts.format = *workload::parseLogFormat(format.toStdString());
        opts.pgLinePrefix = prefix.toStdString();
        const auto result = workload::ingest({log.toStdString()}, opts);
        QVERIFY(result.files.size() == 1 && result.files.front().error.empty());
        const auto* qc = classReading(result.workload, table);
        QVERIFY2(qc, "no class for the probe statement");
        QCOMPARE(qc->count, uint64_t(10)); // auto_explain's plan entries are not executions
        QCOMPARE(qc->dialect, Dialect::PostgreSQL);
        QVERIFY2(!qc->example.explain.empty(), "auto_explain's plan is attached to the slowest sample");
        const auto target = connectors::parseConnectionTarget(uri.toStdString());
        QCOMPARE(qc->users, std::set<std::string>{target.user});
        QCOMPARE(qc->databases, std::set<std::string>{target.database});
    }

    void mariadbSlowLogWithVerbosity()
    {
        QString uri;
        PW_REQUIRE_SERVER("PLANWISE_TEST_MYSQL", uri);
        const QString log = qEnvironmentVariable("PLANWISE_TEST_MYSQL_SLOWLOG");
        QVERIFY2(!log.isEmpty(), "PLANWISE_TEST_MYSQL_SLOWLOG is not set");
        auto admin = testenv::mysqlAdmin(uri);
        std::unique_ptr<::sql::Statement> st(admin->createStatement());
        const std::string table = "pw_logprobe_" + nonce();
        st->execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, v VARCHAR(20), k INT) ENGINE=InnoDB");
        st->execute("INSERT INTO " + table + " SELECT seq, CONCAT('v', seq), seq % 10 FROM seq_1_to_500");
        for (int i = 0; i < 6; ++i)
            testenv::mysqlDrain(*st, "SELECT v FROM " + table + " WHERE k = " + std::to_string(i));
        st->execute("DROP TABLE " + table);
        QVERIFY2(waitForLog(log, QByteArray::fromStdString("DROP TABLE " + table)), "the server did not log the probe");

        const auto result = workload::ingest({log.toStdString()});
        QVERIFY(result.files.size() == 1 && result.files.front().error.empty());
        const auto* qc = classReading(result.workload, table);
        QVERIFY2(qc, "no class for the probe statement");
        QCOMPARE(qc->count, uint64_t(6));
        QVERIFY2(!qc->example.explain.empty(), "log_slow_verbosity=explain lines are kept with the sample");
        const auto* examined = qc->metric("Rows_examined");
        QVERIFY(examined && examined->sum() >= 6 * 500); // a full scan per execution: no index on k
    }
};

QTEST_GUILESS_MAIN(TestServerLogs)
#include "tst_server_logs.moc"
