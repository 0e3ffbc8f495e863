// Every EXPLAIN format into the one model, with the derived figures asserted.
#include "analyzer/plan/plan.h"
#include "common/test_env.h"

#include <QFile>
#include <QtTest>

#include <cmath>
#include <numeric>

using namespace planwise;
using namespace planwise::plan;

class TestPlanFormats : public QObject {
    Q_OBJECT

private slots:
    void pgTextFeatures();
    void pgTextExclusiveTimesSumToTotal();
    void pgJsonLoopsAndWorkers();
    void pgTextBordersAndContinuations();
    void pgTextFractionalRows();
    void pgYamlAndXml();
    void pgXmlByLocalNameUpToTheDocumentEnd();
    void mysqlJsonEndMarkers();
    void mysqlJsonV2();
    void mysqlTreeAnalyze();
    void mysqlTableAsciiAndTsv();
    void mariadbSlowLogExplainLines();
    void mariadbAnalyzeJsonTimes();
    void sqliteEqpRows();
    void sqliteShellText();
    void detection_data();
    void detection();
    void malformedInput_data();
    void malformedInput();
    void unknownStaysUnknown();
    void partlyReadPlanSaysSo();
    void oldServerText();
    void mysqlVerticalTable();
};

namespace {

std::string readFixture(const char* name)
{
    QFile f(testenv::testData(QStringLiteral("plans/") + QString::fromUtf8(name)));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray b = f.readAll();
    return std::string(b.constData(), static_cast<size_t>(b.size()));
}

const PlanNode* findNode(const Plan& p, std::string_view operation, std::string_view relation = {})
{
    for (const auto& n : p.nodes)
        if (n.operation == operation && (relation.empty() || n.relation == relation || n.cteName == relation))
            return &n;
    return nullptr;
}

double sumExclusive(const Plan& p)
{
    double s = 0;
    for (const auto& n : p.nodes)
        s += n.derived.exclusiveMs.value_or(0.0);
    return s;
}

bool near(double a, double b, double eps = 1e-6) { return std::fabs(a - b) <= eps; }

} // namespace

void TestPlanFormats::pgTextFeatures()
{
    const std::string text = readFixture("pg_text_features.txt");
    QVERIFY(!text.empty());
    const ParseResult r = parsePlan(text);
    QVERIFY(r.ok());
    QVERIFY(r.diagnostics.empty());
    const Plan& p = r.plan;
    QCOMPARE(p.format, PlanFormat::PostgresText);
    QCOMPARE(p.nodes.size(), size_t(10));
    QCOMPARE(p.roots.size(), size_t(1));
    QVERIFY(p.analyzed);
    QCOMPARE(*p.planningMs, 0.5);
    QCOMPARE(*p.executionMs, 65.0);
    QCOMPARE(*p.planningBuffers.sharedHit, 12.0);
    QCOMPARE(*p.planningBuffers.sharedRead, 3.0);
    QVERIFY(p.jit.has_value());
    QCOMPARE(*p.jit->functions, 12.0);
    QCOMPARE(*p.jit->totalMs, 6.5);
    QCOMPARE(p.jit->options.at("Expressions"), std::string("true"));
    QCOMPARE(p.triggers.size(), size_t(1));
    QCOMPARE(p.triggers[0].name, std::string("audit_trg"));
    QCOMPARE(p.triggers[0].relation, std::string("orders"));
    QCOMPARE(*p.triggers[0].calls, 10.0);
    QCOMPARE(p.settings.at("work_mem"), std::string("4MB"));

    const PlanNode* cte = findNode(p, "Seq Scan", "events");
    QVERIFY(cte);
    QCOMPARE(cte->subplanName, std::string("CTE recent"));
    QCOMPARE(cte->parentRelationship, std::string("InitPlan"));
    QCOMPARE(cte->parentId, p.roots[0]);
    QCOMPARE(*cte->rowsRemovedByFilter, 5000.0);
    QCOMPARE(cte->access, AccessKind::FullScan);

    const PlanNode* init = findNode(p, "Result");
    QVERIFY(init);
    QCOMPARE(init->subplanName, std::string("InitPlan 1 (returns $1)"));

    const PlanNode* sort = findNode(p, "Sort");
    QVERIFY(sort);
    QCOMPARE(sort->sortKeys, std::vector<std::string>{"o.total DESC"});
    QCOMPARE(sort->sort.method, std::string("external merge"));
    QCOMPARE(sort->sort.spaceType, std::string("Disk"));
    QCOMPARE(*sort->sort.spaceUsedKb, 2048.0);
    QVERIFY(sort->sort.spilled());
    QCOMPARE(*sort->buffers.tempWritten, 256.0);

    const PlanNode* join = findNode(p, "Hash Join");
    QVERIFY(join);
    QCOMPARE(join->hashCond, std::string("(o.customer_id = c.id)"));
    QCOMPARE(join->joinType, std::string("Inner"));
    QCOMPARE(join->access, AccessKind::Join);
    QCOMPARE(*join->derived.estimateFactor, 10.0);
    QCOMPARE(join->derived.estimateDirection, EstimateDirection::Under);

    const PlanNode* gather = findNode(p, "Gather");
    QVERIFY(gather);
    QCOMPARE(*gather->workersPlanned, 2);
    QCOMPARE(*gather->workersLaunched, 1);

    const PlanNode* scan = findNode(p, "Parallel Seq Scan", "orders");
    QVERIFY(scan);
    QVERIFY(scan->parallelAware);
    QCOMPARE(scan->alias, std::string("o"));
    QCOMPARE(scan->access, AccessKind::FullScan);
    QCOMPARE(*scan->io.readMs, 1.25);
    QCOMPARE(scan->workers.size(), size_t(1));
    QCOMPARE(*scan->workers[0].actualRows, 480.0);
    QCOMPARE(*scan->workers[0].buffers.sharedHit, 40.0);
    QCOMPARE(*scan->buffers.sharedHit, 88.0);  // the worker's Buffers line does not overwrite the node's
    QCOMPARE(*scan->derived.rowsTotal, 1000.0);
    QVERIFY(near(*scan->derived.readEfficiency, 500.0 / 50000.0));

    const PlanNode* hash = findNode(p, "Hash");
    QVERIFY(hash);
    QCOMPARE(*hash->hash.buckets, 1024.0);
    QCOMPARE(*hash->hash.originalBuckets, 16.0);
    QCOMPARE(*hash->hash.batches, 4.0);
    QCOMPARE(*hash->hash.originalBatches, 1.0);
    QCOMPARE(*hash->hash.peakMemoryKb, 64.0);
    QVERIFY(hash->hash.spilled());

    const PlanNode* cteScan = findNode(p, "CTE Scan", "recent");
    QVERIFY(cteScan);
    QCOMPARE(cteScan->cteName, std::string("recent"));
    QCOMPARE(cteScan->cteNodeId, cte->id);

    const PlanNode* never = findNode(p, "Seq Scan", "orders_archive");
    QVERIFY(never);
    QVERIFY(never->neverExecuted);
    QVERIFY(!never->actualRows.has_value());
    QCOMPARE(*never->derived.exclusiveMs, 0.0);
}

