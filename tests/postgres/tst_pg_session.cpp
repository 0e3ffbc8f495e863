// PgSession, its catalog and HypoPG what-if against the real PostgreSQL the
// test command starts (scripts/test-servers.sh). Tables are made with a plain
// admin connection, never through the read-only session under test.
#include "common/test_env.h"
#include "connectors/common/connection_uri.h"
#include "connectors/common/connector_error.h"
#include "connectors/postgres/pg_session.h"
#include "connectors/postgres/pg_whatif.h"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <future>
#include <thread>

using namespace planwise;
using namespace planwise::postgres;
using connectors::ConnectorError;
using connectors::ErrorKind;

namespace {

// The same server and login, with one part replaced.
std::string withParts(const std::string& uri, std::optional<std::string> password, std::optional<int> port,
                      std::optional<std::string> database)
{
    const auto t = connectors::parseConnectionTarget(uri);
    return "postgresql://" + t.user + ":" + password.value_or(t.password.value_or("")) + "@" + t.host + ":" +
           std::to_string(port.value_or(t.port.value_or(5432))) + "/" + database.value_or(t.database);
}

nlohmann::json topNode(const std::string& planJson) { return nlohmann::json::parse(planJson).at(0).at("Plan"); }

// The kind of ConnectorError `f` throws, or "no error".
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
QString kindName(ErrorKind kind) { return QString::fromUtf8(connectors::errorKindName(kind)); }

} // namespace

// A macro, not a function: QSKIP/QFAIL must return from the test itself.
#define REQUIRE_PG()                                                                    \
    do {                                                                                \
        QString uri_;                                                                   \
        PW_REQUIRE_SERVER("PLANWISE_TEST_PG", uri_);                                    \
        m_uri = uri_.toStdString();                                                     \
        QVERIFY2(m_admin, "initTestCase could not prepare the test schema");            \
    } while (0)

class TstPgSession : public QObject {
    Q_OBJECT

    std::string m_uri;
    std::unique_ptr<pqxx::connection> m_admin;

    long long adminCount(const std::string& sql)
    {
        pqxx::nontransaction tx(*m_admin);
        return tx.exec1(sql)[0].as<long long>();
    }
private slots:
    void initTestCase()
    {
        m_uri = qEnvironmentVariable("PLANWISE_TEST_PG").toStdString();
        if (m_uri.empty())
            return;   // each test skips (or fails in CI) on its own
        m_admin = std::make_unique<pqxx::connection>(m_uri);
        pqxx::nontransaction tx(*m_admin);
        tx.exec(R"SQL(
            DROP SCHEMA IF EXISTS pw_tst CASCADE;
            CREATE SCHEMA pw_tst;
            CREATE TABLE pw_tst.customers (id serial PRIMARY KEY, email text NOT NULL, region text);
            CREATE TABLE pw_tst.orders (
                id bigint PRIMARY KEY, customer_id int NOT NULL REFERENCES pw_tst.customers (id),
                status text, total numeric(10, 2), created_at timestamptz, note text);
            CREATE TABLE pw_tst.never_analyzed (a int);
            INSERT INTO pw_tst.customers (email, region)
                SELECT 'c' || g || '@example.com', CASE WHEN g % 2 = 0 THEN 'east' ELSE 'west' END
                FROM generate_series(1, 1000) g;
            INSERT INTO pw_tst.orders
                SELECT g, 1 + g % 1000, (ARRAY['new', 'paid', 'shipped', 'done'])[1 + g % 4], g % 500,
                       timestamptz '2026-01-01' + g * interval '1 minute', 'n' || g
                FROM generate_series(1, 20000) g;
            CREATE INDEX orders_customer_created ON pw_tst.orders (customer_id, created_at DESC);
            CREATE INDEX orders_open ON pw_tst.orders (status) WHERE status <> 'done';
            CREATE INDEX customers_lower_email ON pw_tst.customers (lower(email));
            CREATE INDEX orders_created_incl ON pw_tst.orders (created_at) INCLUDE (total);
            CREATE FUNCTION pw_tst.sneaky_delete() RETURNS bigint LANGUAGE sql
                AS 'WITH d AS (DELETE FROM pw_tst.orders RETURNING 1) SELECT count(*) FROM d';
            ANALYZE pw_tst.customers;
            ANALYZE pw_tst.orders;
        )SQL");
        // A failed CREATE INDEX CONCURRENTLY leaves an invalid index behind (indisvalid = false).
        try {
            tx.exec("CREATE UNIQUE INDEX CONCURRENTLY customers_region_broken ON pw_tst.customers (region)");
        } catch (const pqxx::sql_error&) {
        }
        // Table counters reach pg_stat_user_tables asynchronously (up to a
        // second later); PG 15 can flush them at once.
        tx.exec("SELECT pg_stat_force_next_flush()");
        tx.exec("SELECT 1");
    }

