// MetricStats against figures pt-query-digest 3.2.1 printed for the same values.
#include "analyzer/workload/query_class.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <random>

using planwise::workload::MetricStats;

namespace {

MetricStats of(std::initializer_list<double> values)
{
    MetricStats m;
    for (double v : values)
        m.add(v);
    return m;
}

// pt-query-digest prints 6 decimals for times: compare at that precision.
bool same6(double a, double b) { return std::llround(a * 1e6) == std::llround(b * 1e6); }

// pt-query-digest's _calc_metrics over every bucket, top to bottom, as it
// walks them (no early stop): what MetricStats::percentile must answer.
double ptPercentile(const MetricStats& m, double p)
{
    const uint64_t n = m.count();
    if (n == 0)
        return 0;
    if (n == 1 || m.max() == m.min())
        return m.max();
    if (n == 2)
        return p == 0.5 ? (m.min() + m.max()) / 2 : m.max();
    const uint64_t cutoff = n >= 10 ? uint64_t(double(n) * (p == 0.5 ? 0.95 : p)) : n;
    const uint64_t topVals = n - cutoff, mid = n / 2;
    int64_t totalLeft = int64_t(n);
    uint64_t sumExcl = 0;
    int bucket95 = 0, prev = 999;
    double median = 0;
    auto buckets = m.buckets();
    for (auto it = buckets.rbegin(); it != buckets.rend(); ++it) {
        const auto [bucket, count] = *it;
        totalLeft -= int64_t(count);
        sumExcl += count;
        if (!bucket95 && sumExcl > topVals)
            bucket95 = bucket;
        if (median == 0 && totalLeft <= int64_t(mid))
            median = ((cutoff % 2) || count > 1) ? MetricStats::bucketValue(bucket)
                                                 : (MetricStats::bucketValue(bucket) + MetricStats::bucketValue(prev)) / 2;
        prev = bucket;
    }
    return p == 0.5 ? median : MetricStats::bucketValue(bucket95);
}

} // namespace

class TestMetricStats : public QObject {
    Q_OBJECT

private slots:
    void matchesPtQueryDigestOnSlow002()
    {
        // Query_time and Lock_time of the 8 events of Percona's slow002.txt; its
        // global figures from `pt-query-digest --output json`.
        const MetricStats qt = of({0.000012, 0.726052, 0.000512, 0.033384, 0.000530, 0.000530, 0.000530, 0.000530});
        QCOMPARE(qt.count(), uint64_t(8));
        QVERIFY(same6(qt.sum(), 0.762080));
        QVERIFY(same6(qt.min(), 0.000012));
        QVERIFY(same6(qt.max(), 0.726052));
        QVERIFY2(same6(qt.pct95(), 0.705093), std::to_string(qt.pct95()).c_str());
        QVERIFY2(same6(qt.median(), 0.000516), std::to_string(qt.median()).c_str());
        QVERIFY2(same6(qt.stddev(), 0.231765), std::to_string(qt.stddev()).c_str());
        QVERIFY(same6(qt.avg(), 0.095260));

        const MetricStats lt = of({0.0, 0.000091, 0.000077, 0.000028, 0.000027, 0.000027, 0.000027, 0.000027});
        QVERIFY2(same6(lt.pct95(), 0.000089), std::to_string(lt.pct95()).c_str());
        QVERIFY2(same6(lt.median(), 0.000026), std::to_string(lt.median()).c_str());

        // Rows_examined: pct_95 "61003", median "0" (printed with %d).
        const MetricStats re = of({0, 62951, 0, 0, 0, 0, 0, 0});
        QCOMPARE(int64_t(re.pct95()), int64_t(61003));
        QCOMPARE(int64_t(re.median()), int64_t(0));
    }

    void smallCountsFollowPtRules()
    {
        QCOMPARE(of({}).pct95(), 0.0);
        QCOMPARE(of({0.5}).pct95(), 0.5);
        QCOMPARE(of({0.5}).median(), 0.5);
        // Two values: p95 is the max, the median their mean.
        QCOMPARE(of({0.2, 0.4}).pct95(), 0.4);
        QVERIFY(std::abs(of({0.2, 0.4}).median() - 0.3) < 1e-12);
        QCOMPARE(of({3, 3, 3}).median(), 3.0);
    }

