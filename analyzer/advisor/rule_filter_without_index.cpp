#include "analyzer/advisor/rule_filter_without_index.h"

#include "analyzer/advisor/index_key.h"
#include "analyzer/sql/query_shape.h"

#include <fmt/format.h>

namespace planwise::advisor {

void FilterWithoutIndexRule::configure(const RuleOptions& options)
{
    m_minRows = options.get("min-rows", 1000.0);
}

void FilterWithoutIndexRule::check(const RuleContext& ctx, std::vector<Finding>& out) const
{
    if (!ctx.shape || !ctx.catalog)
        return;
    for (const IndexKey& key : missingIndexKeys(*ctx.shape, *ctx.catalog, m_minRows)) {
        const catalog::Table* info = ctx.catalog->table(key.schema, key.table);
        Finding f;
        f.ruleId = id();
        f.severity = FindingSeverity::Medium;
        f.table = key.table;
        std::string cols;
        for (const auto& c : key.columns) {
            f.columns.push_back(c.column);
            cols += (cols.empty() ? "" : ", ") + c.column;
        }
        f.title = fmt::format("{} is searched by ({}) but no index leads with {}", key.table, cols,
                              key.columns.size() == 1 ? "it" : "them");
        f.detail = fmt::format("Without an index on ({}), every execution reads {} to find its rows.", cols,
                               info && info->rowCount
                                   ? fmt::format("up to {:.0f} rows of {}", *info->rowCount, key.table)
                                   : "the whole of " + key.table);
        f.suggestion = fmt::format("Create an index on {} ({}){}.", key.table, cols,
                                   key.servesOrderBy ? ", which also returns the rows in ORDER BY order" : "");
        for (size_t i = 0; i < key.columns.size(); ++i)
            f.evidence.push_back({"key column " + key.columns[i].column, key.reasons[i]});
        if (info && info->rowCount)
            f.evidence.push_back({"table rows", fmt::format("{:.0f}", *info->rowCount)});
        out.push_back(std::move(f));
    }
}

} // namespace planwise::advisor
