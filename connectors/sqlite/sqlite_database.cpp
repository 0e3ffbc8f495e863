#include "connectors/sqlite/sqlite_database.h"

#include "analyzer/core/text.h"
#include "connectors/common/connection_uri.h"
#include "connectors/sqlite/sqlite_sql_text.h"
#include "connectors/sqlite/sqlite_statement.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace planwise::sqlite {

using connectors::ConnectorError;
using connectors::ErrorKind;

namespace {

std::string fileNameOf(std::string_view pathOrUri)
{
    const std::string_view t = trim(pathOrUri);
    if (istartsWith(t, "sqlite:") || istartsWith(t, "sqlite3:"))
        return connectors::parseConnectionTarget(t).path;
    if (t.empty())
        throw ConnectorError(ErrorKind::BadUri, "no SQLite database file given (expected a path or sqlite:PATH)");
    return std::string(t);
}

// A database in WAL mode (header bytes 18-19 = 2) whose -wal file is absent
// has no writer right now. Opened read-only the usual way, SQLite would
// create empty -wal and -shm files beside it (and fail where the directory is
// read-only); `immutable=1` reads the main file alone. A writer that starts
// later writes to its own -wal, which this connection simply does not see.
bool idleWalDatabase(const std::string& path)
{
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f)
        return false;
    unsigned char header[20] = {};
    const bool read = std::fread(header, 1, sizeof header, f) == sizeof header;
    std::fclose(f);
    return read && std::memcmp(header, "SQLite format 3", 16) == 0 && header[18] == 2 &&
           !std::filesystem::exists(path + "-wal");
}

// SQLite's URI syntax: '?', '#' and '%' in a file name must be percent-encoded.
std::string readOnlyUri(const std::string& path)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string uri = "file:";
    for (unsigned char c : path) {
        if (c == '?' || c == '#' || c == '%' || c < 0x20 || c == 0x7f) {
            uri += '%';
            uri += hex[c >> 4];
            uri += hex[c & 15];
        } else {
            uri += char(c);
        }
    }
    return uri + (idleWalDatabase(path) ? "?mode=ro&immutable=1" : "?mode=ro");
}

} // namespace

SqliteDatabase SqliteDatabase::open(std::string_view pathOrUri)
{
    const std::string path = fileNameOf(pathOrUri);
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (!fs::exists(status))
        throw ConnectorError(ErrorKind::NotFound, "SQLite database '" + path + "' does not exist");
    if (fs::is_directory(status))
        throw ConnectorError(ErrorKind::NotFound, "'" + path + "' is a directory, not an SQLite database file");

    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(readOnlyUri(path).c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
    DbHandle db(raw);
    if (rc != SQLITE_OK) {
        const ErrorKind kind = (rc & 0xff) == SQLITE_CANTOPEN ? ErrorKind::PermissionDenied : ErrorKind::CannotReach;
        throw ConnectorError(kind, "cannot open SQLite database '" + path + "': " +
                                       (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    }
    // Belt and braces: even a statement smuggled past explainQueryPlan's
    // checks could not write. A writer elsewhere gets a short grace period.
    sqlite3_busy_timeout(db.get(), 2000);
    execScript(db.get(), "PRAGMA query_only = 1");
    try {
        // SQLite reads the header lazily: touch the schema now so a file that
        // is not a database fails here, with a clear message.
        Statement probe(db.get(), "SELECT count(*) FROM sqlite_schema");
        probe.step();
    } catch (const ConnectorError& e) {
        if (sqlite3_extended_errcode(db.get()) == SQLITE_READONLY_ROLLBACK)
            throw ConnectorError(ErrorKind::CannotReach,
                                 "'" + path + "' has a hot journal from an interrupted write, which a read-only "
                                 "connection may not roll back: open it once with the sqlite3 shell to recover it");
        throw ConnectorError(e.kind() == ErrorKind::QueryFailed ? ErrorKind::CannotReach : e.kind(),
                             "'" + path + "' is not a usable SQLite database: " + e.what());
    }
    return SqliteDatabase(path, std::move(db));
}

std::string SqliteDatabase::libraryVersion() const { return sqlite3_libversion(); }

std::vector<plan::SqliteEqpRow> explainQueryPlanOn(sqlite3* db, std::string_view sql)
{
    // Only statements whose plan means something. Preparing is not harmless
    // for everything else: SQLite applies flag pragmas (query_only among them)
    // while it compiles them, and ATTACH would reach other files.
    static constexpr std::string_view kExplainable[] = {"select", "with", "values", "insert",
                                                        "update", "delete", "replace"};
    const std::string keyword = firstKeyword(sql);
    if (std::find(std::begin(kExplainable), std::end(kExplainable), keyword) == std::end(kExplainable))
        throw ConnectorError(ErrorKind::Refused,
                             keyword.empty() ? std::string("no SQL statement to explain")
                                             : "Planwise explains SELECT, WITH, VALUES, INSERT, UPDATE, DELETE and "
                                               "REPLACE statements, not '" + keyword + "'");
    // Prepare the statement on its own first: its tail tells whether a second
    // statement follows, which EXPLAIN QUERY PLAN would silently ignore.
    std::string statement;
    {
        Statement first(db, sql);
        if (first.empty())
            throw ConnectorError(ErrorKind::Refused, "no SQL statement to explain");
        if (!onlyCommentsAndSpace(first.tail()))
            throw ConnectorError(ErrorKind::Refused,
                                 "more than one SQL statement given; Planwise explains exactly one at a time");
        statement = std::string(sql.substr(0, sql.size() - first.tail().size()));
    }
    Statement eqp(db, "EXPLAIN QUERY PLAN " + statement);
    std::vector<plan::SqliteEqpRow> rows;
    while (eqp.step())
        rows.push_back({int(eqp.integer(0)), int(eqp.integer(1)), eqp.text(3)});
    return rows;
}

std::vector<plan::SqliteEqpRow> SqliteDatabase::explainQueryPlan(std::string_view sql) const
{
    return explainQueryPlanOn(m_db.get(), sql);
}

} // namespace planwise::sqlite
