#pragma once
// What Planwise knows about a database's schema and statistics: plain values
// filled by a connector (or a test) and read by the advisor. Figures a
// connector could not read stay std::nullopt ("unknown"), never 0.
#include "analyzer/core/dialect.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace planwise::catalog {

struct ColumnStats {
    std::optional<double> nDistinct;      // distinct values (absolute, not PostgreSQL's negative ratio)
    std::optional<double> nullFraction;   // 0..1
    std::optional<double> avgWidth;       // bytes
};

struct Column {
    std::string name;
    std::string type;            // as the database spells it
    bool nullable = true;
    ColumnStats stats;
};

struct IndexColumn {
    std::string column;          // empty when `expression` is set
    std::string expression;      // for expression indexes, as the database prints it
    bool descending = false;
};

struct Index {
    std::string name;
    std::string schema;          // the table's schema; empty where the engine has one namespace
    std::string table;
    std::vector<IndexColumn> columns;
    std::vector<std::string> include;     // PostgreSQL INCLUDE columns
    std::string predicate;                // partial index WHERE, empty if none
    bool unique = false;
    bool primary = false;
    bool valid = true;                    // PostgreSQL indisvalid
    std::string method;                   // btree, hash, gin, ...; empty = default
    std::optional<int64_t> sizeBytes;
    std::optional<int64_t> scans;         // times used since stats reset
    // Rows per distinct key prefix, as sqlite_stat1 gives it: [rows, rows/first col, rows/first two, ...].
    std::vector<double> prefixRows;
};

struct ForeignKey {
    std::string name;
    std::vector<std::string> columns;
    std::string refTable;
    std::vector<std::string> refColumns;
};

struct Table {
    std::string schema;          // empty for SQLite's main / MySQL's current database
    std::string name;
    std::vector<Column> columns;
    std::vector<ForeignKey> foreignKeys;
    std::optional<double> rowCount;
    std::optional<int64_t> sizeBytes;
    std::optional<int64_t> inserts, updates, deletes;   // write activity since stats reset
    std::optional<int64_t> hotUpdates;                  // PostgreSQL HOT updates (no index touched), part of `updates`

    const Column* column(std::string_view name) const;
};

struct Catalog {
    Dialect dialect = Dialect::SQLite;
    std::string serverVersion;
    std::vector<Table> tables;
    std::vector<Index> indexes;
    std::vector<std::string> notes;       // what could not be read and why (privileges, ...)

    // Case-insensitive; "schema.name" or "name". An unqualified name prefers the
    // table in no schema, then in "public" (PostgreSQL's default search_path), then the first.
    const Table* table(std::string_view name) const;
    // `schema` empty: as table(name).
    const Table* table(std::string_view schema, std::string_view name) const;
    std::vector<const Index*> indexesOf(std::string_view table) const;
    std::vector<const Index*> indexesOf(const Table& table) const;
};

} // namespace planwise::catalog
