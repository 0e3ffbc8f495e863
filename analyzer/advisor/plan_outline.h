#pragma once
// A plan as the few lines a recommendation quotes as evidence ("before" /
// "after"): one node per line, indented by depth, with its estimate.
#include "analyzer/plan/plan.h"

#include <string>

namespace planwise::advisor {

std::string planOutline(const plan::Plan& plan);

} // namespace planwise::advisor
