#pragma once
#include "analyzer/core/rule.h"

namespace planwise::advisor {

// index.filter-without-index: a table is filtered (or joined) on columns that
// no index leads with, so the engine must scan it. docs/rules/index.filter-without-index.md
class FilterWithoutIndexRule : public Rule {
public:
    std::string id() const override { return "index.filter-without-index"; }
    std::string summary() const override { return "Filter or join columns that no index leads with"; }
    void configure(const RuleOptions& options) override;
    void check(const RuleContext& ctx, std::vector<Finding>& out) const override;

private:
    double m_minRows = 1000;   // below this a scan is as cheap as an index lookup
};

} // namespace planwise::advisor
