#pragma once
// `planwise-cli digest`: the logic behind the subcommand, callable without a process.
#include <ostream>
#include <string>
#include <vector>

namespace planwise::workload {

struct DigestCommandOptions {
    std::vector<std::string> files;   // "-" is stdin
    std::string output = "text";      // text | json | csv
    size_t top = 0;                   // 0: every class
    std::string compat = "planwise";  // planwise | pt-query-digest
    std::string orderBy = "total";    // total | count | p95 | max | rows-examined
    std::string format = "auto";      // auto | slowlog | stderr | jsonlog | csvlog (PostgreSQL)
    std::string since, until;         // "YYYY-MM-DD[ HH:MM:SS]"
    std::string database, user;
    unsigned threads = 0;             // 0: every core
    std::string prefix;               // PostgreSQL stderr: the server's log_line_prefix; empty: detected
};

// Returns the CLI exit code: 0 success, 2 usage error, 3 unusable input.
// The report goes to `out`; warnings to `err` as "file:line: message".
int runDigestCommand(const DigestCommandOptions& options, std::ostream& out, std::ostream& err);

} // namespace planwise::workload
