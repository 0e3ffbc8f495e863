#pragma once
// What Planwise must know about a user's statement before it EXPLAINs it on a
// live PostgreSQL server: that it is exactly one statement (libpg_query, the
// server's own parser), what kind it is, and whether ANALYZE could change data.
#include <string>
#include <string_view>
#include <vector>

namespace planwise::postgres {

struct PgTableRef {
    std::string schema;   // empty when not written
    std::string name;     // as the parser resolved it (unquoted, case-folded)
};

struct PgStatement {
    std::string text;               // the one statement, without a trailing ';'
    std::string kind;               // parse-tree node: SelectStmt, InsertStmt, UpdateStmt, DeleteStmt, MergeStmt, IndexStmt, ...
    bool modifiesData = false;      // INSERT/UPDATE/DELETE/MERGE, a writable CTE, or SELECT ... FOR UPDATE/SHARE
    std::vector<PgTableRef> targetTables;     // relations written to
    std::vector<std::string> irreversible;    // why a rollback could not undo an execution (nextval, dblink, NOTIFY, ...)
};

// Parses `sql`; throws ConnectorError Refused when it holds no statement or
// more than one, QueryFailed when it does not parse (with the parser's message).
PgStatement parseSingleStatement(std::string_view sql);

// Whether EXPLAIN accepts this kind (SELECT/VALUES, INSERT, UPDATE, DELETE, MERGE).
bool isExplainable(const PgStatement& statement);

} // namespace planwise::postgres