void TestPlanFormats::pgTextExclusiveTimesSumToTotal()
{
    const ParseResult r = parsePlan(readFixture("pg_text_features.txt"));
    QVERIFY(r.ok());
    const Plan& p = r.plan;
    const auto& root = p.nodes[static_cast<size_t>(p.roots[0])];
    QCOMPARE(*root.derived.inclusiveMs, 62.0);
    QVERIFY(near(sumExclusive(p), 62.0));
    // The CTE ran inside the CTE Scan: counted once, at its definition.
    QCOMPARE(*findNode(p, "Seq Scan", "events")->derived.exclusiveMs, 4.0);
    QVERIFY(near(*findNode(p, "CTE Scan", "recent")->derived.exclusiveMs, 5.0));
    // Two processes ran the parallel scan's two loops: wall clock 20 ms, not 40.
    QVERIFY(near(*findNode(p, "Parallel Seq Scan", "orders")->derived.inclusiveMs, 20.0));
    QVERIFY(near(*findNode(p, "Gather")->derived.exclusiveMs, 10.0));
    QVERIFY(near(*findNode(p, "Hash Join")->derived.exclusiveMs, 10.0));
    QVERIFY(near(*findNode(p, "Sort")->derived.exclusiveMs, 9.0));
    QVERIFY(near(*root.derived.exclusiveMs, 62.0 - 59.0 - 0.002));
    QVERIFY(near(*findNode(p, "Sort")->derived.sharePct, 9.0 / 65.0 * 100.0));
}

void TestPlanFormats::pgJsonLoopsAndWorkers()
{
    const std::string json = R"J([
  {
    "Plan": {
      "Node Type": "Nested Loop", "Join Type": "Inner", "Parallel Aware": false,
      "Startup Cost": 0.29, "Total Cost": 100.0, "Plan Rows": 10, "Plan Width": 8,
      "Actual Startup Time": 0.05, "Actual Total Time": 12.0, "Actual Rows": 100, "Actual Loops": 1,
      "Plans": [
        {"Node Type": "Seq Scan", "Parent Relationship": "Outer", "Relation Name": "a", "Alias": "a",
         "Plan Rows": 10, "Actual Startup Time": 0.01, "Actual Total Time": 2.0, "Actual Rows": 10, "Actual Loops": 1,
         "Shared Hit Blocks": 5, "Shared Read Blocks": 1},
        {"Node Type": "Index Scan", "Parent Relationship": "Inner", "Relation Name": "b", "Alias": "b",
         "Index Name": "b_pkey", "Index Cond": "(b.id = a.b_id)", "Scan Direction": "Forward",
         "Plan Rows": 1, "Actual Startup Time": 0.1, "Actual Total Time": 0.9, "Actual Rows": 10, "Actual Loops": 10,
         "Rows Removed by Filter": 2, "Filter": "(b.flag)"}
      ]
    },
    "Planning Time": 0.2,
    "Triggers": [{"Trigger Name": "t1", "Relation": "a", "Time": 0.5, "Calls": 3}],
    "JIT": {"Functions": 4, "Timing": {"Generation": 0.1, "Total": 2.5}},
    "Execution Time": 12.5
  }
])J";
    const ParseResult r = parsePlan(json);
    QVERIFY(r.ok());
    const Plan& p = r.plan;
    QCOMPARE(p.format, PlanFormat::PostgresJson);
    QCOMPARE(p.nodes.size(), size_t(3));
    const PlanNode* idx = findNode(p, "Index Scan", "b");
    QVERIFY(idx);
    QCOMPARE(idx->index, std::string("b_pkey"));
    QCOMPARE(idx->access, AccessKind::IndexScan);
    // Per-loop averages multiplied by loops.
    QCOMPARE(*idx->derived.rowsTotal, 100.0);
    QVERIFY(near(*idx->derived.inclusiveMs, 9.0));
    QCOMPARE(*idx->derived.estimateFactor, 10.0);
    QVERIFY(near(*findNode(p, "Nested Loop")->derived.exclusiveMs, 12.0 - 2.0 - 9.0));
    QVERIFY(near(sumExclusive(p), 12.0));
    QCOMPARE(*findNode(p, "Seq Scan", "a")->buffers.sharedRead, 1.0);
    QCOMPARE(p.triggers.size(), size_t(1));
    QCOMPARE(*p.jit->totalMs, 2.5);
    QCOMPARE(*p.executionMs, 12.5);
}

