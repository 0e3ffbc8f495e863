// planwise-cli: the headless face of Planwise, for scripts and CI.
// Each subcommand is registered by one add*Command function below; the work
// itself lives in the libraries so tests can call it without a process.
// Exit codes (a contract): 0 success, 2 usage error, 3 unusable input, 4 cannot connect.
#include "analyzer/plan/plan_command.h"
#include "analyzer/sql/shape_command.h"
#include "analyzer/workload/digest_command.h"
#include "analyzer/advisor/rules_command.h"
#include "connectors/cli/db_commands.h"

#include <CLI/CLI.hpp>

#include <dlfcn.h>

#include <filesystem>
#include <iostream>
#include <system_error>

namespace {

constexpr int kExitUsage = 2;
constexpr int kExitCannotConnect = 4;

// The database commands' module (connectors/cli/db_commands.h): next to this
// executable in the build tree, PLANWISE_DB_MODULE_DIR (relative to it) once
// installed. Loaded once, on first use; the handle lives until exit.
template <class Fn>
Fn dbCommand(const char* symbol, std::ostream& err)
{
    static void* handle = nullptr;
    std::string tried;
    if (!handle) {
        std::error_code ec;
        const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
        const std::filesystem::path dir = ec ? std::filesystem::path(".") : exe.parent_path();
        for (const auto& candidate : {dir / PLANWISE_DB_COMMANDS_MODULE, dir / PLANWISE_DB_MODULE_DIR / PLANWISE_DB_COMMANDS_MODULE}) {
            handle = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
            if (handle)
                break;
            tried += "\n  " + candidate.string() + ": " + dlerror();
        }
    }
    if (!handle) {
        err << "planwise-cli: the database commands' module could not be loaded (is Planwise fully installed?):" << tried
            << "\n";
        return nullptr;
    }
    return reinterpret_cast<Fn>(dlsym(handle, symbol));
}

void addAdviseCommand(CLI::App& app, int& exitCode)
{
    auto opts = std::make_shared<planwise::connectors::AdviseCommandOptions>();
    auto* cmd = app.add_subcommand("advise", "Recommend indexes for a workload, validated against a database");
    cmd->add_option("--db", opts->database, "Database: sqlite:PATH, postgresql://..., mysql://...")->required();
    cmd->add_option("--log", opts->logs,
                    "Slow log(s) holding the workload (repeatable); without it, the server's own statistics "
                    "(pg_stat_statements, performance_schema)");
    cmd->add_option("--sql", opts->sqlOut, "Write the reviewed SQL script (DDL + rollback) to this file");
    cmd->add_flag("--json", opts->json, "Print the advice as JSON");
    cmd->add_option("--top", opts->maxClasses, "Analyze the top N classes by total time")->capture_default_str();
    cmd->add_option("--format", opts->format, "Log format: auto, slowlog, stderr, jsonlog or csvlog")
        ->capture_default_str();
    cmd->add_option("--prefix", opts->prefix, "PostgreSQL stderr logs: the server's log_line_prefix (default: detected)");
    cmd->add_option("--compat", opts->compat, "Fingerprints: planwise or pt-query-digest")->capture_default_str();
    cmd->add_option("--interval", opts->intervalSeconds,
                    "Without --log: the workload between two snapshots of the server's statistics this many "
                    "seconds apart (default: everything since their last reset)")
        ->check(CLI::NonNegativeNumber);
    cmd->callback([opts, &exitCode] {
        const auto run = dbCommand<PlanwiseRunAdvise>("planwise_run_advise", std::cerr);
        exitCode = run ? run(opts.get(), &std::cout, &std::cerr) : kExitCannotConnect;
    });
}

void addShapeCommand(CLI::App& app, int& exitCode)
{
    auto opts = std::make_shared<planwise::sql::ShapeCommandOptions>();
    auto* cmd = app.add_subcommand("shape", "Describe one statement: tables, predicates, joins, order, columns");
    cmd->add_option("sql", opts->sql, "The statement, or - to read it from standard input")->required();
    cmd->add_option("--dialect", opts->dialect, "postgresql, mysql (mariadb) or sqlite")->capture_default_str();
    cmd->add_flag("--json", opts->json, "Print the shape as JSON");
    cmd->callback([opts, &exitCode] { exitCode = planwise::sql::runShapeCommand(*opts, std::cin, std::cout, std::cerr); });
}

void addDigestCommand(CLI::App& app, int& exitCode)
{
    auto opts = std::make_shared<planwise::workload::DigestCommandOptions>();
    auto json = std::make_shared<bool>(false);
    auto csv = std::make_shared<bool>(false);
    auto* cmd = app.add_subcommand("digest", "Group a slow log's queries into classes and rank them");
    cmd->add_option("files", opts->files, "Slow log(s); - for stdin; gzip/bzip2/xz/zstd are read directly")->required();
    cmd->add_flag("--json", *json, "pt-query-digest's --output json layout, with Planwise's fields beside it");
    cmd->add_flag("--csv", *csv, "One CSV row per class");
    cmd->add_option("--top", opts->top, "Print only the first N classes (0: all)")->capture_default_str();
    cmd->add_option("--order-by", opts->orderBy, "total, count, p95, max or rows-examined")->capture_default_str();
    cmd->add_option("--compat", opts->compat, "Classes: planwise or pt-query-digest")->capture_default_str();
    cmd->add_option("--format", opts->format, "Log format: auto, slowlog (MySQL/MariaDB), stderr, jsonlog or csvlog (PostgreSQL)")->capture_default_str();
    cmd->add_option("--prefix", opts->prefix,
                    "PostgreSQL stderr logs: the server's log_line_prefix, e.g. '%t:%r:%u@%d:[%p]: ' (default: detected)");
    cmd->add_option("--since", opts->since, "Only events at or after YYYY-MM-DD[ HH:MM[:SS]]");
    cmd->add_option("--until", opts->until, "Only events at or before YYYY-MM-DD[ HH:MM[:SS]]");
    cmd->add_option("--database", opts->database, "Only events of this database");
    cmd->add_option("--user", opts->user, "Only events of this user");
    cmd->add_option("--threads", opts->threads, "Worker threads (0: every core)")->capture_default_str();
    cmd->callback([opts, json, csv, &exitCode] {
        if (*json && *csv) {
            std::cerr << "digest: --json and --csv cannot be combined\n";
            exitCode = kExitUsage;
            return;
        }
        opts->output = *json ? "json" : *csv ? "csv" : "text";
        exitCode = planwise::workload::runDigestCommand(*opts, std::cout, std::cerr);
    });
}

void addPlanCommand(CLI::App& app, int& exitCode)
{
    auto opts = std::make_shared<planwise::plan::PlanCommandOptions>();
    auto format = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("plan", "Read an EXPLAIN plan (any format), show where time goes and what to fix");
    cmd->add_option("file", opts->input, "The plan file, or - to read it from standard input")->required();
    cmd->add_option("--format", *format,
                    "Force the format: pg-json, pg-text, pg-yaml, pg-xml, mysql-json, mysql-json-v2, mysql-tree, "
                    "mysql-table, mariadb-json, sqlite-eqp (default: detected)");
    cmd->add_flag("--json", opts->json, "Print the plan model and findings as JSON");
    cmd->callback([opts, format, &exitCode] {
        if (!format->empty())
            opts->format = *format;
        exitCode = planwise::plan::runPlanCommand(*opts, std::cin, std::cout, std::cerr);
    });
}

void addExplainCommand(CLI::App& app, int& exitCode)
{
    auto opts = std::make_shared<planwise::connectors::ExplainCommandOptions>();
    auto* cmd = app.add_subcommand("explain", "EXPLAIN one statement on a live database, read-only, with findings");
    cmd->add_option("--db", opts->database, "Database: sqlite:PATH, postgresql://..., mysql://...")->required();
    cmd->add_flag("--analyze", opts->analyze,
                  "Run it (EXPLAIN ANALYZE); data-changing statements run in a transaction that is rolled back");
    cmd->add_flag("--json", opts->json, "Print the plan model and findings as JSON");
    cmd->add_option("sql", opts->sql, "The statement, or - to read it from standard input")->required();
    cmd->callback([opts, &exitCode] {
        const auto run = dbCommand<PlanwiseRunExplain>("planwise_run_explain", std::cerr);
        exitCode = run ? run(opts.get(), &std::cin, &std::cout, &std::cerr) : kExitCannotConnect;
    });
}

void addRulesCommand(CLI::App& app, int& exitCode)
{
    auto json = std::make_shared<bool>(false);
    auto* cmd = app.add_subcommand("rules", "List every rule: its stable ID and what it finds");
    cmd->add_flag("--json", *json, "Print the list as JSON");
    cmd->callback([json, &exitCode] { exitCode = planwise::advisor::runRulesCommand(*json, std::cout); });
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
    addExplainCommand(app, exitCode);
    addRulesCommand(app, exitCode);
    addShapeCommand(app, exitCode);
    addDigestCommand(app, exitCode);
    addPlanCommand(app, exitCode);

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
