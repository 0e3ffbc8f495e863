// What-if indexes on SQLite: on the stats-only scratch copy a candidate that
// serves the query changes the plan from a scan to an index search, an
// unhelpful one is reported unused, candidate statistics are plausible, and
// the user's file is never touched.
#include "connectors/common/connector_error.h"
#include "connectors/sqlite/sqlite_database.h"
#include "connectors/sqlite/sqlite_statement.h"
#include "connectors/sqlite/sqlite_whatif.h"
#include "sqlite_test_db.h"
#include "common/test_env.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <filesystem>
#include <set>

using namespace planwise;
using sqlite::SqliteDatabase;
using sqlite::SqliteWhatIf;

namespace {

catalog::Index candidate(std::string name, std::string table, std::vector<std::string> columns)
{
    catalog::Index i;
    i.name = std::move(name);
    i.table = std::move(table);
    for (auto& c : columns)
        i.columns.push_back({std::move(c), {}, false});
    return i;
}

std::string details(const std::vector<plan::SqliteEqpRow>& rows)
{
    std::string out;
    for (const auto& r : rows)
        out += r.detail + " | ";
    return out;
}

bool contains(const std::vector<plan::SqliteEqpRow>& rows, std::string_view text)
{
    return details(rows).find(text) != std::string::npos;
}

double exactRowsPerKey(const SqliteDatabase& db, const std::string& sql)
{
    sqlite::Statement s(db.handle(), sql);
    s.step();
    return s.real(0);
}

} // namespace

