// The index advisor's own logic: key choice, the filter-without-index rule in
// every dialect, candidate merging and what-if validation, DDL and the script.
#include "analyzer/advisor/advisor.h"
#include "analyzer/advisor/index_key.h"
#include "analyzer/advisor/rule_filter_without_index.h"
#include "analyzer/export/advice_json.h"
#include "analyzer/export/ddl.h"
#include "analyzer/export/sql_script.h"
#include "analyzer/sql/query_shape.h"

#include <QTest>

using namespace planwise;

Q_DECLARE_METATYPE(planwise::Dialect)

namespace {

catalog::Catalog shopCatalog(Dialect dialect)
{
    catalog::Catalog cat;
    cat.dialect = dialect;
    auto table = [&](std::string name, std::vector<std::string> cols, double rows) {
        catalog::Table t;
        t.name = std::move(name);
        for (auto& c : cols)
            t.columns.push_back({c, "integer", true, {}});
        t.rowCount = rows;
        cat.tables.push_back(std::move(t));
    };
    table("customers", {"id", "email", "country", "created_at"}, 50000);
    table("orders", {"id", "customer_id", "status", "created_at", "total"}, 200000);
    table("settings", {"id", "name", "value"}, 20);
    cat.tables[1].columns[2].stats.nDistinct = 5;       // orders.status
    cat.tables[1].columns[1].stats.nDistinct = 45000;   // orders.customer_id
    catalog::Index pk;
    pk.name = "orders_pkey";
    pk.table = "orders";
    pk.primary = pk.unique = true;
    pk.columns = {{"id", {}, false}};
    cat.indexes.push_back(pk);
    return cat;
}

workload::QueryClass makeClass(std::string checksum, std::string sql, uint64_t count, double seconds)
{
    workload::QueryClass qc;
    qc.checksum = std::move(checksum);
    qc.fingerprint = sql;
    qc.example.query = std::move(sql);
    qc.count = count;
    for (uint64_t i = 0; i < count; ++i)
        qc.metrics["Query_time"].add(seconds / double(count));
    return qc;
}

// Answers like a planner that uses a candidate exactly when its leading column
// is in `usable`; lets the test check the advisor's bookkeeping in isolation.
class ScriptedWhatIf : public advisor::WhatIfEvaluator {
public:
    std::vector<std::string> usable;
    int calls = 0;
    std::string method() const override { return "scripted planner"; }
    advisor::WhatIfOutcome evaluate(const std::string&, const std::vector<catalog::Index>& candidates) override
    {
        ++calls;
        advisor::WhatIfOutcome out;
        out.planBefore = "SCAN t";
        for (const auto& c : candidates)
            if (std::find(usable.begin(), usable.end(), c.columns.front().column) != usable.end()) {
                out.usedIndexes.push_back(c.name);
                out.planAfter = "SEARCH t USING INDEX " + c.name;
            }
        if (out.planAfter.empty())
            out.planAfter = out.planBefore;
        return out;
    }
};

std::string keyColumns(const advisor::IndexKey& key)
{
    std::string s;
    for (const auto& c : key.columns)
        s += (s.empty() ? "" : ",") + c.column + (c.descending ? " desc" : "");
    return s;
}

} // namespace

class TestIndexAdvisor : public QObject {
    Q_OBJECT
private slots:
    void indexKey_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("table");
        QTest::addColumn<QString>("expected");

