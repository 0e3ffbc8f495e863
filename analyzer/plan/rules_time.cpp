// Where the time went: plan.dominant-node, plan.workers-short, plan.jit-dominant,
// plan.planning-dominant.
#include "analyzer/plan/plan_rule_base.h"
#include "analyzer/plan/plan_rules_list.h"

#include <fmt/format.h>

namespace planwise::plan::detail {

namespace {

// Plan-level findings point at the root node.
const PlanNode* rootOf(const Plan& plan)
{
    return plan.roots.empty() ? nullptr : plan.node(plan.roots.front());
}

class DominantNodeRule final : public PlanRule {
public:
    std::string id() const override { return "plan.dominant-node"; }
    std::string summary() const override { return "one node takes most of the execution time"; }
    void configure(const RuleOptions& o) override
    {
        m_minShare = option(o, "min-share", m_minShare);
        m_minMs = option(o, "min-ms", m_minMs);
    }

protected:
    void checkPlan(const Plan& plan, std::vector<Finding>& out) const override
    {
        const auto total = plan.totalMs();
        if (!total || *total < m_minMs || plan.nodes.size() < 2)
            return;
        for (const auto& n : plan.nodes) {
            const auto& d = n.derived;
            if (!d.sharePct || *d.sharePct < m_minShare * 100.0 || !d.exclusiveMs)
                continue;
            Finding x = finding(n, *d.sharePct >= 80 ? FindingSeverity::High : FindingSeverity::Medium,
                                fmt::format("{} takes {:.0f}% of the time", n.label(), *d.sharePct));
            x.detail = fmt::format("Its own work (children excluded) took {} of {}{}.", formatMs(*d.exclusiveMs),
                                   formatMs(*total),
                                   n.loops && *n.loops > 1 ? fmt::format(" over {} loops", formatCount(*n.loops)) : "");
            x.suggestion = "Start tuning here: see the other findings on this node (scan, sort, join method).";
            x.evidence.push_back({"exclusive time", formatMs(*d.exclusiveMs)});
            x.evidence.push_back({"share", fmt::format("{:.1f}%", *d.sharePct)});
            x.evidence.push_back({"total", formatMs(*total)});
            out.push_back(std::move(x));
        }
    }

private:
    double m_minShare = 0.5;
    double m_minMs = 1.0;
};

class WorkersShortRule final : public PlanRule {
public:
    std::string id() const override { return "plan.workers-short"; }
    std::string summary() const override { return "fewer parallel workers launched than planned"; }

protected:
    void checkPlan(const Plan& plan, std::vector<Finding>& out) const override
    {
        for (const auto& n : plan.nodes) {
            if (!n.workersPlanned || !n.workersLaunched || *n.workersLaunched >= *n.workersPlanned)
                continue;
            Finding x = finding(n, *n.workersLaunched == 0 ? FindingSeverity::Medium : FindingSeverity::Low,
                                fmt::format("{} launched {} of {} planned workers", n.label(), *n.workersLaunched,
                                            *n.workersPlanned));
            x.detail = "The parallel plan was costed for more workers than were available when it ran, so it ran "
                       "slower than planned.";
            x.suggestion = "Raise max_parallel_workers / max_worker_processes, or lower concurrency of parallel "
                           "queries; check max_parallel_workers_per_gather.";
            x.evidence.push_back({"workers planned", std::to_string(*n.workersPlanned)});
            x.evidence.push_back({"workers launched", std::to_string(*n.workersLaunched)});
            (void)plan;
            out.push_back(std::move(x));
        }
    }
};

class JitDominantRule final : public PlanRule {
public:
    std::string id() const override { return "plan.jit-dominant"; }
    std::string summary() const override { return "JIT compilation takes a large share of execution time"; }
    void configure(const RuleOptions& o) override
    {
        m_minShare = option(o, "min-share", m_minShare);
        m_minMs = option(o, "min-ms", m_minMs);
    }

protected:
    void checkPlan(const Plan& plan, std::vector<Finding>& out) const override
    {
        const PlanNode* root = rootOf(plan);
        if (!root || !plan.jit || !plan.jit->totalMs || !plan.executionMs || *plan.executionMs <= 0)
            return;
        const double share = *plan.jit->totalMs / *plan.executionMs;
        if (share < m_minShare || *plan.jit->totalMs < m_minMs)
            return;
        Finding x = finding(*root, share >= 0.5 ? FindingSeverity::High : FindingSeverity::Medium,
                            fmt::format("JIT compilation took {} of the execution time", formatPct(share)));
        x.detail = fmt::format("JIT spent {} compiling {} functions; the query ran {} in total.",
                               formatMs(*plan.jit->totalMs), formatCount(plan.jit->functions.value_or(0)),
                               formatMs(*plan.executionMs));
        x.suggestion = "Raise jit_above_cost (and jit_inline_above_cost / jit_optimize_above_cost) or SET jit = off "
                       "for this query: it is too short to repay compilation.";
        x.evidence.push_back({"JIT time", formatMs(*plan.jit->totalMs)});
        x.evidence.push_back({"execution time", formatMs(*plan.executionMs)});
        x.evidence.push_back({"share", formatPct(share)});
        out.push_back(std::move(x));
    }

private:
    double m_minShare = 0.3;
    double m_minMs = 10.0;
};

class PlanningDominantRule final : public PlanRule {
public:
    std::string id() const override { return "plan.planning-dominant"; }
    std::string summary() const override { return "planning takes longer than execution"; }
    void configure(const RuleOptions& o) override
    {
        m_minRatio = option(o, "min-ratio", m_minRatio);
        m_minMs = option(o, "min-ms", m_minMs);
    }

protected:
    void checkPlan(const Plan& plan, std::vector<Finding>& out) const override
    {
        const PlanNode* root = rootOf(plan);
        if (!root || !plan.planningMs || !plan.executionMs || *plan.planningMs < m_minMs)
            return;
        const double ratio = *plan.planningMs / std::max(*plan.executionMs, 1e-3);
        if (ratio < m_minRatio)
            return;
        Finding x = finding(*root, ratio >= 10 ? FindingSeverity::Medium : FindingSeverity::Low,
                            fmt::format("Planning took {:.1f}x the execution time", ratio));
        x.detail = fmt::format("Planning took {}, execution {}.", formatMs(*plan.planningMs), formatMs(*plan.executionMs));
        x.suggestion = "Use a prepared statement (plan once, run many times); check for many partitions (enable "
                       "partition pruning), many joins (join_collapse_limit) or many indexes on the tables.";
        x.evidence.push_back({"planning time", formatMs(*plan.planningMs)});
        x.evidence.push_back({"execution time", formatMs(*plan.executionMs)});
        out.push_back(std::move(x));
    }

private:
    double m_minRatio = 1.0;
    double m_minMs = 1.0;
};

} // namespace

void addTimeRules(RuleList& rules)
{
    rules.push_back(std::make_unique<DominantNodeRule>());
    rules.push_back(std::make_unique<WorkersShortRule>());
    rules.push_back(std::make_unique<JitDominantRule>());
    rules.push_back(std::make_unique<PlanningDominantRule>());
}

} // namespace planwise::plan::detail