void TestPlanFormats::pgTextBordersAndContinuations()
{
    // psql \pset border 2 with the ascii line style, and a unicode plan with ↵ marks.
    const std::string ascii = "+-----------------------------------------------------------------------------+\n"
                              "|                                 QUERY PLAN                                  |\n"
                              "+-----------------------------------------------------------------------------+\n"
                              "| Limit  (cost=0.00..0.04 rows=1 width=4) (actual time=0.010..0.011 rows=1 loops=1) |\n"
                              "|   ->  Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4) (actual time=0.008..0.008 rows=1 loops=1) |\n"
                              "| Planning Time: 0.100 ms                                                     |\n"
                              "| Execution Time: 0.030 ms                                                    |\n"
                              "+-----------------------------------------------------------------------------+\n"
                              "(4 rows)\n";
    ParseResult r = parsePlan(ascii);
    QVERIFY(r.ok());
    QCOMPARE(r.plan.format, PlanFormat::PostgresText);
    QCOMPARE(r.plan.nodes.size(), size_t(2));
    QCOMPARE(r.plan.nodes[1].relation, std::string("t"));
    QCOMPARE(*r.plan.executionMs, 0.03);

    const std::string unicode = "                QUERY PLAN\n"
                                "───────────────────────────────────────────\n"
                                " [                                        ↵\n"
                                "   {                                      ↵\n"
                                "     \"Plan\": {                            ↵\n"
                                "       \"Node Type\": \"Seq Scan\",           ↵\n"
                                "       \"Relation Name\": \"t\",              ↵\n"
                                "       \"Plan Rows\": 5                     ↵\n"
                                "     }                                    ↵\n"
                                "   }                                      ↵\n"
                                " ]\n"
                                "(1 row)\n";
    r = parsePlan(unicode);
    QVERIFY(r.ok());
    QCOMPARE(r.plan.format, PlanFormat::PostgresJson);
    QCOMPARE(r.plan.nodes[0].relation, std::string("t"));
    QVERIFY(!r.plan.analyzed);
    QVERIFY(!r.plan.nodes[0].derived.exclusiveMs.has_value());
}

void TestPlanFormats::pgTextFractionalRows()
{
    // PostgreSQL 18 prints fractional per-loop rows.
    const std::string text =
        "Nested Loop  (cost=0.29..50.00 rows=1 width=8) (actual time=0.020..3.000 rows=500.00 loops=1)\n"
        "  ->  Seq Scan on a  (cost=0.00..10.00 rows=1000 width=4) (actual time=0.005..0.500 rows=1000.00 loops=1)\n"
        "  ->  Index Only Scan using b_idx on b  (cost=0.29..0.31 rows=1 width=4) (actual time=0.002..0.002 rows=0.50 loops=1000)\n"
        "        Index Cond: (id = a.id)\n"
        "        Heap Fetches: 0\n"
        "        Index Searches: 1000\n"
        "Planning Time: 0.050 ms\n"
        "Execution Time: 3.100 ms\n";
    const ParseResult r = parsePlan(text);
    QVERIFY(r.ok());
    const PlanNode* ios = findNode(r.plan, "Index Only Scan", "b");
    QVERIFY(ios);
    QCOMPARE(ios->access, AccessKind::IndexOnlyScan);
    QCOMPARE(*ios->actualRows, 0.5);
    QCOMPARE(*ios->derived.rowsTotal, 500.0);
    QVERIFY(near(*ios->derived.inclusiveMs, 2.0));
    QCOMPARE(*ios->heapFetches, 0.0);
    QCOMPARE(ios->extra.at("Index Searches"), std::string("1000"));
    QVERIFY(near(sumExclusive(r.plan), 3.0));
}