    void cleanupTestCase()
    {
        if (!m_admin)
            return;
        pqxx::nontransaction tx(*m_admin);
        tx.exec("DROP SCHEMA IF EXISTS pw_tst CASCADE");
    }

    void connectsReadOnlyWithTimeouts()
    {
        REQUIRE_PG();
        PgSession s(m_uri, PgSessionOptions{std::chrono::milliseconds(12'345), std::chrono::milliseconds(2'500), 10});
        QVERIFY2(s.serverVersion().rfind("15", 0) == 0, s.serverVersion().c_str());
        QVERIFY(s.serverVersionNum() >= 150000);
        const auto rows = s.query("SELECT current_setting('application_name'), current_setting('default_transaction_read_only'),"
                                  " current_setting('statement_timeout'), current_setting('lock_timeout'),"
                                  " current_setting('transaction_read_only')");
        QCOMPARE(rows.at(0).at(0).value_or(""), std::string("planwise"));
        QCOMPARE(rows[0][1].value_or(""), std::string("on"));
        QCOMPARE(rows[0][2].value_or(""), std::string("12345ms"));
        QCOMPARE(rows[0][3].value_or(""), std::string("2500ms"));
        QCOMPARE(rows[0][4].value_or(""), std::string("on"));
        QCOMPARE(s.tlsState(), std::string("off"));
        QVERIFY(s.redactedTarget().find(":***@") != std::string::npos);

        s.setStatementTimeout(std::chrono::milliseconds(0));
        QCOMPARE(s.query("SHOW statement_timeout").at(0).at(0).value_or(""), std::string("0"));
    }

    void queryBindsParameters()
    {
        REQUIRE_PG();
        PgSession s(m_uri);
        const auto rows = s.query("SELECT $1::text || $2::text, $3::int IS NULL", {"a'; DROP TABLE x; --", "b", "7"});
        QCOMPARE(rows.at(0).at(0).value_or(""), std::string("a'; DROP TABLE x; --b"));
        QCOMPARE(rows[0][1].value_or(""), std::string("f"));
        // query() is read-only too.
        QCOMPARE(failureOf([&] { s.query("DELETE FROM pw_tst.orders"); }), kindName(ErrorKind::Refused));
        QCOMPARE(adminCount("SELECT count(*) FROM pw_tst.orders"), 20000LL);
    }

    void conninfoAndSocketForms()
    {
        REQUIRE_PG();
        const auto t = connectors::parseConnectionTarget(m_uri);
        PgSession kv("host=" + t.host + " port=" + std::to_string(*t.port) + " dbname=" + t.database + " user=" + t.user +
                     " password=" + *t.password);
        QCOMPARE(kv.query("SELECT current_database()").at(0).at(0).value_or(""), t.database);

        const QString socketDir = qEnvironmentVariable("PLANWISE_TEST_PG_SOCKET_DIR");
        if (socketDir.isEmpty())
            QSKIP("PLANWISE_TEST_PG_SOCKET_DIR is not set");
        PgSession sock("host=" + socketDir.toStdString() + " port=" + std::to_string(*t.port) + " dbname=" + t.database +
                       " user=" + t.user + " password=" + *t.password);
        QCOMPARE(sock.query("SELECT inet_server_addr() IS NULL").at(0).at(0).value_or(""), std::string("t"));
    }

