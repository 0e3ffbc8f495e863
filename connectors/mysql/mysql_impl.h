#pragma once
// Inside pw_mysql only: the Connector/C++ side of MySqlSession. No caller
// outside connectors/mysql ever sees a Connector/C++ type.
#include "analyzer/sql/lexer.h"
#include "connectors/mysql/mysql_session.h"

#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>

#include <memory>
#include <string>

namespace planwise::mysql {

inline constexpr const char* kMarker = "/* planwise */ ";

::sql::Driver& driver();

struct MySqlSession::Impl {
    connectors::ConnectionTarget target;
    MySqlSessionOptions options;
    std::unique_ptr<::sql::Connection> conn;   // declared first: destroyed after any statement using it
    std::string version;
    std::string database;
    bool mariadb = false;
    int64_t connectionId = 0;
    planwise::sql::LexerOptions lexer;                 // from the server's sql_mode (ANSI_QUOTES, NO_BACKSLASH_ESCAPES)

    // Runs one statement (marker added) that returns no rows.
    void exec(const std::string& sql);
    // Runs one statement (marker added) and returns its rows as strings.
    std::vector<MySqlSession::Row> rows(const std::string& sql, const std::vector<std::string>& params = {});
};

// An explicit START TRANSACTION … ROLLBACK: the rollback happens on every path out.
class RolledBackTransaction {
public:
    enum class Mode { ReadOnly, ReadWrite };
    RolledBackTransaction(MySqlSession::Impl& session, Mode mode);
    ~RolledBackTransaction();
    RolledBackTransaction(const RolledBackTransaction&) = delete;
    RolledBackTransaction& operator=(const RolledBackTransaction&) = delete;

private:
    MySqlSession::Impl& m_session;
};

// Call inside a catch block: rethrows the active exception as a ConnectorError.
[[noreturn]] void rethrowAsConnectorError(bool connecting = false);

} // namespace planwise::mysql
