#pragma once
// One live database, whatever the engine: what the advisor, the CLI and the
// GUI need from it. An object belongs to the thread that opened it.
#include "analyzer/advisor/what_if.h"
#include "analyzer/catalog/catalog.h"
#include "analyzer/plan/plan.h"
#include "analyzer/workload/query_class.h"
#include "connectors/common/connection_uri.h"

#include <memory>
#include <string>

namespace planwise::connectors {

class Database {
public:
    virtual ~Database() = default;
    virtual Engine engine() const = 0;
    virtual Dialect dialect() const = 0;
    // The target as the user named it (password redacted), the server's version and the TLS state.
    virtual std::string describe() const = 0;
    // What the user should know about this connection (e.g. sslmode=prefer may silently fall back to plain text).
    virtual std::vector<std::string> warnings() const { return {}; }
    virtual catalog::Catalog readCatalog() = 0;
    // The estimated plan (never ANALYZE) of exactly one statement.
    virtual plan::Plan explain(const std::string& sql) = 0;
    // EXPLAIN ANALYZE: runs the statement. Data-changing statements run only
    // inside a transaction that is always rolled back, and are refused where a
    // rollback cannot undo them (ConnectorError Refused).
    virtual plan::Plan explainAnalyze(const std::string& sql) = 0;
    // What-if evaluation on this database's engine; the evaluator may keep its
    // own session and lives no longer than this object.
    virtual std::unique_ptr<advisor::WhatIfEvaluator> whatIf() = 0;
    // The workload the server itself recorded (pg_stat_statements,
    // performance_schema digests), as query classes with summary metrics.
    // Throws ConnectorError Unsupported where the engine keeps none (SQLite)
    // and PermissionDenied/Unsupported with what to do where it is not readable.
    virtual workload::Workload serverWorkload(size_t maxClasses) = 0;
};

// Opens the database named by `target`. Throws ConnectorError.
std::unique_ptr<Database> openDatabase(const ConnectionTarget& target);

} // namespace planwise::connectors
