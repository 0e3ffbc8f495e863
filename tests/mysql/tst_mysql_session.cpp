// MySqlSession and its catalog against the real MariaDB the test command
// starts (scripts/test-servers.sh). Tables are made with a plain admin
// connection, never through the read-only session under test.
#include "common/test_env.h"
#include "connectors/common/connection_uri.h"
#include "connectors/common/connector_error.h"
#include "connectors/mysql/mysql_session.h"

#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <nlohmann/json.hpp>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <future>
#include <thread>

using namespace planwise;
using namespace planwise::mysql;
using connectors::ConnectorError;
using connectors::ErrorKind;

namespace {

std::string withParts(const std::string& uri, std::optional<std::string> password, std::optional<int> port,
                      std::optional<std::string> database)
{
    const auto t = connectors::parseConnectionTarget(uri);
    return "mysql://" + t.user + ":" + password.value_or(t.password.value_or("")) + "@" + t.host + ":" +
           std::to_string(port.value_or(t.port.value_or(3306))) + "/" + database.value_or(t.database);
}

QString failureOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const ConnectorError& e) {
        qInfo("%s: %s", connectors::errorKindName(e.kind()), e.what());
        return QString::fromUtf8(connectors::errorKindName(e.kind()));
    }
    return QStringLiteral("no error");
}
// MariaDB nests a SELECT's tables in query_block.nested_loop, a DELETE's not.
nlohmann::json firstTable(const std::string& planJson)
{
    const auto block = nlohmann::json::parse(planJson).at("query_block");
    return block.contains("nested_loop") ? block["nested_loop"].at(0).at("table") : block.at("table");
}

QString kindName(ErrorKind kind) { return QString::fromUtf8(connectors::errorKindName(kind)); }

} // namespace

#define REQUIRE_MYSQL()                                                              \
    do {                                                                             \
        QString uri_;                                                                \
        PW_REQUIRE_SERVER("PLANWISE_TEST_MYSQL", uri_);                              \
        m_uri = uri_.toStdString();                                                  \
        QVERIFY2(m_admin, "initTestCase could not prepare the test tables");         \
    } while (0)

class TstMySqlSession : public QObject {
    Q_OBJECT

    std::string m_uri;
    // Plain Connector/C++ connection with write rights: test fixtures only.
    std::unique_ptr<sql::Connection> m_admin;

    void adminExec(const std::string& sql)
    {
        std::unique_ptr<sql::Statement> st(m_admin->createStatement());
        if (st->execute(sql)) {   // ANALYZE TABLE returns rows: read them, or the connection is out of sync
            std::unique_ptr<sql::ResultSet> rs(st->getResultSet());
            while (rs->next()) {
            }
        }
    }
    long long adminCount(const std::string& sql)
    {
        std::unique_ptr<sql::Statement> st(m_admin->createStatement());
        std::unique_ptr<sql::ResultSet> rs(st->executeQuery(sql));
        rs->next();
        return rs->getInt64(1);
    }

private slots:
    void initTestCase()
    {
        initDriver();   // on the main thread, as Connector/C++ wants
        m_uri = qEnvironmentVariable("PLANWISE_TEST_MYSQL").toStdString();
        if (m_uri.empty())
            return;
        const auto t = connectors::parseConnectionTarget(m_uri);
        m_admin.reset(get_driver_instance()->connect("tcp://" + t.host + ":" + std::to_string(*t.port), t.user, *t.password));
        m_admin->setSchema(t.database);
        for (const char* sql : {
                 "DROP TABLE IF EXISTS tms_orders, tms_customers, tms_audit, tms_log",
                 "DROP VIEW IF EXISTS tms_orders_view",
                 "CREATE TABLE tms_customers (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(100) NOT NULL,"
                 " region VARCHAR(10), KEY email_prefix (email(10))) ENGINE=InnoDB",
                 "CREATE TABLE tms_orders (id INT PRIMARY KEY, customer_id INT NOT NULL, status VARCHAR(10),"
                 " total DECIMAL(10,2), created_at DATETIME, note VARCHAR(20),"
                 " KEY cust_created (customer_id, created_at DESC),"
                 " CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES tms_customers (id)) ENGINE=InnoDB",
                 "CREATE TABLE tms_audit (id INT PRIMARY KEY, msg VARCHAR(20)) ENGINE=MyISAM",
                 "CREATE TABLE tms_log (id INT PRIMARY KEY, msg VARCHAR(20)) ENGINE=InnoDB",
                 "INSERT INTO tms_customers (email, region) SELECT CONCAT('c', seq, '@example.com'),"
                 " IF(seq % 2 = 0, 'east', 'west') FROM seq_1_to_1000",
                 "INSERT INTO tms_orders SELECT seq, 1 + seq % 1000, ELT(1 + seq % 4, 'new', 'paid', 'shipped', 'done'),"
                 " seq % 500, '2026-01-01' + INTERVAL seq MINUTE, CONCAT('n', seq) FROM seq_1_to_20000",
                 "INSERT INTO tms_audit SELECT seq, 'x' FROM seq_1_to_10",
                 "INSERT INTO tms_log SELECT seq, 'x' FROM seq_1_to_10",
                 "CREATE TRIGGER tms_log_trg BEFORE DELETE ON tms_log FOR EACH ROW SET @pw_deleted = 1",
                 "CREATE VIEW tms_orders_view AS SELECT * FROM tms_orders",
                 "ANALYZE TABLE tms_customers, tms_orders PERSISTENT FOR ALL",
             })
            adminExec(sql);
    }

