#pragma once
// Where tests find their inputs and servers. Server details come from the
// environment the test command sets (scripts/test-servers.sh).
#include <QDir>
#include <QStringList>
#include <QString>
#include <QTest>
#include <QtGlobal>

#include <cstring>

namespace planwise::testenv {

inline QString sharedDir() { return QStringLiteral(PLANWISE_SHARED_DIR); }
inline bool haveShared() { return QDir(sharedDir()).exists(QStringLiteral("corpus")); }
inline QString testData(const QString& rel) { return QStringLiteral(PLANWISE_TEST_DATA "/") + rel; }
inline QString demoDir() { return QStringLiteral(PLANWISE_DEMO_DIR); }

// Data rows (log, tsv) for the corpus slow logs that have pt-query-digest's
// output beside them (NAME.ptqd.tsv); the caller adds the two columns.
inline void addPtQueryDigestSampleRows()
{
    const QDir dir(sharedDir() + QStringLiteral("/corpus/slowlogs"));
    const QStringList tsvs = dir.entryList({QStringLiteral("*.ptqd.tsv")}, QDir::Files, QDir::Name);
    QVERIFY(tsvs.size() > 50);
    for (const QString& t : tsvs) {
        const QString log = t.left(t.size() - int(strlen(".ptqd.tsv")));
        QTest::newRow(qPrintable(log)) << dir.filePath(log) << dir.filePath(t);
    }
}

// In CI (PLANWISE_REQUIRE_SERVERS=1) a missing server is a failure; elsewhere a visible skip.
inline bool serversRequired() { return qEnvironmentVariableIntValue("PLANWISE_REQUIRE_SERVERS") == 1; }

} // namespace planwise::testenv

// Use inside a test function: yields the URI of the server or skips/fails.
#define PW_REQUIRE_SERVER(envVar, outUri)                                                                      \
    do {                                                                                                       \
        outUri = qEnvironmentVariable(envVar);                                                                 \
        if (outUri.isEmpty()) {                                                                                \
            if (planwise::testenv::serversRequired())                                                          \
                QFAIL(envVar " is not set but PLANWISE_REQUIRE_SERVERS=1 (start scripts/test-servers.sh)");   \
            QSKIP(envVar " is not set: no test server (run scripts/test.sh to start one)");                   \
        }                                                                                                      \
    } while (0)

#define PW_REQUIRE_SHARED()                                                                                    \
    do {                                                                                                       \
        if (!planwise::testenv::haveShared())                                                                  \
            QSKIP("../shared/corpus is absent: conformance test skipped");                                     \
    } while (0)
