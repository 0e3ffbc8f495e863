#pragma once
// Runs the built planwise-cli as a user would, for the CLI tests.
#include <QByteArray>
#include <QProcess>
#include <QStringList>

namespace planwise::testenv {

struct CliResult {
    int exitCode = -1;   // -1 when it crashed or did not finish
    QByteArray out, err;
};

inline CliResult runCli(const QStringList& args, const QByteArray& stdinData = {})
{
    QProcess p;
    p.start(QStringLiteral(PLANWISE_CLI), args);
    if (!stdinData.isEmpty())
        p.write(stdinData);
    p.closeWriteChannel();
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

} // namespace planwise::testenv
