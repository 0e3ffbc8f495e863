#pragma once
// Plans and their findings as text (the CLI's tree) and JSON (the model).
#include "analyzer/core/finding.h"
#include "analyzer/plan/plan.h"

#include <nlohmann/json.hpp>

#include <ostream>
#include <vector>

namespace planwise::plan {

// The whole model: plan-level figures and every node with raw and derived figures.
// Unknown figures are omitted (never written as 0).
nlohmann::json planToJson(const Plan& plan);
nlohmann::json findingsToJson(const std::vector<Finding>& findings);

// A tree with exclusive time, share and estimate error per node, then the findings.
void writePlanText(std::ostream& out, const Plan& plan, const std::vector<Finding>& findings);

} // namespace planwise::plan