    void cleanupTestCase()
    {
        if (m_admin) {
            adminExec("DROP VIEW IF EXISTS tms_orders_view");
            adminExec("DROP TABLE IF EXISTS tms_orders, tms_customers, tms_audit, tms_log");
        }
    }

    void connectsReadOnlyWithTimeouts()
    {
        REQUIRE_MYSQL();
        MySqlSession s(m_uri, MySqlSessionOptions{std::chrono::milliseconds(12'345), std::chrono::milliseconds(2'500), 10});
        QVERIFY2(s.serverVersion().find("10.11") == 0, s.serverVersion().c_str());
        QVERIFY(s.isMariaDb());
        QCOMPARE(s.database(), std::string("planwise_test"));
        QVERIFY(s.connectionId() > 0);
        const auto r = s.query("SELECT @@SESSION.tx_read_only, @@SESSION.max_statement_time, @@SESSION.lock_wait_timeout,"
                               " @@SESSION.innodb_lock_wait_timeout, CONNECTION_ID()");
        QCOMPARE(r.at(0).at(0).value_or(""), std::string("1"));
        QCOMPARE(std::stod(r[0][1].value_or("0")), 12.345);
        QCOMPARE(r[0][2].value_or(""), std::string("3"));
        QCOMPARE(r[0][3].value_or(""), std::string("3"));
        QCOMPARE(std::stoll(r[0][4].value_or("0")), s.connectionId());
        QVERIFY(s.redactedTarget().find(":***@") != std::string::npos);

        // Bound parameters, never pasted.
        const auto p = s.query("SELECT CONCAT(?, ?)", {"a'; DROP TABLE tms_orders; --", "b"});
        QCOMPARE(p.at(0).at(0).value_or(""), std::string("a'; DROP TABLE tms_orders; --b"));
        // The session refuses writes by itself.
        QCOMPARE(failureOf([&] { s.query("DELETE FROM tms_orders"); }), kindName(ErrorKind::Refused));
        QCOMPARE(adminCount("SELECT COUNT(*) FROM tms_orders"), 20000LL);
    }

    void tlsModes()
    {
        REQUIRE_MYSQL();
        const std::string sep = m_uri.find('?') == std::string::npos ? "?" : "&";
        MySqlSession plain(m_uri + sep + "ssl-mode=DISABLED");
        QCOMPARE(plain.tlsState(), std::string("off"));
        // The test server has no certificate: insisting on TLS must fail, typed.
        QCOMPARE(failureOf([&] { MySqlSession s(m_uri + sep + "ssl-mode=REQUIRED"); }), kindName(ErrorKind::TlsFailed));
    }

