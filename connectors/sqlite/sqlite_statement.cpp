#include "connectors/sqlite/sqlite_statement.h"

namespace planwise::sqlite {

using connectors::ConnectorError;
using connectors::ErrorKind;

static ErrorKind kindOf(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
        return ErrorKind::CannotReach;
    case SQLITE_PERM:
    case SQLITE_AUTH:
    case SQLITE_READONLY:
        return ErrorKind::PermissionDenied;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return ErrorKind::Timeout;
    case SQLITE_INTERRUPT:
        return ErrorKind::Cancelled;
    default:
        return ErrorKind::QueryFailed;
    }
}

void throwSqliteError(sqlite3* db, int rc, const std::string& context)
{
    const std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    throw ConnectorError(kindOf(rc), context.empty() ? detail : context + ": " + detail);
}

void execScript(sqlite3* db, const std::string& sql)
{
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        const std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw ConnectorError(kindOf(rc), msg);
    }
}

Statement::Statement(sqlite3* db, std::string_view sql) : m_db(db)
{
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v2(db, sql.data(), int(sql.size()), &raw, &tail);
    m_stmt.reset(raw);
    if (rc != SQLITE_OK)
        throwSqliteError(db, rc, {});
    m_tail = tail ? sql.substr(size_t(tail - sql.data())) : std::string_view{};
}

Statement& Statement::bind(int index, std::string_view text)
{
    sqlite3_bind_text(m_stmt.get(), index, text.data(), int(text.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind(int index, int64_t value)
{
    sqlite3_bind_int64(m_stmt.get(), index, value);
    return *this;
}

Statement& Statement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt.get(), index);
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt.get());
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    throwSqliteError(m_db, rc, {});
}

void Statement::reset()
{
    sqlite3_reset(m_stmt.get());
    sqlite3_clear_bindings(m_stmt.get());
}

bool Statement::isNull(int column) const { return sqlite3_column_type(m_stmt.get(), column) == SQLITE_NULL; }

std::string Statement::text(int column) const
{
    const auto* p = sqlite3_column_text(m_stmt.get(), column);
    return p ? std::string(reinterpret_cast<const char*>(p), size_t(sqlite3_column_bytes(m_stmt.get(), column)))
             : std::string();
}

std::optional<std::string> Statement::optionalText(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return text(column);
}

int64_t Statement::integer(int column) const { return sqlite3_column_int64(m_stmt.get(), column); }

double Statement::real(int column) const { return sqlite3_column_double(m_stmt.get(), column); }

} // namespace planwise::sqlite
