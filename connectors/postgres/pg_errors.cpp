// libpq and libpqxx failures turned into ConnectorError, at the boundary.
#include "connectors/common/connector_error.h"
#include "connectors/postgres/pg_impl.h"

#include <string_view>

namespace planwise::postgres {

using connectors::ConnectorError;
using connectors::ErrorKind;

namespace {

// libpq prefixes server messages with "ERROR:  " / "FATAL:  " and ends them with newlines.
std::string cleanMessage(std::string_view m)
{
    for (std::string_view prefix : {"ERROR:  ", "FATAL:  "})
        if (m.substr(0, prefix.size()) == prefix)
            m.remove_prefix(prefix.size());
    while (!m.empty() && (m.back() == '\n' || m.back() == ' '))
        m.remove_suffix(1);
    return std::string(m);
}

bool has(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

// At login, libpq reports everything as a broken connection with only a
// message (no SQLSTATE), so the message decides.
ErrorKind loginFailureKind(std::string_view m)
{
    if (has(m, "password authentication failed") || has(m, "no password supplied") ||
        has(m, "authentication failed") || has(m, "pg_hba.conf") || (has(m, "role \"") && has(m, "does not exist")))
        return ErrorKind::AuthFailed;
    if (has(m, "database \"") && has(m, "does not exist"))
        return ErrorKind::NotFound;
    if (has(m, "SSL") || has(m, "certificate") || has(m, "GSSAPI"))
        return ErrorKind::TlsFailed;
    if (has(m, "invalid connection option") || has(m, "invalid URI") || has(m, "missing \"=\"") ||
        has(m, "invalid sslmode") || has(m, "definition of service"))
        return ErrorKind::BadUri;
    return ErrorKind::CannotReach;
}

ErrorKind sqlStateKind(const std::string& state, std::string_view message)
{
    if (state == "57014")
        return has(message, "timeout") ? ErrorKind::Timeout : ErrorKind::Cancelled;
    if (state == "55P03")
        return ErrorKind::Timeout;   // lock_timeout
    if (state == "42501")
        return ErrorKind::PermissionDenied;
    if (state == "25006")
        return ErrorKind::Refused;   // a write inside Planwise's read-only transaction
    if (state == "3D000")
        return ErrorKind::NotFound;
    if (state.rfind("28", 0) == 0)
        return ErrorKind::AuthFailed;
    if (state.rfind("08", 0) == 0 || state.rfind("57P", 0) == 0)
        return ErrorKind::CannotReach;
    return ErrorKind::QueryFailed;
}

} // namespace

void rethrowAsConnectorError(bool connecting)
{
    try {
        throw;
    } catch (const ConnectorError&) {
        throw;
    } catch (const pqxx::insufficient_privilege& e) {
        // libpqxx 6.4 throws its SQLSTATE-specific classes with sqlstate() empty: go by type.
        throw ConnectorError(ErrorKind::PermissionDenied, cleanMessage(e.what()), "42501");
    } catch (const pqxx::too_many_connections& e) {
        throw ConnectorError(ErrorKind::CannotReach, cleanMessage(e.what()), "53300");
    } catch (const pqxx::sql_error& e) {
        std::string message = cleanMessage(e.what());
        const ErrorKind kind = sqlStateKind(e.sqlstate(), message);
        if (kind == ErrorKind::Refused)
            message += " (Planwise runs this in a read-only transaction and never changes the database)";
        throw ConnectorError(kind, message, e.sqlstate());
    } catch (const pqxx::broken_connection& e) {
        const std::string message = cleanMessage(e.what());
        throw ConnectorError(connecting ? loginFailureKind(message) : ErrorKind::CannotReach,
                             connecting ? message : "lost the connection to the server: " + message);
    } catch (const std::exception& e) {
        throw ConnectorError(connecting ? loginFailureKind(e.what()) : ErrorKind::QueryFailed, cleanMessage(e.what()));
    }
}

} // namespace planwise::postgres
