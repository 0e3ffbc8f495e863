#pragma once
// Internal to pw_plan: what every plan rule shares.
#include "analyzer/core/rule.h"
#include "analyzer/plan/plan.h"

#include <string>
#include <vector>

namespace planwise::plan::detail {

class PlanRule : public Rule {
public:
    void check(const RuleContext& ctx, std::vector<Finding>& out) const final
    {
        if (ctx.plan)
            checkPlan(*ctx.plan, out);
    }

protected:
    virtual void checkPlan(const Plan& plan, std::vector<Finding>& out) const = 0;

    // A finding about node n with this rule's ID, the node's table and label in the title.
    Finding finding(const PlanNode& n, FindingSeverity severity, std::string title) const;
    // Reads "<id>.<key>" with a default.
    double option(const RuleOptions& o, const std::string& key, double fallback) const
    {
        return o.get(id() + "." + key, fallback);
    }
};

// Figures as people read them: "1.23 ms", "12,345 rows", "97.1%", "12x".
std::string formatMs(double ms);
std::string formatCount(double n);
std::string formatPct(double fraction);  // 0.971 -> "97.1%"
std::string formatFactor(double f);
std::string formatKb(double kb);

// Column names a condition compares ("(t.status = 'x'::text) AND (a > 5)" -> status, a).
std::vector<std::string> conditionColumns(const std::string& condition);

// Nearest ancestor of n that is a join (or -1).
int joinAncestor(const Plan& plan, const PlanNode& n);

} // namespace planwise::plan::detail
