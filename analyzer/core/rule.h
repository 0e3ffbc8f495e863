#pragma once
// The rule engine's contract, clang-tidy style: one rule = one small class with
// a stable kebab-case ID, options with defaults, a doc page (docs/rules/<id>.md)
// and a test with passing and failing cases. Rules are registered in one place
// (analyzer/advisor/rule_registry.cpp), module by module.
#include "analyzer/core/dialect.h"
#include "analyzer/core/finding.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace planwise {

namespace plan { struct Plan; }
namespace sql { struct QueryShape; }
namespace catalog { struct Catalog; }
namespace workload { struct QueryClass; }

// Everything a rule may look at; each pointer may be null when not known.
struct RuleContext {
    Dialect dialect = Dialect::MySQL;
    const plan::Plan* plan = nullptr;
    const sql::QueryShape* shape = nullptr;
    const catalog::Catalog* catalog = nullptr;
    const workload::QueryClass* queryClass = nullptr;
};

// Rule options as strings, read with defaults (like clang-tidy's Options.get).
class RuleOptions {
public:
    void set(const std::string& key, std::string value) { m_values[key] = std::move(value); }
    double get(const std::string& key, double fallback) const;
    std::string get(const std::string& key, const std::string& fallback) const;
    const std::map<std::string, std::string>& values() const { return m_values; }

private:
    std::map<std::string, std::string> m_values;
};

class Rule {
public:
    virtual ~Rule() = default;
    virtual std::string id() const = 0;            // e.g. "plan.sort-spill"
    virtual std::string summary() const = 0;       // one line for listings
    // Reads its options (with defaults); called once before check().
    virtual void configure(const RuleOptions&) {}
    virtual void check(const RuleContext& ctx, std::vector<Finding>& out) const = 0;
};

using RuleList = std::vector<std::unique_ptr<Rule>>;

} // namespace planwise
