// MySqlSession::readCatalog: information_schema (tables, columns, indexes,
// foreign keys), plus performance_schema write/usage counters and MariaDB's
// mysql.column_stats where the user may read them.
#include "connectors/common/connector_error.h"
#include "connectors/mysql/mysql_impl.h"

#include <algorithm>
#include <map>

namespace planwise::mysql {

using connectors::ConnectorError;

namespace {

std::optional<double> optDouble(const std::optional<std::string>& v)
{
    if (!v || v->empty())
        return std::nullopt;
    return std::stod(*v);
}
std::optional<int64_t> optInt(const std::optional<std::string>& v)
{
    if (!v || v->empty())
        return std::nullopt;
    return std::stoll(*v);
}

} // namespace

catalog::Catalog MySqlSession::readCatalog()
{
    catalog::Catalog cat;
    cat.dialect = Dialect::MySQL;
    cat.serverVersion = m_impl->version;
    // The current database, or every user database when none is selected.
    const bool oneDb = !m_impl->database.empty();
    const std::string where = oneDb ? " TABLE_SCHEMA = DATABASE()"
                                    : " TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')";
    auto schemaOf = [&](const std::optional<std::string>& s) {
        return oneDb && s.value_or("") == m_impl->database ? std::string() : s.value_or("");
    };
    auto key = [](const std::string& schema, const std::string& table) { return schema + "\x1f" + table; };

    try {
        std::map<std::string, size_t> byName;
        for (const auto& r : m_impl->rows("SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ROWS, DATA_LENGTH, ENGINE"
                                          " FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE' AND" +
                                          where + " ORDER BY TABLE_SCHEMA, TABLE_NAME")) {
            catalog::Table t;
            t.schema = schemaOf(r[0]);
            t.name = r[1].value_or("");
            t.rowCount = optDouble(r[2]);   // InnoDB: an estimate, as the optimizer sees it
            t.sizeBytes = optInt(r[3]);
            byName[key(t.schema, t.name)] = cat.tables.size();
            cat.tables.push_back(std::move(t));
        }
        auto tableFor = [&](const std::optional<std::string>& schema, const std::optional<std::string>& name) -> catalog::Table* {
            const auto it = byName.find(key(schemaOf(schema), name.value_or("")));
            return it == byName.end() ? nullptr : &cat.tables[it->second];
        };

        for (const auto& r : m_impl->rows("SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE"
                                          " FROM information_schema.COLUMNS WHERE" + where +
                                          " ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION")) {
            if (catalog::Table* t = tableFor(r[0], r[1])) {
                catalog::Column c;
                c.name = r[2].value_or("");
                c.type = r[3].value_or("");
                c.nullable = r[4].value_or("YES") == "YES";
                t->columns.push_back(std::move(c));
            }
        }

        // One row per index column; CARDINALITY is the distinct count of the
        // prefix ending at that column, which gives rows per key prefix.
        const bool hasExpression = !m_impl->mariadb && m_impl->version.rfind("5.", 0) != 0;   // MySQL 8.0.13+
        std::map<std::string, size_t> indexByName;
        for (const auto& r : m_impl->rows(std::string("SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX,"
                                                      " COLUMN_NAME, COLLATION, CARDINALITY, INDEX_TYPE, SUB_PART, ") +
                                          (hasExpression ? "EXPRESSION" : "NULL") +
                                          " FROM information_schema.STATISTICS WHERE" + where +
                                          " ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX")) {
            catalog::Table* t = tableFor(r[0], r[1]);
            if (!t)
                continue;
            const std::string name = r[2].value_or("");
            const std::string k = key(t->schema, t->name) + "\x1f" + name;
            auto it = indexByName.find(k);
            if (it == indexByName.end()) {
                catalog::Index idx;
                idx.name = name;
                idx.schema = t->schema;
                idx.table = t->name;
                idx.unique = r[3].value_or("1") == "0";
                idx.primary = name == "PRIMARY";
                idx.method = r[8].value_or("");
                std::transform(idx.method.begin(), idx.method.end(), idx.method.begin(), ::tolower);
                if (t->rowCount)
                    idx.prefixRows.push_back(*t->rowCount);
                it = indexByName.emplace(k, cat.indexes.size()).first;
                cat.indexes.push_back(std::move(idx));
            }
            catalog::Index& idx = cat.indexes[it->second];
            catalog::IndexColumn c;
            c.column = r[5].value_or("");
            if (r[9])   // prefix index: KEY (name(10))
                c.expression = "`" + c.column + "`(" + *r[9] + ")";
            if (c.column.empty() && r[10])
                c.expression = *r[10];
            c.descending = r[6].value_or("A") == "D";
            idx.columns.push_back(std::move(c));
            const auto cardinality = optDouble(r[7]);
            if (t->rowCount && cardinality && *cardinality > 0 && idx.prefixRows.size() == idx.columns.size())
                idx.prefixRows.push_back(std::max(1.0, *t->rowCount / *cardinality));
        }

        for (const auto& r : m_impl->rows("SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME,"
                                          " REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME"
                                          " FROM information_schema.KEY_COLUMN_USAGE WHERE REFERENCED_TABLE_NAME IS NOT NULL AND" +
                                          where + " ORDER BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION")) {
            catalog::Table* t = tableFor(r[0], r[1]);
            if (!t)
                continue;
            const std::string name = r[2].value_or("");
            if (t->foreignKeys.empty() || t->foreignKeys.back().name != name) {
                catalog::ForeignKey fk;
                fk.name = name;
                const std::string refSchema = r[4].value_or("");
                fk.refTable = refSchema == r[0].value_or("") ? r[5].value_or("") : refSchema + "." + r[5].value_or("");
                t->foreignKeys.push_back(std::move(fk));
            }
            t->foreignKeys.back().columns.push_back(r[3].value_or(""));
            t->foreignKeys.back().refColumns.push_back(r[6].value_or(""));
        }
    } catch (...) {
        rethrowAsConnectorError();
    }

    // Optional sources: a missing privilege becomes a note, never a failure.
    const std::string psWhere = oneDb ? " OBJECT_SCHEMA = DATABASE()"
                                      : " OBJECT_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')";
    try {
        for (const auto& r : m_impl->rows("SELECT OBJECT_SCHEMA, OBJECT_NAME, INDEX_NAME, COUNT_STAR, COUNT_INSERT,"
                                          " COUNT_UPDATE, COUNT_DELETE"
                                          " FROM performance_schema.table_io_waits_summary_by_index_usage WHERE" + psWhere)) {
            const std::string schema = schemaOf(r[0]);
            const std::string table = r[1].value_or("");
            if (!r[2]) {   // the row without an index: writes and full scans of the table
                for (auto& t : cat.tables)
                    if (t.schema == schema && t.name == table) {
                        t.inserts = optInt(r[4]);
                        t.updates = optInt(r[5]);
                        t.deletes = optInt(r[6]);
                    }
                continue;
            }
            for (auto& idx : cat.indexes)
                if (idx.table == table && idx.name == *r[2])
                    idx.scans = optInt(r[3]);
        }
    } catch (...) {
        cat.notes.push_back("index usage and write counts are unknown: performance_schema is off or not readable "
                            "(performance_schema=ON and GRANT SELECT ON performance_schema.* give them)");
    }
    try {
        // InnoDB's persistent statistics: index size in pages.
        for (const auto& r : m_impl->rows("SELECT database_name, table_name, index_name, stat_value * @@innodb_page_size"
                                          " FROM mysql.innodb_index_stats WHERE stat_name = 'size' AND " +
                                          std::string(oneDb ? "database_name = DATABASE()" : "1 = 1"))) {
            for (auto& idx : cat.indexes)
                if (idx.schema == schemaOf(r[0]) && idx.table == r[1].value_or("") && idx.name == r[2].value_or(""))
                    idx.sizeBytes = optInt(r[3]);
        }
    } catch (...) {
        cat.notes.push_back("index sizes are unknown: mysql.innodb_index_stats is not readable "
                            "(GRANT SELECT ON mysql.innodb_index_stats gives them)");
    }
    if (m_impl->mariadb) {
        try {
            // Engine-independent statistics, filled by ANALYZE TABLE ... PERSISTENT FOR ALL.
            for (const auto& r : m_impl->rows("SELECT db_name, table_name, column_name, avg_frequency, nulls_ratio, avg_length"
                                              " FROM mysql.column_stats WHERE " +
                                              std::string(oneDb ? "db_name = DATABASE()" : "1 = 1"))) {
                for (auto& t : cat.tables) {
                    if (t.schema != schemaOf(r[0]) || t.name != r[1].value_or(""))
                        continue;
                    for (auto& c : t.columns) {
                        if (c.name != r[2].value_or(""))
                            continue;
                        const auto freq = optDouble(r[3]);
                        if (freq && *freq > 0 && t.rowCount)
                            c.stats.nDistinct = *t.rowCount / *freq;
                        c.stats.nullFraction = optDouble(r[4]);
                        c.stats.avgWidth = optDouble(r[5]);
                    }
                }
            }
        } catch (...) {
            cat.notes.push_back("column statistics are unknown: mysql.column_stats is not readable "
                                "(GRANT SELECT ON mysql.column_stats gives them)");
        }
    }
    return cat;
}

} // namespace planwise::mysql
