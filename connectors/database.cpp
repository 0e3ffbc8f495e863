#include "connectors/database.h"

#include "connectors/common/connector_error.h"
#include "connectors/database_mysql.h"
#include "connectors/database_postgres.h"
#include "connectors/database_sqlite.h"

namespace planwise::connectors {

std::unique_ptr<Database> openDatabase(const ConnectionTarget& target)
{
    switch (target.engine) {
    case Engine::SQLite:
        return openSqlite(target);
    case Engine::PostgreSQL:
        return openPostgres(target);
    case Engine::MySQL:
        return openMySql(target);
    }
    throw ConnectorError(ErrorKind::BadUri, "unknown database engine");
}

} // namespace planwise::connectors
