#pragma once
// What the user typed to name a database, understood just enough to pick the
// engine and its connector. PostgreSQL strings go to libpq unchanged (so
// service=, PG* variables, ~/.pgpass and every sslmode keep working); MySQL
// URIs are split into the fields Connector/C++ wants; SQLite names a file.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace planwise::connectors {

enum class Engine { PostgreSQL, MySQL, SQLite };

const char* engineName(Engine engine);

struct ConnectionTarget {
    Engine engine = Engine::SQLite;

    // PostgreSQL: the user's URI or key=value conninfo, byte for byte.
    std::string conninfo;
    bool conninfoIsUri = false;

    // PostgreSQL (informative, from the string only: libpq may fill more from
    // the environment) and MySQL/MariaDB (authoritative).
    std::string user;
    std::optional<std::string> password;    // nullopt = not given (~/.my.cnf, .pgpass may supply it)
    std::string host;                       // MySQL: empty = localhost; PostgreSQL: as written
    std::optional<int> port;
    std::string database;

    // MySQL/MariaDB only.
    bool mariadbScheme = false;             // written as mariadb://
    std::string socket;                     // ?socket=/path, or a host that is an absolute path
    std::string sslMode;                    // ?ssl-mode=DISABLED|PREFERRED|REQUIRED|VERIFY_CA|VERIFY_IDENTITY (upper-cased)
    std::map<std::string, std::string> options;  // every ?key=value as given (decoded), ssl-mode and socket included

    // SQLite only: the database file (":memory:" allowed).
    std::string path;

    // The string to show in logs, titles and errors: passwords replaced by ***.
    std::string redacted() const;
};

// Understands:
//   postgresql://… and postgres://… URIs, key=value conninfo (e.g. "host=x dbname=y", "service=prod");
//   mysql:// and mariadb://[user[:password]@][host][:port][/database][?socket=/path&ssl-mode=…&ssl-ca=…];
//   sqlite:PATH, sqlite://PATH, sqlite:///abs/path, and a bare path ending in .sqlite, .sqlite3 or .db.
// Throws ConnectorError(ErrorKind::BadUri) saying what is wrong and what is expected.
ConnectionTarget parseConnectionTarget(std::string_view text);

// libpq connection string with `key=value` added unless the user already set
// `key` (in the URI's query or as a conninfo keyword). Values are quoted or
// percent-encoded as the string's form needs.
std::string withPgParameter(std::string_view conninfo, std::string_view key, std::string_view value);

// Replaces every password in a PostgreSQL URI or conninfo string by ***.
std::string redactPgConninfo(std::string_view conninfo);

} // namespace planwise::connectors
