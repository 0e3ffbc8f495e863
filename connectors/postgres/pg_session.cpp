#include "connectors/postgres/pg_session.h"

#include "connectors/common/connector_error.h"
#include "connectors/postgres/pg_impl.h"
#include "connectors/postgres/pg_statement.h"

#include <cstdlib>

namespace planwise::postgres {

using connectors::ConnectorError;
using connectors::ErrorKind;

// ---- RolledBackTransaction

RolledBackTransaction::RolledBackTransaction(pqxx::connection& conn, Mode mode) : m_tx(conn, "planwise")
{
    m_tx.exec(std::string(kMarker) + (mode == Mode::ReadWrite ? "BEGIN READ WRITE" : "BEGIN READ ONLY"));
}

RolledBackTransaction::~RolledBackTransaction()
{
    try {
        m_tx.exec(std::string(kMarker) + "ROLLBACK");
    } catch (...) {
        // The connection is gone: the server rolls back on its own.
    }
}

pqxx::result RolledBackTransaction::exec(const std::string& sql) { return m_tx.exec(kMarker + sql); }

pqxx::result PgSession::Impl::execAutocommit(const std::string& sql)
{
    pqxx::nontransaction tx(*conn, "planwise");
    return tx.exec(kMarker + sql);
}

// ---- PgSession

namespace {

std::string connectionString(const connectors::ConnectionTarget& target, const PgSessionOptions& options)
{
    // fallback_: a name the user set (in the string or PGAPPNAME) wins.
    std::string conninfo = connectors::withPgParameter(target.conninfo, "fallback_application_name", "planwise");
    if (!std::getenv("PGCONNECT_TIMEOUT") && options.connectTimeoutSeconds > 0)
        conninfo = connectors::withPgParameter(conninfo, "connect_timeout", std::to_string(options.connectTimeoutSeconds));
    return conninfo;
}

} // namespace

PgSession::PgSession(std::string_view connectionString, PgSessionOptions options)
    : PgSession(connectors::parseConnectionTarget(connectionString), options)
{
}

PgSession::PgSession(const connectors::ConnectionTarget& target, PgSessionOptions options) : m_impl(std::make_unique<Impl>())
{
    if (target.engine != connectors::Engine::PostgreSQL)
        throw ConnectorError(ErrorKind::BadUri, target.redacted() + " is not a PostgreSQL connection string");
    m_impl->target = target;
    m_impl->options = options;
    try {
        m_impl->conn = std::make_unique<pqxx::connection>(connectionString(target, options));
    } catch (...) {
        rethrowAsConnectorError(true);
    }
    try {
        // Session defaults: every transaction read-only unless Planwise asks
        // otherwise (and then it always rolls back).
        m_impl->execAutocommit("SET default_transaction_read_only = on");
        setStatementTimeout(options.statementTimeout);
        setLockTimeout(options.lockTimeout);
        m_impl->version = m_impl->execAutocommit("SHOW server_version").at(0).at(0).c_str();
    } catch (...) {
        rethrowAsConnectorError();
    }
}

PgSession::~PgSession() = default;

std::string PgSession::serverVersion() const { return m_impl->version; }
int PgSession::serverVersionNum() const { return m_impl->conn->server_version(); }
std::string PgSession::redactedTarget() const { return m_impl->target.redacted(); }

std::string PgSession::tlsState() const
{
    try {
        const auto r = m_impl->execAutocommit(
            "SELECT ssl, coalesce(version, ''), coalesce(cipher, '') FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
        if (r.empty() || !r[0][0].as<bool>())
            return "off";
        return std::string(r[0][1].c_str()) + " " + r[0][2].c_str();
    } catch (...) {
        rethrowAsConnectorError();
    }
}

std::vector<std::string> PgSession::warnings() const
{
    std::vector<std::string> out;
    // libpq's default sslmode is prefer: TLS if the server offers it, silently plain text if not.
    std::string mode = "prefer";
    if (const char* env = std::getenv("PGSSLMODE"))
        mode = env;
    const std::string& c = m_impl->target.conninfo;
    for (const char* m : {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"})
        if (c.find(std::string("sslmode=") + m) != std::string::npos)
            mode = m;
    const std::string tls = tlsState();
    if ((mode == "prefer" || mode == "allow") && tls == "off")
        out.push_back("the connection is not encrypted: sslmode=" + mode +
                      " fell back to plain text (use sslmode=require or verify-full to insist on TLS)");
    return out;
}

int PgSession::backendPid() const { return m_impl->conn->backendpid(); }

bool PgSession::cancel(const connectors::ConnectionTarget& target, int backendPid)
{
    PgSession other(target, PgSessionOptions{std::chrono::seconds(5), std::chrono::seconds(1), 5});
    const auto r = other.query("SELECT pg_cancel_backend($1::int)", {std::to_string(backendPid)});
    return !r.empty() && r[0][0].value_or("f") == "t";
}

void PgSession::setStatementTimeout(std::chrono::milliseconds timeout)
{
    try {
        m_impl->execAutocommit("SET statement_timeout = " + std::to_string(std::max<int64_t>(0, timeout.count())));
        m_impl->options.statementTimeout = timeout;
    } catch (...) {
        rethrowAsConnectorError();
    }
}

void PgSession::setLockTimeout(std::chrono::milliseconds timeout)
{
    try {
        m_impl->execAutocommit("SET lock_timeout = " + std::to_string(std::max<int64_t>(0, timeout.count())));
        m_impl->options.lockTimeout = timeout;
    } catch (...) {
        rethrowAsConnectorError();
    }
}

namespace {

std::string tableLabel(const PgTableRef& t) { return t.schema.empty() ? t.name : t.schema + "." + t.name; }

// Refuses ANALYZE of a write whose effects a rollback would not undo: a
// foreign table's remote rows, or a sequence advanced by an INSERT.
void checkReversible(RolledBackTransaction& tx, const PgStatement& st)
{
    for (const auto& t : st.targetTables) {
        const auto r = tx.execParams(
            "SELECT c.relkind::text, EXISTS (SELECT 1 FROM pg_attribute a"
            " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
            " WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
            " AND (a.attidentity <> '' OR pg_get_expr(d.adbin, d.adrelid) LIKE '%nextval(%'))"
            " FROM pg_class c WHERE c.oid = to_regclass(CASE WHEN $1 = '' THEN quote_ident($2)"
            " ELSE quote_ident($1) || '.' || quote_ident($2) END)",
            t.schema, t.name);
        if (r.empty())
            continue;   // unknown table: the EXPLAIN itself will say so
        if (std::string(r[0][0].c_str()) == "f")
            throw ConnectorError(ErrorKind::Refused, "EXPLAIN ANALYZE refused: " + tableLabel(t) +
                                                         " is a foreign table, and a rollback cannot undo remote changes");
        const bool insertLike = st.kind == "InsertStmt" || st.kind == "MergeStmt";
        if (insertLike && r[0][1].as<bool>())
            throw ConnectorError(ErrorKind::Refused,
                                 "EXPLAIN ANALYZE refused: inserting into " + tableLabel(t) +
                                     " advances a sequence (serial/identity column), which a rollback does not undo");
    }
}

} // namespace

std::string PgSession::explainJson(std::string_view sql, bool analyze)
{
    const PgStatement st = parseSingleStatement(sql);
    // EXECUTE (estimate only) of a statement Planwise prepared: how normalized
    // pg_stat_statements text ($1, ...) gets a generic plan on PostgreSQL < 16.
    const bool executePrepared = st.kind == "ExecuteStmt" && !analyze;
    if (!isExplainable(st) && !executePrepared)
        throw ConnectorError(ErrorKind::Refused, "EXPLAIN accepts SELECT, VALUES, INSERT, UPDATE, DELETE or MERGE, not " +
                                                     st.kind + " (give the statement without EXPLAIN)");
    if (analyze && !st.irreversible.empty())
        throw ConnectorError(ErrorKind::Refused, "EXPLAIN ANALYZE refused: the statement " + st.irreversible.front());
    try {
        // Without ANALYZE nothing executes, so read-only suits every kind;
        // with ANALYZE a write needs READ WRITE, and the guard rolls it back.
        const auto mode = analyze && st.modifiesData ? RolledBackTransaction::Mode::ReadWrite
                                                     : RolledBackTransaction::Mode::ReadOnly;
        RolledBackTransaction tx(*m_impl->conn, mode);
        if (analyze && st.modifiesData)
            checkReversible(tx, st);
        const auto r = tx.exec(std::string("EXPLAIN (FORMAT JSON") + (analyze ? ", ANALYZE, BUFFERS" : "") + ") " + st.text);
        return r.at(0).at(0).c_str();
    } catch (...) {
        rethrowAsConnectorError();
    }
}

std::vector<PgSession::Row> PgSession::query(std::string_view sql, const std::vector<std::string>& params)
{
    try {
        RolledBackTransaction tx(*m_impl->conn, RolledBackTransaction::Mode::ReadOnly);
        const auto r = tx.execParams(std::string(sql), pqxx::prepare::make_dynamic_params(params));
        std::vector<Row> rows;
        rows.reserve(r.size());
        for (const auto& row : r) {
            Row out;
            out.reserve(row.size());
            for (const auto& field : row)
                out.push_back(field.is_null() ? std::nullopt : std::optional<std::string>(field.c_str()));
            rows.push_back(std::move(out));
        }
        return rows;
    } catch (...) {
        rethrowAsConnectorError();
    }
}

} // namespace planwise::postgres
