#include "analyzer/plan/plan.h"

#include "analyzer/core/text.h"

#include <array>
#include <utility>

namespace planwise::plan {

namespace {

struct FormatName {
    PlanFormat format;
    std::string_view name;
};

constexpr std::array kFormatNames{
    FormatName{PlanFormat::PostgresJson, "pg-json"},   FormatName{PlanFormat::PostgresText, "pg-text"},
    FormatName{PlanFormat::PostgresYaml, "pg-yaml"},   FormatName{PlanFormat::PostgresXml, "pg-xml"},
    FormatName{PlanFormat::MySqlJson, "mysql-json"},   FormatName{PlanFormat::MySqlJsonV2, "mysql-json-v2"},
    FormatName{PlanFormat::MySqlTree, "mysql-tree"},   FormatName{PlanFormat::MySqlTable, "mysql-table"},
    FormatName{PlanFormat::MariaDbJson, "mariadb-json"}, FormatName{PlanFormat::SqliteEqp, "sqlite-eqp"},
};

// Names found in the wild (the shared corpus manifest, other tools) for the same formats.
constexpr std::array kFormatAliases{
    FormatName{PlanFormat::PostgresJson, "postgres-json"}, FormatName{PlanFormat::PostgresText, "postgres-text"},
    FormatName{PlanFormat::PostgresText, "pg"},            FormatName{PlanFormat::PostgresText, "text"},
    FormatName{PlanFormat::PostgresYaml, "yaml"},          FormatName{PlanFormat::PostgresXml, "xml"},
    FormatName{PlanFormat::MySqlTree, "tree"},             FormatName{PlanFormat::MySqlTable, "mysql-traditional-table"},
    FormatName{PlanFormat::MySqlTable, "table"},           FormatName{PlanFormat::MySqlTable, "tsv"},
    FormatName{PlanFormat::MySqlTable, "mariadb-table"},   FormatName{PlanFormat::MySqlTable, "mariadb-tabular"},
    FormatName{PlanFormat::MySqlTable, "mariadb-analyze-tabular"},
    FormatName{PlanFormat::MariaDbJson, "mariadb-analyze-json"},
    FormatName{PlanFormat::MySqlJson, "mysql-json-v1"},    FormatName{PlanFormat::MySqlTree, "mysql-tree-analyze"},
    FormatName{PlanFormat::MySqlJsonV2, "mysql-json-v2-analyze"},
    FormatName{PlanFormat::PostgresJson, "pg-json-analyze"}, FormatName{PlanFormat::PostgresText, "pg-text-analyze"},
    FormatName{PlanFormat::PostgresYaml, "pg-yaml-analyze"}, FormatName{PlanFormat::PostgresXml, "pg-xml-analyze"},
    FormatName{PlanFormat::SqliteEqp, "sqlite"},
};

bool anySet(std::initializer_list<const std::optional<double>*> values)
{
    for (const auto* v : values)
        if (v->has_value())
            return true;
    return false;
}

} // namespace

std::string_view planFormatName(PlanFormat f)
{
    for (const auto& n : kFormatNames)
        if (n.format == f)
            return n.name;
    return "pg-text";
}

std::optional<PlanFormat> parsePlanFormat(std::string_view name)
{
    const std::string lower = toLower(trim(name));
    for (const auto& n : kFormatNames)
        if (n.name == lower)
            return n.format;
    for (const auto& n : kFormatAliases)
        if (n.name == lower)
            return n.format;
    return std::nullopt;
}

std::vector<PlanFormat> allPlanFormats()
{
    std::vector<PlanFormat> out;
    for (const auto& n : kFormatNames)
        out.push_back(n.format);
    return out;
}

std::string_view accessKindName(AccessKind k)
{
    switch (k) {
    case AccessKind::Other: return "other";
    case AccessKind::FullScan: return "full-scan";
    case AccessKind::IndexFullScan: return "index-full-scan";
    case AccessKind::IndexScan: return "index-scan";
    case AccessKind::IndexOnlyScan: return "index-only-scan";
    case AccessKind::IndexRangeScan: return "index-range-scan";
    case AccessKind::RowIdLookup: return "rowid-lookup";
    case AccessKind::BitmapScan: return "bitmap-scan";
    case AccessKind::Join: return "join";
    case AccessKind::Sort: return "sort";
    case AccessKind::Aggregate: return "aggregate";
    case AccessKind::Materialize: return "materialize";
    case AccessKind::Subquery: return "subquery";
    }
    return "other";
}

bool readsTable(AccessKind k)
{
    switch (k) {
    case AccessKind::FullScan:
    case AccessKind::IndexFullScan:
    case AccessKind::IndexScan:
    case AccessKind::IndexOnlyScan:
    case AccessKind::IndexRangeScan:
    case AccessKind::RowIdLookup:
    case AccessKind::BitmapScan: return true;
    default: return false;
    }
}

bool usesIndex(AccessKind k)
{
    return readsTable(k) && k != AccessKind::FullScan;
}

bool Buffers::empty() const
{
    return !anySet({&sharedHit, &sharedRead, &sharedDirtied, &sharedWritten, &localHit, &localRead, &localDirtied,
                    &localWritten, &tempRead, &tempWritten});
}

bool SortInfo::spilled() const
{
    return iequals(spaceType, "Disk") || istartsWith(method, "external");
}

bool HashInfo::spilled() const
{
    return (batches && *batches > 1) || (diskUsageKb && *diskUsageKb > 0);
}

std::optional<double> PlanNode::rowsTotal() const
{
    if (!actualRows)
        return std::nullopt;
    return *actualRows * loops.value_or(1.0);
}

std::string PlanNode::label() const
{
    std::string s = operation.empty() ? std::string("(node)") : operation;
    if (!index.empty() && relation.empty() && cteName.empty())
        s += " on " + index;
    else if (!index.empty())
        s += " using " + index;
    const std::string& target = !relation.empty() ? relation : cteName;
    if (!target.empty()) {
        s += " on " + target;
        if (!alias.empty() && alias != target)
            s += " " + alias;
    } else if (!alias.empty()) {
        s += " " + alias;
    }
    return s;
}

const PlanNode* Plan::node(int id) const
{
    if (id < 0 || id >= static_cast<int>(nodes.size()))
        return nullptr;
    return &nodes[static_cast<size_t>(id)];
}

std::optional<double> Plan::totalMs() const
{
    if (executionMs)
        return executionMs;
    std::optional<double> sum;
    for (int r : roots) {
        const auto& d = nodes[static_cast<size_t>(r)].derived.inclusiveMs;
        if (d)
            sum = sum.value_or(0.0) + *d;
    }
    return sum;
}

int Plan::addNode(PlanNode n, int parentId)
{
    const int id = static_cast<int>(nodes.size());
    const bool hasParent = parentId >= 0 && parentId < id;
    n.id = id;
    n.parentId = hasParent ? parentId : -1;
    n.children.clear();
    nodes.push_back(std::move(n));
    if (hasParent)
        nodes[static_cast<size_t>(parentId)].children.push_back(id);
    else
        roots.push_back(id);
    return id;
}

bool ParseResult::ok() const
{
    if (plan.nodes.empty())
        return false;
    for (const auto& d : diagnostics)
        if (d.severity == Severity::Error)
            return false;
    return true;
}

} // namespace planwise::plan
