// planwise-cli: the headless face of Planwise, for scripts and CI.
// Each subcommand is registered by one add*Command function below; the work
// itself lives in the libraries so tests can call it without a process.
// Exit codes (a contract): 0 success, 2 usage error, 3 unusable input, 4 cannot connect.
#include <CLI/CLI.hpp>

#include <iostream>

namespace {

constexpr int kExitUsage = 2;

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"Planwise: query analyzer and index advisor for PostgreSQL, MySQL/MariaDB and SQLite",
                 "planwise-cli"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("planwise-cli " PLANWISE_VERSION));

    int exitCode = 0;

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? 0 : kExitUsage;
    }
    return exitCode;
}
