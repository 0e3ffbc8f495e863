#include "connectors/advise.h"

#include "analyzer/export/sql_script.h"
#include "analyzer/sql/lexer.h"
#include "analyzer/workload/workload_delta.h"
#include "connectors/common/connector_error.h"

#include <chrono>
#include <thread>

namespace planwise::connectors {

advisor::AdviceResult adviseWorkload(Database& db, const catalog::Catalog& catalog, const workload::Workload& workload,
                                     const advisor::AdvisorOptions& options)
{
    auto whatIf = db.whatIf();
    advisor::AdvisorOptions withPlans = options;
    if (!withPlans.planFor)
        withPlans.planFor = [&db](const workload::QueryClass& qc) -> std::optional<plan::Plan> {
            // Normalized server text ($1, ?) has no literal values to plan with; the what-if handles those.
            const std::string& sql = qc.example.query;
            if (sql.empty() || sql::placeholderCount(sql, db.dialect()) > 0)
                return std::nullopt;
            try {
                return db.explain(sql);
            } catch (const ConnectorError&) {
                return std::nullopt;
            }
        };
    return advisor::advise(workload, catalog, whatIf.get(), withPlans);
}

std::string scriptFor(const advisor::AdviceResult& advice, Dialect dialect, const std::string& target,
                      const std::vector<std::string>& sources)
{
    exporter::ScriptContext ctx;
    ctx.dialect = dialect;
    ctx.target = target;
    for (const auto& s : sources)
        ctx.sources += (ctx.sources.empty() ? "" : ", ") + s;
    return exporter::writeSqlScript(advice, ctx);
}

AdviseRun runAdvice(const AdviseRequest& request)
{
    AdviseRun run;
    run.target = parseConnectionTarget(request.database);
    // Connect first: a wrong URI should not cost a multi-GB log read.
    auto db = openDatabase(run.target);
    run.databaseDescription = db->describe();
    run.connectionWarnings = db->warnings();
    run.catalog = db->readCatalog();
    if (request.logs.empty() && request.intervalSeconds > 0) {
        // Cumulative views count since their last reset; two snapshots give the interval's own workload.
        constexpr size_t kSnapshotClasses = 5000;
        const auto before = db->serverWorkload(kSnapshotClasses);
        std::this_thread::sleep_for(std::chrono::duration<double>(request.intervalSeconds));
        run.ingest.workload = workload::workloadDelta(before, db->serverWorkload(kSnapshotClasses));
        workload::keepTopClasses(run.ingest.workload.classes, request.advisor.maxClasses);
    } else if (request.logs.empty())
        run.ingest.workload = db->serverWorkload(request.advisor.maxClasses);
    else
        run.ingest = workload::ingest(request.logs, request.ingest);
    run.advice = adviseWorkload(*db, run.catalog, run.ingest.workload, request.advisor);
    run.script = scriptFor(run.advice, run.catalog.dialect, run.target.redacted(), run.ingest.workload.files);
    return run;
}

} // namespace planwise::connectors