    void passwordFromPgpassFile()
    {
        REQUIRE_PG();
        // Conninfo goes to libpq unchanged, so ~/.pgpass (here PGPASSFILE) supplies the password.
        const auto t = connectors::parseConnectionTarget(m_uri);
        QTemporaryDir dir;
        QFile pgpass(dir.filePath("pgpass"));
        QVERIFY(pgpass.open(QIODevice::WriteOnly));
        pgpass.write(QByteArray::fromStdString(t.host + ":" + std::to_string(*t.port) + ":" + t.database + ":" + t.user +
                                               ":" + *t.password + "\n"));
        pgpass.close();
        pgpass.setPermissions(QFile::ReadOwner | QFile::WriteOwner);   // libpq ignores group/world-readable files
        const QByteArray old = qgetenv("PGPASSFILE");
        qputenv("PGPASSFILE", dir.filePath("pgpass").toUtf8());
        const std::string noPassword = "postgresql://" + t.user + "@" + t.host + ":" + std::to_string(*t.port) + "/" + t.database;
        const QString withFile = failureOf([&] { PgSession s(noPassword); });
        qputenv("PGPASSFILE", dir.filePath("absent").toUtf8());
        const QString withoutFile = failureOf([&] { PgSession s(noPassword); });
        qputenv("PGPASSFILE", old);
        QCOMPARE(withFile, QStringLiteral("no error"));
        QCOMPARE(withoutFile, kindName(ErrorKind::AuthFailed));   // the password really came from the file
    }

    void typedConnectErrors()
    {
        REQUIRE_PG();
        QCOMPARE(failureOf([&] { PgSession s(withParts(m_uri, "wrong-password", {}, {})); }), kindName(ErrorKind::AuthFailed));
        QCOMPARE(failureOf([&] { PgSession s(withParts(m_uri, {}, 1, {})); }), kindName(ErrorKind::CannotReach));
        QCOMPARE(failureOf([&] { PgSession s(withParts(m_uri, {}, {}, "no_such_db_pw")); }), kindName(ErrorKind::NotFound));
        QCOMPARE(failureOf([&] { PgSession s("mysql://h/db"); }), kindName(ErrorKind::BadUri));
        try {
            PgSession s(withParts(m_uri, "wrong-password", {}, {}));
        } catch (const ConnectorError& e) {
            QVERIFY(e.isConnectionFailure());
            QVERIFY2(std::string(e.what()).find("password authentication failed") != std::string::npos, e.what());
        }
    }

    void explainSelect()
    {
        REQUIRE_PG();
        PgSession s(m_uri);
        const auto byId = topNode(s.explainJson("SELECT * FROM pw_tst.orders WHERE id = 42;"));
        QCOMPARE(byId.at("Node Type").get<std::string>(), std::string("Index Scan"));
        QCOMPARE(byId.at("Index Name").get<std::string>(), std::string("orders_pkey"));
        QVERIFY(!byId.contains("Actual Rows"));   // not executed

        const auto count = topNode(s.explainJson("SELECT count(*) FROM pw_tst.orders"));
        QCOMPARE(count.at("Node Type").get<std::string>(), std::string("Aggregate"));

        const auto analyzed = topNode(s.explainJson("SELECT count(*) FROM pw_tst.orders WHERE status = 'paid'", true));
        QCOMPARE(analyzed.at("Actual Rows").get<double>(), 1.0);
        QVERIFY(analyzed.contains("Shared Hit Blocks"));   // BUFFERS
    }

    void explainPreparedStatement()
    {
        REQUIRE_PG();
        PgSession s(m_uri);
        s.query("PREPARE pw_by_id AS SELECT * FROM pw_tst.orders WHERE id = $1");
        QCOMPARE(topNode(s.explainJson("EXECUTE pw_by_id(42)")).at("Node Type").get<std::string>(), std::string("Index Scan"));
        // With ANALYZE it would run whatever was prepared: refused.
        QCOMPARE(failureOf([&] { s.explainJson("EXECUTE pw_by_id(42)", true); }), kindName(ErrorKind::Refused));
    }

    void refusesTwoStatementsAndNonQueries()
    {
        REQUIRE_PG();
        PgSession s(m_uri);
        QCOMPARE(failureOf([&] { s.explainJson("SELECT 1; SELECT 2"); }), kindName(ErrorKind::Refused));
        QCOMPARE(failureOf([&] { s.explainJson("SELECT 1; DELETE FROM pw_tst.orders", true); }), kindName(ErrorKind::Refused));
        QCOMPARE(failureOf([&] { s.explainJson("DROP TABLE pw_tst.orders"); }), kindName(ErrorKind::Refused));
        QCOMPARE(failureOf([&] { s.explainJson("SELECT * FROM pw_tst.no_such_table"); }), kindName(ErrorKind::QueryFailed));
        QCOMPARE(adminCount("SELECT count(*) FROM pw_tst.orders"), 20000LL);
    }

