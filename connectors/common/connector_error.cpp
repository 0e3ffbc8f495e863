#include "connectors/common/connector_error.h"

namespace planwise::connectors {

const char* errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::BadUri: return "bad connection string";
    case ErrorKind::CannotReach: return "cannot reach the server";
    case ErrorKind::AuthFailed: return "authentication failed";
    case ErrorKind::TlsFailed: return "TLS failed";
    case ErrorKind::PermissionDenied: return "permission denied";
    case ErrorKind::NotFound: return "not found";
    case ErrorKind::Refused: return "refused";
    case ErrorKind::QueryFailed: return "query failed";
    case ErrorKind::Timeout: return "timed out";
    case ErrorKind::Cancelled: return "cancelled";
    case ErrorKind::Unsupported: return "unsupported";
    }
    return "error";
}

} // namespace planwise::connectors
