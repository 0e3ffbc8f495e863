// planwise-cli loads its database commands' module only when one of them
// runs: the other commands start without the database client libraries (and
// without Qt), and a missing module is a clear error, not a crash.
#include "common/cli_runner.h"
#include "common/test_env.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

// stderr of `planwise-cli args` with the dynamic loader listing what it loads.
QByteArray loaderTrace(const QString& cli, const QStringList& args, int* exitCode = nullptr)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("LD_DEBUG", "files");
    p.setProcessEnvironment(env);
    p.start(cli, args);
    p.closeWriteChannel();
    p.waitForFinished(60000);
    if (exitCode)
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return p.readAllStandardError();
}

} // namespace

class TestCliModule : public QObject {
    Q_OBJECT
private slots:
    void analyzerCommandsLoadNoDatabaseLibrary()
    {
        int rc = -1;
        const QByteArray trace = loaderTrace(QStringLiteral(PLANWISE_CLI), {"rules"}, &rc);
        QCOMPARE(rc, 0);
        QVERIFY2(trace.contains("file=libfmt"), "LD_DEBUG=files gave no trace: the check below would prove nothing");
        // Nor Qt: the analyzer is std C++ only, so a server needs no Qt to run planwise-cli.
        for (const char* lib : {"libpq.so", "libmysqlcppconn", "libsqlite3", "planwise-db-commands", "libQt6"})
            QVERIFY2(!trace.contains(lib), lib);
    }

    void databaseCommandsLoadTheModule()
    {
        const QString db = QStringLiteral(PLANWISE_DEMO_DIR "/demo.sqlite");
        int rc = -1;
        const QByteArray trace =
            loaderTrace(QStringLiteral(PLANWISE_CLI), {"explain", "--db", "sqlite:" + db, "SELECT * FROM orders"}, &rc);
        QVERIFY2(trace.contains("planwise-db-commands.so"), trace.right(2000).constData());
        QVERIFY(trace.contains("libsqlite3"));
        QCOMPARE(rc, 0);
    }

    void missingModuleIsAClearError()
    {
        QTemporaryDir dir;
        const QString cli = dir.filePath("planwise-cli");
        QVERIFY(QFile::copy(QStringLiteral(PLANWISE_CLI), cli));
        QFile::setPermissions(cli, QFileInfo(QStringLiteral(PLANWISE_CLI)).permissions());
        QProcess p;
        p.start(cli, {"explain", "--db", "sqlite:" + dir.filePath("t.sqlite"), "SELECT 1"});
        p.waitForFinished(60000);
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 4);
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(err.contains("module could not be loaded") && err.contains("planwise-db-commands.so"), err.constData());
        // The analyzer commands do not need it.
        p.start(cli, {"rules"});
        p.waitForFinished(60000);
        QCOMPARE(p.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCliModule)
#include "tst_cli_module.moc"