void TestPlanFormats::pgYamlAndXml()
{
    const std::string yaml = "- Plan: \n"
                             "    Node Type: \"Aggregate\"\n"
                             "    Strategy: \"Plain\"\n"
                             "    Actual Total Time: 5.0\n"
                             "    Actual Rows: 1\n"
                             "    Actual Loops: 1\n"
                             "    Plans: \n"
                             "      - Node Type: \"Seq Scan\"\n"
                             "        Parent Relationship: \"Outer\"\n"
                             "        Relation Name: \"t\"\n"
                             "        Filter: \"(a: b)\"\n"
                             "        Actual Total Time: 4.0\n"
                             "        Actual Rows: 10\n"
                             "        Actual Loops: 1\n"
                             "  Planning Time: 0.1\n"
                             "  Triggers: \n"
                             "  Execution Time: 5.2\n";
    ParseResult r = parsePlan(yaml);
    QVERIFY(r.ok());
    QCOMPARE(r.plan.format, PlanFormat::PostgresYaml);
    QCOMPARE(r.plan.nodes.size(), size_t(2));
    QCOMPARE(r.plan.nodes[0].strategy, std::string("Plain"));
    QCOMPARE(r.plan.nodes[1].filter, std::string("(a: b)"));
    QCOMPARE(*r.plan.executionMs, 5.2);
    QVERIFY(near(*r.plan.nodes[0].derived.exclusiveMs, 1.0));

    const std::string xml = "<explain xmlns=\"http://www.postgresql.org/2009/explain\">\n"
                            "  <Query>\n"
                            "    <Plan>\n"
                            "      <Node-Type>Sort</Node-Type>\n"
                            "      <Sort-Key>\n        <Item>a</Item>\n        <Item>b DESC</Item>\n      </Sort-Key>\n"
                            "      <Sort-Method>quicksort</Sort-Method>\n"
                            "      <Sort-Space-Used>25</Sort-Space-Used>\n"
                            "      <Sort-Space-Type>Memory</Sort-Space-Type>\n"
                            "      <Plans>\n"
                            "        <Plan>\n"
                            "          <Node-Type>Seq Scan</Node-Type>\n"
                            "          <Relation-Name>t</Relation-Name>\n"
                            "          <I-O-Read-Time>1.5</I-O-Read-Time>\n"
                            "        </Plan>\n"
                            "      </Plans>\n"
                            "    </Plan>\n"
                            "  </Query>\n"
                            "</explain>\n";
    r = parsePlan(xml);
    QVERIFY(r.ok());
    QCOMPARE(r.plan.format, PlanFormat::PostgresXml);
    QCOMPARE(r.plan.nodes.size(), size_t(2));
    QCOMPARE(r.plan.nodes[0].sortKeys, (std::vector<std::string>{"a", "b DESC"}));
    QCOMPARE(*r.plan.nodes[0].sort.spaceUsedKb, 25.0);
    QVERIFY(!r.plan.nodes[0].sort.spilled());
    QCOMPARE(*r.plan.nodes[1].io.readMs, 1.5);
}

// Elements are matched by local name whatever the namespace prefix; entities
// and CDATA are text; what follows the document element is not read.
void TestPlanFormats::pgXmlByLocalNameUpToTheDocumentEnd()
{
    const std::string xml = "<?xml version=\"1.0\"?>\n"
                            "<e:explain xmlns:e=\"http://www.postgresql.org/2009/explain\">\n"
                            "  <e:Query><e:Plan>\n"
                            "    <e:Node-Type>Seq Scan</e:Node-Type>\n"
                            "    <e:Relation-Name>a&amp;b</e:Relation-Name>\n"
                            "    <e:Filter><![CDATA[(x < 5)]]></e:Filter>\n"
                            "    <e:Plan-Rows>10</e:Plan-Rows>\n"
                            "  </e:Plan></e:Query>\n"
                            "</e:explain>\n"
                            "psql's (1 row) or anything else after it\n";
    const ParseResult r = parsePlan(xml, PlanFormat::PostgresXml);
    QVERIFY(r.ok());
    QCOMPARE(r.plan.nodes.size(), size_t(1));
    QCOMPARE(r.plan.nodes[0].relation, std::string("a&b"));
    QCOMPARE(r.plan.nodes[0].filter, std::string("(x < 5)"));
    QCOMPARE(*r.plan.nodes[0].planRows, 10.0);

    // Cut short: an error with its line, and the part that was read.
    const ParseResult cut = parsePlan("<explain><Query><Plan>\n<Node-Type>Sort</Node-Type>\n<Plans><Plan><Node-Type>Seq", PlanFormat::PostgresXml);
    QVERIFY(!cut.ok());
    QVERIFY(!cut.diagnostics.empty());
    QCOMPARE(cut.diagnostics[0].line, int64_t(3));
}

void TestPlanFormats::mysqlJsonEndMarkers()
{
    const ParseResult r = parsePlan(readFixture("mysql_json_end_markers.json"));
    QVERIFY(r.ok());
    const Plan& p = r.plan;
    QCOMPARE(p.format, PlanFormat::MySqlJson);
    QCOMPARE(p.dialect, Dialect::MySQL);
    QVERIFY(!p.analyzed);
    const PlanNode* ordering = findNode(p, "Ordering operation");
    QVERIFY(ordering);
    QVERIFY(ordering->usingFilesort);
    QVERIFY(ordering->usingTemporary);
    const PlanNode* o = nullptr;
    const PlanNode* c = nullptr;
    for (const auto& n : p.nodes) {
        if (n.relation == "o")
            o = &n;
        if (n.relation == "c")
            c = &n;
    }
    QVERIFY(o && c);
    QCOMPARE(o->access, AccessKind::FullScan);
    QCOMPARE(*o->planRowsExamined, 10000.0);
    QCOMPARE(*o->planRows, 1000.0);
    QCOMPARE(*o->totalCost, 2000.0);
    // The comment-looking text inside the string survives.
    QCOMPARE(o->filter, std::string("(`shop`.`o`.`status` = 'open /* not a comment */')"));
    QCOMPARE(c->joinBuffer, std::string("Block Nested Loop"));
    QCOMPARE(*p.nodes[0].totalCost, 2417.2);
}

