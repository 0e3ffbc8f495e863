#pragma once
// One query class (all executions of one fingerprint) and the whole workload.
#include "analyzer/core/diagnostic.h"
#include "analyzer/core/dialect.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace planwise::workload {

// Aggregate of one numeric attribute over a class's events. Percentiles come
// from a log-bucket histogram (see metric_stats.cpp for the method and its error bound).
class MetricStats {
public:
    // Inline: ingestion adds every numeric attribute of every event.
    void add(double value)
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
    void merge(const MetricStats& other);
    void clear();   // no values, allocations kept
    // A class known only by its totals (pg_stat_statements, performance_schema):
    // the values' spread is unknown, so they are counted in the mean's bucket and
    // hasDistribution() turns false (metric_summary.cpp).
    void addSummary(uint64_t count, double sum, double min, double max);
    bool hasDistribution() const { return m_summaryCount == 0; }

    uint64_t count() const { return m_count; }
    double sum() const { return m_sum; }
    double min() const { return m_count ? m_min : 0; }
    double max() const { return m_count ? m_max : 0; }
    double avg() const { return m_count ? m_sum / double(m_count) : 0; }
    double percentile(double p) const;   // p in (0,1]
    double pct95() const { return percentile(0.95); }
    double median() const { return percentile(0.5); }
    double stddev() const;   // pt-query-digest's, from the buckets
    // (bucket, count) for every bucket in use, ascending (index 0..999, value 1.05^(i-1) µs), for histograms.
    std::vector<std::pair<int, uint64_t>> buckets() const;
    static int bucketIndex(double value);
    static int bucketIndexExact(double value);   // the same, by pt-query-digest's log() formula (for tests)
    static double bucketValue(int index);

private:
    uint64_t m_count = 0;
    double m_sum = 0, m_min = 0, m_max = 0;
    // Dense counts for buckets m_base .. m_base + size - 1: a class's values span
    // few buckets, and add() is on the hot path of ingestion.
    std::vector<uint64_t> m_counts;
    int m_base = 0;
    uint64_t m_zeroBucket = 0;   // values under 1 µs (mostly 0), kept apart so the dense range stays short
    double m_lastValue = -1;   // logs repeat values (0, 0.000000): skip the log() then
    int m_lastBucket = 0;
    void addToBucket(int bucket, uint64_t n);
    uint64_t m_summaryCount = 0;   // of m_count, values known only through a summary
};

// One real execution, with its literal values: what the advisor EXPLAINs.
struct Sample {
    std::string query;
    std::string database;
    std::string timestamp;
    double queryTime = 0;
    std::string file;
    int64_t line = 0;
    int64_t byteOffset = 0;
    std::string user, host;
    std::vector<std::string> explain;   // MariaDB "# explain:" lines logged with it; PostgreSQL: its auto_explain plan
    std::string parameters;             // PostgreSQL bind parameters of an execute ("$1 = '42', $2 = 'x'")
};

// A Yes/No attribute (Full_scan, QC_Hit, Filesort, ...).
struct FlagStats {
    uint64_t count = 0;
    uint64_t yes = 0;
};

struct QueryClass {
    std::string checksum;      // pt-query-digest's query ID (upper-case MD5 of the fingerprint); libpg_query's for PostgreSQL
    std::string fingerprint;
    Dialect dialect = Dialect::MySQL;
    uint64_t count = 0;
    std::string tsMin, tsMax;  // ISO 8601 where the log allows it
    Sample example;            // the slowest execution
    std::map<std::string, MetricStats> metrics;   // named as pt-query-digest names them: Query_time, Lock_time, Rows_sent, ...
    std::set<std::string> databases, users, hosts;
    std::map<std::string, FlagStats> flags;           // Yes/No attributes
    std::map<std::string, std::string> stringValues;  // other text attributes: the greatest value (pt-query-digest's "value")

    const MetricStats* metric(const std::string& name) const;
    double totalTime() const;  // sum of Query_time, 0 when absent
};

struct Workload {
    std::vector<QueryClass> classes;   // ranked: total time, descending
    uint64_t events = 0;
    std::vector<std::string> files;
    std::vector<Diagnostic> diagnostics;
    size_t diagnosticsDropped = 0;

    // Over all events, whatever their class.
    std::map<std::string, MetricStats> globalMetrics;
    std::map<std::string, FlagStats> globalFlags;
    std::string tsMin, tsMax;
    uint64_t bytesRead = 0;
    std::map<std::string, uint64_t> eventsPerMinute;   // "YYYY-MM-DD HH:MM" -> events, for charts
};

} // namespace planwise::workload
