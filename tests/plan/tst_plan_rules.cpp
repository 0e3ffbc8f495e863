// Each plan rule with a plan that fires it and one that does not.
#include "analyzer/plan/plan.h"
#include "analyzer/plan/plan_rules.h"

#include <QFile>
#include <QtTest>

#include <functional>
#include <set>

using namespace planwise;
using namespace planwise::plan;

class TestPlanRules : public QObject {
    Q_OBJECT

private slots:
    void registryHasStableUniqueIds();
    void estimateError();
    void sortSpill();
    void hashSpill();
    void lossyBitmap();
    void filterRemovesRows();
    void indexPostFilter();
    void heapFetches();
    void nestedLoopScan();
    void dominantNode();
    void workersShort();
    void jitDominant();
    void planningDominant();
    void mysqlFullScan();
    void mysqlFilesort();
    void mysqlTemporary();
    void mysqlDependentSubquery();
    void mysqlJoinBuffer();
    void mysqlRangeChecked();
    void checkPlanOrdersBySeverity();
};

namespace {

PlanNode node(std::string op, AccessKind access, std::string relation = {})
{
    PlanNode n;
    n.operation = std::move(op);
    n.access = access;
    n.relation = std::move(relation);
    return n;
}

// A node with executed figures: rows and time per loop.
PlanNode executed(PlanNode n, double rows, double ms, double loops = 1, std::optional<double> planRows = {})
{
    n.actualRows = rows;
    n.actualTotalMs = ms;
    n.actualStartupMs = 0.0;
    n.loops = loops;
    n.planRows = planRows ? planRows : std::optional<double>(rows);
    return n;
}

Plan planOf(Dialect d, std::vector<std::pair<PlanNode, int>> nodes)
{
    Plan p;
    p.dialect = d;
    for (auto& [n, parent] : nodes)
        p.addNode(std::move(n), parent);
    derivePlan(p);
    return p;
}

std::vector<Finding> run(const char* id, const Plan& p, const RuleOptions& o = {})
{
    auto rule = makePlanRule(id);
    if (!rule)
        return {};
    rule->configure(o);
    RuleContext ctx;
    ctx.dialect = p.dialect;
    ctx.plan = &p;
    std::vector<Finding> out;
    rule->check(ctx, out);
    return out;
}

bool hasEvidence(const Finding& f, const std::string& label)
{
    for (const auto& e : f.evidence)
        if (e.label == label && !e.value.empty())
            return true;
    return false;
}

} // namespace

void TestPlanRules::registryHasStableUniqueIds()
{
    RuleList rules;
    registerPlanRules(rules);
    std::set<std::string> ids;
    for (const auto& r : rules) {
        QVERIFY(r->id().rfind("plan.", 0) == 0);
        QVERIFY(!r->summary().empty());
        QVERIFY2(ids.insert(r->id()).second, r->id().c_str());
        // Every rule has its doc page.
        const QString doc = QStringLiteral(PLANWISE_SOURCE_DIR "/docs/rules/") + QString::fromStdString(r->id()) + ".md";
        QVERIFY2(QFile::exists(doc), qPrintable(doc));
    }
    for (const char* id : {"plan.estimate-error", "plan.sort-spill", "plan.hash-spill", "plan.lossy-bitmap",
                           "plan.filter-removes-rows", "plan.index-post-filter", "plan.heap-fetches",
                           "plan.nested-loop-scan", "plan.dominant-node", "plan.workers-short", "plan.jit-dominant",
                           "plan.planning-dominant", "plan.mysql-full-scan", "plan.mysql-filesort",
                           "plan.mysql-temporary", "plan.mysql-dependent-subquery", "plan.mysql-join-buffer",
                           "plan.mysql-range-checked"})
        QVERIFY2(ids.count(id), id);
    // A rule given no plan finds nothing.
    std::vector<Finding> out;
    for (const auto& r : rules)
        r->check(RuleContext{}, out);
    QVERIFY(out.empty());
    QVERIFY(!makePlanRule("plan.no-such-rule"));
}