        for (Dialect d : {Dialect::MySQL, Dialect::PostgreSQL, Dialect::SQLite}) {
            const QString n = QString::fromStdString(std::string(dialectName(d)));
            QTest::newRow(qPrintable(n + ": single equality"))
                << d << "SELECT * FROM orders WHERE customer_id = 42" << "orders" << "customer_id";
            QTest::newRow(qPrintable(n + ": selective equality first, range last"))
                << d << "SELECT id FROM orders WHERE created_at > '2024-01-01' AND status = 'paid' AND customer_id = 7"
                << "orders" << "customer_id,status,created_at";
            QTest::newRow(qPrintable(n + ": order by after equality"))
                << d << "SELECT * FROM orders WHERE customer_id = 42 ORDER BY created_at DESC LIMIT 10" << "orders"
                << "customer_id,created_at desc";
            QTest::newRow(qPrintable(n + ": range stops order by"))
                << d << "SELECT * FROM orders WHERE customer_id = 42 AND total > 10 ORDER BY created_at" << "orders"
                << "customer_id,total";
            QTest::newRow(qPrintable(n + ": alias resolves"))
                << d << "SELECT o.id FROM orders o WHERE o.status = 'new'" << "orders" << "status";
            QTest::newRow(qPrintable(n + ": leading wildcard is not indexable"))
                << d << "SELECT * FROM customers WHERE email LIKE '%@example.com'" << "customers" << "";
            QTest::newRow(qPrintable(n + ": function-wrapped is not indexable"))
                << d << "SELECT * FROM customers WHERE lower(email) = 'a@b.c'" << "customers" << "";
            QTest::newRow(qPrintable(n + ": join column when no filter"))
                << d
                << "SELECT c.email, o.total FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.email = 'x@y.z'"
                << "orders" << "customer_id";
        }
    }

    void indexKey()
    {
        QFETCH(Dialect, dialect);
        QFETCH(QString, sql);
        QFETCH(QString, table);
        QFETCH(QString, expected);
        const auto cat = shopCatalog(dialect);
        const auto shape = sql::parseShape(sql.toStdString(), dialect, &cat);
        QVERIFY2(shape.kind != sql::StatementKind::Unknown, qPrintable(sql));
        const auto key = advisor::indexKeyFor(shape, table.toStdString(), &cat);
        QCOMPARE(QString::fromStdString(keyColumns(key)), expected);
    }

    void coveredByExisting()
    {
        auto cat = shopCatalog(Dialect::PostgreSQL);
        catalog::Index idx;
        idx.name = "orders_status_customer";
        idx.table = "orders";
        idx.columns = {{"status", {}, false}, {"customer_id", {}, false}, {"created_at", {}, false}};
        cat.indexes.push_back(idx);

        advisor::IndexKey eqOnly{"orders", "", {{"customer_id", {}, false}, {"status", {}, false}}, {"", ""}, 2, false};
        QVERIFY(advisor::keyCoveredByExisting(eqOnly, cat)); // equality columns serve in any order

        advisor::IndexKey withRange{"orders", "", {{"customer_id", {}, false}, {"created_at", {}, false}}, {"", ""}, 1, false};
        QVERIFY(!advisor::keyCoveredByExisting(withRange, cat)); // customer_id is not in the leading block

        cat.indexes.back().valid = false; // an invalid index (failed CONCURRENTLY build) serves nothing
        QVERIFY(!advisor::keyCoveredByExisting(eqOnly, cat));
    }

    void ruleFiresAndStaysQuiet_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<QString>("sql");
        QTest::addColumn<int>("findings");
        for (Dialect d : {Dialect::MySQL, Dialect::PostgreSQL, Dialect::SQLite}) {
            const QString n = QString::fromStdString(std::string(dialectName(d)));
            QTest::newRow(qPrintable(n + ": unindexed filter fires"))
                << d << "SELECT * FROM orders WHERE customer_id = 1" << 1;
            QTest::newRow(qPrintable(n + ": primary key lookup is quiet")) << d << "SELECT * FROM orders WHERE id = 1" << 0;
            QTest::newRow(qPrintable(n + ": small table is quiet"))
                << d << "SELECT value FROM settings WHERE name = 'x'" << 0;
            QTest::newRow(qPrintable(n + ": no filter is quiet")) << d << "SELECT count(*) FROM orders" << 0;
            QTest::newRow(qPrintable(n + ": delete by unindexed column fires"))
                << d << "DELETE FROM orders WHERE status = 'cancelled'" << 1;
        }
    }

    void ruleFiresAndStaysQuiet()
    {
        QFETCH(Dialect, dialect);
        QFETCH(QString, sql);
        QFETCH(int, findings);
        const auto cat = shopCatalog(dialect);
        const auto shape = sql::parseShape(sql.toStdString(), dialect, &cat);
        advisor::FilterWithoutIndexRule rule;
        RuleOptions opts;
        rule.configure(opts);
        RuleContext ctx;
        ctx.dialect = dialect;
        ctx.shape = &shape;
        ctx.catalog = &cat;
        std::vector<Finding> out;
        rule.check(ctx, out);
        QCOMPARE(int(out.size()), findings);
        for (const auto& f : out) {
            QCOMPARE(QString::fromStdString(f.ruleId), QStringLiteral("index.filter-without-index"));
            QVERIFY(!f.columns.empty());
            QVERIFY(!f.evidence.empty());
        }
    }

    void ruleOptionMinRows()
    {
        const auto cat = shopCatalog(Dialect::SQLite);
        const auto shape = sql::parseShape("SELECT * FROM orders WHERE customer_id = 1", Dialect::SQLite, &cat);
        advisor::FilterWithoutIndexRule rule;
        RuleOptions opts;
        opts.set("min-rows", "1000000"); // orders has 200,000 rows: now "small"
        rule.configure(opts);
        RuleContext ctx;
        ctx.shape = &shape;
        ctx.catalog = &cat;
        std::vector<Finding> out;
        rule.check(ctx, out);
        QCOMPARE(out.size(), size_t(0));
    }

    void adviseMergesAndValidates()
    {
        const auto cat = shopCatalog(Dialect::SQLite);
        workload::Workload wl;
        wl.classes.push_back(makeClass("A", "SELECT * FROM orders WHERE customer_id = 1", 10, 5.0));
        wl.classes.push_back(makeClass("B", "SELECT total FROM orders WHERE customer_id = 99", 4, 2.0));
        wl.classes.push_back(makeClass("C", "SELECT * FROM customers WHERE email = 'a@b.c'", 3, 1.0));

        ScriptedWhatIf planner;
        planner.usable = {"customer_id"}; // the planner ignores the email candidate
        const auto advice = advisor::advise(wl, cat, &planner);
        QCOMPARE(advice.recommendations.size(), size_t(1));
        const auto& rec = advice.recommendations.front();
        QCOMPARE(QString::fromStdString(rec.id), QStringLiteral("R1"));
        QCOMPARE(QString::fromStdString(rec.index.name), QStringLiteral("idx_orders_customer_id"));
        QCOMPARE(rec.queries.size(), size_t(2)); // both classes merged into one candidate
        QVERIFY(rec.validated);
        QCOMPARE(rec.benefitSeconds, 7.0);
        QCOMPARE(QString::fromStdString(rec.validation), QStringLiteral("scripted planner"));
        QVERIFY(QString::fromStdString(rec.ddl).startsWith("CREATE INDEX IF NOT EXISTS idx_orders_customer_id ON orders"));
        bool dropped = false;
        for (const auto& n : advice.notes)
            dropped = dropped || n.find("idx_customers_email") != std::string::npos;
        QVERIFY2(dropped, "an unused candidate must be reported as dropped");
        QCOMPARE(planner.calls, 3);
    }

    void narrowCandidateFoldsIntoWiderOne()
    {
        const auto cat = shopCatalog(Dialect::PostgreSQL);
        workload::Workload wl;
        wl.classes.push_back(makeClass("A", "SELECT count(*) FROM orders WHERE customer_id = 1", 5, 3.0));
        wl.classes.push_back(
            makeClass("B", "SELECT * FROM orders WHERE customer_id = 2 ORDER BY created_at DESC LIMIT 5", 5, 2.0));
        wl.classes.push_back(makeClass("C", "SELECT * FROM orders WHERE created_at > now() - interval '1 day'", 1, 1.0));
        ScriptedWhatIf planner;
        planner.usable = {"customer_id", "created_at"};
        const auto advice = advisor::advise(wl, cat, &planner);
        QCOMPARE(advice.recommendations.size(), size_t(2));
        const auto& wide = advice.recommendations.front();
        QCOMPARE(QString::fromStdString(wide.index.name), QStringLiteral("idx_orders_customer_id_created_at"));
        QCOMPARE(wide.queries.size(), size_t(2)); // A's (customer_id) candidate is served by it
        QCOMPARE(wide.benefitSeconds, 5.0);
        // created_at alone leads no other candidate: it stays its own recommendation.
        QCOMPARE(QString::fromStdString(advice.recommendations[1].index.name), QStringLiteral("idx_orders_created_at"));
    }

    void unknownTableIsNoted()
    {
        const auto cat = shopCatalog(Dialect::MySQL);
        workload::Workload wl;
        wl.classes.push_back(makeClass("A", "SELECT * FROM invoices WHERE customer_id = 1", 1, 1.0));
        wl.classes.push_back(makeClass("B", "WITH recent AS (SELECT * FROM orders) SELECT * FROM recent", 1, 1.0));
        const auto advice = advisor::advise(wl, cat, nullptr);
        QVERIFY(advice.recommendations.empty());
        QCOMPARE(advice.notes.size(), size_t(1)); // the CTE is not a missing table
        QVERIFY(QString::fromStdString(advice.notes.front()).contains("invoices"));
    }

    void adviseWithoutDatabaseIsUnvalidated()
    {
        const auto cat = shopCatalog(Dialect::MySQL);
        workload::Workload wl;
        wl.classes.push_back(makeClass("A", "SELECT * FROM orders WHERE status = 'new'", 1, 1.0));
        const auto advice = advisor::advise(wl, cat, nullptr);
        QCOMPARE(advice.recommendations.size(), size_t(1));
        QVERIFY(!advice.recommendations.front().validated);
        QVERIFY(QString::fromStdString(advice.recommendations.front().ddl).contains("ALGORITHM=INPLACE, LOCK=NONE"));
    }

    void ddlPerDialect()
    {
        catalog::Index idx;
        idx.name = "idx_orders_customer_id_created_at";
        idx.table = "Orders";
        idx.columns = {{"customer_id", {}, false}, {"created_at", {}, true}};
        QCOMPARE(exporter::createIndexDdl(idx, Dialect::PostgreSQL, "public"),
                 std::string("CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_customer_id_created_at ON "
                             "public.\"Orders\" (customer_id, created_at DESC);"));
        QCOMPARE(exporter::createIndexDdl(idx, Dialect::MySQL),
                 std::string("ALTER TABLE `Orders` ADD INDEX idx_orders_customer_id_created_at (customer_id, "
                             "created_at DESC), ALGORITHM=INPLACE, LOCK=NONE;"));
        QCOMPARE(exporter::dropIndexDdl(idx, Dialect::SQLite),
                 std::string("DROP INDEX IF EXISTS idx_orders_customer_id_created_at;"));
    }

    void scriptKeepsSamplesInComments()
    {
        advisor::AdviceResult advice;
        advisor::Recommendation rec;
        rec.id = "R1";
        rec.ruleId = "index.filter-without-index";
        rec.title = "Create index";
        rec.ddl = "CREATE INDEX i ON t (a);";
        rec.rollbackDdl = "DROP INDEX IF EXISTS i;";
        rec.index.name = "i";
        advisor::AffectedQuery q;
        q.checksum = "X";
        q.sample = "SELECT 1\n; DROP TABLE t; -- sneaky\nSELECT 2";
        rec.queries.push_back(q);
        advice.recommendations.push_back(rec);
        exporter::ScriptContext ctx;
        ctx.dialect = Dialect::SQLite;
        const QString script = QString::fromStdString(exporter::writeSqlScript(advice, ctx));
        for (const QString& line : script.split('\n')) {
            if (line.isEmpty() || line.startsWith("--"))
                continue;
            QVERIFY2(line == "CREATE INDEX i ON t (a);" || line == "ANALYZE i;", qPrintable("unexpected SQL: " + line));
        }
        QVERIFY(script.contains("-- Rollback"));
        QVERIFY(script.contains("-- R1: DROP INDEX IF EXISTS i;"));
        const auto json = exporter::adviceToJson(advice);
        QCOMPARE(json["recommendations"][0]["ddl"].get<std::string>(), std::string("CREATE INDEX i ON t (a);"));
    }
};

QTEST_GUILESS_MAIN(TestIndexAdvisor)
#include "tst_index_advisor.moc"
