// MySQL/MariaDB access types and Extra notes, shared by the tabular and JSON readers.
#include "analyzer/core/text.h"
#include "analyzer/plan/plan_parsers.h"

#include <utility>

namespace planwise::plan::detail {

void applyMySqlAccess(PlanNode& n, std::string_view accessType)
{
    n.accessType = std::string(trim(accessType));
    const std::string t = toLower(n.accessType);
    if (t == "all")
        n.access = AccessKind::FullScan;
    else if (t == "index")
        n.access = AccessKind::IndexFullScan;
    else if (t == "range")
        n.access = AccessKind::IndexRangeScan;
    else if (t == "ref" || t == "eq_ref" || t == "ref_or_null" || t == "fulltext" || t == "unique_subquery"
             || t == "index_subquery" || t == "hash_all" || t == "hash_index" || t == "hash_range")
        n.access = AccessKind::IndexScan;
    else if (t == "const" || t == "system")
        n.access = AccessKind::RowIdLookup;
    else if (t == "index_merge")
        n.access = AccessKind::BitmapScan;
    static constexpr std::pair<std::string_view, std::string_view> names[] = {
        {"all", "Full table scan"},      {"index", "Full index scan"},        {"range", "Index range scan"},
        {"ref", "Index lookup"},         {"eq_ref", "Unique index lookup"},   {"ref_or_null", "Index lookup (or null)"},
        {"const", "Const row"},          {"system", "System row"},            {"index_merge", "Index merge"},
        {"fulltext", "Full-text search"}, {"unique_subquery", "Unique subquery lookup"},
        {"index_subquery", "Index subquery lookup"},
    };
    for (const auto& [type, name] : names)
        if (t == type)
            n.operation = std::string(name);
    if (n.operation.empty() && !n.accessType.empty())
        n.operation = "Table access (" + n.accessType + ")";
}

void applyMySqlExtra(PlanNode& n, std::string_view extraText)
{
    size_t start = 0;
    while (start < extraText.size()) {
        size_t end = extraText.find(';', start);
        if (end == std::string_view::npos)
            end = extraText.size();
        const std::string_view item = trim(extraText.substr(start, end - start));
        start = end + 1;
        if (item.empty() || iequals(item, "NULL"))
            continue;
        n.extraNotes.emplace_back(item);
        if (istartsWith(item, "Using filesort")) {
            n.usingFilesort = true;
        } else if (istartsWith(item, "Using temporary")) {
            n.usingTemporary = true;
        } else if (istartsWith(item, "Using join buffer")) {
            // "Using join buffer (Block Nested Loop)", MariaDB "(flat, BNL join)", 8.0 "(hash join)"
            const auto open = item.find('(');
            const auto close = item.rfind(')');
            n.joinBuffer = open != std::string_view::npos && close > open
                               ? std::string(item.substr(open + 1, close - open - 1))
                               : std::string("join buffer");
        } else if (istartsWith(item, "Range checked for each record")) {
            n.rangeCheckedForEachRecord = true;
        } else if (iequals(item, "Using index condition")) {
            n.usingIndexCondition = true;
        } else if (iequals(item, "Using index")) {
            if (n.access == AccessKind::IndexScan)
                n.access = AccessKind::IndexOnlyScan;
            n.extra["covering"] = "true";
        } else if (iequals(item, "Using where") && n.filter.empty()) {
            n.filter = "(Using where)";
        }
    }
}

} // namespace planwise::plan::detail
