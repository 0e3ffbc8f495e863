#include "analyzer/core/dialect.h"

#include "analyzer/core/text.h"

namespace planwise {

std::optional<Dialect> parseDialect(std::string_view name)
{
    if (iequals(name, "mysql") || iequals(name, "mariadb"))
        return Dialect::MySQL;
    if (iequals(name, "postgresql") || iequals(name, "postgres") || iequals(name, "pg"))
        return Dialect::PostgreSQL;
    if (iequals(name, "sqlite") || iequals(name, "sqlite3"))
        return Dialect::SQLite;
    return std::nullopt;
}

} // namespace planwise