    void explainAnalyzeDeleteLeavesRows()
    {
        REQUIRE_PG();
        PgSession s(m_uri);
        const auto plan = topNode(s.explainJson("DELETE FROM pw_tst.orders WHERE id <= 100", true));
        QCOMPARE(plan.at("Node Type").get<std::string>(), std::string("ModifyTable"));
        QCOMPARE(plan.at("Operation").get<std::string>(), std::string("Delete"));
        QCOMPARE(plan.at("Plans").at(0).at("Actual Rows").get<double>(), 100.0);   // it really ran...
        QCOMPARE(adminCount("SELECT count(*) FROM pw_tst.orders"), 20000LL);         // ...and was rolled back

        // A writable CTE too, and the session is still usable and read-only afterwards.
        s.explainJson("WITH d AS (DELETE FROM pw_tst.orders WHERE id > 19000 RETURNING id) SELECT count(*) FROM d", true);
        QCOMPARE(adminCount("SELECT count(*) FROM pw_tst.orders"), 20000LL);
        QCOMPARE(s.query("SELECT current_setting('transaction_read_only')").at(0).at(0).value_or(""), std::string("on"));
    }

    void explainAnalyzeCancelledHalfWayLeavesRows()
    {
        REQUIRE_PG();
        PgSession s(m_uri);
        s.setStatementTimeout(std::chrono::milliseconds(300));
        // Deletes rows one by one, slowly: the timeout fires with rows already deleted.
        QCOMPARE(failureOf([&] {
                     s.explainJson("DELETE FROM pw_tst.orders WHERE id IN (SELECT id FROM pw_tst.orders ORDER BY id)"
                                   " AND pg_sleep(0.001)::text = ''",
                                   true);
                 }),
                 kindName(ErrorKind::Timeout));
        QCOMPARE(adminCount("SELECT count(*) FROM pw_tst.orders"), 20000LL);
        // The session recovered: no transaction left open.
        QCOMPARE(s.query("SELECT 1").at(0).at(0).value_or(""), std::string("1"));
    }

    void explainAnalyzeCancelledFromAnotherThread()
    {
        REQUIRE_PG();
        std::promise<int> pid;
        QString failure;
        // The session lives in its own thread; the main thread cancels it half-way.
        std::thread worker([&] {
            std::unique_ptr<PgSession> session;
            failure = failureOf([&] { session = std::make_unique<PgSession>(m_uri); });
            pid.set_value(session ? session->backendPid() : 0);   // 0: never block the main thread
            if (!session)
                return;
            PgSession& s = *session;
            s.setStatementTimeout(std::chrono::milliseconds(0));
            failure = failureOf([&] {
                s.explainJson("DELETE FROM pw_tst.orders WHERE id IN (SELECT id FROM pw_tst.orders ORDER BY id)"
                              " AND pg_sleep(0.001)::text = ''",
                              true);
            });
        });
        const int backend = pid.get_future().get();
        if (backend == 0) {
            worker.join();
            QFAIL(qPrintable("the worker could not connect: " + failure));
        }
        QTest::qWait(400);   // rows are being deleted by now
        const bool signalled = PgSession::cancel(connectors::parseConnectionTarget(m_uri), backend);
        worker.join();
        QVERIFY(signalled);
        QCOMPARE(failure, kindName(ErrorKind::Cancelled));
        QCOMPARE(adminCount("SELECT count(*) FROM pw_tst.orders"), 20000LL);
    }

