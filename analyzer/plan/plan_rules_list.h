#pragma once
// Internal to pw_plan: each rules_*.cpp file adds its rules here.
#include "analyzer/core/rule.h"

namespace planwise::plan::detail {

void addEstimateRules(RuleList& rules);
void addSpillRules(RuleList& rules);
void addAccessRules(RuleList& rules);
void addTimeRules(RuleList& rules);
void addMySqlRules(RuleList& rules);

} // namespace planwise::plan::detail
