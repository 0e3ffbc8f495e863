#pragma once
// `planwise-cli rules [--json]`: every rule with its stable ID, what it finds and its doc page.
#include <iosfwd>

namespace planwise::advisor {

int runRulesCommand(bool json, std::ostream& out);

} // namespace planwise::advisor
