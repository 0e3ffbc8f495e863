// plan.estimate-error: the planner's row estimate is off by a large factor.
#include "analyzer/plan/plan_rule_base.h"
#include "analyzer/plan/plan_rules_list.h"

#include <fmt/format.h>

#include <algorithm>

namespace planwise::plan::detail {

namespace {

class EstimateErrorRule final : public PlanRule {
public:
    std::string id() const override { return "plan.estimate-error"; }
    std::string summary() const override { return "row estimate off by 10x or more (bands 10x/100x/1000x)"; }
    void configure(const RuleOptions& o) override
    {
        m_minFactor = option(o, "min-factor", m_minFactor);
        m_minRows = option(o, "min-rows", m_minRows);
    }

protected:
    void checkPlan(const Plan& plan, std::vector<Finding>& out) const override
    {
        for (const auto& n : plan.nodes) {
            const auto& d = n.derived;
            if (!d.estimateFactor || *d.estimateFactor < m_minFactor || !n.planRows || !n.actualRows)
                continue;
            // Misestimates of a handful of rows rarely change the plan.
            if (std::max(*n.planRows, *n.actualRows) * n.loops.value_or(1.0) < m_minRows)
                continue;
            const double f = *d.estimateFactor;
            // An error inherited from an input (same direction, similar size) is reported there only.
            bool inherited = false;
            for (int c : n.children) {
                const auto& cd = plan.nodes[static_cast<size_t>(c)].derived;
                if (cd.estimateFactor && cd.estimateDirection == d.estimateDirection && *cd.estimateFactor * 2 >= f)
                    inherited = true;
            }
            if (inherited)
                continue;
            const auto sev = f >= 1000 ? FindingSeverity::High : f >= 100 ? FindingSeverity::Medium : FindingSeverity::Low;
            const bool under = d.estimateDirection == EstimateDirection::Under;
            Finding x = finding(n, sev,
                                fmt::format("Row estimate {} by {} on {}", under ? "too low" : "too high",
                                            formatFactor(f), n.label()));
            x.detail = fmt::format(
                "The planner expected {} rows per loop and got {}. {} plans built on it (join order, join method, "
                "memory for sorts and hashes) may be wrong.",
                formatCount(*n.planRows), formatCount(*n.actualRows),
                under ? "Underestimates make nested loops and small hash tables look cheap:" : "Overestimates make");
            x.suggestion = plan.dialect == Dialect::PostgreSQL
                               ? "Run ANALYZE on the table; for correlated columns create extended statistics "
                                 "(CREATE STATISTICS ... (dependencies, ndistinct)); raise the column's statistics "
                                 "target for skewed data."
                               : "Update statistics (ANALYZE TABLE) and consider histograms on the filtered columns "
                                 "(ANALYZE TABLE t UPDATE HISTOGRAM ON col).";
            x.evidence.push_back({"estimated rows", formatCount(*n.planRows)});
            x.evidence.push_back({"actual rows", formatCount(*n.actualRows)});
            x.evidence.push_back({"loops", formatCount(n.loops.value_or(1.0))});
            x.evidence.push_back({"factor", formatFactor(f)});
            x.evidence.push_back({"band", f >= 1000 ? ">=1000x" : f >= 100 ? ">=100x" : ">=10x"});
            out.push_back(std::move(x));
        }
    }

private:
    double m_minFactor = 10.0;
    double m_minRows = 100.0;
};

} // namespace

void addEstimateRules(RuleList& rules)
{
    rules.push_back(std::make_unique<EstimateErrorRule>());
}

} // namespace planwise::plan::detail
