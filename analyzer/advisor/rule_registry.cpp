#include "analyzer/advisor/rule_registry.h"

#include "analyzer/advisor/rule_filter_without_index.h"
#include "analyzer/plan/plan_rules.h"

namespace planwise::advisor {

static void registerIndexRules(RuleList& rules)
{
    rules.push_back(std::make_unique<FilterWithoutIndexRule>());
}

RuleList allRules(const std::map<std::string, RuleOptions>& options)
{
    RuleList rules;
    registerIndexRules(rules);
    plan::registerPlanRules(rules);
    static const RuleOptions none;
    for (auto& rule : rules) {
        auto it = options.find(rule->id());
        rule->configure(it == options.end() ? none : it->second);
    }
    return rules;
}

} // namespace planwise::advisor
