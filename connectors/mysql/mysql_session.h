#pragma once
// One live MySQL/MariaDB connection over Connector/C++ 1.1, made safe to point
// at production: the session is READ ONLY, statements time out, and every
// statement carries the /* planwise */ marker. A session belongs to one
// thread; a worker thread other than the main one holds a MySqlThread first.
#include "analyzer/catalog/catalog.h"
#include "connectors/common/connection_uri.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planwise::mysql {

// Loads the driver (get_driver_instance) exactly once. Connector/C++ wants this
// on the main thread: call it early in main(); the sessions call it too.
void initDriver();

// Per-thread client library state (threadInit/threadEnd) for a worker thread
// that opens sessions: create one at the top of the thread's work.
class MySqlThread {
public:
    MySqlThread();
    ~MySqlThread();
    MySqlThread(const MySqlThread&) = delete;
    MySqlThread& operator=(const MySqlThread&) = delete;
};

struct MySqlSessionOptions {
    std::chrono::milliseconds statementTimeout{30'000};   // MariaDB max_statement_time / MySQL max_execution_time
    std::chrono::milliseconds lockTimeout{2'000};         // lock_wait_timeout, innodb_lock_wait_timeout (whole seconds, at least 1)
    int connectTimeoutSeconds = 10;
};

class MySqlSession {
public:
    // Throws ConnectorError: BadUri, CannotReach, AuthFailed, TlsFailed, NotFound (unknown database), PermissionDenied.
    explicit MySqlSession(const connectors::ConnectionTarget& target, MySqlSessionOptions options = {});
    explicit MySqlSession(std::string_view uri, MySqlSessionOptions options = {});
    ~MySqlSession();
    MySqlSession(const MySqlSession&) = delete;
    MySqlSession& operator=(const MySqlSession&) = delete;

    std::string serverVersion() const;   // e.g. "10.11.19-MariaDB-0+deb12u1-log"
    bool isMariaDb() const;
    std::string database() const;        // the current database, empty if none
    std::string redactedTarget() const;
    std::string tlsState();              // "off" or the cipher, e.g. "TLS_AES_256_GCM_SHA384"
    int64_t connectionId() const;        // for cancel() from another thread

    // KILL QUERY for the statement this connection id runs, over a separate
    // short connection: safe from any thread (which must hold a MySqlThread
    // unless it is the main thread) while the session's own thread waits.
    static void cancel(const connectors::ConnectionTarget& target, int64_t connectionId);

    void setStatementTimeout(std::chrono::milliseconds timeout);   // 0 = none

    // EXPLAIN FORMAT=JSON of exactly one SELECT/INSERT/REPLACE/UPDATE/DELETE.
    // With analyze (MariaDB only: ANALYZE FORMAT=JSON executes the statement)
    // it runs inside a transaction that is always rolled back, read-only
    // unless it writes; refused when a table it names is not transactional
    // (MyISAM, Aria, ...), when it would advance AUTO_INCREMENT or a sequence.
    // Throws ConnectorError: Refused, Unsupported, QueryFailed, Timeout, PermissionDenied, CannotReach.
    std::string explainJson(std::string_view sql, bool analyze = false);

    // Tables, columns, indexes (with CARDINALITY), foreign keys, row counts and
    // sizes of the current database (every user database when none is selected).
    catalog::Catalog readCatalog();

    // A query with bound string parameters (?), never pasted; NULL = nullopt.
    using Row = std::vector<std::optional<std::string>>;
    std::vector<Row> query(std::string_view sql, const std::vector<std::string>& params = {});

    struct Impl;
    Impl& impl() { return *m_impl; }

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace planwise::mysql
