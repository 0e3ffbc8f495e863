#pragma once
// `planwise-cli shape`: the shape of one statement, as text or JSON.
#include <iosfwd>
#include <string>

namespace planwise::sql {

struct ShapeCommandOptions {
    std::string sql;                 // the statement; "-" reads it from the input stream
    std::string dialect = "mysql";   // mysql, mariadb, postgresql, postgres, pg, sqlite
    bool json = false;
};

// Returns the CLI exit code: 0 described, 2 unknown dialect, 3 not a statement (reason on `err`).
int runShapeCommand(const ShapeCommandOptions& options, std::istream& in, std::ostream& out, std::ostream& err);

} // namespace planwise::sql