    void passwordFromMyCnf()
    {
        REQUIRE_MYSQL();
        // No password in the URI: the [client] group of ~/.my.cnf supplies it.
        const auto t = connectors::parseConnectionTarget(m_uri);
        QTemporaryDir home;
        QFile cnf(home.filePath(".my.cnf"));
        QVERIFY(cnf.open(QIODevice::WriteOnly));
        cnf.write(QByteArray::fromStdString("[client]\npassword=" + *t.password + "\n"));
        cnf.close();
        const QByteArray oldHome = qgetenv("HOME");
        qputenv("HOME", home.path().toUtf8());
        const std::string noPassword = "mysql://" + t.user + "@" + t.host + ":" + std::to_string(*t.port) + "/" + t.database;
        const QString withCnf = failureOf([&] { MySqlSession s(noPassword); });
        QVERIFY(QFile::remove(home.filePath(".my.cnf")));
        const QString withoutCnf = failureOf([&] { MySqlSession s(noPassword); });
        qputenv("HOME", oldHome);
        QCOMPARE(withCnf, QStringLiteral("no error"));
        QCOMPARE(withoutCnf, kindName(ErrorKind::AuthFailed));   // the password really came from the file
    }

    void typedConnectErrors()
    {
        REQUIRE_MYSQL();
        QCOMPARE(failureOf([&] { MySqlSession s(withParts(m_uri, "wrong-password", {}, {})); }), kindName(ErrorKind::AuthFailed));
        QCOMPARE(failureOf([&] { MySqlSession s(withParts(m_uri, {}, 1, {})); }), kindName(ErrorKind::CannotReach));
        // planwise may see only planwise_test: another database is denied, not "unknown".
        QCOMPARE(failureOf([&] { MySqlSession s(withParts(m_uri, {}, {}, "no_such_db_pw")); }),
                 kindName(ErrorKind::PermissionDenied));
        QCOMPARE(failureOf([&] { MySqlSession s("postgresql://h/db"); }), kindName(ErrorKind::BadUri));
    }

    void connectsOverSocketAndInWorkerThread()
    {
        REQUIRE_MYSQL();
        const QString socket = qEnvironmentVariable("PLANWISE_TEST_MYSQL_SOCKET");
        if (socket.isEmpty())
            QSKIP("PLANWISE_TEST_MYSQL_SOCKET is not set");
        const auto t = connectors::parseConnectionTarget(m_uri);
        const std::string socketUri = "mariadb://" + t.user + ":" + *t.password + "@/" + t.database +
                                      "?socket=" + socket.toStdString();
        std::string hostInfo, error;
        std::thread worker([&] {
            MySqlThread threadState;   // Connector/C++ per-thread init/end
            try {
                MySqlSession s(socketUri);
                hostInfo = s.query("SELECT @@hostname IS NOT NULL, USER()").at(0).at(1).value_or("");
            } catch (const ConnectorError& e) {
                error = e.what();
            }
        });
        worker.join();
        QVERIFY2(error.empty(), error.c_str());
        QCOMPARE(hostInfo, std::string("planwise@localhost"));   // the socket login, not TCP's planwise@127.0.0.1
    }

    void explainSelect()
    {
        REQUIRE_MYSQL();
        MySqlSession s(m_uri);
        const auto byId = firstTable(s.explainJson("SELECT * FROM tms_orders WHERE id = 42;"));
        QCOMPARE(byId.at("access_type").get<std::string>(), std::string("const"));
        QCOMPARE(byId.at("key").get<std::string>(), std::string("PRIMARY"));

        const auto scan = firstTable(s.explainJson("SELECT * FROM tms_orders WHERE note = 'n123'"));
        QCOMPARE(scan.at("access_type").get<std::string>(), std::string("ALL"));
        QVERIFY(!scan.contains("r_rows"));   // not executed

        const auto analyzed = nlohmann::json::parse(s.explainJson("SELECT COUNT(*) FROM tms_orders WHERE status = 'paid'", true));
        QVERIFY(analyzed.at("query_block").contains("r_loops"));
    }

