// The SQLite connector against real files: opening (path and URI forms, bad
// files), the catalog with sqlite_stat1 figures, EXPLAIN QUERY PLAN with its
// single-statement rule, and that nothing can write to the user's database.
#include "connectors/common/connector_error.h"
#include "connectors/sqlite/sqlite_database.h"
#include "connectors/sqlite/sqlite_statement.h"
#include "sqlite_test_db.h"
#include "common/test_env.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <optional>
#include <thread>

using namespace planwise;
using connectors::ConnectorError;
using connectors::ErrorKind;
using sqlite::SqliteDatabase;

namespace {

const catalog::Index* findIndex(const catalog::Catalog& cat, std::string_view name)
{
    for (const auto& i : cat.indexes)
        if (i.name == name)
            return &i;
    return nullptr;
}

bool anyDetailContains(const std::vector<plan::SqliteEqpRow>& rows, std::string_view text)
{
    return std::any_of(rows.begin(), rows.end(), [&](const auto& r) { return r.detail.find(text) != std::string::npos; });
}

std::string details(const std::vector<plan::SqliteEqpRow>& rows)
{
    std::string out;
    for (const auto& r : rows)
        out += r.detail + " | ";
    return out;
}

ErrorKind openErrorKind(const std::string& what, std::string* message = nullptr)
{
    try {
        SqliteDatabase::open(what);
    } catch (const ConnectorError& e) {
        if (message)
            *message = e.what();
        return e.kind();
    }
    throw std::runtime_error("opened '" + what + "' but expected an error");
}

} // namespace

