#pragma once
// The one place every rule is registered, module by module (clang-tidy style).
#include "analyzer/core/rule.h"

#include <map>
#include <string>

namespace planwise::advisor {

// Every rule, configured from per-rule options keyed by rule ID.
RuleList allRules(const std::map<std::string, RuleOptions>& options = {});

} // namespace planwise::advisor
