#pragma once
// Owning handles for the sqlite3 C API, so no early return or exception can
// leak a connection or a prepared statement. Header-only on purpose: the demo
// generator (resources/demo) uses them without linking the connector.
#include <sqlite3.h>

#include <memory>

namespace planwise::sqlite {

struct DbCloser {
    // close_v2 defers the close until the last statement is finalized, so
    // destruction order between handles does not matter.
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};

struct StmtFinalizer {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};

using DbHandle = std::unique_ptr<sqlite3, DbCloser>;
using StmtHandle = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

} // namespace planwise::sqlite
