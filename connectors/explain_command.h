#pragma once
// `planwise-cli explain --db URI [--analyze] [--json] "SQL"`: a live plan read
// through the plan model, with every safety rule of the connectors.
#include <iosfwd>
#include <string>

namespace planwise::connectors {

struct ExplainCommandOptions {
    std::string database;
    std::string sql;          // "-" reads standard input
    bool analyze = false;
    bool json = false;
};

// Exit codes (contract): 0 success, 2 usage error, 3 unusable input (refused or
// rejected statement), 4 cannot connect.
int runExplainCommand(const ExplainCommandOptions& options, std::istream& in, std::ostream& out, std::ostream& err);

} // namespace planwise::connectors
