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

} // namespace

int MetricStats::bucketIndex(double value)
{
    if (!(value >= kMinBucket))   // also NaN
        return 0;
    const double idx = kBaseOffset + std::log(value) / kBaseLog;
    if (idx >= kBuckets - 1)
        return kBuckets - 1;
    return int(idx);
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

void MetricStats::add(double value)
{
    if (m_count == 0 || value < m_min)
        m_min = value;
    if (m_count == 0 || value > m_max)
        m_max = value;
    ++m_count;
    m_sum += value;
    if (value != m_lastValue) {
        m_lastValue = value;
        m_lastBucket = bucketIndex(value);
    }
    const size_t at = size_t(m_lastBucket - m_base);
    if (m_lastBucket > 0 && m_lastBucket >= m_base && at < m_counts.size())
        ++m_counts[at];
    else
        addToBucket(m_lastBucket, 1);
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
    for (size_t i = 0; i < other.m_counts.size(); ++i)
        if (other.m_counts[i])
            addToBucket(other.m_base + int(i), other.m_counts[i]);
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
    for (size_t i = m_counts.size(); i-- > 0;)
        visit(m_base + int(i), m_counts[i]);
    visit(0, m_zeroBucket);
    return p == 0.5 ? median : vals[size_t(bucket95)];
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
