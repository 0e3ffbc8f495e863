// The one-statement gate in front of every EXPLAIN on a live MySQL/MariaDB
// server: quotes, comments and /*! */ sections must not hide a second statement.
#include "connectors/common/connector_error.h"
#include "connectors/mysql/mysql_statement.h"

#include <QTest>

using namespace planwise::mysql;
using planwise::connectors::ConnectorError;
using planwise::connectors::ErrorKind;

class TstMySqlStatement : public QObject {
    Q_OBJECT

private slots:
    void single_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("verb");
        QTest::addColumn<bool>("modifies");
        QTest::newRow("select") << "SELECT 1" << "SELECT 1" << "SELECT" << false;
        QTest::newRow("trailing ;") << "select * from t where a = 1 ;\n  " << "select * from t where a = 1" << "SELECT" << false;
        QTest::newRow("; in string") << "SELECT 'a;b', \"c;d\"" << "SELECT 'a;b', \"c;d\"" << "SELECT" << false;
        QTest::newRow("escaped quote") << "SELECT 'it\\'s;' FROM t" << "SELECT 'it\\'s;' FROM t" << "SELECT" << false;
        QTest::newRow("; in backticks") << "SELECT `a;b` FROM t" << "SELECT `a;b` FROM t" << "SELECT" << false;
        QTest::newRow("; in comments") << "SELECT 1 /* ; */ -- ;\n# ;\n" << "SELECT 1 /* ; */ -- ;\n# ;" << "SELECT" << false;
        QTest::newRow("leading comment") << "/* app */ DELETE FROM t" << "/* app */ DELETE FROM t" << "DELETE" << true;
        QTest::newRow("paren union") << "(SELECT 1) UNION (SELECT 2)" << "(SELECT 1) UNION (SELECT 2)" << "SELECT" << false;
        QTest::newRow("for update") << "SELECT * FROM t FOR UPDATE" << "SELECT * FROM t FOR UPDATE" << "SELECT" << true;
        QTest::newRow("with delete") << "WITH x AS (SELECT 1) DELETE FROM t" << "WITH x AS (SELECT 1) DELETE FROM t" << "WITH" << true;
        QTest::newRow("replace") << "REPLACE INTO t VALUES (1)" << "REPLACE INTO t VALUES (1)" << "REPLACE" << true;
    }
    void single()
    {
        QFETCH(QString, sql);
        QFETCH(QString, text);
        QFETCH(QString, verb);
        QFETCH(bool, modifies);
        const auto st = parseSingleStatement(sql.toStdString());
        QCOMPARE(QString::fromStdString(st.text), text);
        QCOMPARE(QString::fromStdString(st.verb), verb);
        QCOMPARE(st.modifiesData, modifies);
        QVERIFY(isExplainable(st));
    }

    void refused_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::newRow("two") << "SELECT 1; SELECT 2";
        QTest::newRow("select then delete") << "SELECT 1;DELETE FROM t";
        QTest::newRow("inside version comment") << "SELECT 1 /*!50000 ; DELETE FROM t */";
        QTest::newRow("after string") << "SELECT 'x'; DROP TABLE t";
        QTest::newRow("empty") << "  ";
        QTest::newRow("only comments") << "-- a\n# b\n/* c */";
        QTest::newRow("only semicolons") << ";;";
    }
    void refused()
    {
        QFETCH(QString, sql);
        try {
            parseSingleStatement(sql.toStdString());
            QFAIL("accepted");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.kind(), ErrorKind::Refused);
        }
    }

    void sqlModeChangesQuoting()
    {
        // With NO_BACKSLASH_ESCAPES the backslash ends nothing: 'a\' is a whole string.
        planwise::sql::LexerOptions noEscapes;
        noEscapes.noBackslashEscapes = true;
        QCOMPARE(parseSingleStatement("SELECT 'a\\'; DELETE FROM t; -- '").text, std::string("SELECT 'a\\'; DELETE FROM t; -- '"));
        QVERIFY_EXCEPTION_THROWN(parseSingleStatement("SELECT 'a\\'; DELETE FROM t; -- '", noEscapes), ConnectorError);
    }

    void unterminatedIsQueryFailed()
    {
        try {
            parseSingleStatement("SELECT 'abc");
            QFAIL("accepted");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.kind(), ErrorKind::QueryFailed);
        }
    }

    void namesAndIrreversibleCalls()
    {
        const auto st = parseSingleStatement("DELETE o FROM shop.orders o JOIN `Items` i ON i.id = o.id");
        QVERIFY(std::count(st.names.begin(), st.names.end(), "shop.orders") == 1);
        QVERIFY(std::count(st.names.begin(), st.names.end(), "Items") == 1);
        QVERIFY(st.irreversible.empty());
        QCOMPARE(parseSingleStatement("SELECT NEXTVAL(s)").irreversible.size(), size_t(1));
        QCOMPARE(parseSingleStatement("SELECT NEXT VALUE FOR s").irreversible.size(), size_t(1));
        QCOMPARE(parseSingleStatement("SELECT GET_LOCK('x', 1)").irreversible.size(), size_t(1));
        QCOMPARE(parseSingleStatement("SELECT * FROM t INTO OUTFILE '/tmp/x'").irreversible.size(), size_t(1));
        QVERIFY(parseSingleStatement("SELECT nextval FROM t").irreversible.empty());   // a column, not a call
        QVERIFY(!isExplainable(parseSingleStatement("DROP TABLE t")));
        QVERIFY(!isExplainable(parseSingleStatement("EXPLAIN SELECT 1")));
    }
};

QTEST_GUILESS_MAIN(TstMySqlStatement)
#include "tst_mysql_statement.moc"
