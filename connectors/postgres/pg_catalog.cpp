// PgSession::readCatalog: what the advisor needs from pg_catalog and the
// statistics views, read in one read-only transaction.
#include "connectors/common/connector_error.h"
#include "connectors/postgres/pg_impl.h"

#include <nlohmann/json.hpp>

#include <map>

namespace planwise::postgres {

namespace {

// User relations: ordinary, partitioned and materialized; no system schemas.
constexpr const char* kUserRelations =
    "c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
    " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'";

std::optional<double> optDouble(const pqxx::field& f) { return f.is_null() ? std::nullopt : std::optional<double>(f.as<double>()); }
std::optional<int64_t> optInt(const pqxx::field& f) { return f.is_null() ? std::nullopt : std::optional<int64_t>(f.as<int64_t>()); }

std::vector<std::string> jsonStrings(const pqxx::field& f)
{
    std::vector<std::string> out;
    if (f.is_null())
        return out;
    for (const auto& v : nlohmann::json::parse(f.c_str()))
        out.push_back(v.get<std::string>());
    return out;
}

// How a foreign key names the table it references: bare in public, where an
// unqualified name finds it, else schema.name, so same-named tables of two
// schemas never mix.
std::string tableRef(const std::string& schema, const std::string& name)
{
    return schema == "public" ? name : schema + "." + name;
}

} // namespace

catalog::Catalog PgSession::readCatalog()
{
    catalog::Catalog cat;
    cat.dialect = Dialect::PostgreSQL;
    cat.serverVersion = m_impl->version;
    try {
        RolledBackTransaction tx(*m_impl->conn, RolledBackTransaction::Mode::ReadOnly);

        // Tables. reltuples is -1 until the first VACUUM/ANALYZE (PG 14+): unknown, not 0.
        std::map<std::string, size_t> byOid;
        std::map<std::string, bool> canSelect, hasStats;
        const auto tables = tx.exec(std::string(
            "SELECT c.oid, n.nspname, c.relname, CASE WHEN c.reltuples >= 0 THEN c.reltuples END,"
            " pg_table_size(c.oid), s.n_tup_ins, s.n_tup_upd, s.n_tup_del,"
            " has_table_privilege(c.oid, 'SELECT'),"
            " EXISTS (SELECT 1 FROM pg_stats ps WHERE ps.schemaname = n.nspname AND ps.tablename = c.relname),"
            " s.n_tup_hot_upd"
            " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE ") + kUserRelations +
            " ORDER BY n.nspname, c.relname");
        for (const auto& row : tables) {
            catalog::Table t;
            t.schema = row[1].c_str();
            t.name = row[2].c_str();
            t.rowCount = optDouble(row[3]);
            t.sizeBytes = optInt(row[4]);
            t.inserts = optInt(row[5]);
            t.updates = optInt(row[6]);
            t.deletes = optInt(row[7]);
            t.hotUpdates = optInt(row[10]);
            const std::string oid = row[0].c_str();
            canSelect[oid] = row[8].as<bool>();
            hasStats[oid] = row[9].as<bool>();
            byOid[oid] = cat.tables.size();
            cat.tables.push_back(std::move(t));
        }

        // Columns, with pg_stats where the user may see them.
        const auto columns = tx.exec(std::string(
            "SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,"
            " s.n_distinct, s.null_frac, s.avg_width"
            " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            " LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = a.attname"
            "   AND NOT s.inherited"
            " WHERE a.attnum > 0 AND NOT a.attisdropped AND ") + kUserRelations +
            " ORDER BY a.attrelid, a.attnum");
        for (const auto& row : columns) {
            const auto it = byOid.find(row[0].c_str());
            if (it == byOid.end())
                continue;
            catalog::Table& t = cat.tables[it->second];
            catalog::Column col;
            col.name = row[1].c_str();
            col.type = row[2].c_str();
            col.nullable = row[3].as<bool>();
            // n_distinct < 0 is minus the fraction of rows: make it absolute.
            if (!row[4].is_null()) {
                const double nd = row[4].as<double>();
                if (nd >= 0)
                    col.stats.nDistinct = nd;
                else if (t.rowCount)
                    col.stats.nDistinct = -nd * *t.rowCount;
            }
            col.stats.nullFraction = optDouble(row[5]);
            col.stats.avgWidth = optDouble(row[6]);
            t.columns.push_back(std::move(col));
        }
        for (const auto& [oid, index] : byOid) {
            const catalog::Table& t = cat.tables[index];
            if (hasStats[oid])
                continue;
            if (!canSelect[oid])
                cat.notes.push_back("column statistics of " + t.schema + "." + t.name +
                                    " are hidden: pg_stats shows only tables you may SELECT from"
                                    " (grant SELECT on the table, or the pg_read_all_stats role)");
            else if (!t.rowCount)
                cat.notes.push_back(t.schema + "." + t.name + " has no statistics yet (never ANALYZEd)");
        }

        // Indexes: one row each, and the key/INCLUDE columns in order.
        // pg_get_indexdef(oid, n, true) prints column n (name or expression).
        const auto indexes = tx.exec(std::string(
            "SELECT i.indexrelid, ic.relname, c.oid, i.indisunique, i.indisprimary, i.indisvalid, am.amname,"
            " pg_get_expr(i.indpred, i.indrelid, true), pg_relation_size(i.indexrelid), s.idx_scan, i.indnkeyatts,"
            " (SELECT json_agg(json_build_array(k.attnum, pg_get_indexdef(i.indexrelid, k.ord::int, true),"
            "          coalesce(pg_index_column_has_property(i.indexrelid, k.ord::int, 'desc'), false))"
            "          ORDER BY k.ord)"
            "    FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord))"
            " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam"
            " JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            " LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = i.indexrelid"
            " WHERE ") + kUserRelations + " ORDER BY n.nspname, c.relname, ic.relname");
        for (const auto& row : indexes) {
            const auto it = byOid.find(row[2].c_str());
            if (it == byOid.end())
                continue;
            catalog::Index idx;
            idx.name = row[1].c_str();
            idx.schema = cat.tables[it->second].schema;
            idx.table = cat.tables[it->second].name;
            idx.schema = cat.tables[it->second].schema;
            idx.unique = row[3].as<bool>();
            idx.primary = row[4].as<bool>();
            idx.valid = row[5].as<bool>();
            idx.method = row[6].c_str();
            if (!row[7].is_null())
                idx.predicate = row[7].c_str();
            idx.sizeBytes = optInt(row[8]);
            idx.scans = optInt(row[9]);
            const int keyColumns = row[10].as<int>();
            int position = 0;
            for (const auto& col : nlohmann::json::parse(row[11].c_str())) {
                const bool isExpression = col[0].get<int>() == 0;
                const std::string text = col[1].get<std::string>();
                if (++position > keyColumns) {
                    idx.include.push_back(text);
                    continue;
                }
                catalog::IndexColumn ic;
                (isExpression ? ic.expression : ic.column) = text;
                ic.descending = col[2].get<bool>();
                idx.columns.push_back(std::move(ic));
            }
            cat.indexes.push_back(std::move(idx));
        }

        // Foreign keys, columns paired in constraint order.
        const auto fks = tx.exec(std::string(
            "SELECT con.conname, c.oid, rc.relname,"
            " (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)"
            "    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),"
            " (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)"
            "    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum),"
            " rn.nspname"
            " FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            " JOIN pg_class rc ON rc.oid = con.confrelid JOIN pg_namespace rn ON rn.oid = rc.relnamespace"
            " WHERE con.contype = 'f' AND ") + kUserRelations + " ORDER BY c.oid, con.conname");
        for (const auto& row : fks) {
            const auto it = byOid.find(row[1].c_str());
            if (it == byOid.end())
                continue;
            catalog::ForeignKey fk;
            fk.name = row[0].c_str();
            fk.refTable = tableRef(row[5].c_str(), row[2].c_str());
            fk.columns = jsonStrings(row[3]);
            fk.refColumns = jsonStrings(row[4]);
            cat.tables[it->second].foreignKeys.push_back(std::move(fk));
        }
    } catch (...) {
        rethrowAsConnectorError();
    }
    return cat;
}

} // namespace planwise::postgres
