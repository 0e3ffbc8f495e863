#pragma once
// `planwise-cli plan FILE|- [--format F] [--json]`: the logic behind the subcommand.
#include <istream>
#include <optional>
#include <ostream>
#include <string>

namespace planwise::plan {

struct PlanCommandOptions {
    std::string input;                 // a file path, or "-" for `in`
    std::optional<std::string> format; // a name planFormatName() knows; detected when empty
    bool json = false;
};

// Returns the CLI exit code: 0 success, 2 unknown format name, 3 unreadable or unusable input.
// Diagnostics go to `err` as "file:line: message".
int runPlanCommand(const PlanCommandOptions& options, std::istream& in, std::ostream& out, std::ostream& err);

} // namespace planwise::plan
