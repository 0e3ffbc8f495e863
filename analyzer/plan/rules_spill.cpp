// Work that did not fit in memory: plan.sort-spill, plan.hash-spill, plan.lossy-bitmap.
#include "analyzer/plan/plan_rule_base.h"
#include "analyzer/plan/plan_rules_list.h"

#include <fmt/format.h>

namespace planwise::plan::detail {

namespace {

std::string memorySetting(const Plan& plan, bool sort)
{
    if (plan.dialect == Dialect::PostgreSQL)
        return sort ? "work_mem" : "work_mem (or hash_mem_multiplier)";
    return sort ? "sort_buffer_size" : "join_buffer_size / tmp_table_size";
}

class SortSpillRule final : public PlanRule {
public:
    std::string id() const override { return "plan.sort-spill"; }
    std::string summary() const override { return "sort spilled to disk"; }

protected:
    void checkPlan(const Plan& plan, std::vector<Finding>& out) const override
    {
        for (const auto& n : plan.nodes) {
            // A plain double and a flag, not std::optional: GCC 12 takes an optional
            // here for maybe-uninitialized (-Wmaybe-uninitialized) at -O2.
            bool spilled = n.sort.spilled();
            bool diskKnown = spilled && n.sort.spaceUsedKb.has_value();
            double diskSum = diskKnown ? *n.sort.spaceUsedKb : 0.0;
            for (const auto& w : n.workers) {
                if (w.sort.spilled()) {
                    spilled = true;
                    if (w.sort.spaceUsedKb) {
                        diskSum += *w.sort.spaceUsedKb;
                        diskKnown = true;
                    }
                }
            }
            if (!spilled)
                continue;
            Finding x = finding(n, FindingSeverity::Medium, fmt::format("Sort spilled to disk on {}", n.label()));
            x.detail = fmt::format("The sort ({}) did not fit in memory and wrote {} to temporary files.",
                                   n.sort.method.empty() ? "external" : n.sort.method,
                                   diskKnown ? formatKb(diskSum) : std::string("an unknown amount"));
            x.suggestion = fmt::format(
                "Raise {} for this query above {} (SET LOCAL in its transaction), sort fewer rows or columns, or "
                "provide the order from an index on the sort key{}.",
                memorySetting(plan, true), diskKnown ? formatKb(diskSum * 1.5) : std::string("the disk usage"),
                n.sortKeys.empty() ? "" : " (" + n.sortKeys.front() + ")");
            x.evidence.push_back({"sort method", n.sort.method});
            if (diskKnown)
                x.evidence.push_back({"disk", formatKb(diskSum)});
            if (!n.workers.empty())
                x.evidence.push_back({"workers", std::to_string(n.workers.size())});
            out.push_back(std::move(x));
        }
    }
};

class HashSpillRule final : public PlanRule {
public:
    std::string id() const override { return "plan.hash-spill"; }
    std::string summary() const override { return "hash table or hash aggregate spilled to disk (batches > 1)"; }

protected:
    void checkPlan(const Plan& plan, std::vector<Finding>& out) const override
    {
        for (const auto& n : plan.nodes) {
            if (!n.hash.spilled())
                continue;
            const bool aggregate = n.access == AccessKind::Aggregate;
            Finding x = finding(n, FindingSeverity::Medium,
                                fmt::format("{} spilled to disk on {}", aggregate ? "Hash aggregate" : "Hash table", n.label()));
            x.detail = fmt::format("The hash {} was split into {} batches{}; each extra batch is written to and read "
                                   "back from temporary files.",
                                   aggregate ? "aggregate" : "table", formatCount(n.hash.batches.value_or(1.0)),
                                   n.hash.diskUsageKb ? " using " + formatKb(*n.hash.diskUsageKb) + " of disk" : "");
            x.suggestion = fmt::format("Raise {} so the hash fits in one batch{}, or reduce the rows/columns hashed.",
                                       memorySetting(plan, false),
                                       n.hash.peakMemoryKb ? fmt::format(" (it used {} per batch)", formatKb(*n.hash.peakMemoryKb))
                                                           : std::string());
            if (n.hash.batches)
                x.evidence.push_back({"batches", formatCount(*n.hash.batches)});
            if (n.hash.originalBatches)
                x.evidence.push_back({"planned batches", formatCount(*n.hash.originalBatches)});
            if (n.hash.peakMemoryKb)
                x.evidence.push_back({"memory", formatKb(*n.hash.peakMemoryKb)});
            if (n.hash.diskUsageKb)
                x.evidence.push_back({"disk", formatKb(*n.hash.diskUsageKb)});
            out.push_back(std::move(x));
        }
    }
};

class LossyBitmapRule final : public PlanRule {
public:
    std::string id() const override { return "plan.lossy-bitmap"; }
    std::string summary() const override { return "bitmap heap scan went lossy (rechecks whole pages)"; }

protected:
    void checkPlan(const Plan& plan, std::vector<Finding>& out) const override
    {
        for (const auto& n : plan.nodes) {
            if (!n.lossyHeapBlocks || *n.lossyHeapBlocks <= 0)
                continue;
            const double exact = n.exactHeapBlocks.value_or(0.0);
            const double share = *n.lossyHeapBlocks / (*n.lossyHeapBlocks + exact);
            Finding x = finding(n, share >= 0.5 ? FindingSeverity::Medium : FindingSeverity::Low,
                                fmt::format("Lossy bitmap on {}", n.label()));
            x.detail = fmt::format("{} of {} heap blocks were lossy: the bitmap exceeded work_mem, so every row of "
                                   "those pages was rechecked{}.",
                                   formatCount(*n.lossyHeapBlocks), formatCount(*n.lossyHeapBlocks + exact),
                                   n.rowsRemovedByIndexRecheck
                                       ? " (" + formatCount(*n.rowsRemovedByIndexRecheck * n.loops.value_or(1.0))
                                             + " rows removed by the recheck)"
                                       : std::string());
            x.suggestion = "Raise work_mem so the bitmap stays exact, or use a more selective index.";
            x.evidence.push_back({"lossy blocks", formatCount(*n.lossyHeapBlocks)});
            x.evidence.push_back({"exact blocks", formatCount(exact)});
            x.evidence.push_back({"lossy share", formatPct(share)});
            (void)plan;
            out.push_back(std::move(x));
        }
    }
};

} // namespace

void addSpillRules(RuleList& rules)
{
    rules.push_back(std::make_unique<SortSpillRule>());
    rules.push_back(std::make_unique<HashSpillRule>());
    rules.push_back(std::make_unique<LossyBitmapRule>());
}

} // namespace planwise::plan::detail
