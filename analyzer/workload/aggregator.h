#pragma once
// Groups log events into query classes. One Aggregator per worker thread;
// merge() joins them in file order so the result does not depend on how
// many threads ran.
#include "analyzer/log/slowlog_parser.h"
#include "analyzer/sql/fingerprint.h"
#include "analyzer/workload/query_class.h"

#include <memory>
#include <string>
#include <string_view>

namespace planwise::workload {

enum class RankBy { TotalTime, Count, P95, Max, RowsExamined };

struct AggregatorOptions {
    sql::FingerprintCompat compat = sql::FingerprintCompat::Planwise;
    Dialect dialect = Dialect::MySQL;
    std::string fileName;
    // PostgreSQL: ask libpg_query once per sql::pgFingerprintKeyInto() key rather
    // than once per event (same classes either way; off only to compare in tests).
    bool pgFingerprintCache = true;
};

class Aggregator {
public:
    explicit Aggregator(AggregatorOptions options = {});
    ~Aggregator();
    Aggregator(Aggregator&&) noexcept;
    Aggregator& operator=(Aggregator&&) noexcept;

    void add(const log::SlowLogEvent& event);

    // Forgets every event but keeps the classes' allocations, so that a worker
    // can aggregate block after block without building them up again; the
    // result of the next events is the same as a new Aggregator's.
    void reset(AggregatorOptions options);

    // Joins `later`, whose events come after this one's in the input.
    void merge(const Aggregator& later);

    // An attribute's type (number, Yes/No flag or text) is decided by its first
    // value, as pt-query-digest decides it for the whole log. A block whose
    // first value of some attribute disagrees with the type the log's earlier
    // blocks decided must be aggregated again with those types.
    bool attributeTypesAgree(const Aggregator& later) const;
    void presetAttributeTypes(const Aggregator& from);

    // Event lines (and byte offsets) were counted from the start of a block; this moves them to the file's.
    void shiftPositions(int64_t lineDelta, int64_t byteDelta = 0);

    uint64_t events() const;
    size_t classCount() const;

    // The classes so far, ranked; the Workload's events, classes, global metrics and timeline are filled.
    Workload snapshot(RankBy rank = RankBy::TotalTime) const;
    // The same, moved out instead of copied (the last snapshot of an ingestion):
    // the aggregator is left empty, to be dropped or reset().
    Workload takeWorkload(RankBy rank = RankBy::TotalTime);

private:
    struct State;
    std::unique_ptr<State> d;
    template <typename S>   // State or const State
    static Workload makeWorkload(S& state, RankBy rank);
};

// Sorts classes by `rank`, descending, with the checksum as the tie-breaker (a stable order for tests and diffs).
void rankClasses(std::vector<QueryClass>& classes, RankBy rank);

// rankClasses(), then only the first `n` are kept (a server's statistics views list every class they saw).
void keepTopClasses(std::vector<QueryClass>& classes, size_t n, RankBy rank = RankBy::TotalTime);

// The attributes pt-query-digest does not aggregate (its --ignore-attributes default).
bool isIgnoredAttribute(std::string_view name);

} // namespace planwise::workload
