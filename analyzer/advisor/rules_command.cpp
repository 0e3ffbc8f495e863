#include "analyzer/advisor/rules_command.h"

#include "analyzer/advisor/rule_registry.h"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <nlohmann/json.hpp>

#include <ostream>

namespace planwise::advisor {

int runRulesCommand(bool json, std::ostream& out)
{
    const RuleList rules = allRules();
    if (json) {
        auto arr = nlohmann::json::array();
        for (const auto& r : rules)
            arr.push_back({{"id", r->id()}, {"summary", r->summary()}, {"doc", "docs/rules/" + r->id() + ".md"}});
        out << nlohmann::json{{"rules", arr}}.dump(2) << "\n";
        return 0;
    }
    size_t width = 0;
    for (const auto& r : rules)
        width = std::max(width, r->id().size());
    for (const auto& r : rules)
        fmt::print(out, "{:<{}}  {}\n", r->id(), width, r->summary());
    fmt::print(out, "\n{} rules; each is described in docs/rules/<id>.md\n", rules.size());
    return 0;
}

} // namespace planwise::advisor