    void refusesTwoStatementsAndNonQueries()
    {
        REQUIRE_MYSQL();
        MySqlSession s(m_uri);
        QCOMPARE(failureOf([&] { s.explainJson("SELECT 1; SELECT 2"); }), kindName(ErrorKind::Refused));
        QCOMPARE(failureOf([&] { s.explainJson("SELECT 1; DELETE FROM tms_orders", true); }), kindName(ErrorKind::Refused));
        QCOMPARE(failureOf([&] { s.explainJson("SELECT 1 /*!50000 ; DELETE FROM tms_orders */", true); }), kindName(ErrorKind::Refused));
        QCOMPARE(failureOf([&] { s.explainJson("DROP TABLE tms_orders"); }), kindName(ErrorKind::Refused));
        QCOMPARE(failureOf([&] { s.explainJson("SELECT * FROM pw_no_such_table"); }), kindName(ErrorKind::QueryFailed));
        QCOMPARE(adminCount("SELECT COUNT(*) FROM tms_orders"), 20000LL);
    }

    void analyzeDeleteLeavesRows()
    {
        REQUIRE_MYSQL();
        MySqlSession s(m_uri);
        const auto table = firstTable(s.explainJson("DELETE FROM tms_orders WHERE id <= 100", true));
        QCOMPARE(table.at("delete").get<int>(), 1);
        QCOMPARE(table.at("r_rows").get<double>(), 100.0);   // it really ran...
        QCOMPARE(adminCount("SELECT COUNT(*) FROM tms_orders"), 20000LL);   // ...and was rolled back
        // The session is still read-only afterwards.
        QCOMPARE(s.query("SELECT @@SESSION.tx_read_only").at(0).at(0).value_or(""), std::string("1"));
        QCOMPARE(failureOf([&] { s.query("DELETE FROM tms_orders WHERE id = 1"); }), kindName(ErrorKind::Refused));
    }

    void analyzeTimesOutAndLeavesRows()
    {
        REQUIRE_MYSQL();
        MySqlSession s(m_uri);
        s.setStatementTimeout(std::chrono::milliseconds(300));
        // Deletes row by row, slowly: the timeout fires with rows already deleted.
        QCOMPARE(failureOf([&] { s.explainJson("DELETE FROM tms_orders WHERE SLEEP(0.002) = 0", true); }),
                 kindName(ErrorKind::Timeout));
        QCOMPARE(adminCount("SELECT COUNT(*) FROM tms_orders"), 20000LL);
        QCOMPARE(s.query("SELECT 1").at(0).at(0).value_or(""), std::string("1"));
    }

    void analyzeCancelledFromAnotherThread()
    {
        REQUIRE_MYSQL();
        std::promise<int64_t> id;
        QString failure;
        std::thread worker([&] {
            MySqlThread threadState;
            std::unique_ptr<MySqlSession> session;
            failure = failureOf([&] { session = std::make_unique<MySqlSession>(m_uri); });
            id.set_value(session ? session->connectionId() : 0);   // 0: never block the main thread
            if (!session)
                return;
            MySqlSession& s = *session;
            s.setStatementTimeout(std::chrono::milliseconds(0));
            failure = failureOf([&] { s.explainJson("DELETE FROM tms_orders WHERE SLEEP(0.002) = 0", true); });
        });
        const int64_t connection = id.get_future().get();
        if (connection == 0) {
            worker.join();
            QFAIL(qPrintable("the worker could not connect: " + failure));
        }
        QTest::qWait(400);   // rows are being deleted by now
        MySqlSession::cancel(connectors::parseConnectionTarget(m_uri), connection);
        worker.join();
        QCOMPARE(failure, kindName(ErrorKind::Cancelled));
        QCOMPARE(adminCount("SELECT COUNT(*) FROM tms_orders"), 20000LL);
    }

