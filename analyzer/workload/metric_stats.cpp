// Percentiles the way pt-query-digest computes them (EventAggregator 3.x), so
// that pct_95 and median agree with it to the printed digit.
//
// Values go into 1000 logarithmic buckets of ratio 1.05 starting at 1 µs:
// bucket i (i >= 1) holds [1.05^(i-1), 1.05^i) µs and is reported as its lower
// edge 1.05^(i-1) µs; bucket 0 holds everything below 1 µs and reads as 0.
// Error bound: a reported percentile lies within the bucket of the true
// order statistic, so it is at most 4.76 % (1 - 1/1.05) below it and never
// above it; values under 1 µs read as 0. Memory: one map entry per bucket in
// use, whatever the number of values.
#include "analyzer/workload/query_class.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>

namespace planwise::workload {

namespace {

constexpr int kBuckets = 1000;
constexpr double kMinBucket = 0.000001;
const double kBaseLog = std::log(1.05);
const double kBaseOffset = std::abs(1 - std::log(0.000001) / std::log(1.05));

const std::vector<double>& bucketValues()
{
    static const std::vector<double> values = [] {
        std::vector<double> v(kBuckets);
        v[0] = 0;
        for (int i = 1; i < kBuckets; ++i)
            v[size_t(i)] = std::pow(1.05, i - 1) * kMinBucket;
        return v;
    }();
    return values;
}

// pt-query-digest's formula, one log() per value.
int bucketIndexByLog(double value)
{
    if (!(value >= kMinBucket))   // also NaN
        return 0;
    const double idx = kBaseOffset + std::log(value) / kBaseLog;
    if (idx >= kBuckets - 1)
        return kBuckets - 1;
    return int(idx);
}

// The same answers without log(), which was a tenth of the aggregation's time:
// the formula is monotonic in the value, so it is fixed by the smallest value
// of each bucket (found once by bisection over the doubles, with the formula
// itself). A table indexed by the value's exponent and top mantissa bits gives
// a bucket at most one below the answer (a cell spans less than a bucket).
class BucketTable {
public:
    BucketTable()
    {
        m_lower[0] = 0;
        for (int i = 1; i < kBuckets; ++i)
            m_lower[size_t(i)] = smallestWithIndex(i);
        // Cells ascend in value: walk the bucket edges along with them.
        int bucket = 0;
        for (size_t cell = 0; cell < m_cells.size(); ++cell) {
            const double v = cellValue(cell);
            while (bucket + 1 < kBuckets && v >= m_lower[size_t(bucket) + 1])
                ++bucket;
            m_cells[cell] = uint16_t(bucket);
        }
    }

    int index(double value) const
    {
        if (!(value >= kMinBucket))
            return 0;
        if (value >= m_lower[kBuckets - 1])
            return kBuckets - 1;
        const uint64_t bits = std::bit_cast<uint64_t>(value);
        const int exponent = int(bits >> 52) - 1023;
        const size_t cell = size_t(exponent - kMinExponent) << kMantissaBits | size_t((bits >> (52 - kMantissaBits)) & kMantissaMask);
        int i = m_cells[cell];
        while (i + 1 < kBuckets && value >= m_lower[size_t(i) + 1])
            ++i;
        return i;
    }

private:
    static constexpr int kMantissaBits = 7;
    static constexpr uint64_t kMantissaMask = (1u << kMantissaBits) - 1;
    static constexpr int kMinExponent = -21;   // 2^-21 < 1 µs
    static constexpr int kMaxExponent = 52;    // 1.05^998 µs < 2^52

    static double cellValue(size_t cell)
    {
        const int exponent = int(cell >> kMantissaBits) + kMinExponent;
        const uint64_t mantissa = cell & kMantissaMask;
        return std::bit_cast<double>(uint64_t(exponent + 1023) << 52 | mantissa << (52 - kMantissaBits));
    }

    // The smallest positive double whose bucket is >= i: bisection over the
    // doubles near the edge the formula predicts (its rounding moves the edge by
    // a few ulps), or over all of them when the edge is not in that window.
    static double smallestWithIndex(int i)
    {
        const double guess = std::exp((i - kBaseOffset) * kBaseLog);
        uint64_t lo = std::bit_cast<uint64_t>(guess * (1 - 1e-9)), hi = std::bit_cast<uint64_t>(guess * (1 + 1e-9));
        if (!(bucketIndexByLog(std::bit_cast<double>(lo)) < i && bucketIndexByLog(std::bit_cast<double>(hi)) >= i)) {
            lo = std::bit_cast<uint64_t>(kMinBucket);
            hi = std::bit_cast<uint64_t>(1e300);
        }
        while (lo < hi) {   // positive doubles order like their bit patterns
            const uint64_t mid = lo + (hi - lo) / 2;
            if (bucketIndexByLog(std::bit_cast<double>(mid)) >= i)
                hi = mid;
            else
                lo = mid + 1;
        }
        return std::bit_cast<double>(lo);
    }

