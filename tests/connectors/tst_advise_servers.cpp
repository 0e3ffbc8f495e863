// planwise-cli advise against the real test servers: a table without the index
// its workload needs gets a recommendation validated by the engine's what-if,
// and the user's database is left exactly as it was.
#include "analyzer/sql/fingerprint.h"
#include "common/mysql_admin.h"
#include "common/test_env.h"
#include "connectors/advise.h"

#include <QTemporaryDir>
#include <QTest>

#include <pqxx/pqxx>

#include <fstream>

using namespace planwise;

namespace {

// A slow log of two executions of one lookup by an unindexed column.
std::string writeLog(const QTemporaryDir& dir, const std::string& table)
{
    const std::string path = dir.filePath("workload.log").toStdString();
    std::ofstream f(path);
    for (int i = 0; i < 2; ++i)
        f << "# Time: 2026-01-01T08:00:0" << i << ".000000Z\n"
          << "# User@Host: app[app] @ app01 [10.0.0.1]  Id: 1\n"
          << "# Query_time: 0.020000  Lock_time: 0.000000 Rows_sent: 5  Rows_examined: 50000\n"
          << "SET timestamp=176725440" << i << ";\n"
          << "SELECT id, status FROM " << table << " WHERE customer_id = " << 40 + i << ";\n";
    return path;
}

} // namespace

class TestAdviseServers : public QObject {
    Q_OBJECT
private slots:
    void postgresWithHypoPg()
    {
        QString uri;
        PW_REQUIRE_SERVER("PLANWISE_TEST_PG", uri);
        // The fixture is made over a separate connection: the advisor's own is read-only.
        pqxx::connection admin(uri.toStdString());
        {
            pqxx::work w(admin);
            w.exec("DROP SCHEMA IF EXISTS pw_advise CASCADE");
            w.exec("CREATE SCHEMA pw_advise");
            w.exec("CREATE TABLE pw_advise.orders (id bigserial PRIMARY KEY, customer_id int NOT NULL, "
                   "status text NOT NULL)");
            w.exec("INSERT INTO pw_advise.orders (customer_id, status) SELECT (g * 7919) % 10000, "
                   "(ARRAY['new','paid','shipped'])[1 + g % 3] FROM generate_series(1, 50000) g");
            w.exec("ANALYZE pw_advise.orders");
            w.commit();
        }
        QTemporaryDir dir;
        connectors::AdviseRequest req;
        req.database = uri.toStdString();
        req.logs = {writeLog(dir, "pw_advise.orders")};
        const auto run = connectors::runAdvice(req);

        QCOMPARE(run.ingest.workload.events, uint64_t(2));
        QCOMPARE(run.advice.recommendations.size(), size_t(1));
        const auto& rec = run.advice.recommendations.front();
        QCOMPARE(QString::fromStdString(rec.index.name), QStringLiteral("idx_orders_customer_id"));
        QVERIFY(rec.validated);
        QVERIFY(QString::fromStdString(rec.validation).contains("HypoPG"));
        QVERIFY(rec.estimatedSizeBytes && *rec.estimatedSizeBytes > 0);
        const auto& q = rec.queries.front();
        QVERIFY2(QString::fromStdString(q.planBefore).contains("Seq Scan"), q.planBefore.c_str());
        QVERIFY2(QString::fromStdString(q.planAfter).contains("idx_orders_customer_id"), q.planAfter.c_str());
        QVERIFY(q.costBefore && q.costAfter && *q.costAfter < *q.costBefore);
        QCOMPARE(QString::fromStdString(rec.ddl),
                 QStringLiteral("CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_customer_id ON pw_advise.orders "
                                "(customer_id);"));

        // Nothing was created for real.
        pqxx::work check(admin);
        const auto n = check.exec1("SELECT count(*) FROM pg_indexes WHERE schemaname = 'pw_advise'")[0].as<int>();
        QCOMPARE(n, 1); // the primary key only
        check.exec("DROP SCHEMA pw_advise CASCADE");
        check.commit();
    }

    void postgresFromPgStatStatements()
    {
        QString uri;
        PW_REQUIRE_SERVER("PLANWISE_TEST_PG", uri);
        pqxx::connection admin(uri.toStdString());
        {
            pqxx::work w(admin);
            w.exec("DROP SCHEMA IF EXISTS pw_pgss CASCADE");
            w.exec("CREATE SCHEMA pw_pgss");
            w.exec("CREATE TABLE pw_pgss.events (id bigserial PRIMARY KEY, device_id int NOT NULL, kind text)");
            w.exec("INSERT INTO pw_pgss.events (device_id, kind) SELECT g % 5000, 'k' || (g % 7) "
                   "FROM generate_series(1, 60000) g");
            w.exec("ANALYZE pw_pgss.events");
            w.commit();
        }
        // The workload: executions the server records in pg_stat_statements (normalized to $1).
        for (int i = 0; i < 20; ++i) {
            pqxx::work w(admin);
            w.exec("SELECT id, kind FROM pw_pgss.events WHERE device_id = " + std::to_string(i));
            w.commit();
        }
        connectors::AdviseRequest req;
        req.database = uri.toStdString();
        req.advisor.maxClasses = 10000;
        const auto run = connectors::runAdvice(req);
        QCOMPARE(run.ingest.workload.files, std::vector<std::string>{"pg_stat_statements"});
        const advisor::Recommendation* rec = nullptr;
        for (const auto& r : run.advice.recommendations)
            if (r.index.schema == "pw_pgss")
                rec = &r;
        QVERIFY2(rec, "no recommendation for pw_pgss.events");
        QCOMPARE(QString::fromStdString(rec->index.name), QStringLiteral("idx_events_device_id"));
        QVERIFY(rec->validated);
        const auto& q = rec->queries.front();
        QVERIFY2(QString::fromStdString(q.sample).contains("$1"), q.sample.c_str()); // normalized text, generic plan
        QVERIFY(q.count >= 20);
        QVERIFY2(QString::fromStdString(q.planBefore).contains("Seq Scan"), q.planBefore.c_str());
        QVERIFY2(QString::fromStdString(q.planAfter).contains("idx_events_device_id (hypothetical)"), q.planAfter.c_str());
        pqxx::work w(admin);
        w.exec("DROP SCHEMA pw_pgss CASCADE");
        w.commit();
    }

