// A PostgreSQL log split into blocks for parallel parsing: a cut never falls
// between an auto_explain plan and the statement it belongs to, so every
// sample keeps its plan whatever the block size and thread count.
#include "analyzer/workload/ingest.h"

#include <QTest>

#include <fmt/format.h>

using namespace planwise;

namespace {

// `pairs` executions, each logged as auto_explain's plan (JSON, tab continuations) then its statement.
std::string planThenStatementLog(int pairs)
{
    std::string log;
    for (int i = 0; i < pairs; ++i) {
        const int pid = 1000 + i % 3;
        const std::string ts = fmt::format("2026-11-25 10:{:02}:{:02}.{:03} UTC", (i / 60) % 60, i % 60, i % 1000);
        log += fmt::format("{} [{}] app@shop LOG:  duration: 0.{:03} ms  plan:\n", ts, pid, 100 + i % 800);
        log += fmt::format("\t{{\n\t  \"Query Text\": \"SELECT * FROM orders WHERE id = {}\",\n", i);
        log += "\t  \"Plan\": {\n\t    \"Node Type\": \"Index Scan\",\n\t    \"Relation Name\": \"orders\"\n\t  }\n\t}\n";
        log += fmt::format("{} [{}] app@shop LOG:  duration: 0.{:03} ms  statement: SELECT * FROM orders WHERE id = {}\n",
                           ts, pid, 200 + i % 700, i);
    }
    return log;
}

} // namespace

class TestPgLogBlocks : public QObject {
    Q_OBJECT
private slots:
    void plansStayWithTheirStatements_data()
    {
        QTest::addColumn<int>("blockBytes");
        QTest::addColumn<int>("threads");
        QTest::newRow("one block") << (8 << 20) << 1;
        QTest::newRow("a cut every few entries, 1 thread") << 700 << 1;
        QTest::newRow("a cut every few entries, 2 threads") << 700 << 2;
        QTest::newRow("a cut at nearly every entry") << 64 << 2;
    }

    void plansStayWithTheirStatements()
    {
        QFETCH(int, blockBytes);
        QFETCH(int, threads);
        const std::string log = planThenStatementLog(300);
        workload::IngestOptions opts;
        opts.format = *workload::parseLogFormat("stderr");
        opts.blockBytes = size_t(blockBytes);
        opts.threads = unsigned(threads);
        const auto r = workload::ingestText(log, "blocks.log", opts);
        QCOMPARE(r.workload.events, uint64_t(300)); // plans are never executions
        QCOMPARE(r.workload.classes.size(), size_t(1));
        const auto& qc = r.workload.classes.front();
        QCOMPARE(qc.count, uint64_t(300));
        // The slowest statement is the last one (0.499 ms, id = 299); its own plan, logged just before it, is attached.
        QCOMPARE(qc.example.query, std::string("SELECT * FROM orders WHERE id = 299"));
        QVERIFY2(!qc.example.explain.empty(), "the slowest sample lost its auto_explain plan at a block cut");
        std::string plan;
        for (const auto& l : qc.example.explain)
            plan += l;
        QVERIFY2(plan.find("id = 299") != std::string::npos, plan.c_str());
    }
};

QTEST_GUILESS_MAIN(TestPgLogBlocks)
#include "tst_pg_log_blocks.moc"
