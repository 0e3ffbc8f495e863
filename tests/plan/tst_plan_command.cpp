// `planwise-cli plan` logic: output, JSON, exit codes and error positions.
#include "analyzer/plan/plan_command.h"
#include "common/test_env.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <sstream>

using namespace planwise::plan;

class TestPlanCommand : public QObject {
    Q_OBJECT

private slots:
    void textTreeAndFindings();
    void jsonModel();
    void stdinInput();
    void malformedInputExits3WithPosition();
    void missingFileExits3();
    void unknownFormatExits2();
};

namespace {

struct Run {
    int code = -1;
    std::string out, err;
};

Run run(PlanCommandOptions o, const std::string& stdinText = {})
{
    std::istringstream in(stdinText);
    std::ostringstream out, err;
    Run r;
    r.code = runPlanCommand(o, in, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

std::string fixture(const char* name)
{
    return planwise::testenv::testData(QStringLiteral("plans/") + QString::fromUtf8(name)).toStdString();
}

bool contains(const std::string& s, const char* what) { return s.find(what) != std::string::npos; }

} // namespace

void TestPlanCommand::textTreeAndFindings()
{
    PlanCommandOptions o;
    o.input = fixture("pg_text_features.txt");
    const Run r = run(o);
    QCOMPARE(r.code, 0);
    QVERIFY2(r.err.empty(), r.err.c_str());
    QVERIFY(contains(r.out, "excl. ms"));
    QVERIFY(contains(r.out, "-> Parallel Seq Scan on orders o"));
    QVERIFY(contains(r.out, "10.0x under"));  // the Hash Join's estimate error
    QVERIFY(contains(r.out, "CTE recent:"));
    QVERIFY(contains(r.out, "plan.sort-spill"));
    QVERIFY(contains(r.out, "plan.hash-spill"));
    QVERIFY(contains(r.out, "plan.workers-short"));
    QVERIFY(contains(r.out, "plan.filter-removes-rows"));
}

void TestPlanCommand::jsonModel()
{
    PlanCommandOptions o;
    o.input = fixture("mysql_json_end_markers.json");
    o.json = true;
    const Run r = run(o);
    QCOMPARE(r.code, 0);
    const auto j = nlohmann::json::parse(r.out);
    QCOMPARE(j["format"].get<std::string>(), std::string("mysql-json"));
    QCOMPARE(j["dialect"].get<std::string>(), std::string("mysql"));
    QVERIFY(j["nodes"].is_array());
    QVERIFY(j["nodes"].size() >= 4);
    // Unknown figures are absent, never 0.
    for (const auto& n : j["nodes"])
        QVERIFY(!n.contains("actual_rows"));
    bool joinBuffer = false;
    for (const auto& f : j["findings"])
        joinBuffer = joinBuffer || f["rule"] == "plan.mysql-join-buffer";
    QVERIFY(joinBuffer);
    QCOMPARE(j["partial"].get<bool>(), false);
}

void TestPlanCommand::stdinInput()
{
    PlanCommandOptions o;
    o.input = "-";
    o.format = "sqlite-eqp";
    const Run r = run(o, "QUERY PLAN\n`--SCAN t\n");
    QCOMPARE(r.code, 0);
    QVERIFY(contains(r.out, "SCAN on t"));
}

void TestPlanCommand::malformedInputExits3WithPosition()
{
    PlanCommandOptions o;
    o.input = "-";
    const Run r = run(o, "[\n  {\n    \"Plan\": {\n      \"Node Type\": \"Seq Scan\",\n");
    QCOMPARE(r.code, 3);
    QVERIFY2(contains(r.err, "-:4: error:") || contains(r.err, "-:5: error:"), r.err.c_str());
    QVERIFY(contains(r.err, "malformed or truncated"));
}

void TestPlanCommand::missingFileExits3()
{
    PlanCommandOptions o;
    o.input = "/nonexistent/plan.txt";
    const Run r = run(o);
    QCOMPARE(r.code, 3);
    QVERIFY(contains(r.err, "/nonexistent/plan.txt"));
}

void TestPlanCommand::unknownFormatExits2()
{
    PlanCommandOptions o;
    o.input = "-";
    o.format = "oracle";
    const Run r = run(o, "x");
    QCOMPARE(r.code, 2);
    QVERIFY(contains(r.err, "pg-json"));
}

QTEST_GUILESS_MAIN(TestPlanCommand)
#include "tst_plan_command.moc"