    void warnsWhenPreferFallsBackToPlainText()
    {
        REQUIRE_PG();
        PgSession prefer(m_uri + (m_uri.find('?') == std::string::npos ? "?" : "&") + "sslmode=prefer");
        QCOMPARE(prefer.warnings().size(), size_t(1));
        QVERIFY(prefer.warnings()[0].find("not encrypted") != std::string::npos);
        PgSession disabled(m_uri + (m_uri.find('?') == std::string::npos ? "?" : "&") + "sslmode=disable");
        QVERIFY(disabled.warnings().empty());   // the user asked for plain text
        QCOMPARE(failureOf([&] { PgSession s(m_uri + (m_uri.find('?') == std::string::npos ? "?" : "&") + "sslmode=require"); }),
                 kindName(ErrorKind::TlsFailed));   // the test server has no TLS
    }

    void analyzeRefusedWhereRollbackCannotUndo()
    {
        REQUIRE_PG();
        PgSession s(m_uri);
        const long long before = adminCount("SELECT last_value FROM pw_tst.customers_id_seq");
        // serial column: the INSERT would advance the sequence for good.
        QCOMPARE(failureOf([&] { s.explainJson("INSERT INTO pw_tst.customers (email) VALUES ('x@y')", true); }),
                 kindName(ErrorKind::Refused));
        QCOMPARE(failureOf([&] { s.explainJson("SELECT nextval('pw_tst.customers_id_seq')", true); }), kindName(ErrorKind::Refused));
        QCOMPARE(adminCount("SELECT last_value FROM pw_tst.customers_id_seq"), before);
        // Without ANALYZE nothing runs, so it is allowed.
        QCOMPARE(topNode(s.explainJson("INSERT INTO pw_tst.customers (email) VALUES ('x@y')")).at("Node Type").get<std::string>(),
                 std::string("ModifyTable"));
        // A SELECT that writes through a function meets the read-only transaction.
        QCOMPARE(failureOf([&] { s.explainJson("SELECT pw_tst.sneaky_delete()", true); }), kindName(ErrorKind::Refused));
        QCOMPARE(adminCount("SELECT count(*) FROM pw_tst.orders"), 20000LL);
    }

    void statementsCarryTheMarker()
    {
        REQUIRE_PG();
        const QString logPath = qEnvironmentVariable("PLANWISE_TEST_PG_LOG");
        QFile log(logPath);
        if (logPath.isEmpty() || !log.open(QIODevice::ReadOnly))
            QSKIP("PLANWISE_TEST_PG_LOG is not set or not readable");
        log.seek(log.size());
        QByteArray pid;
        {
            PgSession s(m_uri);
            s.explainJson("SELECT 'marker-probe-7f3a' AS probe", true);
            pid = "[" + QByteArray::fromStdString(s.query("SELECT pg_backend_pid()").at(0).at(0).value_or("")) + "]";
        }
        QTest::qWait(300);   // the logging collector writes asynchronously
        const QList<QByteArray> lines = log.readAll().split('\n');
        int statements = 0;
        for (const QByteArray& line : lines) {
            const int at = line.indexOf("statement: ");
            if (at < 0 || !line.contains(pid))   // only the session's backend, not the admin connection
                continue;
            ++statements;
            QVERIFY2(line.mid(at + 11).startsWith("/* planwise */"), line.constData());
        }
        QVERIFY2(statements >= 4, "expected SET, SHOW, BEGIN, EXPLAIN and ROLLBACK in the log");
    }