    void mariadbWithCostModel()
    {
        QString uri;
        PW_REQUIRE_SERVER("PLANWISE_TEST_MYSQL", uri);
        // The fixture is made over a separate connection: the advisor's own is read-only.
        auto admin = testenv::mysqlAdmin(uri);
        std::unique_ptr<::sql::Statement> st(admin->createStatement());
        st->execute("DROP TABLE IF EXISTS pw_advise_orders");
        st->execute("CREATE TABLE pw_advise_orders (id INT AUTO_INCREMENT PRIMARY KEY, customer_id INT NOT NULL, "
                    "status VARCHAR(16) NOT NULL) ENGINE=InnoDB");
        st->execute("INSERT INTO pw_advise_orders (customer_id, status) SELECT (seq * 7919) % 10000, "
                    "ELT(1 + seq % 3, 'new', 'paid', 'shipped') FROM seq_1_to_50000");
        testenv::mysqlDrain(*st, "ANALYZE TABLE pw_advise_orders PERSISTENT FOR ALL");

        QTemporaryDir dir;
        connectors::AdviseRequest req;
        req.database = uri.toStdString();
        req.logs = {writeLog(dir, "pw_advise_orders")};
        const auto run = connectors::runAdvice(req);
        QCOMPARE(run.advice.recommendations.size(), size_t(1));
        const auto& rec = run.advice.recommendations.front();
        QCOMPARE(QString::fromStdString(rec.index.name), QStringLiteral("idx_pw_advise_orders_customer_id"));
        QVERIFY(QString::fromStdString(rec.validation).contains("estimates"));
        const auto& q = rec.queries.front();
        QVERIFY2(QString::fromStdString(q.planBefore).contains("pw_advise_orders: full scan"), q.planBefore.c_str());
        // InnoDB's row count is itself an estimate: near 50,000, not exact.
        QVERIFY(q.costBefore && *q.costBefore > 40000 && *q.costBefore < 60000);
        QVERIFY(q.costAfter && *q.costAfter < *q.costBefore / 100);
        QVERIFY(QString::fromStdString(rec.ddl).endsWith("ALGORITHM=INPLACE, LOCK=NONE;"));

        // Nothing was created for real.
        std::unique_ptr<::sql::ResultSet> rs(st->executeQuery(
            "SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
            "AND TABLE_NAME = 'pw_advise_orders' AND INDEX_NAME <> 'PRIMARY'"));
        QVERIFY(rs->next());
        QCOMPARE(rs->getInt(1), 0);
        // The same workload as the server recorded it (performance_schema digests, values as ?).
        for (int i = 0; i < 20; ++i)
            testenv::mysqlDrain(*st, "SELECT id, status FROM pw_advise_orders WHERE customer_id = " + std::to_string(i));
        connectors::AdviseRequest fromServer;
        fromServer.database = uri.toStdString();
        fromServer.advisor.maxClasses = 10000;
        const auto srv = connectors::runAdvice(fromServer);
        QCOMPARE(srv.ingest.workload.files,
                 std::vector<std::string>{"performance_schema.events_statements_summary_by_digest"});
        const advisor::Recommendation* fromDigest = nullptr;
        for (const auto& r : srv.advice.recommendations)
            if (r.index.table == "pw_advise_orders")
                fromDigest = &r;
        QVERIFY2(fromDigest, "no recommendation from the performance_schema digest");
        // The digest's class is the one the slow log gives the same statement (same fingerprint, same ID).
        const std::string logged = planwise::sql::fingerprint("SELECT id, status FROM pw_advise_orders WHERE customer_id = 7");
        const auto digestClass = std::find_if(srv.ingest.workload.classes.begin(), srv.ingest.workload.classes.end(),
                                              [&](const workload::QueryClass& c) { return c.fingerprint == logged; });
        QVERIFY2(digestClass != srv.ingest.workload.classes.end(), logged.c_str());
        QCOMPARE(digestClass->checksum, planwise::sql::queryChecksum(logged));
        QVERIFY(digestClass->count >= 20);
        QCOMPARE(QString::fromStdString(fromDigest->index.name), QStringLiteral("idx_pw_advise_orders_customer_id"));
        QVERIFY(QString::fromStdString(fromDigest->queries.front().sample).contains("?"));
        st->execute("DROP TABLE pw_advise_orders");
    }
};

QTEST_GUILESS_MAIN(TestAdviseServers)
#include "tst_advise_servers.moc"
