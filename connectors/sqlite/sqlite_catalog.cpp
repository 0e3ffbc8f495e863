// SqliteDatabase::readCatalog: the schema from sqlite_schema and the
// table-valued PRAGMA functions, the statistics from sqlite_stat1.
#include "connectors/sqlite/sqlite_database.h"

#include "analyzer/core/text.h"
#include "connectors/sqlite/sqlite_sql_text.h"
#include "connectors/sqlite/sqlite_statement.h"

#include <algorithm>
#include <filesystem>
#include <map>

namespace planwise::sqlite {

namespace {

struct Stat1 {
    bool present = false;
    std::map<std::string, double> tableRows;                // lower-cased table → rows (rows with idx NULL)
    std::map<std::string, std::vector<double>> indexRows;   // lower-cased index → [rows, per prefix…]
};

catalog::Column* findColumn(catalog::Table& t, std::string_view name)
{
    for (auto& c : t.columns)
        if (iequals(c.name, name))
            return &c;
    return nullptr;
}

Stat1 readStat1(sqlite3* db)
{
    Stat1 s;
    Statement exists(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_stat1'");
    if (!exists.step())
        return s;
    s.present = true;
    Statement rows(db, "SELECT tbl, idx, stat FROM sqlite_stat1");
    while (rows.step()) {
        const auto numbers = parseStat1(rows.text(2));
        if (numbers.empty())
            continue;
        if (rows.isNull(1))
            s.tableRows[toLower(rows.text(0))] = numbers.front();
        else
            s.indexRows[toLower(rows.text(1))] = numbers;
    }
    return s;
}

void readColumns(sqlite3* db, catalog::Table& table, std::vector<std::string>& pkColumns)
{
    // hidden: 0 ordinary, 1 hidden column of a virtual table, 2/3 generated.
    Statement cols(db, "SELECT name, type, \"notnull\", pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid");
    cols.bind(1, table.name);
    std::vector<std::pair<int64_t, std::string>> pk;
    while (cols.step()) {
        if (cols.integer(4) == 1)
            continue;
        catalog::Column c;
        c.name = cols.text(0);
        c.type = cols.text(1);
        c.nullable = cols.integer(2) == 0;
        if (cols.integer(3) > 0)
            pk.emplace_back(cols.integer(3), c.name);
        table.columns.push_back(std::move(c));
    }
    std::sort(pk.begin(), pk.end());
    for (auto& [order, name] : pk)
        pkColumns.push_back(name);
}

void readForeignKeys(sqlite3* db, catalog::Table& table)
{
    Statement fks(db, "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?) ORDER BY id, seq");
    fks.bind(1, table.name);
    int64_t current = -1;
    while (fks.step()) {
        if (fks.integer(0) != current) {
            current = fks.integer(0);
            table.foreignKeys.push_back({});
            table.foreignKeys.back().refTable = fks.text(1);
        }
        auto& fk = table.foreignKeys.back();
        fk.columns.push_back(fks.text(2));
        // NULL "to": the reference names the parent's primary key; filled in below.
        fk.refColumns.push_back(fks.text(3));
    }
}

std::string indexSql(sqlite3* db, const std::string& name)
{
    Statement s(db, "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?");
    s.bind(1, name);
    return s.step() ? s.text(0) : std::string();
}

// Returns whether the table has an index that implements its PRIMARY KEY
// (WITHOUT ROWID tables, non-integer keys); otherwise a single INTEGER
// PRIMARY KEY column is the rowid itself.
bool readIndexes(sqlite3* db, const catalog::Table& table, const Stat1& stats, std::vector<catalog::Index>& out)
{
    bool pkIndex = false;
    Statement list(db, "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?) ORDER BY name");
    list.bind(1, table.name);
    while (list.step()) {
        catalog::Index idx;
        idx.name = list.text(0);
        idx.table = table.name;
        idx.unique = list.integer(1) != 0;
        idx.primary = list.text(2) == "pk";
        pkIndex = pkIndex || idx.primary;
        const bool partial = list.integer(3) != 0;

        Statement cols(db, "SELECT cid, name, \"desc\" FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno");
        cols.bind(1, idx.name);
        bool hasExpression = false;
        while (cols.step()) {
            catalog::IndexColumn c;
            const int64_t cid = cols.integer(0);
            if (cid == -2)
                hasExpression = true;
            else
                c.column = cid == -1 ? std::string("rowid") : cols.text(1);
            c.descending = cols.integer(2) != 0;
            idx.columns.push_back(std::move(c));
        }
        // No PRAGMA reports expressions or predicates: read them from the DDL SQLite stored.
        if (hasExpression || partial) {
            const auto parts = splitCreateIndex(indexSql(db, idx.name));
            if (parts) {
                idx.predicate = parts->predicate;
                for (size_t i = 0; i < idx.columns.size() && i < parts->terms.size(); ++i)
                    if (idx.columns[i].column.empty())
                        idx.columns[i].expression = indexTermExpression(parts->terms[i]);
            }
        }
        // A WITHOUT ROWID table's key is the table's own b-tree: sqlite_stat1 files it under the table's name.
        auto it = stats.indexRows.find(toLower(idx.name));
        if (it == stats.indexRows.end() && idx.primary)
            it = stats.indexRows.find(toLower(table.name));
        if (it != stats.indexRows.end())
            idx.prefixRows = it->second;
        out.push_back(std::move(idx));
    }
    return pkIndex;
}

// Bytes per b-tree (table or index) from the dbstat virtual table, which
// reads every page: skipped for big files so opening a catalog stays quick.
constexpr int64_t kSizeScanLimitBytes = int64_t(1) << 30;

std::map<std::string, int64_t> readSizes(sqlite3* db, const std::string& path, std::vector<std::string>& notes)
{
    std::map<std::string, int64_t> sizes;
    std::error_code ec;
    const auto fileSize = std::filesystem::file_size(path, ec);
    if (ec || fileSize > uint64_t(kSizeScanLimitBytes)) {
        notes.push_back("table and index sizes not read: the file is over 1 GiB and dbstat would read every page");
        return sizes;
    }
    try {
        Statement s(db, "SELECT name, pgsize FROM dbstat WHERE aggregate = TRUE");
        while (s.step())
            sizes[toLower(s.text(0))] = s.integer(1);
    } catch (const connectors::ConnectorError& e) {
        notes.push_back(std::string("table and index sizes not read (this SQLite has no dbstat): ") + e.what());
    }
    return sizes;
}

std::optional<int64_t> sizeOf(const std::map<std::string, int64_t>& sizes, const std::string& name)
{
    const auto it = sizes.find(toLower(name));
    return it == sizes.end() ? std::nullopt : std::optional<int64_t>(it->second);
}

} // namespace

catalog::Catalog SqliteDatabase::readCatalog() const
{
    sqlite3* db = m_db.get();
    catalog::Catalog cat;
    cat.dialect = Dialect::SQLite;
    cat.serverVersion = libraryVersion();
    const Stat1 stats = readStat1(db);
    if (!stats.present)
        cat.notes.push_back("no sqlite_stat1 table: row counts and index selectivity are unknown until ANALYZE runs");

    const auto sizes = readSizes(db, m_path, cat.notes);
    std::map<std::string, std::vector<std::string>> primaryKeys;   // lower-cased table → key columns
    Statement tables(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
                         "ESCAPE '\\' ORDER BY name");
    while (tables.step()) {
        catalog::Table t;
        t.name = tables.text(0);
        std::vector<std::string> pk;
        readColumns(db, t, pk);
        readForeignKeys(db, t);

        const size_t firstIndex = cat.indexes.size();
        const bool pkIndex = readIndexes(db, t, stats, cat.indexes);
        if (!pkIndex && pk.size() == 1) {
            auto* col = findColumn(t, pk.front());
            if (col && iequals(col->type, "INTEGER")) {
                col->nullable = false;   // an alias of the rowid is never NULL
                catalog::Index rowid;
                rowid.name = "sqlite_rowid_" + t.name;
                rowid.table = t.name;
                rowid.columns.push_back({col->name, {}, false});
                rowid.unique = rowid.primary = true;
                cat.indexes.push_back(std::move(rowid));
            }
        }

        // As SQLite's planner does: the table's own stat1 row, else the row
        // count of any full (non-partial) index.
        if (auto it = stats.tableRows.find(toLower(t.name)); it != stats.tableRows.end())
            t.rowCount = it->second;
        for (size_t i = firstIndex; i < cat.indexes.size() && !t.rowCount; ++i)
            if (cat.indexes[i].predicate.empty() && !cat.indexes[i].prefixRows.empty())
                t.rowCount = cat.indexes[i].prefixRows.front();
        if (stats.present && !t.rowCount)
            cat.notes.push_back("no sqlite_stat1 row for table " + t.name +
                                 " (it was empty when ANALYZE last ran, or was created since): its row count is unknown");

        t.sizeBytes = sizeOf(sizes, t.name);
        for (size_t i = firstIndex; i < cat.indexes.size(); ++i) {
            auto& idx = cat.indexes[i];
            idx.sizeBytes = sizeOf(sizes, idx.name);   // the rowid and WITHOUT ROWID keys live in the table's b-tree
            if (idx.prefixRows.empty() && idx.name.starts_with("sqlite_rowid_") && t.rowCount)
                idx.prefixRows = {*t.rowCount, 1};
            // Distinct values of a leading column, from the index that starts with it.
            if (idx.predicate.empty() && idx.prefixRows.size() > 1 && idx.prefixRows[1] > 0 &&
                !idx.columns.front().column.empty())
                if (auto* col = findColumn(t, idx.columns.front().column);
                    col && !col->stats.nDistinct)
                    col->stats.nDistinct = idx.prefixRows[0] / idx.prefixRows[1];
        }
        primaryKeys[toLower(t.name)] = pk;
        cat.tables.push_back(std::move(t));
    }

    for (auto& t : cat.tables)
        for (auto& fk : t.foreignKeys)
            for (size_t i = 0; i < fk.refColumns.size(); ++i)
                if (fk.refColumns[i].empty()) {
                    const auto& pk = primaryKeys[toLower(fk.refTable)];
                    if (i < pk.size())
                        fk.refColumns[i] = pk[i];
                }
    return cat;
}

} // namespace planwise::sqlite