    void catalogOfSchema()
    {
        REQUIRE_PG();
        PgSession s(m_uri);
        const catalog::Catalog cat = s.readCatalog();
        QCOMPARE(cat.dialect, Dialect::PostgreSQL);
        QVERIFY(!cat.serverVersion.empty());

        const catalog::Table* orders = cat.table("pw_tst.orders");
        QVERIFY(orders);
        QCOMPARE(orders->schema, std::string("pw_tst"));
        QCOMPARE(orders->rowCount.value_or(0), 20000.0);
        QVERIFY(orders->sizeBytes.value_or(0) > 0);
        QVERIFY(orders->inserts.value_or(0) >= 20000);
        QVERIFY(orders->hotUpdates.has_value());
        QCOMPARE(orders->columns.size(), size_t(6));
        QCOMPARE(orders->columns[3].name, std::string("total"));
        QCOMPARE(orders->columns[3].type, std::string("numeric(10,2)"));
        QVERIFY(!orders->column("customer_id")->nullable);
        QVERIFY(orders->column("note")->nullable);
        QCOMPARE(orders->column("status")->stats.nDistinct.value_or(0), 4.0);
        QVERIFY(std::abs(orders->column("id")->stats.nDistinct.value_or(0) - 20000.0) < 1.0);   // -1 made absolute
        QCOMPARE(orders->column("status")->stats.nullFraction.value_or(-1), 0.0);

        QCOMPARE(orders->foreignKeys.size(), size_t(1));
        QCOMPARE(orders->foreignKeys[0].columns, std::vector<std::string>{"customer_id"});
        QCOMPARE(orders->foreignKeys[0].refTable, std::string("pw_tst.customers"));   // qualified outside public
        QCOMPARE(orders->foreignKeys[0].refColumns, std::vector<std::string>{"id"});

        // Other tests may have their own schemas in this database: look in pw_tst only.
        auto find = [&](const std::string& name) -> const catalog::Index* {
            for (const auto& i : cat.indexes)
                if (i.name == name && i.schema == "pw_tst")
                    return &i;
            return nullptr;
        };
        const auto* pkey = find("orders_pkey");
        QVERIFY(pkey && pkey->primary && pkey->unique && pkey->valid);
        QCOMPARE(pkey->table, std::string("orders"));
        QCOMPARE(pkey->schema, std::string("pw_tst"));
        QVERIFY(pkey->sizeBytes.value_or(0) > 0);
        QVERIFY(pkey->scans.has_value());

        const auto* composite = find("orders_customer_created");
        QVERIFY(composite);
        QCOMPARE(composite->columns.size(), size_t(2));
        QCOMPARE(composite->columns[0].column, std::string("customer_id"));
        QVERIFY(!composite->columns[0].descending);
        QCOMPARE(composite->columns[1].column, std::string("created_at"));
        QVERIFY(composite->columns[1].descending);
        QCOMPARE(composite->method, std::string("btree"));

        const auto* partial = find("orders_open");
        QVERIFY(partial);
        QCOMPARE(partial->predicate, std::string("status <> 'done'::text"));

        const auto* expression = find("customers_lower_email");
        QVERIFY(expression);
        QVERIFY(expression->columns.at(0).column.empty());
        QCOMPARE(expression->columns[0].expression, std::string("lower(email)"));

        const auto* include = find("orders_created_incl");
        QVERIFY(include);
        QCOMPARE(include->columns.size(), size_t(1));
        QCOMPARE(include->include, std::vector<std::string>{"total"});

        const auto* invalid = find("customers_region_broken");
        QVERIFY(invalid);
        QVERIFY(!invalid->valid);
        QVERIFY(invalid->unique);

        QCOMPARE(cat.indexesOf("pw_tst.orders").size(), size_t(4));
        const bool noted = std::any_of(cat.notes.begin(), cat.notes.end(),
                                       [](const std::string& n) { return n.find("never_analyzed") != std::string::npos; });
        QVERIFY(noted);
    }

    void catalogDegradesWithoutPrivileges()
    {
        REQUIRE_PG();
        const QString limitedUri = qEnvironmentVariable("PLANWISE_TEST_PG_LIMITED");
        if (limitedUri.isEmpty())
            QSKIP("PLANWISE_TEST_PG_LIMITED is not set");
        PgSession s(limitedUri.toStdString());
        const catalog::Catalog cat = s.readCatalog();
        const catalog::Table* orders = cat.table("pw_tst.orders");
        QVERIFY(orders);   // pg_catalog is readable by everyone
        QVERIFY(!orders->column("status")->stats.nDistinct.has_value());   // pg_stats hides it: unknown, not 0
        const bool noted = std::any_of(cat.notes.begin(), cat.notes.end(), [](const std::string& n) {
            return n.find("pw_tst.orders") != std::string::npos && n.find("hidden") != std::string::npos;
        });
        QVERIFY(noted);
        // A table it may not read: EXPLAIN is a typed PermissionDenied.
        QCOMPARE(failureOf([&] { s.explainJson("SELECT * FROM pw_tst.orders"); }), kindName(ErrorKind::PermissionDenied));
    }

