// The workload between two snapshots of a server's cumulative statistics.
#include "analyzer/workload/workload_delta.h"

#include <QTest>

using namespace planwise::workload;

namespace {

QueryClass summaryClass(const std::string& checksum, uint64_t calls, double seconds)
{
    QueryClass qc;
    qc.checksum = checksum;
    qc.fingerprint = "select " + checksum;
    qc.count = calls;
    qc.metrics["Query_time"].addSummary(calls, seconds, 0.001, 0.5);
    return qc;
}

} // namespace

class TestWorkloadDelta : public QObject {
    Q_OBJECT
private slots:
    void differenceOfTwoSnapshots()
    {
        Workload before, after;
        before.classes = {summaryClass("A", 100, 10.0), summaryClass("B", 50, 5.0), summaryClass("C", 7, 1.0)};
        after.classes = {summaryClass("A", 130, 16.0), summaryClass("B", 50, 5.0), summaryClass("C", 2, 0.2),
                         summaryClass("D", 4, 2.0)};
        const Workload d = workloadDelta(before, after);

        QCOMPARE(d.classes.size(), size_t(3)); // B did not run in between
        // Ranked by the interval's own time: A (6 s), D (2 s), C (0.2 s, reset in between).
        QCOMPARE(QString::fromStdString(d.classes[0].checksum), QStringLiteral("A"));
        QCOMPARE(d.classes[0].count, uint64_t(30));
        QCOMPARE(d.classes[0].totalTime(), 6.0);
        QVERIFY(!d.classes[0].metric("Query_time")->hasDistribution());
        QCOMPARE(QString::fromStdString(d.classes[1].checksum), QStringLiteral("D"));
        QCOMPARE(d.classes[1].count, uint64_t(4));
        QCOMPARE(QString::fromStdString(d.classes[2].checksum), QStringLiteral("C"));
        QCOMPARE(d.classes[2].count, uint64_t(2));
        QCOMPARE(d.events, uint64_t(36));
    }

    void summaryKeepsTotals()
    {
        MetricStats m;
        m.add(0.25);
        QVERIFY(m.hasDistribution());
        m.addSummary(3, 0.75, 0.1, 0.4);
        QCOMPARE(m.count(), uint64_t(4));
        QCOMPARE(m.sum(), 1.0);
        QCOMPARE(m.min(), 0.1);
        QCOMPARE(m.max(), 0.4);
        QVERIFY(!m.hasDistribution());
        MetricStats merged;
        merged.merge(m);
        QVERIFY(!merged.hasDistribution());
    }
};

QTEST_GUILESS_MAIN(TestWorkloadDelta)
#include "tst_workload_delta.moc"
