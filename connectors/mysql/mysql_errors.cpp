// Connector/C++ failures turned into ConnectorError, at the boundary.
#include "connectors/common/connector_error.h"
#include "connectors/mysql/mysql_impl.h"

namespace planwise::mysql {

using connectors::ConnectorError;
using connectors::ErrorKind;

namespace {

// Client (2xxx) and server (1xxx, 3xxx) error numbers that matter to a DBA.
ErrorKind kindOf(int code, bool connecting)
{
    switch (code) {
    case 2002: case 2003: case 2005: case 2006: case 2013: case 2055:
        return ErrorKind::CannotReach;   // no socket, refused, unknown host, gone away, lost
    case 1045: case 1698: case 2059: case 1251:
        return ErrorKind::AuthFailed;    // access denied, auth plugin problems
    case 1049:
        return ErrorKind::NotFound;      // unknown database
    case 2026:
        return ErrorKind::TlsFailed;
    case 1044: case 1142: case 1143: case 1227: case 1370:
        return ErrorKind::PermissionDenied;
    case 1969: case 3024: case 1205: case 1028:
        return ErrorKind::Timeout;       // max_statement_time, max_execution_time, lock wait
    case 1317:
        return ErrorKind::Cancelled;     // KILL QUERY
    case 1792: case 1290:
        return ErrorKind::Refused;       // a write inside Planwise's read-only transaction
    default:
        return connecting ? ErrorKind::CannotReach : ErrorKind::QueryFailed;
    }
}

} // namespace

void rethrowAsConnectorError(bool connecting)
{
    try {
        throw;
    } catch (const ConnectorError&) {
        throw;
    } catch (const ::sql::SQLException& e) {
        const ErrorKind kind = kindOf(e.getErrorCode(), connecting);
        std::string message = e.what();
        if (message.empty())
            message = "error " + std::to_string(e.getErrorCode());
        if (kind == ErrorKind::Refused)
            message += " (Planwise runs this in a read-only transaction and never changes the database)";
        throw ConnectorError(kind, message, e.getSQLState());
    } catch (const std::exception& e) {
        throw ConnectorError(connecting ? ErrorKind::CannotReach : ErrorKind::QueryFailed, e.what());
    }
}

} // namespace planwise::mysql
