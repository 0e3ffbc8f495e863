#pragma once
// A prepared statement that throws ConnectorError instead of returning codes,
// so the connector's queries read as straight-line code.
#include "connectors/common/connector_error.h"
#include "connectors/sqlite/sqlite_handles.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace planwise::sqlite {

// Throws ConnectorError with the kind that fits SQLite's result code and
// SQLite's own message after `context`.
[[noreturn]] void throwSqliteError(sqlite3* db, int rc, const std::string& context);

// Runs statements that return no rows (each may be a script).
void execScript(sqlite3* db, const std::string& sql);

class Statement {
public:
    // Prepares the first statement of `sql`; tail() is what follows it.
    Statement(sqlite3* db, std::string_view sql);

    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, int64_t value);
    Statement& bindNull(int index);

    // Advances to the next row: true while there is one, false when done.
    bool step();
    void reset();

    bool isNull(int column) const;
    std::string text(int column) const;                 // "" for NULL
    std::optional<std::string> optionalText(int column) const;
    int64_t integer(int column) const;
    double real(int column) const;

    // The unparsed rest of the SQL text after the prepared statement.
    std::string_view tail() const { return m_tail; }
    // False when the text held only whitespace or comments.
    bool empty() const { return !m_stmt; }
    sqlite3_stmt* get() const { return m_stmt.get(); }

private:
    sqlite3* m_db;
    StmtHandle m_stmt;
    std::string_view m_tail;
};

} // namespace planwise::sqlite
