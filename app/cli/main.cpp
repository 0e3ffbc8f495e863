// planwise-cli: the headless face of Planwise, for scripts and CI.
// Each subcommand is registered by one add*Command function below; the work
// itself lives in the libraries so tests can call it without a process.
// Exit codes (a contract): 0 success, 2 usage error, 3 unusable input, 4 cannot connect.
#include "connectors/advise_command.h"

#include <CLI/CLI.hpp>

#include <iostream>

namespace {

constexpr int kExitUsage = 2;

void addAdviseCommand(CLI::App& app, int& exitCode)
{
    auto opts = std::make_shared<planwise::connectors::AdviseCommandOptions>();
    auto* cmd = app.add_subcommand("advise", "Recommend indexes for a workload, validated against a database");
    cmd->add_option("--db", opts->database, "Database: sqlite:PATH, postgresql://..., mysql://...")->required();
    cmd->add_option("--log", opts->logs, "Slow log(s) holding the workload (repeatable)")->required();
    cmd->add_option("--sql", opts->sqlOut, "Write the reviewed SQL script (DDL + rollback) to this file");
    cmd->add_flag("--json", opts->json, "Print the advice as JSON");
    cmd->add_option("--top", opts->maxClasses, "Analyze the top N classes by total time")->capture_default_str();
    cmd->add_option("--format", opts->format, "Log format: auto, slowlog")->capture_default_str();
    cmd->add_option("--compat", opts->compat, "Fingerprints: planwise or pt-query-digest")->capture_default_str();
    cmd->callback([opts, &exitCode] { exitCode = planwise::connectors::runAdviseCommand(*opts, std::cout, std::cerr); });
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"Planwise: query analyzer and index advisor for PostgreSQL, MySQL/MariaDB and SQLite",
                 "planwise-cli"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("planwise-cli " PLANWISE_VERSION));

    int exitCode = 0;
    addAdviseCommand(app, exitCode);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? 0 : kExitUsage;
    } catch (const std::exception& e) {
        // A bug, not the user's input: say so rather than pretend it was their fault.
        std::cerr << "planwise-cli: internal error: " << e.what() << "\n";
        return 1;
    }
    return exitCode;
}
