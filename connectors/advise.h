#pragma once
// The advise workflow end to end: read the workload, open the database, read
// its catalog, run the advisor with the engine's what-if, write the script.
// The CLI calls runAdvice(); the GUI calls adviseWorkload() on its DB thread.
#include "analyzer/advisor/advisor.h"
#include "analyzer/workload/ingest.h"
#include "connectors/database.h"

#include <functional>
#include <string>
#include <vector>

namespace planwise::connectors {

struct AdviseRequest {
    std::string database;                  // URI / conninfo / sqlite path
    std::vector<std::string> logs;         // empty: the server's own statistics views
    double intervalSeconds = 0;            // > 0 with server views: the workload between two snapshots this far apart
    workload::IngestOptions ingest;
    advisor::AdvisorOptions advisor;
};

struct AdviseRun {
    ConnectionTarget target;
    std::string databaseDescription;
    std::vector<std::string> connectionWarnings;
    catalog::Catalog catalog;
    workload::IngestResult ingest;
    advisor::AdviceResult advice;
    std::string script;                    // the reviewed SQL script
};

// Runs the advisor for a workload already in memory against an open database.
advisor::AdviceResult adviseWorkload(Database& db, const catalog::Catalog& catalog, const workload::Workload& workload,
                                     const advisor::AdvisorOptions& options = {});

std::string scriptFor(const advisor::AdviceResult& advice, Dialect dialect, const std::string& target,
                      const std::vector<std::string>& sources);

// The whole workflow. Throws ConnectorError for the database; unusable logs are
// reported in `ingest.files` (the caller decides the exit code).
AdviseRun runAdvice(const AdviseRequest& request);

} // namespace planwise::connectors
