// Conformance: every real plan of ../shared/corpus/plans parses with the
// format its manifest names, and auto-detection finds that format too.
#include "analyzer/plan/plan.h"
#include "analyzer/plan/plan_rules.h"
#include "common/test_env.h"

#include <QFile>
#include <QFileInfo>
#include <QTextStream>
#include <QtTest>

#include <cmath>
#include <map>

using namespace planwise;
using namespace planwise::plan;

class TestPlanCorpus : public QObject {
    Q_OBJECT

private slots:
    void parsesEveryPlan_data();
    void parsesEveryPlan();
    void serverPlans_data();
    void serverPlans();
    void exclusiveTimesMatchPev2();
};

namespace {

QByteArray readAll(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

} // namespace

void TestPlanCorpus::parsesEveryPlan_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("format");
    if (!testenv::haveShared())
        return;
    const QString dir = testenv::sharedDir() + QStringLiteral("/corpus/plans/");
    const QByteArray manifest = readAll(dir + QStringLiteral("MANIFEST.tsv"));
    const auto lines = manifest.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const auto cols = lines[i].split('\t');
        if (cols.size() < 5)
            continue;
        const QString format = QString::fromUtf8(cols[3]);
        // The corpus also holds slow logs and queries paired with plans: not plans.
        if (format == QStringLiteral("mysql-slowlog") || format == QStringLiteral("sql-query"))
            continue;
        const QString file = QString::fromUtf8(cols[0]);
        QTest::newRow(qPrintable(file)) << dir + file << format;
    }
}

void TestPlanCorpus::parsesEveryPlan()
{
    PW_REQUIRE_SHARED();
    QFETCH(QString, file);
    QFETCH(QString, format);
    const auto expected = parsePlanFormat(format.toStdString());
    QVERIFY2(expected.has_value(), qPrintable(QStringLiteral("manifest format not known: ") + format));
    const QByteArray text = readAll(file);
    QVERIFY(!text.isEmpty());
    const std::string_view sv(text.constData(), static_cast<size_t>(text.size()));

    const ParseResult forced = parsePlan(sv, expected, file.toStdString());
    std::string messages;
    for (const auto& d : forced.diagnostics)
        messages += d.format() + "\n";
    QVERIFY2(forced.ok(), messages.c_str());
    QVERIFY(!forced.partial);
    QVERIFY(!forced.plan.nodes.empty());
    for (const auto& n : forced.plan.nodes)
        QVERIFY2(!n.operation.empty(), qPrintable(QStringLiteral("node %1 has no operation").arg(n.id)));

    // Node counts checked by hand (PostgreSQL text: one per "->" plus the root).
    static const std::map<QString, size_t> expectedNodes = {
        {"depesz__plans_14-plan.txt", 15},
        {"pev2__11-psql-frames_text-2-aligned-unicode-double-double-double.plan", 3},
        {"pev2__12-line-wrapped-plans_05-plan.txt", 8},
        {"pev2__12-line-wrapped-plans_07-plan.txt", 13},
        {"pev2__cte-exclusive-time_03.plan", 42},
        {"pev2__sample_plan_parallel_2.txt", 9},
        {"depesz__15-yaml-plans_7.yaml.psql", 1},
        {"depesz__14-json-plans_4.json.psql", 2},
        {"mysqltest__explain_tree_09_nested_dependent_replanned.tree.txt", 8},
        {"web__mysql_explain_analyze_01_binary_cast_fullscan.tree.txt", 7},
        {"percona-toolkit__visual-explain_complex_select_types.txt", 16},
        {"myflames__explain-035-join-2t-users-orders.json", 4},
    };
    if (auto it = expectedNodes.find(QFileInfo(file).fileName()); it != expectedNodes.end())
        QCOMPARE(forced.plan.nodes.size(), it->second);

    // Every truncation of a real plan: an error with a position or a partial plan, never a crash.
    for (int cut = 1; cut < 8; ++cut) {
        const std::string_view head = sv.substr(0, sv.size() * static_cast<size_t>(cut) / 8);
        const ParseResult t = parsePlan(head, expected, "cut");
        if (!t.ok())
            QVERIFY(!t.diagnostics.empty());
        (void)checkPlan(t.plan);
    }

    const auto detected = detectPlanFormat(sv);
    QVERIFY(detected.has_value());
    // MariaDB's JSON and MySQL's v1 share a reader; a MariaDB plan without r_* figures reads as either.
    QCOMPARE(QString::fromUtf8(planFormatName(*detected)), QString::fromUtf8(planFormatName(*expected)));
}

