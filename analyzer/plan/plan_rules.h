#pragma once
// Plan findings as rules of the rule engine (analyzer/core/rule.h). Each rule
// reads RuleContext::plan and skips when it is null. IDs are stable
// ("plan.sort-spill", ...); docs/rules/<id>.md describes each with its options.
#include "analyzer/core/rule.h"

#include <memory>
#include <string_view>
#include <vector>

namespace planwise::plan {

struct Plan;

// Appends every plan rule (unconfigured: call configure() to set options).
void registerPlanRules(RuleList& rules);

// One plan rule by ID, or null.
std::unique_ptr<Rule> makePlanRule(std::string_view id);

// Runs every plan rule with `options` (keys "<rule id>.<option>", e.g.
// "plan.estimate-error.min-factor") and returns the findings, most severe first.
std::vector<Finding> checkPlan(const Plan& plan, const RuleOptions& options = {});

} // namespace planwise::plan