    void analyzeRefusedWhereRollbackCannotUndo()
    {
        REQUIRE_MYSQL();
        MySqlSession s(m_uri);
        QCOMPARE(failureOf([&] { s.explainJson("DELETE FROM tms_audit", true); }), kindName(ErrorKind::Refused));   // MyISAM
        QCOMPARE(adminCount("SELECT COUNT(*) FROM tms_audit"), 10LL);
        QCOMPARE(failureOf([&] { s.explainJson("DELETE a FROM tms_log l JOIN tms_audit a ON a.id = l.id", true); }),
                 kindName(ErrorKind::Refused));
        QCOMPARE(failureOf([&] { s.explainJson("INSERT INTO tms_customers (email) VALUES ('x@y')", true); }),
                 kindName(ErrorKind::Refused));   // AUTO_INCREMENT
        QCOMPARE(failureOf([&] { s.explainJson("DELETE FROM tms_log", true); }), kindName(ErrorKind::Refused));   // trigger
        QCOMPARE(failureOf([&] { s.explainJson("DELETE FROM tms_orders_view WHERE id = 1", true); }), kindName(ErrorKind::Refused));
        QCOMPARE(adminCount("SELECT COUNT(*) FROM tms_log"), 10LL);
        QCOMPARE(adminCount("SELECT COUNT(*) FROM tms_customers"), 1000LL);
        // Without ANALYZE nothing runs: allowed.
        QVERIFY(nlohmann::json::parse(s.explainJson("DELETE FROM tms_audit")).contains("query_block"));
    }

    void statementsCarryTheMarker()
    {
        REQUIRE_MYSQL();
        const QString path = qEnvironmentVariable("PLANWISE_TEST_MYSQL_SLOWLOG");
        QFile log(path);
        if (path.isEmpty() || !log.open(QIODevice::ReadOnly))
            QSKIP("PLANWISE_TEST_MYSQL_SLOWLOG is not set or not readable");
        log.seek(log.size());
        std::string id;
        {
            MySqlSession s(m_uri);
            id = std::to_string(s.connectionId());
            s.explainJson("SELECT 'marker-probe-9c1d'", true);
        }
        // In the slow log, each entry's SQL follows its "# Thread_id: N" header;
        // everything the session sent must start with the marker.
        const QList<QByteArray> lines = log.readAll().split('\n');
        bool ours = false;
        int statements = 0;
        for (const QByteArray& line : lines) {
            if (line.startsWith("# Thread_id: ")) {
                ours = line.mid(13).split(' ').value(0) == QByteArray::fromStdString(id);
                continue;
            }
            // Connector/C++ 1.1 sends these itself while connecting: the only
            // statements Planwise cannot mark (and nothing to advise on).
            static const QList<QByteArray> driverHandshake = {
                "SET autocommit=1;", "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ;",
                "SHOW SESSION VARIABLES LIKE 'lower_case_table_names';"};
            if (!ours || line.isEmpty() || line.startsWith('#') || line.startsWith("SET timestamp=") ||
                line.startsWith("use ") || driverHandshake.contains(line))
                continue;
            ++statements;
            QVERIFY2(line.startsWith("/* planwise */"), line.constData());
            ours = false;   // one statement per entry
        }
        QVERIFY2(statements >= 4, "expected the session's SETs, SELECT, START TRANSACTION, ANALYZE and ROLLBACK");
    }

    void catalogWithoutCurrentDatabase()
    {
        REQUIRE_MYSQL();
        const auto t = connectors::parseConnectionTarget(m_uri);
        MySqlSession s(withParts(m_uri, {}, {}, ""));
        QVERIFY(s.database().empty());
        const catalog::Catalog cat = s.readCatalog();
        // Every database the user may see, each table with its schema.
        const catalog::Table* orders = cat.table(t.database + ".tms_orders");
        QVERIFY(orders);
        QCOMPARE(orders->schema, t.database);
        QVERIFY(!cat.table("mysql.user"));   // system schemas stay out
        const auto indexes = cat.indexesOf(*orders);
        QVERIFY(std::any_of(indexes.begin(), indexes.end(), [](const catalog::Index* i) { return i->name == "cust_created"; }));
    }

