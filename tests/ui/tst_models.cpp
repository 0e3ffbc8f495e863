// The GUI's models over hand-built values: structure checked by
// QAbstractItemModelTester, contents and sorting by data-driven tests.
#include "analyzer/plan/plan.h"
#include "ui/plan_tree_model.h"
#include "ui/query_class_model.h"
#include "ui/recommendation_model.h"

#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QtTest>

using namespace planwise;
using planwise::ui::PlanTreeModel;
using planwise::ui::QueryClassModel;
using planwise::ui::RecommendationModel;

namespace {

workload::QueryClass makeClass(const std::string& checksum, const std::string& fingerprint,
                               const std::vector<double>& times, std::optional<double> rowsExaminedEach)
{
    workload::QueryClass c;
    c.checksum = checksum;
    c.fingerprint = fingerprint;
    c.count = times.size();
    c.example.query = fingerprint;
    for (double t : times) {
        c.metrics["Query_time"].add(t);
        if (rowsExaminedEach)
            c.metrics["Rows_examined"].add(*rowsExaminedEach);
    }
    return c;
}

// Three classes in rank order (total time descending), as the workload keeps them:
// A: 2 × 3 s = 6 s, B: 10 × 0.2 s = 2 s, C: 1 × 1 s = 1 s (no Rows_examined).
std::shared_ptr<const workload::Workload> threeClasses()
{
    auto w = std::make_shared<workload::Workload>();
    w->classes.push_back(makeClass("AAAAAAAAAAAAAAAA1111111111111111", "select * from orders where customer_id=?",
                                   {3, 3}, 1000));
    w->classes.push_back(makeClass("BBBBBBBBBBBBBBBB2222222222222222", "select * from products where sku=?",
                                   std::vector<double>(10, 0.2), 50));
    w->classes.push_back(makeClass("CCCCCCCCCCCCCCCC3333333333333333", "update customers set name=? where id=?", {1},
                                   std::nullopt));
    w->events = 13;
    return w;
}

// SCAN orders (no index) joined with SEARCH customers by primary key, then a temp B-tree sort.
std::shared_ptr<const plan::Plan> joinPlan()
{
    return std::make_shared<const plan::Plan>(plan::planFromSqliteEqp({
        {3, 0, "SCAN o"},
        {5, 0, "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)"},
        {20, 0, "USE TEMP B-TREE FOR ORDER BY"},
    }));
}

// A hand-built PostgreSQL-like plan with two levels of children and figures.
std::shared_ptr<const plan::Plan> nestedPlan()
{
    auto p = std::make_shared<plan::Plan>();
    plan::PlanNode sort;
    sort.operation = "Sort";
    sort.access = plan::AccessKind::Sort;
    sort.totalCost = 120.5;
    sort.planRows = 10;
    const int sortId = p->addNode(sort, -1);
    plan::PlanNode join;
    join.operation = "Hash Join";
    join.access = plan::AccessKind::Join;
    join.hashCond = "(o.customer_id = c.id)";
    join.planRows = 10;
    const int joinId = p->addNode(join, sortId);
    plan::PlanNode scan;
    scan.operation = "Seq Scan";
    scan.access = plan::AccessKind::FullScan;
    scan.relation = "orders";
    scan.alias = "o";
    scan.filter = "(status = 'open')";
    scan.planRows = 5000;
    p->addNode(scan, joinId);
    plan::PlanNode idx;
    idx.operation = "Index Scan";
    idx.access = plan::AccessKind::IndexScan;
    idx.relation = "customers";
    idx.alias = "c";
    idx.index = "customers_pkey";
    idx.indexCond = "(id = o.customer_id)";
    p->addNode(idx, joinId);
    return p;
}

std::shared_ptr<const advisor::AdviceResult> twoRecommendations()
{
    auto a = std::make_shared<advisor::AdviceResult>();
    advisor::Recommendation r1;
    r1.id = "R1";
    r1.title = "Index orders(customer_id, status)";
    r1.rationale = "Two equality filters on orders, which is scanned";
    r1.index.table = "orders";
    r1.index.columns = {{"customer_id", "", false}, {"status", "", false}};
    r1.ddl = "CREATE INDEX pw_orders_customer_id_status ON orders(customer_id, status);";
    r1.evidence = {{"rows scanned", "400,000"}, {"rows returned", "<12>"}};
    r1.validated = true;
    r1.validation = "SQLite planner on a stats-only copy";
    r1.benefitSeconds = 6;
    advisor::AffectedQuery q;
    q.checksum = "AAAA";
    q.sample = "SELECT * FROM orders WHERE customer_id = 7 AND status = 'open'";
    q.count = 2;
    q.totalTime = 6;
    q.planBefore = "SCAN orders";
    q.planAfter = "SEARCH orders USING INDEX pw_orders_customer_id_status (customer_id=? AND status=?)";
    q.usesIndex = true;
    r1.queries.push_back(q);
    a->recommendations.push_back(r1);

    advisor::Recommendation r2;
    r2.id = "R2";
    r2.title = "Index products(sku)";
    r2.index.table = "products";
    r2.index.columns = {{"sku", "", true}};
    r2.ddl = "CREATE INDEX pw_products_sku ON products(sku DESC);";
    r2.benefitSeconds = 0.5;
    a->recommendations.push_back(r2);
    return a;
}

QStringList columnOrder(const QAbstractItemModel& model, int column, int role = Qt::DisplayRole)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, column).data(role).toString();
    return out;
}

} // namespace

