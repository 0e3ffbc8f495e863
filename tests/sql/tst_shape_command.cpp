// `planwise-cli shape`'s logic: exit codes, standard input, text and JSON output.
#include "analyzer/sql/shape_command.h"

#include <nlohmann/json.hpp>

#include <QObject>
#include <QTest>

#include <sstream>

using planwise::sql::ShapeCommandOptions;
using planwise::sql::runShapeCommand;

namespace {

struct Run {
    int code = -1;
    std::string out, err;
};

Run run(ShapeCommandOptions options, const std::string& stdinText = {})
{
    std::istringstream in(stdinText);
    std::ostringstream out, err;
    Run r;
    r.code = runShapeCommand(options, in, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

} // namespace

class TestShapeCommand : public QObject {
    Q_OBJECT

private slots:
    void textOutput()
    {
        const Run r = run({"SELECT id FROM orders o WHERE o.status = 'paid' ORDER BY o.created_at DESC", "mysql", false});
        QCOMPARE(r.code, 0);
        QVERIFY(r.err.empty());
        QVERIFY2(r.out.find("table: orders AS o") != std::string::npos, r.out.c_str());
        QVERIFY2(r.out.find("predicate: orders.status equality") != std::string::npos, r.out.c_str());
        QVERIFY2(r.out.find("order by: orders.created_at DESC") != std::string::npos, r.out.c_str());
    }

    void jsonOutput()
    {
        const Run r = run({"SELECT * FROM t WHERE id = ANY($1) LIMIT 5", "postgresql", true});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out);
        QCOMPARE(j["kind"].get<std::string>(), std::string("select"));
        QCOMPARE(j["dialect"].get<std::string>(), std::string("postgresql"));
        QCOMPARE(j["predicates"][0]["op"].get<std::string>(), std::string("in"));
        QCOMPARE(j["predicates"][0]["value"].get<std::string>(), std::string("parameter"));
        QCOMPARE(j["limit"].get<int>(), 5);
    }

    void readsStandardInput()
    {
        const Run r = run({"-", "sqlite", true}, "SELECT a FROM t\nWHERE b LIKE 'x%'");
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out);
        QCOMPARE(j["predicates"][0]["op"].get<std::string>(), std::string("like-prefix"));
        QCOMPARE(j["predicates"][0]["column"]["table"].get<std::string>(), std::string("t"));
    }

    void unknownDialectIsUsageError()
    {
        const Run r = run({"SELECT 1", "oracle", false});
        QCOMPARE(r.code, 2);
        QVERIFY(r.out.empty());
        QVERIFY2(r.err.find("unknown dialect 'oracle'") != std::string::npos, r.err.c_str());
    }

    void unparseableIsUnusableInput_data()
    {
        QTest::addColumn<QString>("dialect");
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("reason");
        QTest::newRow("pg syntax") << "pg" << "SELEC * FROM t" << "not valid PostgreSQL";
        QTest::newRow("mysql garbage") << "mysql" << "lorem ipsum" << "not a SQL statement";
        QTest::newRow("sqlite empty") << "sqlite" << "   " << "empty statement";
        QTest::newRow("stdin empty") << "mysql" << "-" << "empty statement";
    }

    void unparseableIsUnusableInput()
    {
        QFETCH(QString, dialect);
        QFETCH(QString, sql);
        QFETCH(QString, reason);
        const Run r = run({sql.toStdString(), dialect.toStdString(), false}, "");
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.find(reason.toStdString()) != std::string::npos, r.err.c_str());
    }
};

QTEST_GUILESS_MAIN(TestShapeCommand)
#include "tst_shape_command.moc"
