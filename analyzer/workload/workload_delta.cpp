#include "analyzer/workload/workload_delta.h"

#include "analyzer/workload/aggregator.h"

#include <unordered_map>

namespace planwise::workload {

Workload workloadDelta(const Workload& before, const Workload& after)
{
    std::unordered_map<std::string, const QueryClass*> earlier;
    for (const auto& qc : before.classes)
        earlier.emplace(qc.checksum, &qc);

    Workload out;
    out.files = after.files;
    out.diagnostics = after.diagnostics;
    for (const auto& qc : after.classes) {
        auto it = earlier.find(qc.checksum);
        if (it == earlier.end() || it->second->count > qc.count) { // new, or counted from a reset
            out.events += qc.count;
            out.classes.push_back(qc);
            continue;
        }
        const QueryClass& old = *it->second;
        const uint64_t ran = qc.count - old.count;
        if (ran == 0)
            continue;
        QueryClass delta = qc;
        delta.count = ran;
        delta.metrics.clear();
        for (const auto& [name, stats] : qc.metrics) {
            const MetricStats* prev = old.metric(name);
            const double sum = stats.sum() - (prev ? prev->sum() : 0.0);
            delta.metrics[name].addSummary(ran, sum > 0 ? sum : 0.0, stats.min(), stats.max());
        }
        out.events += ran;
        out.classes.push_back(std::move(delta));
    }
    rankClasses(out.classes, RankBy::TotalTime);
    return out;
}

} // namespace planwise::workload