class TestSqliteWhatIf : public QObject {
    Q_OBJECT

private:
    std::string m_demo;
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        m_demo = (testenv::demoDir() + "/demo.sqlite").toStdString();
        QVERIFY2(std::filesystem::exists(m_demo), "build the planwise_demo_data target first");
        QVERIFY(m_dir.isValid());
    }

    void scratchPlansMatchTheDatabase()
    {
        // With the statistics copied in, the empty copy plans exactly as the
        // real database does: every statement of the demo log, one per shape.
        QFile log(testenv::demoDir() + "/demo-slow.log");
        QVERIFY(log.open(QIODevice::ReadOnly));
        const auto db = SqliteDatabase::open(m_demo);
        SqliteWhatIf whatIf(db);
        std::set<std::string> seen;
        while (!log.atEnd()) {
            const std::string line = log.readLine().trimmed().toStdString();
            if (!line.starts_with("SELECT"))
                continue;
            const std::string shape = line.substr(0, line.find_first_of("0123456789'"));
            if (!seen.insert(shape).second)
                continue;
            QCOMPARE(details(whatIf.compare(line, {}).before), details(db.explainQueryPlan(line)));
        }
        QVERIFY(seen.size() >= 10);
    }

    void customerIndexTurnsScanIntoSearch()
    {
        const auto db = SqliteDatabase::open(m_demo);
        SqliteWhatIf whatIf(db);
        const std::string sql =
            "SELECT id, status, total_cents, created_at FROM orders WHERE customer_id = 4242 ORDER BY created_at DESC LIMIT 10";
        const auto r = whatIf.compare(sql, {candidate("idx_orders_customer_id", "orders", {"customer_id"}),
                                            candidate("idx_products_price", "products", {"price_cents"})});
        QVERIFY2(contains(r.before, "SCAN orders"), details(r.before).c_str());
        QVERIFY2(!contains(r.before, "INDEX"), details(r.before).c_str());
        QVERIFY2(contains(r.after, "SEARCH orders USING INDEX idx_orders_customer_id (customer_id=?)"),
                 details(r.after).c_str());
        QCOMPARE(r.used, std::vector<std::string>{"idx_orders_customer_id"});
        QCOMPARE(r.unused, std::vector<std::string>{"idx_products_price"});
        // The scratch copy is left as it was: the next question starts from the real schema.
        const auto again = whatIf.compare(sql, {});
        QCOMPARE(details(again.after), details(r.before));
    }

    void unhelpfulCandidateIsUnused()
    {
        const auto db = SqliteDatabase::open(m_demo);
        SqliteWhatIf whatIf(db);
        // An index on an unrelated column is of no use; the composite that
        // matches the filter is.
        const std::string sql = "SELECT id FROM orders WHERE status = 'pending' AND created_at >= '2025-12-20 00:00:00'";
        const auto r = whatIf.compare(sql, {candidate("idx_orders_total", "orders", {"total_cents"}),
                                            candidate("idx_orders_status_created", "orders", {"status", "created_at"})});
        QVERIFY2(contains(r.before, "SCAN orders"), details(r.before).c_str());
        QCOMPARE(r.used, std::vector<std::string>{"idx_orders_status_created"});
        QCOMPARE(r.unused, std::vector<std::string>{"idx_orders_total"});
        QVERIFY2(contains(r.after, "INDEX idx_orders_status_created (status=? AND created_at>?)"), details(r.after).c_str());
        // Each candidate's statistics are explained.
        QCOMPARE(r.notes.size(), size_t(2));
        QVERIFY2(r.notes[1].find("stat1 '100000 ") != std::string::npos, r.notes[1].c_str());

        // A lookup by primary key needs nothing: the candidate stays unused and the plan unchanged.
        const auto pk = whatIf.compare("SELECT * FROM orders WHERE id = 17",
                                       {candidate("idx_orders_customer_id", "orders", {"customer_id"})});
        QVERIFY(pk.used.empty());
        QCOMPARE(details(pk.after), details(pk.before));
    }

    void statisticsDecideBetweenCandidates()
    {
        // Without their sqlite_stat1 rows (or without the reload) both
        // candidates would look alike to SQLite (10 rows per key) and the
        // narrower status key would win; with them the selective one does.
        const auto db = SqliteDatabase::open(m_demo);
        SqliteWhatIf whatIf(db);
        const std::string sql = "SELECT * FROM orders WHERE status = 'delivered' AND created_at = '2025-06-01 10:00:00'";
        const auto status = candidate("by_status", "orders", {"status"});
        const auto created = candidate("by_created", "orders", {"created_at"});
        QCOMPARE(whatIf.compare(sql, {status, created}).used, std::vector<std::string>{"by_created"});
        QCOMPARE(whatIf.compare(sql, {created, status}).used, std::vector<std::string>{"by_created"});
    }

    void candidateStatisticsArePlausible()
    {
        const auto db = SqliteDatabase::open(m_demo);
        SqliteWhatIf whatIf(db);
        std::string method;
        // orders is larger than the exact-count limit: the figures come from a sample.
        const auto stat = whatIf.candidateStat1(candidate("c", "orders", {"customer_id", "created_at"}), &method);
        QCOMPARE(stat.size(), size_t(3));
        QCOMPARE(stat[0], 100000.0);
        QVERIFY2(method.find("Duj1") != std::string::npos, method.c_str());
        const double truth = exactRowsPerKey(db, "SELECT count(*) * 1.0 / count(DISTINCT customer_id) FROM orders");
        QVERIFY2(stat[1] > truth / 2 && stat[1] < truth * 2,
                 qPrintable(QStringLiteral("estimate %1, truth %2").arg(stat[1]).arg(truth)));
        QVERIFY(stat[2] <= stat[1] && stat[2] >= 1);

        const auto status = whatIf.candidateStat1(candidate("s", "orders", {"status"}));
        QVERIFY2(status[1] > 100000.0 / 5 / 2 && status[1] < 100000.0 / 5 * 2, std::to_string(status[1]).c_str());

        // Small tables are counted exactly.
        const auto country = whatIf.candidateStat1(candidate("k", "customers", {"country"}), &method);
        QVERIFY2(method.find("exact") != std::string::npos, method.c_str());
        QCOMPARE(country[1], exactRowsPerKey(db, "SELECT count(*) * 1.0 / count(DISTINCT country) FROM customers"));

        auto unique = candidate("u", "customers", {"country", "email"});
        unique.unique = true;
        QCOMPARE(whatIf.candidateStat1(unique).back(), 1.0);
    }

    void candidateSizeMatchesTheBuiltIndex()
    {
        // Build the real indexes on a copy of the demo and compare their page counts.
        const QString copy = m_dir.filePath("demo-copy.sqlite");
        QVERIFY(QFile::copy(QString::fromStdString(m_demo), copy));
        {
            sqlite3* raw = nullptr;
            sqlite3_open(copy.toUtf8().constData(), &raw);
            sqlite::DbHandle rw(raw);
            testdb::exec(rw.get(), "CREATE INDEX a ON orders (customer_id); CREATE INDEX b ON customers (email);"
                                   "CREATE INDEX c ON orders (status, created_at); CREATE INDEX d ON order_items (order_id)");
        }
        const auto built = SqliteDatabase::open(copy.toStdString());
        const auto db = SqliteDatabase::open(m_demo);
        SqliteWhatIf whatIf(db);
        const std::vector<std::pair<std::string, catalog::Index>> cases = {
            {"a", candidate("a", "orders", {"customer_id"})},
            {"b", candidate("b", "customers", {"email"})},
            {"c", candidate("c", "orders", {"status", "created_at"})},
            {"d", candidate("d", "order_items", {"order_id"})}};
        for (const auto& [name, cand] : cases) {
            sqlite::Statement real(built.handle(), "SELECT pgsize FROM dbstat WHERE aggregate = TRUE AND name = ?");
            real.bind(1, name);
            QVERIFY(real.step());
            const double actual = double(real.integer(0));
            const auto estimate = whatIf.candidateSize(cand);
            QVERIFY(estimate);
            QVERIFY2(*estimate > actual * 0.9 && *estimate < actual * 1.1,
                     qPrintable(QStringLiteral("%1: estimate %2, built %3").arg(name.c_str()).arg(*estimate).arg(actual)));
        }
    }

    void advisorInterfaceReportsPlansAndErrors()
    {
        const auto db = SqliteDatabase::open(m_demo);
        SqliteWhatIf whatIf(db);
        advisor::WhatIfEvaluator& evaluator = whatIf;
        QVERIFY(evaluator.method().find("SQLite") != std::string::npos);
        const auto outcome = evaluator.evaluate("SELECT product_id, quantity FROM order_items WHERE order_id = 99",
                                                {candidate("idx_order_items_order_id", "order_items", {"order_id"})});
        QVERIFY2(outcome.error.empty(), outcome.error.c_str());
        QCOMPARE(outcome.planBefore, std::string("SCAN order_items\n"));
        QVERIFY2(outcome.planAfter.find("SEARCH order_items USING INDEX idx_order_items_order_id") != std::string::npos,
                 outcome.planAfter.c_str());
        QCOMPARE(outcome.usedIndexes, std::vector<std::string>{"idx_order_items_order_id"});
        QVERIFY(outcome.sizeBytes && *outcome.sizeBytes > 1000000);
        QVERIFY(!outcome.costBefore && !outcome.costAfter);   // SQLite's EQP shows no costs

        const auto two = evaluator.evaluate("SELECT 1; DROP TABLE orders", {});
        QVERIFY(two.error.find("more than one") != std::string::npos);
        const auto bad = evaluator.evaluate("SELECT * FROM nowhere", {});
        QVERIFY(bad.error.find("no such table") != std::string::npos);
    }

    void expressionCandidatesAndNameClashes()
    {
        const QString path = m_dir.filePath("library.sqlite");
        testdb::createLibrary(path, true);
        const auto db = SqliteDatabase::open(path.toStdString());
        SqliteWhatIf whatIf(db);
        QVERIFY(whatIf.setupNotes().empty());

        catalog::Index byEmail;
        byEmail.name = "books_author";   // clashes with an existing index: still evaluated, reported by this name
        byEmail.table = "authors";
        byEmail.columns.push_back({{}, "lower(email)", false});
        const auto r = whatIf.compare("SELECT id FROM authors WHERE lower(email) = 'author3@example.com'", {byEmail});
        QVERIFY2(contains(r.before, "SCAN authors"), details(r.before).c_str());
        QCOMPARE(r.used, std::vector<std::string>{"books_author"});
        QVERIFY2(contains(r.after, "SEARCH authors USING INDEX books_author_whatif"), details(r.after).c_str());

        // A candidate on a table that does not exist is reported, not fatal.
        const auto missing = whatIf.compare("SELECT 1", {candidate("x", "nope", {"a"}), candidate({}, "books", {"price"})});
        QCOMPARE(missing.unused, (std::vector<std::string>{"x", "pw_candidate_2"}));
        QVERIFY(std::any_of(missing.notes.begin(), missing.notes.end(),
                            [](const std::string& n) { return n.find("could not be created") != std::string::npos; }));
    }

    void copiesVirtualTablesViewsAndAutoincrement()
    {
        const QString path = m_dir.filePath("mixed.sqlite");
        {
            sqlite3* raw = nullptr;
            sqlite3_open(path.toUtf8().constData(), &raw);
            sqlite::DbHandle rw(raw);
            testdb::exec(rw.get(), R"sql(
                CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, owner TEXT, body TEXT);
                CREATE VIRTUAL TABLE notes_fts USING fts5 (body);
                CREATE VIEW owner_notes AS SELECT owner, count(*) AS n FROM notes GROUP BY owner;
                CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN INSERT INTO notes_fts (body) VALUES (new.body); END;
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
                    INSERT INTO notes (owner, body) SELECT 'user' || (i % 20), 'note ' || i FROM n;
                ANALYZE;
            )sql");
        }
        const auto db = SqliteDatabase::open(path.toStdString());
        SqliteWhatIf whatIf(db);
        std::string notes;
        for (const auto& n : whatIf.setupNotes())
            notes += n + "; ";
        QVERIFY2(whatIf.setupNotes().empty(), notes.c_str());
        const auto r = whatIf.compare("SELECT n FROM owner_notes WHERE owner = 'user3'",
                                      {candidate("notes_owner", "notes", {"owner"})});
        QVERIFY2(contains(r.before, "SCAN notes"), details(r.before).c_str());
        QCOMPARE(r.used, std::vector<std::string>{"notes_owner"});
        QVERIFY(!whatIf.compare("SELECT rowid FROM notes_fts WHERE notes_fts MATCH 'note'", {}).before.empty());
    }

    void withoutStatisticsUsesSqliteDefaults()
    {
        const QString path = m_dir.filePath("fresh.sqlite");
        testdb::createLibrary(path, false);
        const auto db = SqliteDatabase::open(path.toStdString());
        SqliteWhatIf whatIf(db);
        QVERIFY(!whatIf.setupNotes().empty());
        std::string method;
        QVERIFY(whatIf.candidateStat1(candidate("e", "authors", {"email"}), &method).empty());
        QVERIFY(method.find("default") != std::string::npos);
        // SQLite's defaults favour an equality index, as they would on the real database.
        const auto r = whatIf.compare("SELECT id FROM authors WHERE email = 'x'", {candidate("e", "authors", {"email"})});
        QCOMPARE(r.used, std::vector<std::string>{"e"});
    }

    void userFileIsNeverModified()
    {
        const QString path = m_dir.filePath("untouched.sqlite");
        testdb::createLibrary(path, true);
        const auto before = testdb::fileState(path);
        QTest::qWait(1100);   // so that any write would also move the modification time
        {
            const auto db = SqliteDatabase::open(path.toStdString());
            SqliteWhatIf whatIf(db);
            for (int i = 0; i < 3; ++i)
                whatIf.compare("SELECT * FROM books WHERE title = 'Title 5' AND price > 3",
                               {candidate("t", "books", {"title"}), candidate("p", "books", {"price", "title"})});
            whatIf.candidateStat1(candidate("t", "books", {"title"}));
        }
        QCOMPARE(testdb::fileState(path), before);
        QVERIFY(!QFile::exists(path + "-journal") && !QFile::exists(path + "-wal"));
    }
};

QTEST_GUILESS_MAIN(TestSqliteWhatIf)
#include "tst_sqlite_whatif.moc"
