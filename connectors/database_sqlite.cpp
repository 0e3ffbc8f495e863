// SQLite behind the Database interface.
#include "connectors/database_sqlite.h"

#include "connectors/common/connector_error.h"
#include "connectors/sqlite/sqlite_database.h"
#include "connectors/sqlite/sqlite_whatif.h"

namespace planwise::connectors {
namespace {

class SqliteDb : public Database {
public:
    explicit SqliteDb(const ConnectionTarget& target)
        : m_target(target), m_db(sqlite::SqliteDatabase::open(target.path)) {}

    Engine engine() const override { return Engine::SQLite; }
    Dialect dialect() const override { return Dialect::SQLite; }
    std::string describe() const override
    {
        return m_target.redacted() + " (SQLite " + m_db.libraryVersion() + ")";
    }
    catalog::Catalog readCatalog() override { return m_db.readCatalog(); }
    plan::Plan explain(const std::string& sql) override { return m_db.explain(sql); }
    plan::Plan explainAnalyze(const std::string&) override
    {
        throw ConnectorError(ErrorKind::Unsupported,
                             "SQLite has no EXPLAIN ANALYZE: its plan (EXPLAIN QUERY PLAN) has no run-time figures");
    }
    std::unique_ptr<advisor::WhatIfEvaluator> whatIf() override
    {
        return std::make_unique<sqlite::SqliteWhatIf>(m_db);
    }
    workload::Workload serverWorkload(size_t) override
    {
        throw ConnectorError(ErrorKind::Unsupported,
                             "SQLite records no workload of its own: give the statements as a log (--log)");
    }

private:
    ConnectionTarget m_target;
    sqlite::SqliteDatabase m_db;
};

} // namespace

std::unique_ptr<Database> openSqlite(const ConnectionTarget& target)
{
    return std::make_unique<SqliteDb>(target);
}

} // namespace planwise::connectors