    void whatIfChangesPlanAndResets()
    {
        REQUIRE_PG();
        PgSession s(m_uri);
        PgWhatIf whatIf(s);
        QVERIFY(!whatIf.hypopgVersion().empty());
        QVERIFY2(whatIf.notes().empty(), "test server loads hypopg first");

        const std::string sql = "SELECT * FROM pw_tst.orders WHERE note = 'n123'";
        const WhatIfResult r = whatIf.evaluate(sql, {"CREATE INDEX ON pw_tst.orders (note)"});
        QCOMPARE(topNode(r.planBefore).at("Node Type").get<std::string>(), std::string("Seq Scan"));
        QCOMPARE(topNode(r.planAfter).at("Node Type").get<std::string>(), std::string("Index Scan"));
        QCOMPARE(r.indexes.size(), size_t(1));
        QVERIFY(r.indexes[0].name.find("orders_note") != std::string::npos);
        QVERIFY(r.indexes[0].sizeBytes.value_or(0) > 8192);
        QCOMPARE(r.usedIndexes, std::vector<std::string>{r.indexes[0].name});
        QVERIFY(r.costAfter < r.costBefore / 10);
        QVERIFY(r.improvement() > 0.9);

        // Asked again, the answer comes from the cache; another candidate list is evaluated anew.
        QCOMPARE(whatIf.evaluate(sql, {"CREATE INDEX ON pw_tst.orders (note)"}).costAfter, r.costAfter);
        QCOMPARE(whatIf.cacheHits(), size_t(1));
        const WhatIfResult other = whatIf.evaluate(sql, {"CREATE INDEX ON pw_tst.orders (status)"});
        QVERIFY(other.costAfter >= r.costBefore * 0.5);
        QCOMPARE(whatIf.cacheHits(), size_t(1));
        // The plan without candidates was asked for once, for both candidate lists.
        QCOMPARE(whatIf.beforePlans(), size_t(1));
        QCOMPARE(other.costBefore, r.costBefore);
        QCOMPARE(other.planBefore, r.planBefore);

        // Nothing hypothetical remains: in this session, nor in a fresh plan.
        QVERIFY(whatIf.list().empty());
        QCOMPARE(s.query("SELECT count(*) FROM hypopg()").at(0).at(0).value_or(""), std::string("0"));
        QCOMPARE(topNode(s.explainJson(sql)).at("Node Type").get<std::string>(), std::string("Seq Scan"));
        // No real index was made either.
        QCOMPARE(adminCount("SELECT count(*) FROM pg_indexes WHERE schemaname = 'pw_tst' AND tablename = 'orders'"), 4LL);
    }

    void whatIfCreateListReset()
    {
        REQUIRE_PG();
        PgSession s(m_uri);
        {
            PgWhatIf whatIf(s);
            const auto idx = whatIf.create("CREATE INDEX ON pw_tst.orders (status, created_at)");
            QVERIFY(idx.oid > 0);
            const auto listed = whatIf.list();
            QCOMPARE(listed.size(), size_t(1));
            QCOMPARE(listed[0].name, idx.name);
            QVERIFY(listed[0].ddl.find("status, created_at") != std::string::npos);
            QCOMPARE(failureOf([&] { whatIf.create("DROP TABLE pw_tst.orders"); }), kindName(ErrorKind::Refused));
            QCOMPARE(failureOf([&] { whatIf.create("CREATE INDEX ON pw_tst.orders (note); DROP TABLE pw_tst.orders"); }),
                     kindName(ErrorKind::Refused));
            QCOMPARE(failureOf([&] { whatIf.create("CREATE INDEX ON pw_tst.orders (no_such_column)"); }),
                     kindName(ErrorKind::QueryFailed));
        }
        // The destructor reset the session.
        QCOMPARE(s.query("SELECT count(*) FROM hypopg()").at(0).at(0).value_or(""), std::string("0"));
        QCOMPARE(adminCount("SELECT count(*) FROM pw_tst.orders"), 20000LL);
    }

    void whatIfUnsupportedWithoutExtension()
    {
        REQUIRE_PG();
        PgSession s(withParts(m_uri, {}, {}, "postgres"));   // hypopg is created only in planwise_test
        try {
            PgWhatIf whatIf(s);
            QFAIL("no Unsupported error");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.kind(), ErrorKind::Unsupported);
            QVERIFY2(std::string(e.what()).find("CREATE EXTENSION hypopg") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TstPgSession)
#include "tst_pg_session.moc"