    void errorBoundHolds()
    {
        // Every reported percentile lies in [true * (1/1.05), true].
        MetricStats m;
        for (int i = 1; i <= 1000; ++i)
            m.add(i * 0.001);
        const double p95 = m.pct95();
        const double truth = 0.950;   // the 950th of 1000 values
        QVERIFY2(p95 <= truth + 1e-12 && p95 >= truth / 1.05 - 1e-12, std::to_string(p95).c_str());
        const double p99 = m.percentile(0.99);
        QVERIFY2(p99 <= 0.990 + 1e-12 && p99 >= 0.990 / 1.05 - 1e-12, std::to_string(p99).c_str());
    }

    // Random spreads, with zeros, ties and single outliers: the percentiles
    // (which stop walking once they know the answer) equal the full walk's.
    void percentilesEqualTheFullWalk()
    {
        std::mt19937 rng(3);
        for (int round = 0; round < 3000; ++round) {
            MetricStats m;
            const int n = 1 + int(rng() % (round % 10 == 0 ? 3 : 400));
            const int zeros = int(rng() % 4);   // none, few, many, most
            for (int i = 0; i < n; ++i) {
                const unsigned kind = rng() % 8;
                double v = std::exp(double(rng() % 2000) / 100.0 - 14);   // 1e-6 .. 4e2
                if (kind < unsigned(zeros))
                    v = 0;
                else if (kind == 7 && rng() % 20 == 0)
                    v = 1e6;
                m.add(v);
            }
            for (const double p : {0.5, 0.95, 0.99, 0.9})
                if (m.percentile(p) != ptPercentile(m, p))
                    QFAIL(qPrintable(QString("round %1, p %2: %3 vs %4").arg(round).arg(p).arg(m.percentile(p)).arg(ptPercentile(m, p))));
        }
    }

    void mergeEqualsSequentialAdds()
    {
        MetricStats all, a, b;
        for (int i = 0; i < 500; ++i) {
            const double v = std::fmod(i * 0.0137, 2.5);
            all.add(v);
            (i < 200 ? a : b).add(v);
        }
        a.merge(b);
        QCOMPARE(a.count(), all.count());
        QCOMPARE(a.min(), all.min());
        QCOMPARE(a.max(), all.max());
        QCOMPARE(a.pct95(), all.pct95());
        QCOMPARE(a.median(), all.median());
        QCOMPARE(a.buckets(), all.buckets());
        QVERIFY(std::abs(a.sum() - all.sum()) < 1e-9);
    }

    void bucketEdges()
    {
        QCOMPARE(MetricStats::bucketIndex(0), 0);
        QCOMPARE(MetricStats::bucketIndex(0.0000009), 0);
        QCOMPARE(MetricStats::bucketIndex(1e30), 999);
        QCOMPARE(MetricStats::bucketIndex(std::nan("")), 0);
        QVERIFY(MetricStats::bucketValue(MetricStats::bucketIndex(0.5)) <= 0.5);
        QVERIFY(MetricStats::bucketValue(MetricStats::bucketIndex(0.5)) * 1.05 > 0.5);
    }

    // The table lookup must give pt-query-digest's formula's answer for every
    // value: the bucket edges (a few ulps either side), log-like values (times
    // printed with 6 decimals, row counts) and random doubles over the range.
    void bucketIndexEqualsFormula()
    {
        auto check = [](double v) {
            if (MetricStats::bucketIndex(v) != MetricStats::bucketIndexExact(v))
                QFAIL(qPrintable(QString("value %1: table %2, formula %3")
                                     .arg(v, 0, 'g', 17)
                                     .arg(MetricStats::bucketIndex(v))
                                     .arg(MetricStats::bucketIndexExact(v))));
        };
        for (int i = 0; i < 1000; ++i) {
            double edge = 0.000001 * std::pow(1.05, i - 1);
            for (int k = 0; k < 8; ++k)
                edge = std::nextafter(edge, 0.0);
            for (int k = 0; k < 16; ++k, edge = std::nextafter(edge, 1e300))
                check(edge);
        }
        for (int us = 0; us < 2000000; us += 7)
            check(us / 1e6);
        for (int rows = 0; rows < 100000; ++rows)
            check(double(rows));
        std::mt19937_64 rng(42);
        std::uniform_real_distribution<double> exponent(-25, 60);
        for (int i = 0; i < 200000; ++i)
            check(std::exp2(exponent(rng)));
        check(-1);
        check(std::numeric_limits<double>::infinity());
        check(std::numeric_limits<double>::max());
        check(std::numeric_limits<double>::denorm_min());
    }
};

QTEST_GUILESS_MAIN(TestMetricStats)
#include "tst_metric_stats.moc"
