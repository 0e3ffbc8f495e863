// planwise-cli advise against the real test servers: a table without the index
// its workload needs gets a recommendation validated by the engine's what-if,
// and the user's database is left exactly as it was.
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
};

QTEST_GUILESS_MAIN(TestAdviseServers)
#include "tst_advise_servers.moc"
