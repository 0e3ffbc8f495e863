// Hostile input: absurd nesting, garbage and binary bytes in every format. The
// readers must report, keep what they can, and never crash or loop.
#include "analyzer/plan/plan.h"
#include "analyzer/plan/plan_report.h"
#include "analyzer/plan/plan_rules.h"

#include <QtTest>

#include <random>
#include <sstream>

using namespace planwise;
using namespace planwise::plan;

class TestPlanRobustness : public QObject {
    Q_OBJECT

private slots:
    void deepNesting_data();
    void deepNesting();
    void garbageInEveryFormat();
    void deepSqliteRows();
};

namespace {

constexpr int kDepth = 5000;      // far beyond any real plan
constexpr int kTextDepth = 1500;  // indentation-nested formats: past the 1000-level limit, without 100 MB of spaces

std::string repeat(const std::string& s, int n)
{
    std::string out;
    for (int i = 0; i < n; ++i)
        out += s;
    return out;
}

bool hasError(const ParseResult& r)
{
    for (const auto& d : r.diagnostics)
        if (d.severity == Severity::Error)
            return true;
    return false;
}

// Everything a consumer does with a plan must cope with what the reader kept.
void consume(const ParseResult& r)
{
    std::ostringstream out;
    writePlanText(out, r.plan, checkPlan(r.plan));
    (void)planToJson(r.plan).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

void TestPlanRobustness::deepNesting_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QByteArray>("text");

    std::string pgText = "Result  (cost=0.00..0.01 rows=1 width=4)\n";
    for (int i = 1; i < kTextDepth; ++i)
        pgText += std::string(static_cast<size_t>(i) * 2, ' ') + "->  Result  (cost=0.00..0.01 rows=1 width=4)\n";
    QTest::newRow("pg-text") << "pg-text" << QByteArray::fromStdString(pgText);

    std::string tree;
    for (int i = 0; i < kTextDepth; ++i)
        tree += std::string(static_cast<size_t>(i) * 4, ' ') + "-> Filter: (a > 1)  (cost=1 rows=1)\n";
    QTest::newRow("mysql-tree") << "mysql-tree" << QByteArray::fromStdString(tree);

    const std::string pgJson = "[{\"Plan\": " + repeat("{\"Node Type\": \"Result\", \"Plans\": [", kDepth)
                               + repeat("]}", kDepth) + "}]";
    QTest::newRow("pg-json") << "pg-json" << QByteArray::fromStdString(pgJson);

    const std::string myJson = repeat("{\"query_block\": ", kDepth) + "{\"select_id\": 1}" + repeat("}", kDepth);
    QTest::newRow("mysql-json") << "mysql-json" << QByteArray::fromStdString(myJson);

    const std::string v2 = repeat("{\"operation\": \"Filter: (a > 1)\", \"inputs\": [", kDepth) + repeat("]}", kDepth);
    QTest::newRow("mysql-json-v2") << "mysql-json-v2" << QByteArray::fromStdString(v2);

    const std::string xml = "<explain><Query><Plan>" + repeat("<Node-Type>Result</Node-Type><Plans><Plan>", kDepth)
                            + repeat("</Plan></Plans>", kDepth) + "</Plan></Query></explain>";
    QTest::newRow("pg-xml") << "pg-xml" << QByteArray::fromStdString(xml);

    std::string yaml = "- Plan: \n";
    for (int i = 0; i < kTextDepth; ++i) {
        const std::string pad(static_cast<size_t>(i) * 4 + 4, ' ');
        yaml += pad + "Node Type: \"Result\"\n" + pad + "Plans: \n" + pad + "  - \n";
    }
    QTest::newRow("pg-yaml") << "pg-yaml" << QByteArray::fromStdString(yaml);
}

void TestPlanRobustness::deepNesting()
{
    QFETCH(QString, format);
    QFETCH(QByteArray, text);
    const ParseResult r = parsePlan(std::string_view(text.constData(), static_cast<size_t>(text.size())),
                                    parsePlanFormat(format.toStdString()));
    QVERIFY2(hasError(r), "nesting beyond the limit must be reported");
    QVERIFY(r.partial);
    QVERIFY(!r.plan.nodes.empty());  // what was read up to the limit is kept
    QVERIFY(r.plan.nodes.size() < static_cast<size_t>(kDepth) + 1);
    consume(r);
}

void TestPlanRobustness::garbageInEveryFormat()
{
    std::mt19937 rng(20261125);
    std::vector<std::string> inputs = {"", "\n\n\n", std::string("\0\0\0\xff\xfe", 5), "{", "[", "<", "-",
                                       "->", "|", "QUERY PLAN", "(1 row)", "+", "\"", "- Plan:", "id\tselect_type\ttable"};
    for (int i = 0; i < 20; ++i) {
        std::string s(static_cast<size_t>(rng() % 400), '\0');
        for (auto& c : s)
            c = static_cast<char>(rng() % 256);
        inputs.push_back(s);
    }
    for (const auto& in : inputs) {
        for (auto f : allPlanFormats()) {
            const ParseResult r = parsePlan(in, f, "garbage");
            if (r.plan.nodes.empty())
                QVERIFY2(hasError(r), planFormatName(f).data());
            consume(r);
        }
        consume(parsePlan(in));
    }
}

void TestPlanRobustness::deepSqliteRows()
{
    std::vector<SqliteEqpRow> rows;
    for (int i = 1; i <= kDepth; ++i)
        rows.push_back({i, i - 1, "SCAN t" + std::to_string(i)});
    const Plan p = planFromSqliteEqp(rows);
    QCOMPARE(p.nodes.size(), static_cast<size_t>(kDepth));
    QVERIFY(p.roots.size() > 1);  // flattened past the depth limit
    ParseResult r;
    r.plan = p;
    consume(r);
}

QTEST_GUILESS_MAIN(TestPlanRobustness)
#include "tst_plan_robustness.moc"
