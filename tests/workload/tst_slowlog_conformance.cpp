// Conformance with pt-query-digest 3.2.1 on Percona Toolkit's sample slow logs:
// every class's checksum, count and Query_time sum/min/max/pct_95/median,
// Lock_time, Rows_sent and Rows_examined sums, at the precision it prints.
//
// Known exceptions: none. (pt-query-digest leaves out classes whose
// Query_time is not a number, e.g. slow017.txt's garbled value, and zeroes
// the row counts of administrator commands; Planwise does the same in
// PtQueryDigest mode.)
#include "analyzer/workload/ingest.h"
#include "common/test_env.h"

#include <QDir>
#include <QFile>
#include <QtTest>

#include <fmt/format.h>

#include <map>

using namespace planwise;
using namespace planwise::workload;

namespace {

std::string fmtTime(const MetricStats* m, double (MetricStats::*get)() const)
{
    return m ? fmt::format("{:.6f}", (m->*get)()) : std::string();
}

std::string fmtInt(const MetricStats* m)
{
    return m ? fmt::format("{}", int64_t(m->sum())) : std::string();
}

} // namespace

class TestSlowLogConformance : public QObject {
    Q_OBJECT

private slots:
    void matchesPtQueryDigest_data()
    {
        QTest::addColumn<QString>("log");
        QTest::addColumn<QString>("tsv");
        PW_REQUIRE_SHARED();
        planwise::testenv::addPtQueryDigestSampleRows();
    }

    void matchesPtQueryDigest()
    {
        QFETCH(QString, log);
        QFETCH(QString, tsv);
        QFile f(tsv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        QVERIFY(!lines.isEmpty());
        QCOMPARE(lines[0].split('\t').size(), 11);

        IngestOptions o;
        o.compat = sql::FingerprintCompat::PtQueryDigest;
        o.threads = 1;
        const IngestResult r = ingest({log.toStdString()}, o);
        std::map<std::string, const QueryClass*> byChecksum;
        for (const QueryClass& c : r.workload.classes)
            byChecksum[c.checksum] = &c;

        size_t expected = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            if (lines[i].isEmpty())
                continue;
            const QList<QByteArray> col = lines[i].split('\t');
            QCOMPARE(col.size(), 11);
            ++expected;
            const std::string checksum = col[0].toStdString();
            const auto it = byChecksum.find(checksum);
            QVERIFY2(it != byChecksum.end(), qPrintable(QString("class %1 (%2) missing").arg(col[0], col[1].left(80))));
            const QueryClass& c = *it->second;
            const QString where = QString::fromStdString(checksum) + " " + col[1].left(60);
            QVERIFY2(c.fingerprint == col[1].toStdString(), qPrintable(where + ": fingerprint " + QString::fromStdString(c.fingerprint)));
            QCOMPARE(QString::number(c.count), QString(col[2]));
            const MetricStats* qt = c.metric("Query_time");
            QCOMPARE(QString::fromStdString(fmtTime(qt, &MetricStats::sum)), QString(col[3]));
            QCOMPARE(QString::fromStdString(fmtTime(qt, &MetricStats::min)), QString(col[4]));
            QCOMPARE(QString::fromStdString(fmtTime(qt, &MetricStats::max)), QString(col[5]));
            QCOMPARE(QString::fromStdString(fmtTime(qt, &MetricStats::pct95)), QString(col[6]));
            QCOMPARE(QString::fromStdString(fmtTime(qt, &MetricStats::median)), QString(col[7]));
            QCOMPARE(QString::fromStdString(fmtTime(c.metric("Lock_time"), &MetricStats::sum)), QString(col[8]));
            QCOMPARE(QString::fromStdString(fmtInt(c.metric("Rows_sent"))), QString(col[9]));
            QCOMPARE(QString::fromStdString(fmtInt(c.metric("Rows_examined"))), QString(col[10]));
        }
        QVERIFY2(r.workload.classes.size() == expected,
                 qPrintable(QString("%1 classes, pt-query-digest has %2").arg(r.workload.classes.size()).arg(expected)));
    }
};

QTEST_GUILESS_MAIN(TestSlowLogConformance)
#include "tst_slowlog_conformance.moc"
