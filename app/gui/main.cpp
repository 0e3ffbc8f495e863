// planwise: the desktop GUI. No arguments opens the bundled demo; --demo
// forces it; FILE... opens slow logs (with --db a SQLite database for plans
// and advice).
#include "connectors/mysql/mysql_session.h"
#include "ui/app_info.h"
#include "ui/main_window.h"
#include "ui/workspace_controller.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>

#include <cstdio>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    // Connector/C++ wants its driver made once, on the main thread, before any worker connects.
    planwise::mysql::initDriver();
    QApplication::setApplicationName(QStringLiteral("Planwise"));
    QApplication::setOrganizationName(QStringLiteral("Planwise"));
    QApplication::setApplicationVersion(planwise::ui::planwiseVersion());
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/planwise.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Query analyzer and index advisor"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demoOption(QStringLiteral("demo"), QStringLiteral("Open the bundled demo workspace."));
    const QCommandLineOption dbOption(QStringList{QStringLiteral("db")},
                                      QStringLiteral("SQLite database to EXPLAIN and advise against."),
                                      QStringLiteral("path"));
    parser.addOption(demoOption);
    parser.addOption(dbOption);
    parser.addPositionalArgument(QStringLiteral("files"), QStringLiteral("Slow logs to open."), QStringLiteral("[FILE...]"));
    parser.process(app);

    // The demo next to the build tree first (a developer's run), then the installed copy: beside the
    // executable (bin/../share, wherever the package put it), then the configured install prefix.
    const QString besideExecutable =
        QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../share/planwise/demo"));
    const QString demoDir = planwise::ui::WorkspaceController::findDemoDir(
        {QStringLiteral(PLANWISE_DEMO_DIR), QDir::cleanPath(besideExecutable), QStringLiteral(PLANWISE_INSTALLED_DEMO_DIR)});

    planwise::ui::MainWindow window;
    window.setDemoDir(demoDir);
    auto* controller = window.controller();
    const QStringList files = parser.positionalArguments();

    if (parser.isSet(dbOption))
        controller->setDatabase(parser.value(dbOption));
    if (!files.isEmpty() && !parser.isSet(demoOption)) {
        controller->openLogs(files);
    } else if (!demoDir.isEmpty()) {
        controller->openDemo(demoDir);
    } else if (parser.isSet(demoOption)) {
        std::fprintf(stderr, "planwise: the demo files were not found in %s or %s\n", PLANWISE_DEMO_DIR,
                     PLANWISE_INSTALLED_DEMO_DIR);
        return 3;
    }
    window.show();
    return app.exec();
}