class TestSqliteConnector : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string m_library;      // analyzed
    std::string m_unanalyzed;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_library = m_dir.filePath("library.sqlite").toStdString();
        m_unanalyzed = m_dir.filePath("fresh.db").toStdString();
        testdb::createLibrary(QString::fromStdString(m_library), true);
        testdb::createLibrary(QString::fromStdString(m_unanalyzed), false);
    }

    void opensPathAndUriForms()
    {
        for (const std::string& form : {m_library, "sqlite:" + m_library, "sqlite://" + m_library, "  " + m_library}) {
            const auto db = SqliteDatabase::open(form);
            QCOMPARE(db.path(), m_library);
            QVERIFY(db.handle() != nullptr);
        }
    }

    void missingFileIsNotFound()
    {
        std::string msg;
        QCOMPARE(openErrorKind(m_dir.filePath("nope.sqlite").toStdString(), &msg), ErrorKind::NotFound);
        QVERIFY2(msg.find("nope.sqlite") != std::string::npos, msg.c_str());
        QCOMPARE(openErrorKind(m_dir.path().toStdString()), ErrorKind::NotFound);   // a directory
        QCOMPARE(openErrorKind("sqlite:"), ErrorKind::BadUri);
        // Opening must not create the file either.
        QVERIFY(!QFile::exists(m_dir.filePath("nope.sqlite")));
    }

    void notADatabaseSaysSo()
    {
        const QString path = m_dir.filePath("notes.txt");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, 'x'));
        f.close();
        std::string msg;
        QCOMPARE(openErrorKind(path.toStdString(), &msg), ErrorKind::CannotReach);
        QVERIFY2(msg.find("not a database") != std::string::npos, msg.c_str());
    }

    void hotJournalIsExplained()
    {
        // A copy of a database taken in the middle of a write, journal included:
        // what a crashed writer leaves behind.
        const QString source = m_dir.filePath("busy.sqlite");
        const QString copy = m_dir.filePath("crashed.sqlite");
        testdb::createLibrary(source, false);
        sqlite3* raw = nullptr;
        sqlite3_open(source.toUtf8().constData(), &raw);
        sqlite::DbHandle writer(raw);
        testdb::exec(writer.get(), "PRAGMA cache_size = 1; BEGIN; UPDATE books SET title = title || ' (2nd edition)'");
        QVERIFY(QFile::exists(source + "-journal"));
        QVERIFY(QFile::copy(source, copy));
        QVERIFY(QFile::copy(source + "-journal", copy + "-journal"));
        testdb::exec(writer.get(), "ROLLBACK");

        const auto before = testdb::fileState(copy);
        std::string msg;
        QCOMPARE(openErrorKind(copy.toStdString(), &msg), ErrorKind::CannotReach);
        QVERIFY2(msg.find("hot journal") != std::string::npos, msg.c_str());
        QCOMPARE(testdb::fileState(copy), before);   // not rolled back by us
        QVERIFY(QFile::exists(copy + "-journal"));
    }

    void catalogTablesAndColumns()
    {
        const auto cat = SqliteDatabase::open(m_library).readCatalog();
        QCOMPARE(cat.dialect, Dialect::SQLite);
        QVERIFY(!cat.serverVersion.empty());
        QCOMPARE(cat.tables.size(), size_t(3));   // sqlite_stat1 is not a user table
        QCOMPARE(cat.tables[0].name, std::string("authors"));
        QCOMPARE(cat.tables[1].name, std::string("books"));
        QCOMPARE(cat.tables[2].name, std::string("tags"));

        const auto* books = cat.table("BOOKS");
        QVERIFY(books);
        QCOMPARE(books->columns.size(), size_t(6));
        QCOMPARE(books->columns[1].name, std::string("author_id"));
        QCOMPARE(books->columns[1].type, std::string("INTEGER"));
        QVERIFY(!books->columns[1].nullable);
        QVERIFY(books->column("isbn")->nullable);
        QVERIFY(!books->column("id")->nullable);   // rowid alias
        QCOMPARE(books->rowCount.value_or(-1), 2000.0);
        QCOMPARE(cat.table("authors")->rowCount.value_or(-1), 50.0);
        QCOMPARE(cat.table("tags")->rowCount.value_or(-1), 1000.0 + 285.0);
        // Distinct authors per book, from books_author's sqlite_stat1 row.
        QCOMPARE(books->column("author_id")->stats.nDistinct.value_or(-1), 50.0);
        QVERIFY(cat.notes.empty());
    }

    void catalogIndexes()
    {
        const auto cat = SqliteDatabase::open(m_library).readCatalog();

        const auto* author = findIndex(cat, "books_author");
        QVERIFY(author);
        QCOMPARE(author->table, std::string("books"));
        QCOMPARE(author->columns.size(), size_t(2));
        QCOMPARE(author->columns[0].column, std::string("author_id"));
        QVERIFY(!author->columns[0].descending);
        QCOMPARE(author->columns[1].column, std::string("published"));
        QVERIFY(author->columns[1].descending);
        QVERIFY(!author->unique && !author->primary);
        QCOMPARE(author->prefixRows.size(), size_t(3));
        QCOMPARE(author->prefixRows[0], 2000.0);
        QCOMPARE(author->prefixRows[1], 40.0);   // 2000 books / 50 authors

        const auto* lower = findIndex(cat, "books_title_lower");
        QVERIFY(lower);
        QCOMPARE(lower->columns.size(), size_t(1));
        QVERIFY(lower->columns[0].column.empty());
        QCOMPARE(lower->columns[0].expression, std::string("lower(title)"));

        const auto* cheap = findIndex(cat, "books_cheap");
        QVERIFY(cheap);
        QCOMPARE(cheap->predicate, std::string("price < 10"));
        QCOMPARE(cheap->columns[0].column, std::string("price"));

        const auto* isbn = findIndex(cat, "sqlite_autoindex_books_1");
        QVERIFY(isbn);
        QVERIFY(isbn->unique && !isbn->primary);
        QCOMPARE(isbn->columns[0].column, std::string("isbn"));

        const auto* tagsPk = findIndex(cat, "sqlite_autoindex_tags_1");   // WITHOUT ROWID key
        QVERIFY(tagsPk);
        QVERIFY(tagsPk->primary && tagsPk->unique);
        QCOMPARE(tagsPk->columns.size(), size_t(2));
        QCOMPARE(tagsPk->prefixRows.size(), size_t(3));   // filed under the table's name in sqlite_stat1
        QCOMPARE(tagsPk->prefixRows[2], 1.0);
        QVERIFY(!findIndex(cat, "sqlite_rowid_tags"));

        const auto* rowid = findIndex(cat, "sqlite_rowid_books");
        QVERIFY(rowid);
        QVERIFY(rowid->primary && rowid->unique);
        QCOMPARE(rowid->columns[0].column, std::string("id"));
        QCOMPARE(rowid->prefixRows, (std::vector<double>{2000, 1}));
        QCOMPARE(cat.indexesOf("books").size(), size_t(5));

        // Sizes from dbstat: whole pages, the table larger than its narrow index.
        const auto* books = cat.table("books");
        QVERIFY(books->sizeBytes && author->sizeBytes);
        QCOMPARE(*books->sizeBytes % 4096, int64_t(0));
        QVERIFY(*books->sizeBytes > *author->sizeBytes);
        QVERIFY(!rowid->sizeBytes);
    }

    void catalogForeignKeys()
    {
        const auto cat = SqliteDatabase::open(m_library).readCatalog();
        const auto& fks = cat.table("books")->foreignKeys;
        QCOMPARE(fks.size(), size_t(1));
        QCOMPARE(fks[0].columns, std::vector<std::string>{"author_id"});
        QCOMPARE(fks[0].refTable, std::string("authors"));
        QCOMPARE(fks[0].refColumns, std::vector<std::string>{"id"});
        // "REFERENCES books" without columns means its primary key.
        const auto& tagFks = cat.table("tags")->foreignKeys;
        QCOMPARE(tagFks.size(), size_t(1));
        QCOMPARE(tagFks[0].refColumns, std::vector<std::string>{"id"});
    }

    void catalogWithoutStatisticsSaysUnknown()
    {
        const auto cat = SqliteDatabase::open(m_unanalyzed).readCatalog();
        QCOMPARE(cat.tables.size(), size_t(3));
        QVERIFY(!cat.table("books")->rowCount);
        QVERIFY(!cat.table("books")->column("author_id")->stats.nDistinct);
        QVERIFY(findIndex(cat, "books_author")->prefixRows.empty());
        QVERIFY(!cat.notes.empty());
        QVERIFY(cat.notes.front().find("ANALYZE") != std::string::npos);
    }

    void explainQueryPlanRows()
    {
        const auto db = SqliteDatabase::open(m_library);
        const auto search = db.explainQueryPlan("SELECT title FROM books WHERE author_id = 7");
        QVERIFY2(anyDetailContains(search, "SEARCH books USING INDEX books_author (author_id=?)"), details(search).c_str());
        const auto scan = db.explainQueryPlan("SELECT id FROM authors WHERE email = 'a@b'");
        QCOMPARE(scan.size(), size_t(1));
        QCOMPARE(scan[0].detail, std::string("SCAN authors"));

        const auto join = db.explainQueryPlan(
            "SELECT a.name, count(*) FROM authors a JOIN books b ON b.author_id = a.id GROUP BY a.name ORDER BY 2 DESC;");
        QVERIFY(join.size() >= 3);
        for (const auto& r : join)   // parents refer to rows listed before them
            QVERIFY(r.parent == 0 || std::any_of(join.begin(), join.end(), [&](const auto& p) { return p.id == r.parent; }));
        QVERIFY(anyDetailContains(join, "TEMP B-TREE"));

        // Normalized text with placeholders (a query class) and MySQL quoting, as logs give them.
        QVERIFY2(anyDetailContains(db.explainQueryPlan("SELECT `title` FROM `books` WHERE `author_id` = ?"),
                                   "USING INDEX books_author"),
                 "placeholders");
        // A trailing semicolon, comments and blank space are one statement.
        QVERIFY(!db.explainQueryPlan("SELECT 1; -- done\n /* really */ ;  \n").empty());
        // The plan model reads the rows.
        const auto model = db.explain("SELECT title FROM books WHERE author_id = 7");
        QCOMPARE(model.dialect, Dialect::SQLite);
        QVERIFY(!model.nodes.empty());
        QVERIFY(std::any_of(model.nodes.begin(), model.nodes.end(),
                            [](const plan::PlanNode& n) { return n.label().find("books_author") != std::string::npos; }));
    }

    void explainRefusesMoreThanOneStatement()
    {
        const auto db = SqliteDatabase::open(m_library);
        for (const char* sql : {"SELECT 1; SELECT 2", "SELECT * FROM books; DELETE FROM books",
                                "SELECT 1 /* c */ ; -- x\n UPDATE books SET price = 0"}) {
            try {
                db.explainQueryPlan(sql);
                QFAIL(sql);
            } catch (const ConnectorError& e) {
                QCOMPARE(e.kind(), ErrorKind::Refused);
                QVERIFY(std::string(e.what()).find("more than one") != std::string::npos);
            }
        }
    }

    void explainRefusesWhatIsNotAQuery()
    {
        const auto db = SqliteDatabase::open(m_library);
        for (const char* sql : {"PRAGMA query_only = 0", "ATTACH 'other.db' AS o", "VACUUM", "", "  -- nothing\n"}) {
            try {
                db.explainQueryPlan(sql);
                QFAIL(sql);
            } catch (const ConnectorError& e) {
                QCOMPARE(e.kind(), ErrorKind::Refused);
            }
        }
    }

    void explainReportsSqlErrors()
    {
        const auto db = SqliteDatabase::open(m_library);
        try {
            db.explainQueryPlan("SELECT nope FROM books");
            QFAIL("no error");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.kind(), ErrorKind::QueryFailed);
            QVERIFY2(std::string(e.what()).find("no such column: nope") != std::string::npos, e.what());
        }
    }

    void neverWritesTheDatabase()
    {
        const QString path = QString::fromStdString(m_library);
        const auto before = testdb::fileState(path);
        QVERIFY(!before.sha256.isEmpty());
        QTest::qWait(1100);   // a write would now show in the modification time too
        {
            const auto db = SqliteDatabase::open(m_library);
            // Explaining a write is fine; doing it is not.
            QVERIFY(!db.explainQueryPlan("DELETE FROM books WHERE id = 1").empty());
            for (const char* sql : {"DELETE FROM books", "INSERT INTO authors (name) VALUES ('x')",
                                    "PRAGMA query_only = 0; DELETE FROM books", "CREATE INDEX x ON books (title)",
                                    "ANALYZE"}) {
                char* err = nullptr;
                const int rc = sqlite3_exec(db.handle(), sql, nullptr, nullptr, &err);
                sqlite3_free(err);
                QVERIFY2(rc != SQLITE_OK, sql);
            }
            db.readCatalog();
        }
        QCOMPARE(testdb::fileState(path), before);
        QVERIFY(!QFile::exists(path + "-journal") && !QFile::exists(path + "-wal"));
    }

    void walDatabaseGetsNoSidecarFiles()
    {
        const QString path = m_dir.filePath("wal.sqlite");
        {
            sqlite3* raw = nullptr;
            sqlite3_open(path.toUtf8().constData(), &raw);
            sqlite::DbHandle db(raw);
            testdb::exec(db.get(), "PRAGMA journal_mode = WAL; CREATE TABLE t (a INTEGER, b TEXT); "
                                   "CREATE INDEX t_a ON t (a); INSERT INTO t VALUES (1, 'x'); ANALYZE;");
        }
        QVERIFY(!QFile::exists(path + "-wal"));   // the last writer checkpointed and removed it
        const auto before = testdb::fileState(path);
        {
            const auto db = SqliteDatabase::open(path.toStdString());
            QCOMPARE(db.readCatalog().tables.size(), size_t(1));
            QVERIFY(!db.explainQueryPlan("SELECT b FROM t WHERE a = 1").empty());
            QVERIFY(!QFile::exists(path + "-wal") && !QFile::exists(path + "-shm"));
        }
        QVERIFY(!QFile::exists(path + "-wal") && !QFile::exists(path + "-shm"));
        QCOMPARE(testdb::fileState(path), before);
    }

    void interruptCancelsARunningStatement()
    {
        const auto db = SqliteDatabase::open(m_library);
        std::atomic<bool> done = false;
        std::optional<ErrorKind> kind;
        std::thread worker([&] {
            try {
                sqlite::Statement endless(db.handle(), "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                                                       "SELECT count(*) FROM n");
                endless.step();
            } catch (const ConnectorError& e) {
                kind = e.kind();
            }
            done = true;
        });
        // An interrupt that lands before the statement starts is lost, so repeat it.
        while (!done) {
            QTest::qWait(20);
            db.interrupt();
        }
        worker.join();
        QCOMPARE(kind.value_or(ErrorKind::QueryFailed), ErrorKind::Cancelled);
    }

    void demoDatabaseLacksTheIndexesItsWorkloadNeeds()
    {
        const std::string demo = (testenv::demoDir() + "/demo.sqlite").toStdString();
        QVERIFY2(std::filesystem::exists(demo), "build the planwise_demo_data target first");
        const auto db = SqliteDatabase::open("sqlite:" + demo);
        const auto cat = db.readCatalog();
        QCOMPARE(cat.tables.size(), size_t(4));
        QCOMPARE(cat.table("orders")->rowCount.value_or(0), 100000.0);
        QCOMPARE(cat.table("customers")->rowCount.value_or(0), 20000.0);
        QCOMPARE(cat.table("products")->rowCount.value_or(0), 2000.0);
        QVERIFY(cat.table("order_items")->rowCount.value_or(0) > 200000);
        QCOMPARE(cat.indexesOf("orders").size(), size_t(1));        // the rowid only
        QCOMPARE(cat.indexesOf("order_items").size(), size_t(1));
        QCOMPARE(cat.indexesOf("customers").size(), size_t(1));
        QVERIFY(findIndex(cat, "products_category"));
        QCOMPARE(cat.table("orders")->foreignKeys.size(), size_t(1));

        const auto plan = db.explainQueryPlan("SELECT id FROM orders WHERE customer_id = 42");
        QCOMPARE(plan.size(), size_t(1));
        QCOMPARE(plan[0].detail, std::string("SCAN orders"));
        QVERIFY(anyDetailContains(db.explainQueryPlan("SELECT * FROM customers WHERE id = 3"), "INTEGER PRIMARY KEY"));
    }
};

QTEST_GUILESS_MAIN(TestSqliteConnector)
#include "tst_sqlite_connector.moc"
