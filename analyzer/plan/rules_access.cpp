// How tables are read: plan.filter-removes-rows, plan.index-post-filter,
// plan.heap-fetches, plan.nested-loop-scan.
#include "analyzer/core/text.h"
#include "analyzer/plan/plan_rule_base.h"
#include "analyzer/plan/plan_rules_list.h"

#include <fmt/format.h>

namespace planwise::plan::detail {

namespace {

struct Removal {
    double removed = 0;  // over all loops
    double kept = 0;
    double share() const { return removed + kept > 0 ? removed / (removed + kept) : 0.0; }
};

std::optional<Removal> removal(const PlanNode& n)
{
    if (!n.rowsRemovedByFilter || !n.actualRows || n.neverExecuted)
        return std::nullopt;
    const double loops = n.loops.value_or(1.0);
    return Removal{*n.rowsRemovedByFilter * loops, *n.actualRows * loops};
}

std::string joinColumns(const std::vector<std::string>& cols)
{
    std::string s;
    for (const auto& c : cols)
        s += (s.empty() ? "" : ", ") + c;
    return s;
}

class FilterRemovesRowsRule final : public PlanRule {
public:
    std::string id() const override { return "plan.filter-removes-rows"; }
    std::string summary() const override { return "full scan whose filter throws away most rows (index opportunity)"; }
    void configure(const RuleOptions& o) override
    {
        m_minShare = option(o, "min-share", m_minShare);
        m_minRemoved = option(o, "min-removed", m_minRemoved);
    }

protected:
    void checkPlan(const Plan& plan, std::vector<Finding>& out) const override
    {
        for (const auto& n : plan.nodes) {
            if (n.access != AccessKind::FullScan)
                continue;
            const auto r = removal(n);
            if (!r || r->removed < m_minRemoved || r->share() < m_minShare)
                continue;
            const auto cols = conditionColumns(n.filter);
            Finding x = finding(n, r->share() >= 0.99 ? FindingSeverity::High : FindingSeverity::Medium,
                                fmt::format("Scan of {} keeps {} of the rows it reads", n.relation.empty() ? n.label() : n.relation,
                                            formatPct(1.0 - r->share())));
            x.columns = cols;
            x.detail = fmt::format("{} read {} rows and its filter{} removed {} of them.", n.label(),
                                   formatCount(r->removed + r->kept), n.filter.empty() ? "" : " " + n.filter,
                                   formatCount(r->removed));
            x.suggestion = cols.empty()
                               ? "Index the columns the filter tests so the rows can be found without a full scan."
                               : fmt::format("Consider an index on {} ({}) so the matching rows are found directly.",
                                             n.relation.empty() ? "the table" : n.relation, joinColumns(cols));
            x.evidence.push_back({"rows read", formatCount(r->removed + r->kept)});
            x.evidence.push_back({"rows removed by filter", formatCount(r->removed)});
            x.evidence.push_back({"removed share", formatPct(r->share())});
            if (!n.filter.empty())
                x.evidence.push_back({"filter", n.filter});
            (void)plan;
            out.push_back(std::move(x));
        }
    }

private:
    double m_minShare = 0.9;
    double m_minRemoved = 1000;
};

class IndexPostFilterRule final : public PlanRule {
public:
    std::string id() const override { return "plan.index-post-filter"; }
    std::string summary() const override { return "index scan whose post-filter removes many rows"; }
    void configure(const RuleOptions& o) override
    {
        m_minShare = option(o, "min-share", m_minShare);
        m_minRemoved = option(o, "min-removed", m_minRemoved);
    }

protected:
    void checkPlan(const Plan& plan, std::vector<Finding>& out) const override
    {
        for (const auto& n : plan.nodes) {
            if (!usesIndex(n.access))
                continue;
            const auto r = removal(n);
            if (!r || r->removed < m_minRemoved || r->share() < m_minShare)
                continue;
            const auto cols = conditionColumns(n.filter);
            Finding x = finding(n, r->share() >= 0.9 ? FindingSeverity::Medium : FindingSeverity::Low,
                                fmt::format("Index {} on {} returns rows its filter then discards", n.index, n.relation));
            x.columns = cols;
            x.detail = fmt::format("The index condition {} found {} rows; the filter {} removed {} ({}).",
                                   n.indexCond.empty() ? "" : "(" + n.indexCond + ")", formatCount(r->removed + r->kept),
                                   n.filter.empty() ? "" : "(" + n.filter + ")", formatCount(r->removed),
                                   formatPct(r->share()));
            x.suggestion = cols.empty() ? "Extend the index with the filtered columns so the index condition does the filtering."
                                        : fmt::format("Extend index {} with {} (after its equality columns) so the "
                                                      "index condition does the filtering.",
                                                      n.index, joinColumns(cols));
            x.evidence.push_back({"rows from index", formatCount(r->removed + r->kept)});
            x.evidence.push_back({"rows removed by filter", formatCount(r->removed)});
            x.evidence.push_back({"removed share", formatPct(r->share())});
            (void)plan;
            out.push_back(std::move(x));
        }
    }

private:
    double m_minShare = 0.5;
    double m_minRemoved = 1000;
};

class HeapFetchesRule final : public PlanRule {
public:
    std::string id() const override { return "plan.heap-fetches"; }
    std::string summary() const override { return "index-only scan that still visits the table (visibility map stale)"; }
    void configure(const RuleOptions& o) override
    {
        m_minFetches = option(o, "min-fetches", m_minFetches);
        m_minShare = option(o, "min-share", m_minShare);
    }

protected:
    void checkPlan(const Plan& plan, std::vector<Finding>& out) const override
    {
        for (const auto& n : plan.nodes) {
            if (n.access != AccessKind::IndexOnlyScan || !n.heapFetches || *n.heapFetches < m_minFetches)
                continue;
            const auto rows = n.rowsTotal();
            const double share = rows && *rows > 0 ? *n.heapFetches / *rows : 1.0;
            if (share < m_minShare)
                continue;
            Finding x = finding(n, share >= 0.5 ? FindingSeverity::Medium : FindingSeverity::Low,
                                fmt::format("Index-only scan on {} fetched {} rows from the table", n.relation,
                                            formatCount(*n.heapFetches)));
            x.detail = fmt::format("{} had to check the table for {} of {} rows because their pages are not marked "
                                   "all-visible: it is doing most of the work of a plain index scan.",
                                   n.label(), formatCount(*n.heapFetches), rows ? formatCount(*rows) : "?");
            x.suggestion = fmt::format("VACUUM {} (and tune autovacuum for it) so the visibility map is current.",
                                       n.relation.empty() ? "the table" : n.relation);
            x.evidence.push_back({"heap fetches", formatCount(*n.heapFetches)});
            if (rows)
                x.evidence.push_back({"rows returned", formatCount(*rows)});
            (void)plan;
            out.push_back(std::move(x));
        }
    }

private:
    double m_minFetches = 1000;
    double m_minShare = 0.1;
};

class NestedLoopScanRule final : public PlanRule {
public:
    std::string id() const override { return "plan.nested-loop-scan"; }
    std::string summary() const override { return "table scanned again for every row of a nested loop"; }
    void configure(const RuleOptions& o) override { m_minLoops = option(o, "min-loops", m_minLoops); }

protected:
    void checkPlan(const Plan& plan, std::vector<Finding>& out) const override
    {
        for (const auto& n : plan.nodes) {
            if (n.access != AccessKind::FullScan || !n.loops || *n.loops < m_minLoops)
                continue;
            const int j = joinAncestor(plan, n);
            if (j < 0 || !istartsWith(plan.nodes[static_cast<size_t>(j)].operation, "Nested"))
                continue;
            const auto& join = plan.nodes[static_cast<size_t>(j)];
            const double perLoop = n.actualRows.value_or(0.0) + n.rowsRemovedByFilter.value_or(0.0);
            const auto cols = conditionColumns(n.filter.empty() ? join.joinFilter : n.filter);
            Finding x = finding(n, *n.loops >= 1000 ? FindingSeverity::High : FindingSeverity::Medium,
                                fmt::format("{} is scanned {} times by a nested loop", n.relation.empty() ? n.label() : n.relation,
                                            formatCount(*n.loops)));
            x.columns = cols;
            x.detail = fmt::format("{} reads the whole table once per outer row: {} loops of about {} rows each.",
                                   n.label(), formatCount(*n.loops), formatCount(perLoop));
            x.suggestion = fmt::format("Index the join column{} of {} so each loop is a lookup, or let the planner "
                                       "hash the table (check the outer row estimate).",
                                       cols.empty() ? "" : " (" + joinColumns(cols) + ")",
                                       n.relation.empty() ? "the inner table" : n.relation);
            x.evidence.push_back({"loops", formatCount(*n.loops)});
            x.evidence.push_back({"rows read per loop", formatCount(perLoop)});
            x.evidence.push_back({"join", join.label()});
            out.push_back(std::move(x));
        }
    }

private:
    double m_minLoops = 10;
};

} // namespace

void addAccessRules(RuleList& rules)
{
    rules.push_back(std::make_unique<FilterRemovesRowsRule>());
    rules.push_back(std::make_unique<IndexPostFilterRule>());
    rules.push_back(std::make_unique<HeapFetchesRule>());
    rules.push_back(std::make_unique<NestedLoopScanRule>());
}

} // namespace planwise::plan::detail