void TestPlanFormats::mysqlJsonV2()
{
    const std::string json = R"J({"query": "select * from t where a = 1", "operation": "Filter: (t.a = 1)",
      "access_type": "filter", "condition": "(t.a = 1)", "estimated_rows": 10.0, "actual_rows": 1000.0,
      "actual_loops": 1, "actual_first_row_ms": 0.1, "actual_last_row_ms": 5.0, "estimated_total_cost": 100.5,
      "inputs": [{"operation": "Table scan on t", "table_name": "t", "alias": "t", "access_type": "table",
                  "estimated_rows": 100000.0, "actual_rows": 100000.0, "actual_loops": 1,
                  "actual_first_row_ms": 0.05, "actual_last_row_ms": 4.0}]})J";
    const ParseResult r = parsePlan(json);
    QVERIFY(r.ok());
    QCOMPARE(r.plan.format, PlanFormat::MySqlJsonV2);
    QCOMPARE(r.plan.nodes.size(), size_t(2));
    QCOMPARE(r.plan.nodes[0].operation, std::string("Filter"));
    QCOMPARE(r.plan.nodes[0].filter, std::string("(t.a = 1)"));
    QCOMPARE(r.plan.nodes[1].access, AccessKind::FullScan);
    QCOMPARE(r.plan.nodes[1].relation, std::string("t"));
    QCOMPARE(*r.plan.nodes[0].derived.estimateFactor, 100.0);
    QVERIFY(near(*r.plan.nodes[0].derived.exclusiveMs, 1.0));
    QCOMPARE(r.plan.queryText, std::string("select * from t where a = 1"));
}

void TestPlanFormats::mysqlTreeAnalyze()
{
    const std::string tree =
        "EXPLAIN: -> Nested loop inner join  (cost=4.5e+06 rows=1.5e+06) (actual time=0.100..50.000 rows=10 loops=1)\n"
        "    -> Table scan on o  (cost=1000 rows=100000) (actual time=0.050..20.000 rows=100000 loops=1)\n"
        "    -> Filter: (c.region = 'EU')  (cost=0.25 rows=0.1) (actual time=0.0002..0.0003 rows=0.0001 loops=100000)\n"
        "        -> Single-row index lookup on c using PRIMARY (id=o.customer_id)  (cost=0.25 rows=1) (never executed)\n"
        "    -> Select #2 (subquery in condition; dependent)\n"
        "        -> Index range scan on x using idx_b over (b < 5) (re-planned for each iteration)  (rows=3)\n";
    const ParseResult r = parsePlan(tree);
    QVERIFY(r.ok());
    const Plan& p = r.plan;
    QCOMPARE(p.format, PlanFormat::MySqlTree);
    QCOMPARE(p.nodes.size(), size_t(6));
    QCOMPARE(*p.nodes[0].planRows, 1.5e6);
    QCOMPARE(*p.nodes[0].totalCost, 4.5e6);
    QCOMPARE(p.nodes[1].access, AccessKind::FullScan);
    QCOMPARE(p.nodes[1].relation, std::string("o"));
    QCOMPARE(p.nodes[2].filter, std::string("(c.region = 'EU')"));
    QVERIFY(near(*p.nodes[2].derived.inclusiveMs, 30.0));
    QCOMPARE(p.nodes[3].index, std::string("PRIMARY"));
    QCOMPARE(p.nodes[3].indexCond, std::string("id=o.customer_id"));
    QVERIFY(p.nodes[3].neverExecuted);
    QVERIFY(p.nodes[4].dependentSubquery);
    QVERIFY(p.nodes[5].rangeCheckedForEachRecord);
    QCOMPARE(p.nodes[5].access, AccessKind::IndexRangeScan);
    QVERIFY(!p.nodes[5].actualRows.has_value());
    // 50 = 20 (scan) + 30 (filter) + 0 (join itself)
    QVERIFY(near(*p.nodes[0].derived.exclusiveMs, 0.0));
}

