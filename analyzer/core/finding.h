#pragma once
// A problem a rule found (in a plan, a query or the schema), with the figures
// that triggered it and what to do. Findings feed recommendations and the UI.
#include <string>
#include <vector>

namespace planwise {

enum class FindingSeverity { Info, Low, Medium, High };

constexpr const char* findingSeverityName(FindingSeverity s)
{
    switch (s) {
    case FindingSeverity::Info: return "info";
    case FindingSeverity::Low: return "low";
    case FindingSeverity::Medium: return "medium";
    case FindingSeverity::High: return "high";
    }
    return "info";
}

// One figure behind a finding, e.g. {"rows removed by filter", "99.2%"}.
struct Evidence {
    std::string label;
    std::string value;
};

struct Finding {
    std::string ruleId;              // stable, e.g. "plan.sort-spill"; scripts rely on it
    FindingSeverity severity = FindingSeverity::Info;
    std::string title;               // one line
    std::string detail;              // what was seen and why it matters
    std::string suggestion;          // what to do
    std::vector<Evidence> evidence;
    int nodeId = -1;                 // plan node the finding is about, -1 for none
    std::string table;               // table it is about, when there is one
    std::vector<std::string> columns;
};

} // namespace planwise