class TestModels : public QObject {
    Q_OBJECT
private slots:
    void queryClassModelTester()
    {
        QueryClassModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setWorkload(threeClasses());
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), int(QueryClassModel::ColumnCount));
        QSortFilterProxyModel proxy;
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        proxy.setSortRole(QueryClassModel::SortRole);
        proxy.sort(QueryClassModel::Count, Qt::DescendingOrder);
        model.setWorkload(nullptr);
        QCOMPARE(proxy.rowCount(), 0);
    }

    void queryClassModelData_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<int>("column");
        QTest::addColumn<QVariant>("display");
        QTest::addColumn<QVariant>("sort");
        QTest::newRow("rank") << 1 << int(QueryClassModel::Rank) << QVariant(2) << QVariant(2);
        QTest::newRow("query id is pt-query-digest's short form")
            << 0 << int(QueryClassModel::QueryId) << QVariant(QStringLiteral("0x1111111111111111"))
            << QVariant(QStringLiteral("AAAAAAAAAAAAAAAA1111111111111111"));
        QTest::newRow("count") << 1 << int(QueryClassModel::Count) << QVariant(QStringLiteral("10"))
                               << QVariant(qulonglong(10));
        QTest::newRow("total time") << 0 << int(QueryClassModel::TotalTime) << QVariant(QStringLiteral("6.000 s"))
                                    << QVariant(6.0);
        QTest::newRow("share") << 0 << int(QueryClassModel::TimeShare) << QVariant(QStringLiteral("66.7 %"))
                               << QVariant(6.0 / 9.0 * 100.0);
        QTest::newRow("avg in ms") << 1 << int(QueryClassModel::AvgTime) << QVariant(QStringLiteral("200.0 ms"))
                                   << QVariant(0.2);
        QTest::newRow("max") << 2 << int(QueryClassModel::MaxTime) << QVariant(QStringLiteral("1.000 s"))
                             << QVariant(1.0);
        QTest::newRow("rows examined summed") << 0 << int(QueryClassModel::RowsExamined)
                                              << QVariant(QLocale().toString(2000.0, 'f', 0)) << QVariant(2000.0);
        QTest::newRow("unknown rows examined stays empty, not 0")
            << 2 << int(QueryClassModel::RowsExamined) << QVariant() << QVariant();
        QTest::newRow("fingerprint") << 2 << int(QueryClassModel::Fingerprint)
                                     << QVariant(QStringLiteral("update customers set name=? where id=?"))
                                     << QVariant(QStringLiteral("update customers set name=? where id=?"));
    }

    void queryClassModelData()
    {
        QFETCH(int, row);
        QFETCH(int, column);
        QFETCH(QVariant, display);
        QFETCH(QVariant, sort);
        QueryClassModel model;
        model.setWorkload(threeClasses());
        const QModelIndex index = model.index(row, column);
        QCOMPARE(index.data(Qt::DisplayRole), display);
        if (sort.typeId() == QMetaType::Double)
            QVERIFY(qFuzzyCompare(index.data(QueryClassModel::SortRole).toDouble(), sort.toDouble()));
        else
            QCOMPARE(index.data(QueryClassModel::SortRole), sort);
        QCOMPARE(index.data(QueryClassModel::ClassIndexRole).toInt(), row);
    }

    void queryClassProxySort_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("order");
        QTest::addColumn<QStringList>("ranks");
        QTest::newRow("rank") << int(QueryClassModel::Rank) << int(Qt::AscendingOrder) << QStringList{"1", "2", "3"};
        QTest::newRow("total time desc") << int(QueryClassModel::TotalTime) << int(Qt::DescendingOrder)
                                         << QStringList{"1", "2", "3"};
        // As numbers: 10 > 2 > 1, where a string sort would put "10" before "2" only by luck.
        QTest::newRow("count desc") << int(QueryClassModel::Count) << int(Qt::DescendingOrder)
                                    << QStringList{"2", "1", "3"};
        QTest::newRow("p95 asc") << int(QueryClassModel::P95Time) << int(Qt::AscendingOrder)
                                 << QStringList{"2", "3", "1"};
        QTest::newRow("fingerprint desc") << int(QueryClassModel::Fingerprint) << int(Qt::DescendingOrder)
                                          << QStringList{"3", "2", "1"};
    }

    void queryClassProxySort()
    {
        QFETCH(int, column);
        QFETCH(int, order);
        QFETCH(QStringList, ranks);
        QueryClassModel model;
        model.setWorkload(threeClasses());
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(QueryClassModel::SortRole);
        proxy.sort(column, Qt::SortOrder(order));
        QCOMPARE(columnOrder(proxy, QueryClassModel::Rank), ranks);
    }

    void planTreeModelTester_data()
    {
        QTest::addColumn<std::shared_ptr<const plan::Plan>>("plan");
        QTest::newRow("sqlite eqp") << joinPlan();
        QTest::newRow("nested") << nestedPlan();
        QTest::newRow("empty") << std::make_shared<const plan::Plan>();
    }

    void planTreeModelTester()
    {
        QFETCH(std::shared_ptr<const plan::Plan>, plan);
        PlanTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPlan(plan);
        QCOMPARE(model.rowCount(), int(plan->roots.size()));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void planTreeModelData_data()
    {
        QTest::addColumn<std::shared_ptr<const plan::Plan>>("plan");
        QTest::addColumn<QList<int>>("path");   // row at each level from the top
        QTest::addColumn<int>("column");
        QTest::addColumn<QVariant>("display");
        QTest::addColumn<int>("access");
        QTest::newRow("sqlite scan is a full scan")
            << joinPlan() << QList<int>{0} << int(PlanTreeModel::Operation) << QVariant(QStringLiteral("SCAN"))
            << int(plan::AccessKind::FullScan);
        QTest::newRow("sqlite scan relation") << joinPlan() << QList<int>{0} << int(PlanTreeModel::Relation)
                                              << QVariant(QStringLiteral("o")) << int(plan::AccessKind::FullScan);
        QTest::newRow("sqlite rowid search") << joinPlan() << QList<int>{1} << int(PlanTreeModel::Index)
                                             << QVariant(QStringLiteral("INTEGER PRIMARY KEY"))
                                             << int(plan::AccessKind::RowIdLookup);
        QTest::newRow("sqlite temp b-tree") << joinPlan() << QList<int>{2} << int(PlanTreeModel::Access)
                                            << QVariant(QStringLiteral("sort")) << int(plan::AccessKind::Sort);
        QTest::newRow("nested root cost") << nestedPlan() << QList<int>{0} << int(PlanTreeModel::Cost)
                                          << QVariant(QStringLiteral("120.50")) << int(plan::AccessKind::Sort);
        QTest::newRow("join condition") << nestedPlan() << QList<int>{0, 0} << int(PlanTreeModel::Condition)
                                        << QVariant(QStringLiteral("(o.customer_id = c.id)"))
                                        << int(plan::AccessKind::Join);
        QTest::newRow("relation with alias") << nestedPlan() << QList<int>{0, 0, 0} << int(PlanTreeModel::Relation)
                                             << QVariant(QStringLiteral("orders o")) << int(plan::AccessKind::FullScan);
        QTest::newRow("index cond before filter") << nestedPlan() << QList<int>{0, 0, 1}
                                                  << int(PlanTreeModel::Condition)
                                                  << QVariant(QStringLiteral("(id = o.customer_id)"))
                                                  << int(plan::AccessKind::IndexScan);
        QTest::newRow("estimated rows") << nestedPlan() << QList<int>{0, 0, 0} << int(PlanTreeModel::EstimatedRows)
                                        << QVariant(QLocale().toString(5000.0, 'f', 0))
                                        << int(plan::AccessKind::FullScan);
        QTest::newRow("unknown actual rows stay empty") << nestedPlan() << QList<int>{0, 0, 0}
                                                        << int(PlanTreeModel::ActualRows) << QVariant()
                                                        << int(plan::AccessKind::FullScan);
    }

    void planTreeModelData()
    {
        QFETCH(std::shared_ptr<const plan::Plan>, plan);
        QFETCH(QList<int>, path);
        QFETCH(int, column);
        QFETCH(QVariant, display);
        QFETCH(int, access);
        PlanTreeModel model;
        model.setPlan(plan);
        QModelIndex parent;
        for (int row : path) {
            QVERIFY2(row < model.rowCount(parent), "path leaves the tree");
            const QModelIndex child = model.index(row, 0, parent);
            QCOMPARE(model.parent(child), parent);
            parent = child;
        }
        const QModelIndex cell = parent.siblingAtColumn(column);
        QCOMPARE(cell.data(Qt::DisplayRole), display);
        QCOMPARE(cell.data(PlanTreeModel::AccessKindRole).toInt(), access);
        QCOMPARE(model.node(cell)->id, cell.data(PlanTreeModel::NodeIdRole).toInt());
    }

    void planTreeColumnsWithData()
    {
        PlanTreeModel model;
        model.setPlan(joinPlan());
        // EXPLAIN QUERY PLAN gives neither costs nor row counts: views hide those columns.
        QVERIFY(model.columnHasData(PlanTreeModel::Relation));
        QVERIFY(model.columnHasData(PlanTreeModel::Index));
        QVERIFY(!model.columnHasData(PlanTreeModel::Cost));
        QVERIFY(!model.columnHasData(PlanTreeModel::EstimatedRows));
        model.setPlan(nestedPlan());
        QVERIFY(model.columnHasData(PlanTreeModel::Cost));
        QVERIFY(!model.columnHasData(PlanTreeModel::TimeMs));
    }

    void recommendationModelTester()
    {
        RecommendationModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setAdvice(twoRecommendations());
        QCOMPARE(model.rowCount(), 2);
        model.setAdvice(std::make_shared<const advisor::AdviceResult>());
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.recommendation(0));
    }

    void recommendationModelData_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("display");
        QTest::newRow("id") << 0 << int(RecommendationModel::Id) << QStringLiteral("R1");
        QTest::newRow("action") << 0 << int(RecommendationModel::Action) << QStringLiteral("create-index");
        QTest::newRow("table") << 1 << int(RecommendationModel::Table) << QStringLiteral("products");
        QTest::newRow("columns") << 0 << int(RecommendationModel::Columns) << QStringLiteral("customer_id, status");
        QTest::newRow("descending column") << 1 << int(RecommendationModel::Columns) << QStringLiteral("sku DESC");
        QTest::newRow("benefit") << 0 << int(RecommendationModel::Benefit) << QStringLiteral("6.000 s");
        QTest::newRow("queries") << 0 << int(RecommendationModel::Queries) << QStringLiteral("1");
        QTest::newRow("validated") << 0 << int(RecommendationModel::Validated) << QStringLiteral("yes");
        QTest::newRow("not validated") << 1 << int(RecommendationModel::Validated) << QStringLiteral("no");
        QTest::newRow("ddl") << 1 << int(RecommendationModel::Ddl)
                             << QStringLiteral("CREATE INDEX pw_products_sku ON products(sku DESC);");
    }

    void recommendationModelData()
    {
        QFETCH(int, row);
        QFETCH(int, column);
        QFETCH(QString, display);
        RecommendationModel model;
        model.setAdvice(twoRecommendations());
        QCOMPARE(model.index(row, column).data().toString(), display);
    }

    void recommendationEvidenceHtml()
    {
        const auto advice = twoRecommendations();
        const QString html = ui::recommendationHtml(advice->recommendations[0]);
        QVERIFY(html.contains(QStringLiteral("rows scanned")));
        QVERIFY(html.contains(QStringLiteral("400,000")));
        QVERIFY2(html.contains(QStringLiteral("&lt;12&gt;")), "evidence values are HTML-escaped");
        QVERIFY(html.contains(QStringLiteral("SCAN orders")));
        QVERIFY(html.contains(QStringLiteral("USING INDEX pw_orders_customer_id_status")));
        QVERIFY(html.contains(QStringLiteral("SQLite planner on a stats-only copy")));
    }
};

QTEST_MAIN(TestModels)
#include "tst_models.moc"
