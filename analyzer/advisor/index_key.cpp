#include "analyzer/advisor/index_key.h"

#include "analyzer/core/text.h"

#include <algorithm>
#include <set>

namespace planwise::advisor {
namespace {

using sql::PredicateOp;

bool sameColumn(const std::string& a, const std::string& b) { return iequals(a, b); }

bool contains(const std::vector<catalog::IndexColumn>& cols, const std::string& name)
{
    return std::any_of(cols.begin(), cols.end(), [&](const auto& c) { return sameColumn(c.column, name); });
}

// Distinct values of a column when the catalog knows them; higher means more selective.
double distinctOf(const catalog::Catalog* catalog, const catalog::Table* t, const std::string& column)
{
    if (!catalog || !t)
        return 0;
    if (const auto* c = t->column(column); c && c->stats.nDistinct)
        return *c->stats.nDistinct;
    // sqlite_stat1 gives rows per key for single-column indexes only; use it when the column leads one.
    if (t->rowCount)
        for (const auto* idx : catalog->indexesOf(*t))
            if (!idx->columns.empty() && sameColumn(idx->columns.front().column, column) && idx->prefixRows.size() > 1 &&
                idx->prefixRows[1] > 0)
                return *t->rowCount / idx->prefixRows[1];
    return 0;
}

bool columnExists(const catalog::Table* t, const std::string& column)
{
    return !t || t->columns.empty() || t->column(column) != nullptr;
}

} // namespace

IndexKey indexKeyFor(const sql::QueryShape& shape, const std::string& table, const catalog::Catalog* catalog,
                     const std::string& schema)
{
    IndexKey key;
    key.table = table;
    key.schema = schema;
    const catalog::Table* info = catalog ? catalog->table(schema, table) : nullptr;

    struct Candidate {
        std::string column;
        std::string reason;
        double distinct;
    };
    std::vector<Candidate> equality, inList;
    const sql::Predicate* range = nullptr;

    for (const auto* p : shape.predicatesOn(table)) {
        if (p->column.column.empty() || !columnExists(info, p->column.column))
            continue;
        switch (p->op) {
        case PredicateOp::Equality:
            equality.push_back({p->column.column, p->text, distinctOf(catalog, info, p->column.column)});
            break;
        case PredicateOp::In:
            inList.push_back({p->column.column, p->text, distinctOf(catalog, info, p->column.column)});
            break;
        case PredicateOp::Range:
        case PredicateOp::LikePrefix:
            if (!range)
                range = p;
            break;
        default:
            break;
        }
    }
    // A join column is an equality from the inner side of a nested loop; it only
    // leads the key when nothing on this table is filtered by a constant.
    if (equality.empty() && inList.empty() && !range) {
        for (const auto& j : shape.joins) {
            for (const auto* side : {&j.left, &j.right})
                if (iequals(side->table, table) && !side->column.empty() &&
                    columnExists(info, side->column))
                    equality.push_back({side->column, "join on " + j.left.table + "." + j.left.column + " = " +
                                                          j.right.table + "." + j.right.column,
                                        distinctOf(catalog, info, side->column)});
        }
    }

    auto bySelectivity = [](const Candidate& a, const Candidate& b) { return a.distinct > b.distinct; };
    std::stable_sort(equality.begin(), equality.end(), bySelectivity);
    std::stable_sort(inList.begin(), inList.end(), bySelectivity);

    auto add = [&](const std::string& column, const std::string& reason, bool desc = false) {
        if (contains(key.columns, column))
            return;
        key.columns.push_back({column, {}, desc});
        key.reasons.push_back(reason);
    };
    for (const auto& c : equality)
        add(c.column, c.reason);
    key.equalityColumns = key.columns.size();
    for (const auto& c : inList)
        add(c.column, c.reason);

    // ORDER BY columns after pure equality let the index return rows in order;
    // after a range or an IN list they would not, so the range column goes last.
    const bool orderOnThisTableOnly =
        !shape.orderBy.empty() && std::all_of(shape.orderBy.begin(), shape.orderBy.end(), [&](const auto& o) {
            return iequals(o.column.table, table) && !o.column.column.empty();
        });
    if (!key.columns.empty() && inList.empty() && !range && orderOnThisTableOnly && shape.groupBy.empty()) {
        for (const auto& o : shape.orderBy)
            add(o.column.column, "ORDER BY " + o.column.column + (o.descending ? " DESC" : ""), o.descending);
        key.servesOrderBy = true;
    } else if (range) {
        add(range->column.column, range->text);
    }
    return key;
}

bool columnsServeKey(const std::vector<catalog::IndexColumn>& columns, const IndexKey& key)
{
    if (key.columns.empty() || columns.size() < key.columns.size())
        return false;
    // Equality columns serve in any order within the leading block; the
    // columns after it (IN, range, ORDER BY) must sit exactly where the key has them.
    const size_t eq = std::min(key.equalityColumns, key.columns.size());
    for (size_t i = 0; i < eq; ++i)
        if (!std::any_of(columns.begin(), columns.begin() + eq,
                         [&](const auto& c) { return sameColumn(c.column, key.columns[i].column); }))
            return false;
    for (size_t i = eq; i < key.columns.size(); ++i)
        if (!sameColumn(columns[i].column, key.columns[i].column))
            return false;
    return true;
}

bool keyCoveredByExisting(const IndexKey& key, const catalog::Catalog& catalog)
{
    if (key.columns.empty())
        return true;
    const catalog::Table* t = catalog.table(key.schema, key.table);
    for (const auto* idx : t ? catalog.indexesOf(*t) : catalog.indexesOf(key.table))
        if (idx->valid && idx->predicate.empty() && columnsServeKey(idx->columns, key))
            return true;
    return false;
}

std::string indexNameFor(const IndexKey& key)
{
    std::string name = "idx_" + key.table;
    for (const auto& c : key.columns)
        name += "_" + c.column;
    for (char& ch : name)
        if (!(isAsciiAlpha(ch) || isAsciiDigit(ch) || ch == '_'))
            ch = '_';
    if (name.size() > 63) // PostgreSQL truncates identifiers at 63 bytes; MySQL's limit is 64
        name.resize(63);
    return toLower(name);
}

static void collectMissing(const sql::QueryShape& shape, const catalog::Catalog& catalog, double minRows,
                           std::vector<IndexKey>& out)
{
    std::set<std::string> seen;
    for (const auto& t : shape.tables) {
        if (t.name.empty() || !seen.insert(toLower(t.schema + "." + t.name)).second)
            continue;
        const catalog::Table* info = catalog.table(t.schema, t.name);
        if (!info) // a CTE, a view or a table of another database: nothing to index here
            continue;
        if (info->rowCount && *info->rowCount < minRows)
            continue;
        IndexKey key = indexKeyFor(shape, info->name, &catalog, info->schema);
        if (!key.columns.empty() && !keyCoveredByExisting(key, catalog))
            out.push_back(std::move(key));
    }
    for (const auto& sub : shape.subqueries)
        collectMissing(sub, catalog, minRows, out);
}

std::vector<IndexKey> missingIndexKeys(const sql::QueryShape& shape, const catalog::Catalog& catalog, double minRows)
{
    std::vector<IndexKey> out;
    collectMissing(shape, catalog, minRows, out);
    return out;
}

} // namespace planwise::advisor