void TestPlanFormats::mysqlTableAsciiAndTsv()
{
    const std::string ascii =
        "mysql> EXPLAIN SELECT * FROM orders o JOIN customers c ON c.id = o.customer_id ORDER BY o.total;\n"
        "+----+-------------+-------+------------+--------+---------------+---------+---------+------------------+-------+----------+----------------------------------------------+\n"
        "| id | select_type | table | partitions | type   | possible_keys | key     | key_len | ref              | rows  | filtered | Extra                                        |\n"
        "+----+-------------+-------+------------+--------+---------------+---------+---------+------------------+-------+----------+----------------------------------------------+\n"
        "|  1 | SIMPLE      | o     | NULL       | ALL    | NULL          | NULL    | NULL    | NULL             | 50000 |    10.00 | Using where; Using temporary; Using filesort |\n"
        "|  1 | SIMPLE      | c     | NULL       | eq_ref | PRIMARY       | PRIMARY | 4       | shop.o.customer_id |   1 |   100.00 | Using index                                  |\n"
        "+----+-------------+-------+------------+--------+---------------+---------+---------+------------------+-------+----------+----------------------------------------------+\n"
        "2 rows in set, 1 warning (0.00 sec)\n";
    ParseResult r = parsePlan(ascii);
    QVERIFY(r.ok());
    QCOMPARE(r.plan.format, PlanFormat::MySqlTable);
    const PlanNode* o = findNode(r.plan, "Full table scan", "o");
    QVERIFY(o);
    QVERIFY(o->usingFilesort);
    QVERIFY(o->usingTemporary);
    QCOMPARE(*o->planRowsExamined, 50000.0);
    QCOMPARE(*o->planRows, 5000.0);
    const PlanNode* c = findNode(r.plan, "Unique index lookup", "c");
    QVERIFY(c);
    QCOMPARE(c->access, AccessKind::IndexOnlyScan);
    QCOMPARE(c->index, std::string("PRIMARY"));
    QCOMPARE(c->extra.at("ref"), std::string("shop.o.customer_id"));

    const std::string tsv = "id\tselect_type\ttable\ttype\tpossible_keys\tkey\tkey_len\tref\trows\tr_rows\tfiltered\tr_filtered\tExtra\n"
                            "1\tSIMPLE\tt\tALL\tNULL\tNULL\tNULL\tNULL\t1000\t1000.00\t100.00\t1.00\tUsing where\n";
    r = parsePlan(tsv);
    QVERIFY(r.ok());
    const PlanNode* t = findNode(r.plan, "Full table scan", "t");
    QVERIFY(t);
    QCOMPARE(*t->rowsExamined, 1000.0);
    QCOMPARE(*t->actualRows, 10.0);
    QCOMPARE(*t->rowsRemovedByFilter, 990.0);
    QVERIFY(near(*t->derived.readEfficiency, 0.01));
}

void TestPlanFormats::mariadbSlowLogExplainLines()
{
    const std::string text = "# explain: id\tselect_type\ttable\ttype\tpossible_keys\tkey\tkey_len\tref\trows\tr_rows\tfiltered\tr_filtered\tExtra\n"
                             "# explain: 1\tSIMPLE\tt\trange\tb_idx\tb_idx\t5\tNULL\t3000\t2990.00\t100.00\t0.03\tUsing index condition; Using where\n";
    const ParseResult r = parsePlan(text);
    QVERIFY(r.ok());
    QCOMPARE(r.plan.format, PlanFormat::MySqlTable);
    const PlanNode* t = findNode(r.plan, "Index range scan", "t");
    QVERIFY(t);
    QCOMPARE(t->access, AccessKind::IndexRangeScan);
    QVERIFY(t->usingIndexCondition);
}

void TestPlanFormats::mariadbAnalyzeJsonTimes()
{
    const ParseResult r = parsePlan(readFixture("mariadb_analyze_bnl.json"));
    QVERIFY(r.ok());
    const Plan& p = r.plan;
    QCOMPARE(p.format, PlanFormat::MariaDbJson);
    QVERIFY(p.mariadb);
    QVERIFY(p.analyzed);
    QCOMPARE(*p.planningMs, 0.05);
    const PlanNode* bnl = findNode(p, "Block nested loop join");
    QVERIFY(bnl);
    QCOMPARE(bnl->joinBuffer, std::string("BNL"));
    QCOMPARE(bnl->filter, std::string("t2.a = t1.a"));
    // Own times made inclusive: the wrapper's 1.5 ms plus its table's 4.5 ms.
    QVERIFY(near(*bnl->derived.inclusiveMs, 6.0));
    QVERIFY(near(*bnl->derived.exclusiveMs, 1.5));
    QVERIFY(near(*p.nodes[0].derived.inclusiveMs, 10.0));
    QVERIFY(near(sumExclusive(p), 10.0));
    const PlanNode* t1 = findNode(p, "Full table scan", "t1");
    QVERIFY(t1);
    QVERIFY(near(*t1->derived.exclusiveMs, 3.0));
}

void TestPlanFormats::sqliteEqpRows()
{
    const Plan p = planFromSqliteEqp({
        {2, 0, "SCAN orders"},
        {5, 0, "SEARCH customers USING INDEX idx_cust_region (region=?)"},
        {9, 0, "SEARCH items USING COVERING INDEX idx_items (order_id=? AND sku>?)"},
        {12, 0, "SEARCH TABLE t USING INTEGER PRIMARY KEY (rowid=?)"},
        {14, 0, "SCAN TABLE big (~1000000 rows)"},
        {16, 0, "SCAN o USING COVERING INDEX idx_o_total"},
        {18, 0, "CORRELATED SCALAR SUBQUERY 1"},
        {20, 18, "SEARCH x USING AUTOMATIC COVERING INDEX (a=?)"},
        {25, 0, "USE TEMP B-TREE FOR ORDER BY"},
    });
    QCOMPARE(p.dialect, Dialect::SQLite);
    QCOMPARE(p.nodes.size(), size_t(9));
    QCOMPARE(p.nodes[0].access, AccessKind::FullScan);
    QCOMPARE(p.nodes[0].relation, std::string("orders"));
    QCOMPARE(p.nodes[1].access, AccessKind::IndexScan);
    QCOMPARE(p.nodes[1].index, std::string("idx_cust_region"));
    QCOMPARE(p.nodes[1].indexCond, std::string("region=?"));
    QCOMPARE(p.nodes[2].access, AccessKind::IndexRangeScan);
    QCOMPARE(p.nodes[3].access, AccessKind::RowIdLookup);
    QCOMPARE(p.nodes[3].relation, std::string("t"));
    QCOMPARE(p.nodes[4].access, AccessKind::FullScan);
    QCOMPARE(p.nodes[4].relation, std::string("big"));
    QCOMPARE(*p.nodes[4].planRows, 1000000.0);
    QCOMPARE(p.nodes[5].access, AccessKind::IndexFullScan);
    QVERIFY(p.nodes[6].dependentSubquery);
    QCOMPARE(p.nodes[7].parentId, 6);
    QCOMPARE(p.nodes[7].access, AccessKind::IndexOnlyScan);
    QCOMPARE(p.nodes[8].access, AccessKind::Sort);
    QVERIFY(!p.analyzed);
}

