#include "connectors/database.h"

#include "connectors/common/connector_error.h"
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
        break;
    }
    throw ConnectorError(ErrorKind::Unsupported,
                         std::string("advising against ") + engineName(target.engine) + " is not wired in yet");
}

} // namespace planwise::connectors
