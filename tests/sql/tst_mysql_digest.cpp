// performance_schema digests written back as statements: the digest class and
// the slow-log class of a statement written in the usual style share an ID.
// The digests are MariaDB 10.11's, copied from our test server's
// events_statements_summary_by_digest for the statements beside them.
#include "analyzer/sql/fingerprint.h"
#include "analyzer/sql/mysql_digest.h"

#include <QtTest>

using namespace planwise::sql;

class TestMySqlDigest : public QObject {
    Q_OBJECT

private slots:
    void sameClassAsTheStatement_data()
    {
        QTest::addColumn<QString>("statement");
        QTest::addColumn<QString>("digest");
        QTest::newRow("select") << "SELECT a, b FROM dg WHERE id = 5" << "SELECT `a` , `b` FROM `dg` WHERE ID = ? ";
        QTest::newRow("count and IN list") << "SELECT COUNT(*) FROM dg WHERE a IN (1,2,3)"
                                           << "SELECT COUNT ( * ) FROM `dg` WHERE `a` IN (...) ";
        QTest::newRow("multi-row insert") << "INSERT INTO dg (id, a, b) VALUES (1, 2, 'x'), (2, 3, 'y')"
                                          << "INSERT INTO `dg` ( ID , `a` , `b` ) VALUES (...) /* , ... */ ";
        QTest::newRow("like, order, limit") << "SELECT * FROM dg WHERE b LIKE 'x%' ORDER BY id DESC LIMIT 10"
                                            << "SELECT * FROM `dg` WHERE `b` LIKE ? ORDER BY ID DESC LIMIT ? ";
        QTest::newRow("update") << "UPDATE dg SET a = a + 1 WHERE id = 1" << "UPDATE `dg` SET `a` = `a` + ? WHERE ID = ? ";
        QTest::newRow("delete") << "DELETE FROM dg WHERE id > 10" << "DELETE FROM `dg` WHERE ID > ? ";
        QTest::newRow("join with aliases") << "SELECT d.id FROM dg d JOIN dg e ON e.id = d.a WHERE d.b = 'q'"
                                           << "SELECT `d` . `id` FROM `dg` `d` JOIN `dg` `e` ON `e` . `id` = `d` . `a` WHERE `d` . `b` = ? ";
        // MySQL 8 quotes every name and writes the same lists.
        QTest::newRow("mysql 8 quoting") << "SELECT id, status FROM orders WHERE customer_id = 42 AND (status = 'new' OR status = 'paid')"
                                         << "SELECT `id` , `status` FROM `orders` WHERE `customer_id` = ? AND ( `status` = ? OR `status` = ? )";
        QTest::newRow("function with arguments") << "SELECT COALESCE(a, 0), MAX(b) FROM t GROUP BY c"
                                                 << "SELECT COALESCE ( `a` , ? ) , MAX ( `b` ) FROM `t` GROUP BY `c`";
        QTest::newRow("subquery") << "SELECT * FROM t WHERE a IN (SELECT b FROM u WHERE c = 1)"
                                  << "SELECT * FROM `t` WHERE `a` IN ( SELECT `b` FROM `u` WHERE `c` = ? )";
        QTest::newRow("limit offset") << "SELECT * FROM t LIMIT 10, 20" << "SELECT * FROM `t` LIMIT ? , ?";
    }
    void sameClassAsTheStatement()
    {
        QFETCH(QString, statement);
        QFETCH(QString, digest);
        const std::string fromLog = fingerprint(statement.toStdString());
        const std::string fromDigest = fingerprint(digestToStatement(digest.toStdString()));
        QCOMPARE(QString::fromStdString(fromDigest), QString::fromStdString(fromLog));
        QCOMPARE(queryChecksum(fromDigest), queryChecksum(fromLog));
    }

    void namesThatNeedTheirQuotesKeepThem()
    {
        QCOMPARE(digestToStatement("SELECT `my col` , `2024` FROM `a-b`"), std::string("SELECT `my col`, `2024` FROM `a-b`"));
        QCOMPARE(digestToStatement(""), std::string());
    }
};

QTEST_GUILESS_MAIN(TestMySqlDigest)
#include "tst_mysql_digest.moc"