    std::array<double, kBuckets> m_lower{};
    std::array<uint16_t, size_t(kMaxExponent - kMinExponent + 1) << kMantissaBits> m_cells{};
};

const BucketTable& bucketTable()
{
    static const BucketTable table;
    return table;
}

} // namespace

int MetricStats::bucketIndex(double value)
{
    return bucketTable().index(value);
}

int MetricStats::bucketIndexExact(double value)
{
    return bucketIndexByLog(value);
}

double MetricStats::bucketValue(int index)
{
    if (index <= 0)
        return 0;
    return bucketValues()[size_t(std::min(index, kBuckets - 1))];
}

void MetricStats::addToBucket(int bucket, uint64_t n)
{
    if (bucket == 0) {
        m_zeroBucket += n;
        return;
    }
    if (m_counts.empty()) {
        m_base = bucket;
        m_counts.assign(1, 0);
    } else if (bucket < m_base) {
        m_counts.insert(m_counts.begin(), size_t(m_base - bucket), 0);
        m_base = bucket;
    } else if (size_t(bucket - m_base) >= m_counts.size()) {
        m_counts.resize(size_t(bucket - m_base) + 1, 0);
    }
    m_counts[size_t(bucket - m_base)] += n;
}

std::vector<std::pair<int, uint64_t>> MetricStats::buckets() const
{
    std::vector<std::pair<int, uint64_t>> out;
    if (m_zeroBucket)
        out.emplace_back(0, m_zeroBucket);
    for (size_t i = 0; i < m_counts.size(); ++i)
        if (m_counts[i])
            out.emplace_back(m_base + int(i), m_counts[i]);
    return out;
}

void MetricStats::clear()
{
    m_count = 0;
    m_sum = m_min = m_max = 0;
    m_counts.clear();
    m_base = 0;
    m_zeroBucket = 0;
    m_lastValue = -1;
    m_lastBucket = 0;
    m_summaryCount = 0;
}

void MetricStats::merge(const MetricStats& other)
{
    if (other.m_count == 0)
        return;
    if (m_count == 0) {
        *this = other;
        return;
    }
    m_min = std::min(m_min, other.m_min);
    m_max = std::max(m_max, other.m_max);
    m_count += other.m_count;
    m_sum += other.m_sum;
    if (!other.m_counts.empty()) {
        // Widen the dense range once to cover the other's, then add counts in one loop.
        addToBucket(other.m_base, 0);
        addToBucket(other.m_base + int(other.m_counts.size()) - 1, 0);
        uint64_t* to = m_counts.data() + (other.m_base - m_base);
        for (size_t i = 0; i < other.m_counts.size(); ++i)
            to[i] += other.m_counts[i];
    }
    m_zeroBucket += other.m_zeroBucket;
    m_summaryCount += other.m_summaryCount;
}

// pt-query-digest's _calc_metrics. p == 0.5 follows its median rule; any
// other p its pct_95 rule with p in place of 0.95.
double MetricStats::percentile(double p) const
{
    if (m_count == 0)
        return 0;
    if (m_count == 1 || m_max == m_min)
        return m_max;
    if (m_count == 2)
        return p == 0.5 ? (m_min + m_max) / 2 : m_max;

    const auto& vals = bucketValues();
    const uint64_t n = m_count;
    const uint64_t cutoff = n >= 10 ? uint64_t(double(n) * (p == 0.5 ? 0.95 : p)) : n;
    const uint64_t topVals = n - cutoff;
    const uint64_t mid = n / 2;
    int64_t totalLeft = int64_t(n);
    uint64_t sumExcl = 0;
    int bucket95 = 0;
    double median = 0;
    int prev = kBuckets - 1;
    // Walk the buckets from the top, as pt-query-digest does.
    auto visit = [&](int bucket, uint64_t count) {
        if (!count)
            return;
        totalLeft -= int64_t(count);
        sumExcl += count;
        if (!bucket95 && sumExcl > topVals)
            bucket95 = bucket;
        if (median == 0 && totalLeft <= int64_t(mid)) {
            median = ((cutoff % 2) || count > 1) ? vals[size_t(bucket)] : (vals[size_t(bucket)] + vals[size_t(prev)]) / 2;
        }
        prev = bucket;
    };
    // Once the answer is known the rest of the walk cannot change it (only the
    // zero bucket, visited last, gives 0): stop there. The report asks for
    // several percentiles of every metric of every class.
    const bool wantMedian = p == 0.5;
    for (size_t i = m_counts.size(); i-- > 0;) {
        visit(m_base + int(i), m_counts[i]);
        if (wantMedian ? median != 0 : bucket95 != 0)
            return wantMedian ? median : vals[size_t(bucket95)];
    }
    visit(0, m_zeroBucket);
    return wantMedian ? median : vals[size_t(bucket95)];
}

double MetricStats::stddev() const
{
    if (m_count <= 1 || m_max == m_min)
        return 0;
    if (m_count == 2) {
        const double mean = (m_min + m_max) / 2;
        return std::sqrt((m_max - mean) * (m_max - mean) * 2);
    }
    const auto& vals = bucketValues();
    double sum = 0, sumsq = 0;
    for (size_t i = 0; i < m_counts.size(); ++i) {
        const double v = vals[size_t(m_base) + i];
        sum += double(m_counts[i]) * v;
        sumsq += double(m_counts[i]) * v * v;
    }
    const double n = double(m_count);
    const double var = sumsq / n - (sum / n) * (sum / n);
    const double sd = var > 0 ? std::sqrt(var) : 0;
    const double maxSd = (m_max - m_min) / 2;
    return std::min(sd, maxSd);
}

const MetricStats* QueryClass::metric(const std::string& name) const
{
    const auto it = metrics.find(name);
    return it == metrics.end() ? nullptr : &it->second;
}

double QueryClass::totalTime() const
{
    const MetricStats* m = metric("Query_time");
    return m ? m->sum() : 0;
}

} // namespace planwise::workload
