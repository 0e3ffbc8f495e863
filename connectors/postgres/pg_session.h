#pragma once
// One live PostgreSQL connection, made safe to point at production: every
// transaction is read-only unless Planwise must roll a change back anyway,
// statement and lock timeouts are always on, and every statement carries the
// /* planwise */ marker. A session belongs to one thread: create one per worker.
#include "analyzer/catalog/catalog.h"
#include "connectors/common/connection_uri.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planwise::postgres {

struct PgSessionOptions {
    std::chrono::milliseconds statementTimeout{30'000};
    std::chrono::milliseconds lockTimeout{2'000};
    int connectTimeoutSeconds = 10;   // used unless the string or PGCONNECT_TIMEOUT sets one
};

class PgSession {
public:
    // Throws ConnectorError: BadUri, CannotReach, AuthFailed, TlsFailed, NotFound (database missing).
    explicit PgSession(const connectors::ConnectionTarget& target, PgSessionOptions options = {});
    explicit PgSession(std::string_view connectionString, PgSessionOptions options = {});
    ~PgSession();
    PgSession(const PgSession&) = delete;
    PgSession& operator=(const PgSession&) = delete;

    std::string serverVersion() const;   // e.g. "15.20 (Debian 15.20-0+deb12u1)"
    int serverVersionNum() const;        // e.g. 150020
    std::string redactedTarget() const;  // the connection string with the password hidden
    std::string tlsState() const;        // "off" or "TLSv1.3 TLS_AES_256_GCM_SHA384"

    // Warnings about the connection a DBA should see (e.g. sslmode=prefer fell back to plain text).
    std::vector<std::string> warnings() const;

    int backendPid() const;   // for cancel() from another thread
    // Cancels what the backend with this pid is running (pg_cancel_backend),
    // over a separate short connection: safe from any thread while the
    // session's own thread waits. Returns whether the server sent the signal.
    static bool cancel(const connectors::ConnectionTarget& target, int backendPid);

    void setStatementTimeout(std::chrono::milliseconds timeout);   // 0 = none
    void setLockTimeout(std::chrono::milliseconds timeout);

    // EXPLAIN (FORMAT JSON[, ANALYZE, BUFFERS]) of exactly one SELECT, INSERT,
    // UPDATE, DELETE or MERGE; returns the server's JSON text. Without ANALYZE
    // nothing runs. With ANALYZE the statement runs in a transaction that is
    // always rolled back (read-only unless it writes); refused when a rollback
    // cannot undo it (sequences, dblink, foreign tables, ...).
    // Throws ConnectorError: Refused, QueryFailed, Timeout, PermissionDenied, CannotReach.
    std::string explainJson(std::string_view sql, bool analyze = false);

    // Tables, columns, indexes, foreign keys and statistics of every user schema.
    catalog::Catalog readCatalog();

    // A read-only query whose parameters are bound ($1, $2, ...), never pasted.
    // NULL comes back as nullopt. For Planwise's own catalog and workload SQL.
    using Row = std::vector<std::optional<std::string>>;
    std::vector<Row> query(std::string_view sql, const std::vector<std::string>& params = {});

    // The pinned libpqxx connection, for the other classes of this library only.
    struct Impl;
    Impl& impl() { return *m_impl; }

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace planwise::postgres
