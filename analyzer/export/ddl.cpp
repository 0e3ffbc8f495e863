#include "analyzer/export/ddl.h"

#include "analyzer/core/text.h"

namespace planwise::exporter {

std::string quoteName(std::string_view name, Dialect dialect)
{
    // Plain lower-case identifiers stay bare so the script reads like a DBA wrote it.
    bool plain = !name.empty() && !isAsciiDigit(name.front());
    for (char c : name)
        plain = plain && ((c >= 'a' && c <= 'z') || isAsciiDigit(c) || c == '_');
    if (plain)
        return std::string(name);
    return quoteIdentifier(name, dialect == Dialect::MySQL ? '`' : '"');
}

static std::string qualified(std::string_view schema, std::string_view name, Dialect dialect)
{
    return schema.empty() ? quoteName(name, dialect) : quoteName(schema, dialect) + "." + quoteName(name, dialect);
}

static std::string keyList(const catalog::Index& index, Dialect dialect)
{
    std::string out;
    for (const auto& c : index.columns) {
        if (!out.empty())
            out += ", ";
        out += c.expression.empty() ? quoteName(c.column, dialect) : "(" + c.expression + ")";
        if (c.descending)
            out += " DESC";
    }
    return out;
}

std::string createIndexDdl(const catalog::Index& index, Dialect dialect, std::string_view schema)
{
    const std::string unique = index.unique ? "UNIQUE " : "";
    switch (dialect) {
    case Dialect::PostgreSQL: {
        std::string ddl = "CREATE " + unique + "INDEX CONCURRENTLY IF NOT EXISTS " + quoteName(index.name, dialect) +
                          " ON " + qualified(schema, index.table, dialect) + " (" + keyList(index, dialect) + ")";
        if (!index.include.empty()) {
            ddl += " INCLUDE (";
            for (size_t i = 0; i < index.include.size(); ++i)
                ddl += (i ? ", " : "") + quoteName(index.include[i], dialect);
            ddl += ")";
        }
        if (!index.predicate.empty())
            ddl += " WHERE " + index.predicate;
        return ddl + ";";
    }
    case Dialect::MySQL:
        return "ALTER TABLE " + qualified(schema, index.table, dialect) + " ADD " + unique + "INDEX " +
               quoteName(index.name, dialect) + " (" + keyList(index, dialect) + "), ALGORITHM=INPLACE, LOCK=NONE;";
    case Dialect::SQLite: {
        std::string ddl = "CREATE " + unique + "INDEX IF NOT EXISTS " + qualified(schema, index.name, dialect) +
                          " ON " + quoteName(index.table, dialect) + " (" + keyList(index, dialect) + ")";
        if (!index.predicate.empty())
            ddl += " WHERE " + index.predicate;
        return ddl + ";";
    }
    }
    return {};
}

std::string dropIndexDdl(const catalog::Index& index, Dialect dialect, std::string_view schema)
{
    switch (dialect) {
    case Dialect::PostgreSQL:
        return "DROP INDEX CONCURRENTLY IF EXISTS " + qualified(schema, index.name, dialect) + ";";
    case Dialect::MySQL:
        return "ALTER TABLE " + qualified(schema, index.table, dialect) + " DROP INDEX " +
               quoteName(index.name, dialect) + ", ALGORITHM=INPLACE, LOCK=NONE;";
    case Dialect::SQLite:
        return "DROP INDEX IF EXISTS " + qualified(schema, index.name, dialect) + ";";
    }
    return {};
}

} // namespace planwise::exporter
