// The workspace against live servers, as `planwise --db URI FILE` drives it: the
// connection lives on its own worker thread, plans come from the server's
// EXPLAIN through the plan model, and a password never shows in the UI.
#include "common/test_env.h"

#include "analyzer/plan/plan.h"
#include "ui/plan_tree_model.h"
#include "ui/query_class_model.h"
#include "ui/workspace_controller.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using planwise::ui::WorkspaceController;

namespace {

constexpr int kTimeoutMs = 60000;

// A slow log of one statement every server can plan without any table of ours.
QString writeLog(const QTemporaryDir& dir, const QString& sql)
{
    const QString path = dir.filePath(QStringLiteral("live.log"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    for (int i = 0; i < 3; ++i)
        f.write(QStringLiteral("# Time: 2026-01-01T08:00:0%1.000000Z\n"
                               "# User@Host: app[app] @ app01 [10.0.0.1]  Id: 1\n"
                               "# Query_time: 0.01%1000  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: 400\n"
                               "SET timestamp=176725440%1;\n%2;\n")
                    .arg(i)
                    .arg(sql)
                    .toUtf8());
    return path;
}

} // namespace

class TestWorkspaceServers : public QObject {
    Q_OBJECT
private slots:
    void plansFromALiveServer_data()
    {
        QTest::addColumn<QString>("envVar");
        QTest::addColumn<QString>("sql");
        QTest::newRow("postgresql") << "PLANWISE_TEST_PG"
                                    << "SELECT count(*) FROM pg_class WHERE relname LIKE 'pg_%'";
        QTest::newRow("mariadb") << "PLANWISE_TEST_MYSQL"
                                 << "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_NAME LIKE 'a%'";
    }

    void plansFromALiveServer()
    {
        QFETCH(QString, envVar);
        QFETCH(QString, sql);
        QString uri;
        if (envVar == "PLANWISE_TEST_PG")
            PW_REQUIRE_SERVER("PLANWISE_TEST_PG", uri);
        else
            PW_REQUIRE_SERVER("PLANWISE_TEST_MYSQL", uri);
        QTemporaryDir dir;
        const QString log = writeLog(dir, sql);

        WorkspaceController c;
        QSignalSpy connected(&c, &WorkspaceController::databaseChanged);
        QSignalSpy loaded(&c, &WorkspaceController::loadFinished);
        c.setDatabase(uri);
        c.openLogs({log});
        QVERIFY(loaded.wait(kTimeoutMs));
        QTRY_VERIFY_WITH_TIMEOUT(!connected.isEmpty(), kTimeoutMs);
        QVERIFY2(!c.databaseLabel().contains(QStringLiteral("planwise:planwise")), qPrintable(c.databaseLabel()));
        QCOMPARE(c.classModel()->rowCount(), 1);

        QSignalSpy planned(&c, &WorkspaceController::planFinished);
        QSignalSpy failed(&c, &WorkspaceController::planFailed);
        c.selectClass(0);
        QTRY_VERIFY_WITH_TIMEOUT(planned.count() + failed.count() == 1, kTimeoutMs);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(1).toString()));
        const auto* plan = c.planModel()->plan();
        QVERIFY(plan && !plan->nodes.empty());
        QVERIFY(c.planModel()->rowCount() > 0);
    }
};

QTEST_MAIN(TestWorkspaceServers)
#include "tst_workspace_servers.moc"