void TestPlanRules::estimateError()
{
    const Plan bad = planOf(Dialect::PostgreSQL,
                            {{executed(node("Seq Scan", AccessKind::FullScan, "t"), 50000, 10, 1, 10), -1}});
    auto f = run("plan.estimate-error", bad);
    QCOMPARE(f.size(), size_t(1));
    QCOMPARE(f[0].severity, FindingSeverity::High);  // 5000x: >= 1000 band
    QCOMPARE(f[0].nodeId, 0);
    QVERIFY(hasEvidence(f[0], "estimated rows") && hasEvidence(f[0], "actual rows"));
    QVERIFY(f[0].title.find("too low") != std::string::npos);

    const Plan ok = planOf(Dialect::PostgreSQL,
                           {{executed(node("Seq Scan", AccessKind::FullScan, "t"), 50000, 10, 1, 20000), -1}});
    QVERIFY(run("plan.estimate-error", ok).empty());
    // Tiny row counts are not worth a finding even at 10x.
    const Plan tiny = planOf(Dialect::PostgreSQL, {{executed(node("Seq Scan", AccessKind::FullScan, "t"), 10, 1, 1, 1), -1}});
    QVERIFY(run("plan.estimate-error", tiny).empty());
    // Options change the threshold.
    RuleOptions o;
    o.set("plan.estimate-error.min-factor", "2");
    QCOMPARE(run("plan.estimate-error", ok, o).size(), size_t(1));
}

void TestPlanRules::sortSpill()
{
    PlanNode sort = executed(node("Sort", AccessKind::Sort), 1000, 50);
    sort.sort.method = "external merge";
    sort.sort.spaceType = "Disk";
    sort.sort.spaceUsedKb = 4096;
    auto f = run("plan.sort-spill", planOf(Dialect::PostgreSQL, {{sort, -1}}));
    QCOMPARE(f.size(), size_t(1));
    QVERIFY(hasEvidence(f[0], "disk"));
    QVERIFY(f[0].suggestion.find("work_mem") != std::string::npos);

    PlanNode mem = executed(node("Sort", AccessKind::Sort), 1000, 50);
    mem.sort.method = "quicksort";
    mem.sort.spaceType = "Memory";
    mem.sort.spaceUsedKb = 100;
    QVERIFY(run("plan.sort-spill", planOf(Dialect::PostgreSQL, {{mem, -1}})).empty());
    // A worker's spill counts.
    mem.workers.push_back({});
    mem.workers.back().sort.method = "external merge";
    mem.workers.back().sort.spaceType = "Disk";
    QCOMPARE(run("plan.sort-spill", planOf(Dialect::PostgreSQL, {{mem, -1}})).size(), size_t(1));
}

void TestPlanRules::hashSpill()
{
    PlanNode hash = executed(node("Hash", AccessKind::Other), 1000, 5);
    hash.hash.batches = 8;
    hash.hash.originalBatches = 1;
    auto f = run("plan.hash-spill", planOf(Dialect::PostgreSQL, {{hash, -1}}));
    QCOMPARE(f.size(), size_t(1));
    QVERIFY(hasEvidence(f[0], "batches"));

    PlanNode agg = executed(node("HashAggregate", AccessKind::Aggregate), 10, 5);
    agg.hash.batches = 1;
    agg.hash.diskUsageKb = 0;
    QVERIFY(run("plan.hash-spill", planOf(Dialect::PostgreSQL, {{agg, -1}})).empty());
    agg.hash.diskUsageKb = 2048;
    QCOMPARE(run("plan.hash-spill", planOf(Dialect::PostgreSQL, {{agg, -1}})).size(), size_t(1));
}

