#include "connectors/mysql/mysql_session.h"

#include "connectors/common/connector_error.h"
#include "connectors/mysql/mysql_impl.h"
#include "connectors/mysql/mysql_statement.h"

#include <algorithm>
#include <cmath>
#include <mutex>

namespace planwise::mysql {

using connectors::ConnectorError;
using connectors::ErrorKind;

// ---- driver and threads

namespace {
std::once_flag g_driverOnce;
::sql::Driver* g_driver = nullptr;
} // namespace

void initDriver()
{
    std::call_once(g_driverOnce, [] { g_driver = get_driver_instance(); });
}

::sql::Driver& driver()
{
    initDriver();
    return *g_driver;
}

MySqlThread::MySqlThread() { driver().threadInit(); }
MySqlThread::~MySqlThread() { driver().threadEnd(); }

// ---- Impl helpers

void MySqlSession::Impl::exec(const std::string& sql)
{
    std::unique_ptr<::sql::Statement> stmt(conn->createStatement());
    if (stmt->execute(kMarker + sql)) {
        // Drain any rows, or the next statement fails "out of sync".
        std::unique_ptr<::sql::ResultSet> rs(stmt->getResultSet());
        while (rs && rs->next()) {
        }
    }
}

std::vector<MySqlSession::Row> MySqlSession::Impl::rows(const std::string& sql, const std::vector<std::string>& params)
{
    // Statement before ResultSet: the result set is destroyed first.
    std::unique_ptr<::sql::Statement> plain;
    std::unique_ptr<::sql::PreparedStatement> prepared;
    std::unique_ptr<::sql::ResultSet> rs;
    if (params.empty()) {
        plain.reset(conn->createStatement());
        rs.reset(plain->executeQuery(kMarker + sql));
    } else {
        prepared.reset(conn->prepareStatement(kMarker + sql));
        for (size_t i = 0; i < params.size(); ++i)
            prepared->setString(unsigned(i + 1), params[i]);
        rs.reset(prepared->executeQuery());
    }
    const unsigned columns = rs->getMetaData()->getColumnCount();
    std::vector<MySqlSession::Row> out;
    while (rs->next()) {
        MySqlSession::Row row;
        row.reserve(columns);
        for (unsigned c = 1; c <= columns; ++c) {
            std::string value = rs->getString(c);
            row.push_back(rs->wasNull() ? std::nullopt : std::optional<std::string>(std::move(value)));
        }
        out.push_back(std::move(row));
    }
    return out;
}

RolledBackTransaction::RolledBackTransaction(MySqlSession::Impl& session, Mode mode) : m_session(session)
{
    m_session.exec(mode == Mode::ReadWrite ? "START TRANSACTION READ WRITE" : "START TRANSACTION READ ONLY");
}

RolledBackTransaction::~RolledBackTransaction()
{
    try {
        m_session.exec("ROLLBACK");
    } catch (...) {
        // Connection lost: the server rolls back on its own.
    }
}

// ---- MySqlSession

namespace {

::sql::ConnectOptionsMap connectOptions(const connectors::ConnectionTarget& t, const MySqlSessionOptions& options)
{
    ::sql::ConnectOptionsMap props;
    if (!t.socket.empty())
        props["hostName"] = ::sql::SQLString("unix://" + t.socket);
    else
        props["hostName"] = ::sql::SQLString("tcp://" + (t.host.empty() ? std::string("localhost") : t.host) + ":" +
                                           std::to_string(t.port.value_or(3306)));
    props["userName"] = ::sql::SQLString(t.user);
    if (t.password)
        props["password"] = ::sql::SQLString(*t.password);
    else
        props["readDefaultGroup"] = ::sql::SQLString("client");   // ~/.my.cnf [client] may hold it
    if (!t.database.empty())
        props["schema"] = ::sql::SQLString(t.database);
    props["OPT_CONNECT_TIMEOUT"] = options.connectTimeoutSeconds;
    // A silent reconnect would drop READ ONLY and the timeouts; several
    // statements per call would defeat the one-statement gate.
    props["OPT_RECONNECT"] = false;
    props["CLIENT_MULTI_STATEMENTS"] = false;
    props["OPT_CHARSET_NAME"] = ::sql::SQLString("utf8mb4");
    static const std::pair<const char*, int> modes[] = {
        {"DISABLED", ::sql::SSL_MODE_DISABLED}, {"PREFERRED", ::sql::SSL_MODE_PREFERRED}, {"REQUIRED", ::sql::SSL_MODE_REQUIRED},
        {"VERIFY_CA", ::sql::SSL_MODE_VERIFY_CA}, {"VERIFY_IDENTITY", ::sql::SSL_MODE_VERIFY_IDENTITY}};
    for (const auto& [name, mode] : modes)
        if (t.sslMode == name)
            props["OPT_SSL_MODE"] = mode;
    if (t.sslMode == "REQUIRED" || t.sslMode.rfind("VERIFY", 0) == 0)
        props["sslEnforce"] = true;
    if (t.sslMode.rfind("VERIFY", 0) == 0)
        props["sslVerify"] = true;
    static const std::pair<const char*, const char*> files[] = {
        {"ssl-ca", "sslCA"}, {"ssl-capath", "sslCAPath"}, {"ssl-cert", "sslCert"},
        {"ssl-key", "sslKey"}, {"ssl-cipher", "sslCipher"}, {"ssl-crl", "sslCRL"}};
    for (const auto& [uriKey, option] : files)
        if (const auto it = t.options.find(uriKey); it != t.options.end())
            props[option] = ::sql::SQLString(it->second);
    return props;
}

} // namespace

MySqlSession::MySqlSession(std::string_view uri, MySqlSessionOptions options)
    : MySqlSession(connectors::parseConnectionTarget(uri), options)
{
}

MySqlSession::MySqlSession(const connectors::ConnectionTarget& target, MySqlSessionOptions options)
    : m_impl(std::make_unique<Impl>())
{
    if (target.engine != connectors::Engine::MySQL)
        throw ConnectorError(ErrorKind::BadUri, target.redacted() + " is not a MySQL/MariaDB connection string");
    m_impl->target = target;
    m_impl->options = options;
    try {
        auto props = connectOptions(target, options);
        m_impl->conn.reset(driver().connect(props));
    } catch (...) {
        rethrowAsConnectorError(true);
    }
    try {
        m_impl->exec("SET SESSION TRANSACTION READ ONLY");
        const auto info = m_impl->rows("SELECT VERSION(), CONNECTION_ID(), DATABASE(), @@SESSION.sql_mode");
        m_impl->version = info.at(0).at(0).value_or("");
        m_impl->connectionId = std::stoll(info[0][1].value_or("0"));
        m_impl->database = info[0][2].value_or("");
        const std::string mode = info[0][3].value_or("");
        m_impl->lexer.ansiQuotes = mode.find("ANSI_QUOTES") != std::string::npos;
        m_impl->lexer.noBackslashEscapes = mode.find("NO_BACKSLASH_ESCAPES") != std::string::npos;
        m_impl->mariadb = m_impl->version.find("MariaDB") != std::string::npos;
        // Built on MariaDB Connector/C, the driver may fall back to plain
        // text even when asked to insist on TLS: check what we got.
        if ((target.sslMode == "REQUIRED" || target.sslMode.rfind("VERIFY", 0) == 0) && tlsState() == "off")
            throw ConnectorError(ErrorKind::TlsFailed, "ssl-mode=" + target.sslMode +
                                                           " but the connection is not encrypted (does the server have TLS "
                                                           "enabled? SELECT @@have_ssl)");
        setStatementTimeout(options.statementTimeout);
        const auto lockSeconds = std::max<int64_t>(1, (options.lockTimeout.count() + 999) / 1000);
        m_impl->exec("SET SESSION lock_wait_timeout = " + std::to_string(lockSeconds) +
                     ", SESSION innodb_lock_wait_timeout = " + std::to_string(lockSeconds));
    } catch (...) {
        rethrowAsConnectorError();
    }
}

MySqlSession::~MySqlSession() = default;

std::string MySqlSession::serverVersion() const { return m_impl->version; }
bool MySqlSession::isMariaDb() const { return m_impl->mariadb; }
std::string MySqlSession::database() const { return m_impl->database; }
std::string MySqlSession::redactedTarget() const { return m_impl->target.redacted(); }
int64_t MySqlSession::connectionId() const { return m_impl->connectionId; }

std::string MySqlSession::tlsState()
{
    try {
        const auto r = m_impl->rows("SHOW SESSION STATUS LIKE 'Ssl_cipher'");
        const std::string cipher = r.empty() ? std::string() : r[0].at(1).value_or("");
        return cipher.empty() ? "off" : cipher;
    } catch (...) {
        rethrowAsConnectorError();
    }
}

void MySqlSession::cancel(const connectors::ConnectionTarget& target, int64_t connectionId)
{
    MySqlSession other(target, MySqlSessionOptions{std::chrono::seconds(5), std::chrono::seconds(1), 5});
    try {
        other.m_impl->exec("KILL QUERY " + std::to_string(connectionId));
    } catch (...) {
        rethrowAsConnectorError();
    }
}

void MySqlSession::setStatementTimeout(std::chrono::milliseconds timeout)
{
    const int64_t ms = std::max<int64_t>(0, timeout.count());
    try {
        // MariaDB counts seconds (fractions allowed) for every statement;
        // MySQL counts milliseconds, for SELECT only.
        if (m_impl->mariadb)
            m_impl->exec("SET SESSION max_statement_time = " + std::to_string(ms / 1000) + "." +
                         std::to_string(1000 + ms % 1000).substr(1));
        else
            m_impl->exec("SET SESSION max_execution_time = " + std::to_string(ms));
        m_impl->options.statementTimeout = timeout;
    } catch (...) {
        rethrowAsConnectorError();
    }
}

std::vector<MySqlSession::Row> MySqlSession::query(std::string_view sql, const std::vector<std::string>& params)
{
    try {
        return m_impl->rows(std::string(sql), params);
    } catch (...) {
        rethrowAsConnectorError();
    }
}

namespace {

// ANALYZE runs the statement: refuse what a ROLLBACK could not undo.
void checkReversible(MySqlSession::Impl& s, const MySqlStatement& st)
{
    if (!st.irreversible.empty())
        throw ConnectorError(ErrorKind::Refused, "ANALYZE refused: " + st.irreversible.front());
    if (!st.modifiesData || st.names.empty())
        return;
    std::string placeholders;
    for (size_t i = 0; i < st.names.size(); ++i)
        placeholders += i ? ", ?" : "?";
    std::vector<std::string> params = st.names;
    params.insert(params.end(), st.names.begin(), st.names.end());
    params.insert(params.end(), st.names.begin(), st.names.end());
    const auto objects = s.rows(
        "SELECT t.TABLE_NAME, t.TABLE_TYPE, t.ENGINE, COALESCE(e.TRANSACTIONS, 'NO'),"
        " EXISTS (SELECT 1 FROM information_schema.COLUMNS c WHERE c.TABLE_SCHEMA = t.TABLE_SCHEMA"
        "   AND c.TABLE_NAME = t.TABLE_NAME AND c.EXTRA LIKE '%auto_increment%'),"
        " EXISTS (SELECT 1 FROM information_schema.TRIGGERS g WHERE g.EVENT_OBJECT_SCHEMA = t.TABLE_SCHEMA"
        "   AND g.EVENT_OBJECT_TABLE = t.TABLE_NAME)"
        " FROM information_schema.TABLES t LEFT JOIN information_schema.ENGINES e ON e.ENGINE = t.ENGINE"
        " WHERE (t.TABLE_SCHEMA = DATABASE() AND t.TABLE_NAME IN (" + placeholders + "))"
        "    OR CONCAT(t.TABLE_SCHEMA, '.', t.TABLE_NAME) IN (" + placeholders + ")"
        "    OR (t.TABLE_TYPE = 'SEQUENCE' AND t.TABLE_NAME IN (" + placeholders + "))",
        params);
    for (const auto& o : objects) {
        const std::string name = o[0].value_or("?");
        const std::string type = o[1].value_or("");
        if (type == "VIEW")
            throw ConnectorError(ErrorKind::Refused, "ANALYZE refused: the statement names the view " + name +
                                                         ", whose tables Planwise cannot prove transactional");
        if (type == "SEQUENCE")
            throw ConnectorError(ErrorKind::Refused, "ANALYZE refused: " + name + " is a sequence, which a rollback does not undo");
        if (o[3].value_or("NO") != "YES")
            throw ConnectorError(ErrorKind::Refused, "ANALYZE refused: " + name + " uses the non-transactional " +
                                                         o[2].value_or("?") + " engine, so a rollback cannot undo the changes");
        if (st.inserts && o[4].value_or("0") == "1")
            throw ConnectorError(ErrorKind::Refused, "ANALYZE refused: inserting into " + name +
                                                         " advances its AUTO_INCREMENT counter, which a rollback does not undo");
        if (o[5].value_or("0") == "1")
            throw ConnectorError(ErrorKind::Refused, "ANALYZE refused: " + name +
                                                         " has triggers, whose effects Planwise cannot prove reversible");
    }
}

} // namespace

std::string MySqlSession::explainJson(std::string_view sql, bool analyze)
{
    const MySqlStatement st = parseSingleStatement(sql, m_impl->lexer);
    if (!isExplainable(st))
        throw ConnectorError(ErrorKind::Refused, "EXPLAIN accepts SELECT, INSERT, REPLACE, UPDATE or DELETE, not " +
                                                     (st.verb.empty() ? std::string("this") : st.verb) +
                                                     " (give the statement without EXPLAIN)");
    if (analyze && !m_impl->mariadb)
        throw ConnectorError(ErrorKind::Unsupported,
                             "ANALYZE FORMAT=JSON needs MariaDB; MySQL's EXPLAIN ANALYZE prints only TREE format");
    try {
        if (!analyze) {
            // Nothing runs. A READ ONLY session still refuses to EXPLAIN a
            // write, so that one gets a read-write transaction, rolled back.
            if (!st.modifiesData)
                return m_impl->rows("EXPLAIN FORMAT=JSON " + st.text).at(0).at(0).value_or("");
            RolledBackTransaction tx(*m_impl, RolledBackTransaction::Mode::ReadWrite);
            return m_impl->rows("EXPLAIN FORMAT=JSON " + st.text).at(0).at(0).value_or("");
        }
        checkReversible(*m_impl, st);
        RolledBackTransaction tx(*m_impl, st.modifiesData ? RolledBackTransaction::Mode::ReadWrite
                                                          : RolledBackTransaction::Mode::ReadOnly);
        return m_impl->rows("ANALYZE FORMAT=JSON " + st.text).at(0).at(0).value_or("");
    } catch (...) {
        rethrowAsConnectorError();
    }
}

} // namespace planwise::mysql
