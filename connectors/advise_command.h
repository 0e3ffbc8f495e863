#pragma once
// `planwise-cli advise`: the library side of the subcommand, callable from tests.
#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace planwise::connectors {

struct AdviseCommandOptions {
    std::string database;                  // --db
    std::vector<std::string> logs;         // --log (repeatable)
    std::optional<std::string> sqlOut;     // --sql OUT.sql
    bool json = false;                     // --json
    size_t maxClasses = 50;                // --top
    std::string format = "auto";           // --format of the logs
    std::string compat = "planwise";       // --compat planwise|pt-query-digest
    std::string prefix;                    // --prefix: a PostgreSQL log's log_line_prefix
    double intervalSeconds = 0;            // --interval: server views, two snapshots this far apart
};

// Exit codes (contract): 0 success, 2 usage error, 3 unusable input, 4 cannot connect.
int runAdviseCommand(const AdviseCommandOptions& options, std::ostream& out, std::ostream& err);

} // namespace planwise::connectors
