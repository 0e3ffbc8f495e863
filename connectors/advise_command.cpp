#include "connectors/advise_command.h"

#include "analyzer/export/advice_json.h"
#include "analyzer/log/pg_line_prefix.h"
#include "connectors/advise.h"
#include "connectors/common/connector_error.h"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <fstream>
#include <ostream>

namespace planwise::connectors {
namespace {

constexpr int kExitOk = 0, kExitUsage = 2, kExitInput = 3, kExitConnect = 4;

// Multi-line values (plans, samples) continue under their first line.
void printField(std::ostream& out, std::string_view label, std::string_view value)
{
    std::string_view indent = "                ";
    bool first = true;
    while (!value.empty()) {
        const size_t nl = value.find('\n');
        std::string_view line = value.substr(0, nl);
        if (!line.empty() || nl == std::string_view::npos)
            fmt::print(out, "{}{}\n", first ? fmt::format("      {:<10}", label) : std::string(indent), line);
        first = false;
        if (nl == std::string_view::npos)
            break;
        value.remove_prefix(nl + 1);
    }
}

void printText(const AdviseRun& run, std::ostream& out)
{
    const auto& wl = run.ingest.workload;
    fmt::print(out, "Planwise advice for {}\n", run.databaseDescription);
    std::string sources;
    for (const auto& f : wl.files)
        sources += (sources.empty() ? "" : ", ") + f;
    fmt::print(out, "Workload: {} events in {} classes from {}\n\n", wl.events, wl.classes.size(), sources);
    if (run.advice.recommendations.empty())
        fmt::print(out, "No index recommendations.\n");
    for (const auto& rec : run.advice.recommendations) {
        fmt::print(out, "{}  {}\n", rec.id, rec.ddl);
        fmt::print(out, "    rule:       {}\n", rec.ruleId);
        fmt::print(out, "    why:        {}\n", rec.rationale);
        fmt::print(out, "    validated:  {}\n", rec.validated ? rec.validation : "no (" + rec.validation + ")");
        if (rec.estimatedSizeBytes)
            fmt::print(out, "    size:       {:.1f} MiB (estimated)\n", double(*rec.estimatedSizeBytes) / (1024.0 * 1024.0));
        for (const auto& q : rec.queries) {
            fmt::print(out, "    class {}  {} executions, {:.3f} s\n", q.checksum, q.count, q.totalTime);
            printField(out, "sample:", q.sample);
            printField(out, "before:", q.planBefore);
            printField(out, "after:", q.planAfter);
        }
        fmt::print(out, "    rollback:   {}\n\n", rec.rollbackDdl);
    }
    // Plan findings (the index rule's are already behind the recommendations above).
    size_t shown = 0;
    for (const auto& f : run.advice.findings) {
        if (f.ruleId == "index.filter-without-index")
            continue;
        if (shown++ == 0)
            fmt::print(out, "Plan findings:\n");
        if (shown > 20) {
            fmt::print(out, "  … and more (--json lists them all)\n");
            break;
        }
        std::string cls;
        for (const auto& e : f.evidence)
            if (e.label == "query class")
                cls = e.value;
        fmt::print(out, "  [{}] {} — class {}: {}\n", findingSeverityName(f.severity), f.ruleId, cls, f.title);
    }
    if (shown)
        fmt::print(out, "\n");
    if (!run.advice.notes.empty()) {
        fmt::print(out, "Notes:\n");
        for (const auto& n : run.advice.notes)
            fmt::print(out, "  - {}\n", n);
    }
    for (const auto& n : run.catalog.notes)
        fmt::print(out, "  - catalog: {}\n", n);
}

nlohmann::json runToJson(const AdviseRun& run)
{
    auto j = exporter::adviceToJson(run.advice);
    j["database"] = run.databaseDescription;
    j["dialect"] = std::string(dialectName(run.catalog.dialect));
    j["workload"] = {{"files", run.ingest.workload.files},
                     {"events", run.ingest.workload.events},
                     {"classes", run.ingest.workload.classes.size()}};
    j["catalog_notes"] = run.catalog.notes;
    return j;
}

} // namespace

int runAdviseCommand(const AdviseCommandOptions& options, std::ostream& out, std::ostream& err)
{
    AdviseRequest request;
    request.database = options.database;
    request.logs = options.logs;
    request.advisor.maxClasses = options.maxClasses;
    request.intervalSeconds = options.intervalSeconds;
    if (options.intervalSeconds > 0 && !options.logs.empty()) {
        fmt::print(err, "planwise-cli: --interval measures the server's own statistics: it takes no --log\n");
        return kExitUsage;
    }
    const auto format = workload::parseLogFormat(options.format);
    if (!format) {
        fmt::print(err, "planwise-cli: unknown log format '{}'\n", options.format);
        return kExitUsage;
    }
    request.ingest.format = *format;
    if (!options.prefix.empty()) {
        std::string why;
        if (!log::LinePrefix::compile(options.prefix, &why)) {
            fmt::print(err, "planwise-cli: --prefix: {}\n", why);
            return kExitUsage;
        }
        request.ingest.pgLinePrefix = options.prefix;
    }
    if (options.compat == "pt-query-digest")
        request.ingest.compat = sql::FingerprintCompat::PtQueryDigest;
    else if (options.compat != "planwise") {
        fmt::print(err, "planwise-cli: --compat takes planwise or pt-query-digest, not '{}'\n", options.compat);
        return kExitUsage;
    }

    AdviseRun run;
    try {
        run = runAdvice(request);
    } catch (const ConnectorError& e) {
        fmt::print(err, "planwise-cli: {}: {}\n", errorKindName(e.kind()), e.what());
        if (e.kind() == ErrorKind::BadUri)
            return kExitUsage;
        return e.isConnectionFailure() ? kExitConnect : kExitInput;
    }

    for (const auto& w : run.connectionWarnings)
        fmt::print(err, "planwise-cli: warning: {}\n", w);
    for (const auto& d : run.ingest.workload.diagnostics)
        fmt::print(err, "{}\n", d.format());
    bool unusable = false;
    for (const auto& f : run.ingest.files) {
        if (!f.error.empty()) {
            fmt::print(err, "{}: error: {}\n", f.path, f.error);
            unusable = true;
        } else if (f.unrecognised()) {
            fmt::print(err, "{}: error: no slow-log entry recognised in {} lines; is it a MySQL/MariaDB slow log "
                            "(try --format)?\n", f.path, f.lines);
            unusable = true;
        }
    }
    if (unusable)
        return kExitInput;

    if (options.sqlOut) {
        std::ofstream file(*options.sqlOut, std::ios::binary | std::ios::trunc);
        file << run.script;
        if (!file) {
            fmt::print(err, "planwise-cli: cannot write {}\n", *options.sqlOut);
            return kExitInput;
        }
    }
    if (options.json)
        out << runToJson(run).dump(2) << "\n";
    else
        printText(run, out);
    return kExitOk;
}

} // namespace planwise::connectors