void TestPlanFormats::sqliteShellText()
{
    const ParseResult r = parsePlan(readFixture("sqlite_eqp_shell.txt"));
    QVERIFY(r.ok());
    const Plan& p = r.plan;
    QCOMPARE(p.format, PlanFormat::SqliteEqp);
    QCOMPARE(p.nodes.size(), size_t(5));
    QCOMPARE(p.roots.size(), size_t(4));
    QCOMPARE(p.nodes[3].parentId, 2);
    QCOMPARE(p.nodes[3].access, AccessKind::IndexOnlyScan);
    QCOMPARE(p.nodes[3].index, std::string("idx_items_order"));
}

void TestPlanFormats::detection_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("format");
    QTest::newRow("pg-json") << R"([{"Plan": {"Node Type": "Result"}}])" << "pg-json";
    QTest::newRow("pg-text") << "Result  (cost=0.00..0.01 rows=1 width=4)" << "pg-text";
    QTest::newRow("pg-yaml") << "- Plan: \n    Node Type: \"Result\"\n" << "pg-yaml";
    QTest::newRow("pg-xml") << "<explain><Query><Plan><Node-Type>Result</Node-Type></Plan></Query></explain>" << "pg-xml";
    QTest::newRow("mysql-json") << R"({"query_block": {"select_id": 1, "cost_info": {"query_cost": "1.00"}}})" << "mysql-json";
    QTest::newRow("mariadb-json") << R"({"query_block": {"select_id": 1, "r_loops": 1}})" << "mariadb-json";
    QTest::newRow("mysql-json-v2") << R"({"operation": "Table scan on t", "inputs": []})" << "mysql-json-v2";
    QTest::newRow("mysql-tree") << "-> Table scan on t  (cost=1 rows=1)" << "mysql-tree";
    QTest::newRow("mysql-table") << "id\tselect_type\ttable\ttype\tpossible_keys\n1\tSIMPLE\tt\tALL\tNULL" << "mysql-table";
    QTest::newRow("sqlite") << "QUERY PLAN\n`--SCAN t" << "sqlite-eqp";
}

void TestPlanFormats::detection()
{
    QFETCH(QString, text);
    QFETCH(QString, format);
    const std::string s = text.toStdString();
    const auto f = detectPlanFormat(s);
    QVERIFY(f.has_value());
    QCOMPARE(QString::fromUtf8(planFormatName(*f)), format);
    QVERIFY(parsePlan(s).ok());
}

void TestPlanFormats::malformedInput_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("format");  // empty: detected
    QTest::addColumn<int>("line");        // expected line of the first error (0: any)
    QTest::newRow("truncated pg json") << "[\n  {\n    \"Plan\": {\n      \"Node Type\": \"Seq Scan\",\n      \"Plan Rows\": 1" << "" << 5;
    QTest::newRow("truncated mysql json") << "{\n  \"query_block\": {\n    \"select_id\": 1,\n" << "" << 3;
    QTest::newRow("truncated xml") << "<explain>\n  <Query>\n    <Plan>\n      <Node-Type>Sort</Node-Type>\n" << "" << 0;
    QTest::newRow("empty") << "   \n" << "" << 0;
    QTest::newRow("garbage as pg-text") << "hello: world\nthis is not a plan" << "pg-text" << 0;
    QTest::newRow("garbage as mysql-table") << "nothing here" << "mysql-table" << 1;
    QTest::newRow("garbage as tree") << "not a tree" << "mysql-tree" << 1;
    QTest::newRow("json as yaml") << "{\"a\": 1}" << "pg-yaml" << 0;
    QTest::newRow("table row width") << "id\tselect_type\ttable\n1\tSIMPLE" << "" << 0;
}

void TestPlanFormats::malformedInput()
{
    QFETCH(QString, text);
    QFETCH(QString, format);
    QFETCH(int, line);
    const std::string s = text.toStdString();
    std::optional<PlanFormat> f;
    if (!format.isEmpty())
        f = parsePlanFormat(format.toStdString());
    const ParseResult r = parsePlan(s, f, "in.plan");
    QVERIFY(!r.ok());
    QVERIFY(!r.diagnostics.empty());
    const Diagnostic* err = nullptr;
    for (const auto& d : r.diagnostics)
        if (d.severity == Severity::Error && !err)
            err = &d;
    QVERIFY(err);
    QVERIFY(!err->message.empty());
    QCOMPARE(err->file, std::string("in.plan"));
    if (line > 0)
        QCOMPARE(err->line, int64_t(line));
}

