#pragma once
// Typed failures at the connector boundary: driver exceptions are caught in
// connectors/ and turned into these, so callers never see a driver type.
#include <stdexcept>
#include <string>

namespace planwise::connectors {

enum class ErrorKind {
    BadUri,            // the connection string could not be understood
    CannotReach,       // host/socket unreachable, server down
    AuthFailed,
    TlsFailed,
    PermissionDenied,  // e.g. a catalog view the user may not read
    NotFound,          // database file / database does not exist
    Refused,           // Planwise's own safety rules refused the request (e.g. two statements)
    QueryFailed,       // the server rejected a statement
    Timeout,
    Cancelled,
    Unsupported,       // e.g. HypoPG missing
};

const char* errorKindName(ErrorKind kind);

class ConnectorError : public std::runtime_error {
public:
    ConnectorError(ErrorKind kind, const std::string& message, std::string sqlState = {})
        : std::runtime_error(message), m_kind(kind), m_sqlState(std::move(sqlState)) {}
    ErrorKind kind() const { return m_kind; }
    const std::string& sqlState() const { return m_sqlState; }
    // Whether the CLI should exit 4 ("cannot connect") for this error.
    bool isConnectionFailure() const
    {
        return m_kind == ErrorKind::BadUri || m_kind == ErrorKind::CannotReach || m_kind == ErrorKind::AuthFailed ||
               m_kind == ErrorKind::TlsFailed || m_kind == ErrorKind::NotFound;
    }

private:
    ErrorKind m_kind;
    std::string m_sqlState;
};

} // namespace planwise::connectors
