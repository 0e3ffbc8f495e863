// The one-statement gate in front of every EXPLAIN on a live PostgreSQL
// server: libpg_query must see exactly one statement, and know what it writes.
#include "connectors/common/connector_error.h"
#include "connectors/postgres/pg_statement.h"

#include <QTest>

using namespace planwise::postgres;
using planwise::connectors::ConnectorError;
using planwise::connectors::ErrorKind;

class TstPgStatement : public QObject {
    Q_OBJECT

private slots:
    void singleStatements_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("modifies");
        QTest::newRow("select") << "SELECT 1" << "SELECT 1" << "SelectStmt" << false;
        QTest::newRow("trailing semicolon") << "  SELECT 1 ;  \n" << "SELECT 1" << "SelectStmt" << false;
        QTest::newRow("semicolon in string") << "SELECT ';' AS x" << "SELECT ';' AS x" << "SelectStmt" << false;
        QTest::newRow("semicolon in comment") << "SELECT 1 /* ; */ + 2" << "SELECT 1 /* ; */ + 2" << "SelectStmt" << false;
        QTest::newRow("dollar quote") << "SELECT $$a;b$$" << "SELECT $$a;b$$" << "SelectStmt" << false;
        QTest::newRow("values") << "VALUES (1), (2)" << "VALUES (1), (2)" << "SelectStmt" << false;
        QTest::newRow("delete") << "DELETE FROM t WHERE id = 1;" << "DELETE FROM t WHERE id = 1" << "DeleteStmt" << true;
        QTest::newRow("update") << "UPDATE s.t SET a = 1" << "UPDATE s.t SET a = 1" << "UpdateStmt" << true;
        QTest::newRow("writable cte") << "WITH d AS (DELETE FROM t RETURNING *) SELECT count(*) FROM d"
                                      << "WITH d AS (DELETE FROM t RETURNING *) SELECT count(*) FROM d" << "SelectStmt" << true;
        QTest::newRow("for update") << "SELECT * FROM t FOR UPDATE" << "SELECT * FROM t FOR UPDATE" << "SelectStmt" << true;
        QTest::newRow("create index") << "CREATE INDEX ON t (a)" << "CREATE INDEX ON t (a)" << "IndexStmt" << false;
    }
    void singleStatements()
    {
        QFETCH(QString, sql);
        QFETCH(QString, text);
        QFETCH(QString, kind);
        QFETCH(bool, modifies);
        const PgStatement st = parseSingleStatement(sql.toStdString());
        QCOMPARE(QString::fromStdString(st.text), text);
        QCOMPARE(QString::fromStdString(st.kind), kind);
        QCOMPARE(st.modifiesData, modifies);
    }

    void refusesAnythingButOne_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::newRow("two selects") << "SELECT 1; SELECT 2";
        QTest::newRow("select then delete") << "SELECT 1; DELETE FROM t";
        QTest::newRow("no trailing space") << "SELECT 1;DROP TABLE t;";
        QTest::newRow("empty") << "   ";
        QTest::newRow("only comment") << "-- nothing\n/* here */";
        QTest::newRow("only semicolons") << ";;";
    }
    void refusesAnythingButOne()
    {
        QFETCH(QString, sql);
        try {
            parseSingleStatement(sql.toStdString());
            QFAIL("accepted");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.kind(), ErrorKind::Refused);
        }
    }

    void syntaxErrorIsQueryFailed()
    {
        try {
            parseSingleStatement("SELEC 1");
            QFAIL("accepted");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.kind(), ErrorKind::QueryFailed);
            QVERIFY2(QString::fromUtf8(e.what()).contains("syntax error"), e.what());
        }
    }

    void targetsAndIrreversibleCalls()
    {
        const auto st = parseSingleStatement("INSERT INTO \"Sales\".orders (id) SELECT nextval('s') FROM generate_series(1, 3)");
        QCOMPARE(st.targetTables.size(), size_t(1));
        QCOMPARE(st.targetTables[0].schema, std::string("Sales"));
        QCOMPARE(st.targetTables[0].name, std::string("orders"));
        QCOMPARE(st.irreversible.size(), size_t(1));
        QVERIFY(st.irreversible[0].find("nextval") != std::string::npos);

        QVERIFY(parseSingleStatement("SELECT pg_catalog.setval('s', 1)").irreversible.size() == 1);
        QVERIFY(parseSingleStatement("SELECT * FROM dblink('x', 'y') AS t(a int)").irreversible.size() == 1);
        QVERIFY(parseSingleStatement("SELECT lower('NEXTVAL')").irreversible.empty());
    }

    void explainableKinds()
    {
        QVERIFY(isExplainable(parseSingleStatement("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE")));
        QVERIFY(!isExplainable(parseSingleStatement("DROP TABLE t")));
        QVERIFY(!isExplainable(parseSingleStatement("EXPLAIN SELECT 1")));
        QVERIFY(!isExplainable(parseSingleStatement("CREATE TABLE x AS SELECT 1")));
    }
};

QTEST_GUILESS_MAIN(TstPgStatement)
#include "tst_pg_statement.moc"
