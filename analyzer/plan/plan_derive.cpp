// Derived per-node figures: exclusive time, share, estimate error, read efficiency.
//
// Time accounting follows how PostgreSQL instruments nodes (MySQL's TREE
// ANALYZE uses the same per-loop convention):
// - actual total time is a per-loop average, so a node's own inclusive time is
//   time * loops; under a Gather those loops ran in parallel processes, so the
//   wall-clock share is divided by the number of processes;
// - a SubPlan or an ordinary InitPlan runs inside its parent's time, so the
//   parent subtracts it like any child;
// - a CTE runs when its CTE Scans pull rows, so its time is inside those scans'
//   time and not inside its parent's directly: the parent must not subtract
//   it, each CTE Scan subtracts (its part of) it instead.
// With this, exclusive times add up to the root's inclusive time.
#include "analyzer/plan/plan.h"

#include "analyzer/core/text.h"

#include <algorithm>
#include <map>

namespace planwise::plan {

namespace {

bool isCteDefinition(const PlanNode& n)
{
    return istartsWith(n.subplanName, "CTE ");
}

bool isGather(const PlanNode& n)
{
    return istartsWith(n.operation, "Gather");
}

// Number of processes that shared a node's loops, 1 outside parallel sections.
double parallelProcesses(const Plan& plan, const PlanNode& n)
{
    for (int p = n.parentId; p >= 0; p = plan.nodes[static_cast<size_t>(p)].parentId) {
        const auto& a = plan.nodes[static_cast<size_t>(p)];
        if (!isGather(a))
            continue;
        const auto workers = a.workersLaunched ? a.workersLaunched : a.workersPlanned;
        if (!workers)
            return 1.0;
        // The leader participates too (parallel_leader_participation defaults on).
        return static_cast<double>(*workers) + 1.0;
    }
    return 1.0;
}

void linkCtes(Plan& plan)
{
    std::map<std::string, int> definitions;
    for (const auto& n : plan.nodes)
        if (isCteDefinition(n))
            definitions.emplace(std::string(trim(std::string_view(n.subplanName).substr(4))), n.id);
    for (auto& n : plan.nodes) {
        if (n.cteName.empty())
            continue;
        auto it = definitions.find(n.cteName);
        if (it != definitions.end())
            n.cteNodeId = it->second;
    }
}

void deriveInclusive(Plan& plan)
{
    // Children come after parents in `nodes`, so a reverse walk sees children first.
    for (auto it = plan.nodes.rbegin(); it != plan.nodes.rend(); ++it) {
        PlanNode& n = *it;
        DerivedFigures& d = n.derived;
        d.rowsTotal = n.rowsTotal();
        if (n.neverExecuted) {
            d.rowsTotal = 0.0;
            d.inclusiveMs = 0.0;
            continue;
        }
        if (n.actualTotalMs) {
            const double loops = n.loops.value_or(1.0);
            double processes = parallelProcesses(plan, n);
            processes = std::max(1.0, std::min(processes, loops));
            d.inclusiveMs = *n.actualTotalMs * loops / processes;
            continue;
        }
        // No own timing (TIMING OFF, MariaDB join wrappers): the inputs' time is a lower bound
        // only when every input was timed.
        std::optional<double> sum;
        bool all = !n.children.empty();
        for (int c : n.children) {
            const auto& cd = plan.nodes[static_cast<size_t>(c)];
            if (isCteDefinition(cd))
                continue;
            if (!cd.derived.inclusiveMs) {
                all = false;
                break;
            }
            sum = sum.value_or(0.0) + *cd.derived.inclusiveMs;
        }
        if (all && sum)
            d.inclusiveMs = sum;
    }
}

void deriveExclusive(Plan& plan)
{
    std::map<int, double> cteRemaining;
    for (const auto& n : plan.nodes)
        if (isCteDefinition(n) && n.derived.inclusiveMs)
            cteRemaining[n.id] = *n.derived.inclusiveMs;

    for (auto& n : plan.nodes) {
        if (!n.derived.inclusiveMs)
            continue;
        double own = *n.derived.inclusiveMs;
        for (int c : n.children) {
            const auto& cd = plan.nodes[static_cast<size_t>(c)];
            if (isCteDefinition(cd))
                continue;
            own -= cd.derived.inclusiveMs.value_or(0.0);
        }
        if (n.cteNodeId >= 0) {
            auto it = cteRemaining.find(n.cteNodeId);
            if (it != cteRemaining.end()) {
                const double take = std::min(it->second, std::max(own, 0.0));
                own -= take;
                it->second -= take;
            }
        }
        // Rounding in the printed figures can make a parent look faster than its inputs.
        n.derived.exclusiveMs = std::max(own, 0.0);
    }
}

void deriveEstimates(PlanNode& n)
{
    DerivedFigures& d = n.derived;
    if (n.planRows && n.actualRows && !n.neverExecuted) {
        // Below one row the ratio says nothing useful (PostgreSQL clamps estimates to 1).
        const double actual = std::max(*n.actualRows, 1.0);
        const double est = std::max(*n.planRows, 1.0);
        d.estimateFactor = std::max(actual, est) / std::min(actual, est);
        d.estimateDirection = actual > est ? EstimateDirection::Under
                              : actual < est ? EstimateDirection::Over
                                             : EstimateDirection::Exact;
    }
    if (n.actualRows && !n.neverExecuted) {
        const double removed = n.rowsRemovedByFilter.value_or(0.0) + n.rowsRemovedByIndexRecheck.value_or(0.0);
        if (n.rowsRemovedByFilter || n.rowsRemovedByIndexRecheck) {
            const double read = *n.actualRows + removed;
            if (read > 0)
                d.readEfficiency = *n.actualRows / read;
        } else if (n.rowsExamined && *n.rowsExamined > 0) {
            d.readEfficiency = std::min(1.0, *n.actualRows / *n.rowsExamined);
        }
    }
    if (!d.readEfficiency && n.filteredPct && n.rowsExamined)
        d.readEfficiency = std::clamp(*n.filteredPct / 100.0, 0.0, 1.0);
}

} // namespace

void derivePlan(Plan& plan)
{
    for (auto& n : plan.nodes)
        n.derived = DerivedFigures{};
    linkCtes(plan);
    deriveInclusive(plan);
    deriveExclusive(plan);

    plan.analyzed = false;
    for (auto& n : plan.nodes) {
        deriveEstimates(n);
        if (n.actualRows || n.actualTotalMs || n.neverExecuted)
            plan.analyzed = true;
    }

    const auto total = plan.totalMs();
    if (total && *total > 0)
        for (auto& n : plan.nodes)
            if (n.derived.exclusiveMs)
                n.derived.sharePct = *n.derived.exclusiveMs / *total * 100.0;
}

} // namespace planwise::plan