void TestPlanCorpus::serverPlans_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("format");
    if (!testenv::haveShared())
        return;
    const QString dir = testenv::sharedDir() + QStringLiteral("/corpus/servers/");
    QTest::newRow("pg_explain_analyze") << dir + "pg_explain_analyze.json" << "pg-json";
    QTest::newRow("pg_explain_hypopg") << dir + "pg_explain_hypopg.json" << "pg-json";
    QTest::newRow("mariadb_analyze") << dir + "mariadb_analyze.json" << "mariadb-json";
    QTest::newRow("mariadb_analyze_groupby") << dir + "mariadb_analyze_groupby.json" << "mariadb-json";
    QTest::newRow("mariadb_explain") << dir + "mariadb_explain.json" << "mysql-json";
}

void TestPlanCorpus::serverPlans()
{
    PW_REQUIRE_SHARED();
    QFETCH(QString, file);
    QFETCH(QString, format);
    const QByteArray text = readAll(file);
    QVERIFY(!text.isEmpty());
    const std::string_view sv(text.constData(), static_cast<size_t>(text.size()));
    const ParseResult r = parsePlan(sv, std::nullopt, file.toStdString());
    QVERIFY(r.ok());
    QCOMPARE(QString::fromUtf8(planFormatName(r.plan.format)), format);
    QVERIFY(!r.plan.nodes.empty());
}

void TestPlanCorpus::exclusiveTimesMatchPev2()
{
    // ../shared/reference/pev2-grid-large.png: pev2 1.21's exclusive time of every node of this plan
    // (two CTEs, a parallel scan inside one, nested loops with 50,000 and 160,000 loops), in node order.
    PW_REQUIRE_SHARED();
    const QByteArray text = readAll(testenv::sharedDir() + QStringLiteral("/reference/sample-plan-large.txt"));
    QVERIFY(!text.isEmpty());
    const ParseResult r = parsePlan(std::string_view(text.constData(), static_cast<size_t>(text.size())));
    QVERIFY(r.ok());
    const std::vector<double> pev2 = {0.014,  19.217, 182.337, 2.962,   6.304,   0.611,  1.381,  129.143, 241.129,
                                      51.421, 37.651, 57.662,  65.576,  83.741,  52.785, 24.564, 200.000, 450.000,
                                      320.000, 0.010, 0.010,   2.080,   141.822, 0.610,  2.025};
    QCOMPARE(r.plan.nodes.size(), pev2.size());
    for (size_t i = 0; i < pev2.size(); ++i) {
        const auto& d = r.plan.nodes[i].derived;
        QVERIFY(d.exclusiveMs.has_value());
        QVERIFY2(std::fabs(*d.exclusiveMs - pev2[i]) < 0.0015,
                 qPrintable(QStringLiteral("node %1 (%2): %3 ms, pev2 %4 ms")
                                .arg(i)
                                .arg(QString::fromStdString(r.plan.nodes[i].label()))
                                .arg(*d.exclusiveMs)
                                .arg(pev2[i])));
    }
    QCOMPARE(*r.plan.planningMs, 3.482);
}

QTEST_GUILESS_MAIN(TestPlanCorpus)
#include "tst_plan_corpus.moc"
