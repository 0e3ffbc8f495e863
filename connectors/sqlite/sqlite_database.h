#pragma once
// A user's SQLite database, opened so that Planwise cannot change it: the file
// is opened read-only through a `file:…?mode=ro` URI and the connection runs
// with `PRAGMA query_only=1`. One object per thread (a connection is not shared).
#include "analyzer/catalog/catalog.h"
#include "analyzer/plan/plan.h"
#include "connectors/sqlite/sqlite_handles.h"

#include <string>
#include <string_view>
#include <vector>

namespace planwise::sqlite {

class SqliteDatabase {
public:
    // `pathOrUri`: a file path, or `sqlite:PATH` / `sqlite:///abs/path` (see
    // connectors::parseConnectionTarget). Throws connectors::ConnectorError:
    // BadUri for an unusable string, NotFound for a missing file,
    // PermissionDenied for an unreadable one, CannotReach (with SQLite's
    // message) for a file that is not a database.
    static SqliteDatabase open(std::string_view pathOrUri);

    const std::string& path() const { return m_path; }
    std::string libraryVersion() const;

    // Tables, columns, indexes (with expressions, partial predicates and
    // sqlite_stat1 figures), foreign keys, row counts, and b-tree sizes from
    // dbstat for files up to 1 GiB. A rowid table's
    // INTEGER PRIMARY KEY is the table's own b-tree, which sqlite_schema does
    // not list as an index; it is reported as a primary, unique Index named
    // "sqlite_rowid_<table>" so lookups by it count as indexed. Figures that
    // need sqlite_stat1 stay unknown (and a note says so) until ANALYZE ran.
    catalog::Catalog readCatalog() const;

    // EXPLAIN QUERY PLAN of exactly one statement; only whitespace, comments
    // and semicolons may follow it (anything else: ConnectorError Refused).
    // SQL errors are ConnectorError QueryFailed with SQLite's message.
    std::vector<plan::SqliteEqpRow> explainQueryPlan(std::string_view sql) const;
    plan::Plan explain(std::string_view sql) const { return plan::planFromSqliteEqp(explainQueryPlan(sql)); }

    // Stops the statement running on this connection (the one safe call
    // from another thread); the interrupted call throws ConnectorError Cancelled.
    void interrupt() const { sqlite3_interrupt(m_db.get()); }

    // The read-only connection, for SqliteWhatIf and tests.
    sqlite3* handle() const { return m_db.get(); }

private:
    SqliteDatabase(std::string path, DbHandle db) : m_path(std::move(path)), m_db(std::move(db)) {}

    std::string m_path;
    DbHandle m_db;
};

// EXPLAIN QUERY PLAN on any connection (the what-if scratch database uses it too).
std::vector<plan::SqliteEqpRow> explainQueryPlanOn(sqlite3* db, std::string_view sql);

} // namespace planwise::sqlite