void TestPlanRules::lossyBitmap()
{
    PlanNode heap = executed(node("Bitmap Heap Scan", AccessKind::BitmapScan, "t"), 100, 5);
    heap.exactHeapBlocks = 100;
    heap.lossyHeapBlocks = 900;
    auto f = run("plan.lossy-bitmap", planOf(Dialect::PostgreSQL, {{heap, -1}}));
    QCOMPARE(f.size(), size_t(1));
    QCOMPARE(f[0].severity, FindingSeverity::Medium);
    heap.lossyHeapBlocks = 0;
    QVERIFY(run("plan.lossy-bitmap", planOf(Dialect::PostgreSQL, {{heap, -1}})).empty());
}

void TestPlanRules::filterRemovesRows()
{
    PlanNode scan = executed(node("Seq Scan", AccessKind::FullScan, "orders"), 10, 30);
    scan.filter = "((status = 'open'::text) AND (created_at > '2024-01-01'::date))";
    scan.rowsRemovedByFilter = 99990;
    auto f = run("plan.filter-removes-rows", planOf(Dialect::PostgreSQL, {{scan, -1}}));
    QCOMPARE(f.size(), size_t(1));
    QCOMPARE(f[0].table, std::string("orders"));
    QCOMPARE(f[0].columns, (std::vector<std::string>{"status", "created_at"}));
    QVERIFY(f[0].suggestion.find("status, created_at") != std::string::npos);

    scan.rowsRemovedByFilter = 5;  // keeps most rows: an index would not help
    QVERIFY(run("plan.filter-removes-rows", planOf(Dialect::PostgreSQL, {{scan, -1}})).empty());
}

void TestPlanRules::indexPostFilter()
{
    PlanNode idx = executed(node("Index Scan", AccessKind::IndexScan, "orders"), 100, 10);
    idx.index = "orders_customer_idx";
    idx.indexCond = "(customer_id = 42)";
    idx.filter = "(status = 'open'::text)";
    idx.rowsRemovedByFilter = 9900;
    auto f = run("plan.index-post-filter", planOf(Dialect::PostgreSQL, {{idx, -1}}));
    QCOMPARE(f.size(), size_t(1));
    QCOMPARE(f[0].columns, std::vector<std::string>{"status"});
    idx.rowsRemovedByFilter = 10;
    QVERIFY(run("plan.index-post-filter", planOf(Dialect::PostgreSQL, {{idx, -1}})).empty());
}

void TestPlanRules::heapFetches()
{
    PlanNode ios = executed(node("Index Only Scan", AccessKind::IndexOnlyScan, "t"), 10000, 10);
    ios.heapFetches = 9000;
    auto f = run("plan.heap-fetches", planOf(Dialect::PostgreSQL, {{ios, -1}}));
    QCOMPARE(f.size(), size_t(1));
    QVERIFY(f[0].suggestion.find("VACUUM") != std::string::npos);
    ios.heapFetches = 0;
    QVERIFY(run("plan.heap-fetches", planOf(Dialect::PostgreSQL, {{ios, -1}})).empty());
}

void TestPlanRules::nestedLoopScan()
{
    auto build = [](double loops) {
        PlanNode join = executed(node("Nested Loop", AccessKind::Join), 100, 500);
        PlanNode outer = executed(node("Seq Scan", AccessKind::FullScan, "a"), loops, 1);
        PlanNode inner = executed(node("Seq Scan", AccessKind::FullScan, "b"), 1, 0.4, loops);
        inner.filter = "(b.a_id = a.id)";
        inner.rowsRemovedByFilter = 999;
        return planOf(Dialect::PostgreSQL, {{join, -1}, {outer, 0}, {inner, 0}});
    };
    auto f = run("plan.nested-loop-scan", build(1000));
    QCOMPARE(f.size(), size_t(1));
    QCOMPARE(f[0].table, std::string("b"));
    QCOMPARE(f[0].severity, FindingSeverity::High);
    QVERIFY(run("plan.nested-loop-scan", build(1)).empty());
}

