#pragma once
#include <optional>
#include <string_view>

namespace planwise {

// The SQL families Planwise understands. MariaDB shares MySQL's dialect.
enum class Dialect { MySQL, PostgreSQL, SQLite };

constexpr std::string_view dialectName(Dialect d)
{
    switch (d) {
    case Dialect::MySQL: return "mysql";
    case Dialect::PostgreSQL: return "postgresql";
    case Dialect::SQLite: return "sqlite";
    }
    return "mysql";
}

// Accepts the names users type: mysql, mariadb, postgresql, postgres, pg, sqlite.
std::optional<Dialect> parseDialect(std::string_view name);

} // namespace planwise
