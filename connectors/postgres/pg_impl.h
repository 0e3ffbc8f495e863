#pragma once
// Inside pw_postgres only: the libpqxx side of PgSession. Nothing outside
// connectors/postgres includes this, so no caller ever sees a pqxx type.
#include "connectors/postgres/pg_session.h"

#include <pqxx/pqxx>

#include <memory>
#include <string>

namespace planwise::postgres {

// Every statement Planwise sends starts with this, so the advisor can skip
// its own statements in logs and pg_stat_statements.
inline constexpr const char* kMarker = "/* planwise */ ";

struct PgSession::Impl {
    connectors::ConnectionTarget target;
    PgSessionOptions options;
    std::unique_ptr<pqxx::connection> conn;
    std::string version;

    // Runs `sql` (marker added) in autocommit mode, outside any transaction.
    pqxx::result execAutocommit(const std::string& sql);
};

// An explicit BEGIN … ROLLBACK on a pinned connection: Planwise's own
// statements (BEGIN and ROLLBACK included) all carry the marker, and the
// rollback happens on every path out, exceptions included.
class RolledBackTransaction {
public:
    enum class Mode { ReadOnly, ReadWrite };
    RolledBackTransaction(pqxx::connection& conn, Mode mode);
    ~RolledBackTransaction();
    RolledBackTransaction(const RolledBackTransaction&) = delete;
    RolledBackTransaction& operator=(const RolledBackTransaction&) = delete;

    pqxx::result exec(const std::string& sql);   // marker added
    template <typename... Args>
    pqxx::result execParams(const std::string& sql, Args&&... args)
    {
        return m_tx.exec_params(kMarker + sql, std::forward<Args>(args)...);
    }

private:
    pqxx::nontransaction m_tx;
};

// Call inside a catch block: rethrows the active exception as a ConnectorError
// (libpq messages and SQLSTATEs mapped to ErrorKind). `connecting` selects the
// login-time mapping (auth failed, database missing, ...).
[[noreturn]] void rethrowAsConnectorError(bool connecting = false);

} // namespace planwise::postgres
