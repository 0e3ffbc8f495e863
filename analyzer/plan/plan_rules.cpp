#include "analyzer/plan/plan_rules.h"

#include "analyzer/plan/plan.h"
#include "analyzer/plan/plan_rules_list.h"

#include <algorithm>

namespace planwise::plan {

void registerPlanRules(RuleList& rules)
{
    detail::addEstimateRules(rules);
    detail::addSpillRules(rules);
    detail::addAccessRules(rules);
    detail::addTimeRules(rules);
    detail::addMySqlRules(rules);
}

std::unique_ptr<Rule> makePlanRule(std::string_view id)
{
    RuleList all;
    registerPlanRules(all);
    for (auto& r : all)
        if (r->id() == id)
            return std::move(r);
    return nullptr;
}

std::vector<Finding> checkPlan(const Plan& plan, const RuleOptions& options)
{
    RuleList rules;
    registerPlanRules(rules);
    RuleContext ctx;
    ctx.dialect = plan.dialect;
    ctx.plan = &plan;
    std::vector<Finding> findings;
    for (auto& r : rules) {
        r->configure(options);
        r->check(ctx, findings);
    }
    std::stable_sort(findings.begin(), findings.end(),
                     [](const Finding& a, const Finding& b) { return a.severity > b.severity; });
    return findings;
}

} // namespace planwise::plan