void TestPlanRules::dominantNode()
{
    auto build = [](double childMs) {
        return planOf(Dialect::PostgreSQL, {{executed(node("Sort", AccessKind::Sort), 10, 100), -1},
                                            {executed(node("Seq Scan", AccessKind::FullScan, "t"), 10, childMs), 0}});
    };
    auto f = run("plan.dominant-node", build(90));
    QCOMPARE(f.size(), size_t(1));
    QCOMPARE(f[0].nodeId, 1);
    QVERIFY(hasEvidence(f[0], "share"));
    // The sort's own 55 ms dominate when its input takes 45.
    QCOMPARE(run("plan.dominant-node", build(45)).size(), size_t(1));
    QCOMPARE(run("plan.dominant-node", build(45))[0].nodeId, 0);
    // Time spread over three nodes: nothing dominates.
    const Plan spread = planOf(Dialect::PostgreSQL,
                               {{executed(node("Hash Join", AccessKind::Join), 10, 100), -1},
                                {executed(node("Seq Scan", AccessKind::FullScan, "a"), 10, 40), 0},
                                {executed(node("Seq Scan", AccessKind::FullScan, "b"), 10, 40), 0}});
    QVERIFY(run("plan.dominant-node", spread).empty());
}

void TestPlanRules::workersShort()
{
    PlanNode gather = executed(node("Gather", AccessKind::Other), 10, 5);
    gather.workersPlanned = 4;
    gather.workersLaunched = 0;
    auto f = run("plan.workers-short", planOf(Dialect::PostgreSQL, {{gather, -1}}));
    QCOMPARE(f.size(), size_t(1));
    QCOMPARE(f[0].severity, FindingSeverity::Medium);
    gather.workersLaunched = 4;
    QVERIFY(run("plan.workers-short", planOf(Dialect::PostgreSQL, {{gather, -1}})).empty());
}

void TestPlanRules::jitDominant()
{
    Plan p = planOf(Dialect::PostgreSQL, {{executed(node("Seq Scan", AccessKind::FullScan, "t"), 10, 20), -1}});
    p.executionMs = 100;
    p.jit = Jit{};
    p.jit->totalMs = 60;
    p.jit->functions = 20;
    auto f = run("plan.jit-dominant", p);
    QCOMPARE(f.size(), size_t(1));
    QCOMPARE(f[0].severity, FindingSeverity::High);
    p.jit->totalMs = 5;
    QVERIFY(run("plan.jit-dominant", p).empty());
}

void TestPlanRules::planningDominant()
{
    Plan p = planOf(Dialect::PostgreSQL, {{executed(node("Result", AccessKind::Other), 1, 0.1), -1}});
    p.planningMs = 25;
    p.executionMs = 0.2;
    auto f = run("plan.planning-dominant", p);
    QCOMPARE(f.size(), size_t(1));
    QVERIFY(hasEvidence(f[0], "planning time"));
    p.planningMs = 0.1;
    QVERIFY(run("plan.planning-dominant", p).empty());
}

void TestPlanRules::mysqlFullScan()
{
    PlanNode t = node("Full table scan", AccessKind::FullScan, "orders");
    t.planRowsExamined = 200000;
    t.filter = "(`shop`.`orders`.`status` = 'open')";
    auto f = run("plan.mysql-full-scan", planOf(Dialect::MySQL, {{t, -1}}));
    QCOMPARE(f.size(), size_t(1));
    QCOMPARE(f[0].columns, std::vector<std::string>{"status"});
    // Not for PostgreSQL plans, not for small tables, not for derived tables.
    QVERIFY(run("plan.mysql-full-scan", planOf(Dialect::PostgreSQL, {{t, -1}})).empty());
    t.planRowsExamined = 50;
    QVERIFY(run("plan.mysql-full-scan", planOf(Dialect::MySQL, {{t, -1}})).empty());
    PlanNode d = node("Full table scan", AccessKind::FullScan, "<derived2>");
    d.planRowsExamined = 200000;
    QVERIFY(run("plan.mysql-full-scan", planOf(Dialect::MySQL, {{d, -1}})).empty());
}

