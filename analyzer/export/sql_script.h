#pragma once
// The reviewed SQL script a DBA runs by hand: every recommendation with its
// evidence as comments, the DDL, and a rollback section that undoes it all.
#include "analyzer/advisor/recommendation.h"
#include "analyzer/core/dialect.h"

#include <string>

namespace planwise::exporter {

struct ScriptContext {
    Dialect dialect = Dialect::SQLite;
    std::string target;        // the database as the user named it, password redacted
    std::string sources;       // the workload: log files or server views
    std::string generatedAt;   // ISO 8601; empty leaves it out (tests want stable output)
};

std::string writeSqlScript(const advisor::AdviceResult& advice, const ScriptContext& ctx);

} // namespace planwise::exporter
