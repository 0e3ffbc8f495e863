#pragma once
// A plain read-write MySQL/MariaDB connection for test fixtures: Planwise's
// own sessions are read-only, so tables are made and dropped through this.
#include "connectors/common/connection_uri.h"

#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <QString>

#include <memory>

namespace planwise::testenv {

inline std::unique_ptr<::sql::Connection> mysqlAdmin(const QString& uri)
{
    const auto target = connectors::parseConnectionTarget(uri.toStdString());
    ::sql::Driver* driver = get_driver_instance();
    std::unique_ptr<::sql::Connection> conn(driver->connect(
        "tcp://" + target.host + ":" + std::to_string(target.port.value_or(3306)), target.user,
        target.password.value_or("")));
    conn->setSchema(target.database);
    return conn;
}

// Runs a statement that answers with rows and reads them all: the protocol
// wants a result read before the next statement.
inline void mysqlDrain(::sql::Statement& st, const std::string& sql)
{
    std::unique_ptr<::sql::ResultSet> rows(st.executeQuery(sql));
    while (rows->next()) {
    }
}

} // namespace planwise::testenv