void TestPlanRules::mysqlFilesort()
{
    PlanNode t = node("Full table scan", AccessKind::FullScan, "t");
    t.usingFilesort = true;
    QCOMPARE(run("plan.mysql-filesort", planOf(Dialect::MySQL, {{t, -1}})).size(), size_t(1));
    t.usingFilesort = false;
    QVERIFY(run("plan.mysql-filesort", planOf(Dialect::MySQL, {{t, -1}})).empty());
}

void TestPlanRules::mysqlTemporary()
{
    PlanNode t = node("Grouping operation", AccessKind::Aggregate);
    t.usingTemporary = true;
    QCOMPARE(run("plan.mysql-temporary", planOf(Dialect::MySQL, {{t, -1}})).size(), size_t(1));
    t.usingTemporary = false;
    QVERIFY(run("plan.mysql-temporary", planOf(Dialect::MySQL, {{t, -1}})).empty());
}

void TestPlanRules::mysqlDependentSubquery()
{
    PlanNode s = node("Select #2", AccessKind::Subquery);
    s.dependentSubquery = true;
    s.loops = 5000;
    auto f = run("plan.mysql-dependent-subquery", planOf(Dialect::MySQL, {{s, -1}}));
    QCOMPARE(f.size(), size_t(1));
    QCOMPARE(f[0].severity, FindingSeverity::High);
    s.dependentSubquery = false;
    QVERIFY(run("plan.mysql-dependent-subquery", planOf(Dialect::MySQL, {{s, -1}})).empty());
}

void TestPlanRules::mysqlJoinBuffer()
{
    PlanNode t = node("Full table scan", AccessKind::FullScan, "c");
    t.joinBuffer = "Block Nested Loop";
    t.filter = "(`c`.`id` = `o`.`customer_id`)";
    auto f = run("plan.mysql-join-buffer", planOf(Dialect::MySQL, {{t, -1}}));
    QCOMPARE(f.size(), size_t(1));
    QCOMPARE(f[0].severity, FindingSeverity::Medium);
    QVERIFY(f[0].suggestion.find("id") != std::string::npos);
    t.joinBuffer.clear();
    QVERIFY(run("plan.mysql-join-buffer", planOf(Dialect::MySQL, {{t, -1}})).empty());
}

void TestPlanRules::mysqlRangeChecked()
{
    PlanNode t = node("Index range scan", AccessKind::IndexRangeScan, "x");
    t.rangeCheckedForEachRecord = true;
    QCOMPARE(run("plan.mysql-range-checked", planOf(Dialect::MySQL, {{t, -1}})).size(), size_t(1));
    t.rangeCheckedForEachRecord = false;
    QVERIFY(run("plan.mysql-range-checked", planOf(Dialect::MySQL, {{t, -1}})).empty());
}

void TestPlanRules::checkPlanOrdersBySeverity()
{
    PlanNode s = node("Select #2", AccessKind::Subquery);
    s.dependentSubquery = true;
    s.loops = 5000;  // high
    PlanNode t = node("Grouping operation", AccessKind::Aggregate);
    t.usingTemporary = true;  // low
    const Plan p = planOf(Dialect::MySQL, {{t, -1}, {s, 0}});
    const auto f = checkPlan(p);
    QCOMPARE(f.size(), size_t(2));
    QCOMPARE(f[0].ruleId, std::string("plan.mysql-dependent-subquery"));
    QCOMPARE(f[1].ruleId, std::string("plan.mysql-temporary"));
}

QTEST_GUILESS_MAIN(TestPlanRules)
#include "tst_plan_rules.moc"