void TestPlanFormats::unknownStaysUnknown()
{
    // EXPLAIN without ANALYZE: no actual figure may read as 0.
    const ParseResult r = parsePlan("Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4)\n  Filter: (a = 1)\n");
    QVERIFY(r.ok());
    const PlanNode& n = r.plan.nodes[0];
    QVERIFY(!r.plan.analyzed);
    QVERIFY(!n.actualRows && !n.actualTotalMs && !n.loops);
    QVERIFY(!n.derived.exclusiveMs && !n.derived.sharePct && !n.derived.estimateFactor && !n.derived.rowsTotal);
    QCOMPARE(n.derived.estimateDirection, EstimateDirection::Unknown);
    QCOMPARE(*n.planRows, 2550.0);
    QCOMPARE(n.filter, std::string("(a = 1)"));
}

void TestPlanFormats::partlyReadPlanSaysSo()
{
    // A paste that lost a piece in the middle: the nodes are kept, the damage is reported with its line.
    const std::string text = "Limit  (cost=0.00..0.04 rows=1 width=4) (actual time=0.010..0.011 rows=1 loops=1)\n"
                             "  ->  Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4) (actual time=0.008..0.008 rows=1 loops=1)\n"
                             "        garbled text without structure\n"
                             "Execution Time: 0.030 ms\n";
    const ParseResult r = parsePlan(text, std::nullopt, "paste.txt");
    QVERIFY(r.ok());
    QVERIFY(r.partial);
    QCOMPARE(r.plan.nodes.size(), size_t(2));
    QCOMPARE(r.diagnostics.size(), size_t(1));
    QCOMPARE(r.diagnostics[0].line, int64_t(3));
    QCOMPARE(QString::fromStdString(r.diagnostics[0].format()).left(12), QStringLiteral("paste.txt:3:"));

    // Truncated JSON keeps the nodes read before the cut.
    const ParseResult j = parsePlan("[{\"Plan\": {\"Node Type\": \"Limit\", \"Plans\": [{\"Node Type\": \"Seq Scan\", \"Rel");
    QVERIFY(!j.ok());
    QVERIFY(j.partial);
    QCOMPARE(j.plan.nodes.size(), size_t(2));
    QCOMPARE(j.plan.nodes[1].operation, std::string("Seq Scan"));
}

void TestPlanFormats::oldServerText()
{
    // PostgreSQL 8.x/9.0: bare "SubPlan", "Subquery Scan alias", "Sort Method:  x", "Total runtime".
    const std::string text = "Sort  (cost=1.0..2.0 rows=1 width=4) (actual time=0.500..0.600 rows=3 loops=1)\n"
                             "  Sort Key: x\n"
                             "  Sort Method:  top-N heapsort  Memory: 50kB\n"
                             "  ->  Subquery Scan sq  (cost=0.0..1.0 rows=1 width=4) (actual time=0.100..0.400 rows=3 loops=1)\n"
                             "        Filter: (x > (subplan))\n"
                             "        SubPlan\n"
                             "          ->  Seq Scan on t  (cost=0.0..1.0 rows=1 width=4) (actual time=0.010..0.020 rows=1 loops=3)\n"
                             "Total runtime: 0.700 ms\n";
    const ParseResult r = parsePlan(text);
    QVERIFY(r.ok());
    QVERIFY(!r.partial);
    QCOMPARE(r.plan.nodes.size(), size_t(3));
    QCOMPARE(r.plan.nodes[0].sort.method, std::string("top-N heapsort"));
    QCOMPARE(*r.plan.nodes[0].sort.spaceUsedKb, 50.0);
    QCOMPARE(r.plan.nodes[1].alias, std::string("sq"));
    QCOMPARE(r.plan.nodes[2].subplanName, std::string("SubPlan"));
    QCOMPARE(r.plan.nodes[2].parentRelationship, std::string("SubPlan"));
    QCOMPARE(r.plan.nodes[2].parentId, 1);
    QVERIFY(near(*r.plan.nodes[1].derived.exclusiveMs, 0.4 - 0.06));
    QCOMPARE(*r.plan.executionMs, 0.7);
}

void TestPlanFormats::mysqlVerticalTable()
{
    const std::string text = "mysql> EXPLAIN SELECT * FROM t WHERE a = 1\\G\n"
                             "*************************** 1. row ***************************\n"
                             "           id: 1\n"
                             "  select_type: SIMPLE\n"
                             "        table: t\n"
                             "   partitions: NULL\n"
                             "         type: ALL\n"
                             "possible_keys: NULL\n"
                             "          key: NULL\n"
                             "      key_len: NULL\n"
                             "          ref: NULL\n"
                             "         rows: 100000\n"
                             "     filtered: 10.00\n"
                             "        Extra: Using where\n"
                             "1 row in set, 1 warning (0.00 sec)\n";
    const ParseResult r = parsePlan(text);
    QVERIFY(r.ok());
    QCOMPARE(r.plan.format, PlanFormat::MySqlTable);
    const PlanNode* t = findNode(r.plan, "Full table scan", "t");
    QVERIFY(t);
    QCOMPARE(*t->planRowsExamined, 100000.0);
    QCOMPARE(*t->planRows, 10000.0);
    QCOMPARE(t->extraNotes, std::vector<std::string>{"Using where"});
}

QTEST_GUILESS_MAIN(TestPlanFormats)
#include "tst_plan_formats.moc"
