#pragma once
// The index advisor: reads each query class's slowest sample, lets the rules
// find what is missing, turns their index keys into candidates merged across
// the workload, and keeps only those a what-if shows the planner would use.
#include "analyzer/advisor/recommendation.h"
#include "analyzer/advisor/what_if.h"
#include "analyzer/catalog/catalog.h"
#include "analyzer/core/rule.h"
#include "analyzer/plan/plan.h"
#include "analyzer/workload/query_class.h"

#include <functional>
#include <map>

namespace planwise::advisor {

struct AdvisorOptions {
    size_t maxClasses = 50;          // the top classes by total time that are analyzed
    double minTableRows = 1000;      // smaller tables are scanned as fast as searched
    std::map<std::string, RuleOptions> ruleOptions;
    std::function<bool()> cancelled; // polled between classes; may be empty
    // The estimated plan of a class's sample, for the plan rules; may be empty
    // (no database) or return nullopt (the statement could not be explained).
    std::function<std::optional<plan::Plan>(const workload::QueryClass&)> planFor;
};

AdviceResult advise(const workload::Workload& workload, const catalog::Catalog& catalog,
                    WhatIfEvaluator* whatIf, const AdvisorOptions& options = {});

} // namespace planwise::advisor
