#include "analyzer/advisor/cost_model.h"

#include "analyzer/core/text.h"

#include <algorithm>

namespace planwise::advisor {
namespace {

using sql::PredicateOp;

// MySQL's own guesses where it has no statistics: an equality keeps 10% of the
// rows, a range a third (the optimizer's RANGE selectivity default).
constexpr double kDefaultEqualitySelectivity = 0.1;
constexpr double kRangeSelectivity = 1.0 / 3.0;
constexpr double kAssumedInListLength = 3;

struct Selectivity {
    double value;
    bool fromStatistics;
};

Selectivity equalitySelectivity(const catalog::Catalog& catalog, const catalog::Table& table, const std::string& column)
{
    if (const auto* c = table.column(column); c && c->stats.nDistinct && *c->stats.nDistinct >= 1)
        return {1.0 / *c->stats.nDistinct, true};
    // An existing index that leads with the column knows rows per key.
    for (const auto* idx : catalog.indexesOf(table))
        if (!idx->columns.empty() && iequals(idx->columns.front().column, column) && idx->prefixRows.size() > 1 &&
            table.rowCount && *table.rowCount > 0)
            return {std::clamp(idx->prefixRows[1] / *table.rowCount, 0.0, 1.0), true};
    return {kDefaultEqualitySelectivity, false};
}

const sql::Predicate* predicateFor(const std::vector<const sql::Predicate*>& preds, const std::string& column,
                                   std::initializer_list<PredicateOp> ops)
{
    for (const auto* p : preds)
        if (iequals(p->column.column, column) && std::find(ops.begin(), ops.end(), p->op) != ops.end())
            return p;
    return nullptr;
}

} // namespace

std::optional<AccessEstimate> estimateAccess(const sql::QueryShape& shape, const std::string& tableName,
                                             const catalog::Catalog& catalog, const std::vector<catalog::Index>& extra)
{
    const catalog::Table* table = catalog.table(tableName);
    if (!table || !table->rowCount)
        return std::nullopt;
    const double rows = std::max(1.0, *table->rowCount);
    const auto preds = shape.predicatesOn(table->name);

    AccessEstimate best{"", 0, rows, "full scan"};
    std::vector<const catalog::Index*> indexes = catalog.indexesOf(*table);
    for (const auto& e : extra)
        if (iequals(e.table, table->name))
            indexes.push_back(&e);

    for (const auto* idx : indexes) {
        if (!idx->valid)
            continue;
        double selectivity = 1;
        size_t used = 0;
        bool statistics = true;
        for (const auto& col : idx->columns) {
            if (const auto* p = predicateFor(preds, col.column, {PredicateOp::Equality})) {
                (void)p;
                const auto s = equalitySelectivity(catalog, *table, col.column);
                selectivity *= s.value;
                statistics = statistics && s.fromStatistics;
                ++used;
                continue;
            }
            if (predicateFor(preds, col.column, {PredicateOp::In})) {
                const auto s = equalitySelectivity(catalog, *table, col.column);
                selectivity *= std::min(1.0, s.value * kAssumedInListLength);
                statistics = statistics && s.fromStatistics;
                ++used;
                break; // B-tree key parts after an IN list still narrow, but MySQL's ref stops here
            }
            if (predicateFor(preds, col.column, {PredicateOp::Range, PredicateOp::LikePrefix})) {
                selectivity *= kRangeSelectivity;
                statistics = false;
                ++used;
            }
            break;
        }
        if (used == 0)
            continue;
        const double estimate = std::max(1.0, rows * selectivity);
        if (estimate < best.rows)
            best = {idx->name, used, estimate, statistics ? "column statistics" : "optimizer default selectivities"};
    }
    return best;
}

} // namespace planwise::advisor