    void catalogDegradesWithoutPrivileges()
    {
        REQUIRE_MYSQL();
        const QString limitedUri = qEnvironmentVariable("PLANWISE_TEST_MYSQL_LIMITED");
        if (limitedUri.isEmpty())
            QSKIP("PLANWISE_TEST_MYSQL_LIMITED is not set");
        MySqlSession s(limitedUri.toStdString());
        const catalog::Catalog cat = s.readCatalog();
        QVERIFY(cat.table("tms_orders"));   // information_schema still answers
        auto noted = [&](const char* what) {
            return std::any_of(cat.notes.begin(), cat.notes.end(), [&](const std::string& n) { return n.find(what) != std::string::npos; });
        };
        QVERIFY(noted("performance_schema"));
        QVERIFY(noted("innodb_index_stats"));
        QVERIFY(noted("column_stats"));
        const catalog::Table* orders = cat.table("tms_orders");
        QVERIFY(!orders->inserts.has_value());   // unknown, not 0
        QVERIFY(!orders->column("status")->stats.nDistinct.has_value());
    }

    void catalogOfSchema()
    {
        REQUIRE_MYSQL();
        MySqlSession s(m_uri);
        const catalog::Catalog cat = s.readCatalog();
        QCOMPARE(cat.dialect, Dialect::MySQL);
        const catalog::Table* orders = cat.table("tms_orders");
        QVERIFY(orders);
        QVERIFY(orders->schema.empty());   // the current database
        QVERIFY(orders->rowCount.value_or(0) > 10000);   // InnoDB's estimate
        QVERIFY(orders->sizeBytes.value_or(0) > 0);
        QCOMPARE(orders->columns.size(), size_t(6));
        QCOMPARE(orders->columns[3].type, std::string("decimal(10,2)"));
        QVERIFY(!orders->column("customer_id")->nullable);
        QVERIFY(orders->column("note")->nullable);
        QVERIFY(std::abs(orders->column("status")->stats.nDistinct.value_or(0) - 4.0) < 0.5);   // mysql.column_stats
        QCOMPARE(orders->column("status")->stats.nullFraction.value_or(-1), 0.0);

        QCOMPARE(orders->foreignKeys.size(), size_t(1));
        QCOMPARE(orders->foreignKeys[0].name, std::string("fk_orders_customer"));
        QCOMPARE(orders->foreignKeys[0].columns, std::vector<std::string>{"customer_id"});
        QCOMPARE(orders->foreignKeys[0].refTable, std::string("tms_customers"));
        QCOMPARE(orders->foreignKeys[0].refColumns, std::vector<std::string>{"id"});

        auto find = [&](const std::string& table, const std::string& name) -> const catalog::Index* {
            for (const auto& i : cat.indexes)
                if (i.table == table && i.name == name)
                    return &i;
            return nullptr;
        };
        const auto* pk = find("tms_orders", "PRIMARY");
        QVERIFY(pk && pk->primary && pk->unique);
        QCOMPARE(pk->columns.at(0).column, std::string("id"));
        QCOMPARE(pk->method, std::string("btree"));
        QVERIFY(pk->sizeBytes.value_or(0) >= 16384);   // mysql.innodb_index_stats, in pages
        QVERIFY(pk->scans.has_value());                 // performance_schema index usage
        QCOMPARE(pk->prefixRows.size(), size_t(2));
        QVERIFY(pk->prefixRows[1] < 1.5);   // one row per id

        const auto* composite = find("tms_orders", "cust_created");
        QVERIFY(composite && !composite->unique);
        QCOMPARE(composite->columns.size(), size_t(2));
        QCOMPARE(composite->columns[0].column, std::string("customer_id"));
        QVERIFY(!composite->columns[0].descending);
        QVERIFY(composite->columns[1].descending);
        QCOMPARE(composite->prefixRows.size(), size_t(3));
        QVERIFY(composite->prefixRows[1] > 5 && composite->prefixRows[1] < 100);   // ~20 orders per customer

        const auto* prefix = find("tms_customers", "email_prefix");
        QVERIFY(prefix);
        QCOMPARE(prefix->columns.at(0).column, std::string("email"));
        QCOMPARE(prefix->columns[0].expression, std::string("`email`(10)"));

        QVERIFY(cat.table("tms_audit"));
        QVERIFY(!cat.table("tms_orders_view"));   // views are not tables
        QVERIFY2(cat.notes.empty(), cat.notes.empty() ? "" : cat.notes.front().c_str());
    }
};

QTEST_GUILESS_MAIN(TstMySqlSession)
#include "tst_mysql_session.moc"
