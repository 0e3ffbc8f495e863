#include "analyzer/plan/plan_report.h"

#include "analyzer/plan/plan_rule_base.h"

#include <fmt/format.h>

namespace planwise::plan {

namespace {

using json = nlohmann::json;

void put(json& j, const char* key, const std::optional<double>& v)
{
    if (v)
        j[key] = *v;
}

void put(json& j, const char* key, const std::string& v)
{
    if (!v.empty())
        j[key] = v;
}

void put(json& j, const char* key, const std::vector<std::string>& v)
{
    if (!v.empty())
        j[key] = v;
}

json buffersJson(const Buffers& b)
{
    json j = json::object();
    put(j, "shared_hit", b.sharedHit);
    put(j, "shared_read", b.sharedRead);
    put(j, "shared_dirtied", b.sharedDirtied);
    put(j, "shared_written", b.sharedWritten);
    put(j, "local_hit", b.localHit);
    put(j, "local_read", b.localRead);
    put(j, "local_dirtied", b.localDirtied);
    put(j, "local_written", b.localWritten);
    put(j, "temp_read", b.tempRead);
    put(j, "temp_written", b.tempWritten);
    return j;
}

json sortJson(const SortInfo& s)
{
    json j = json::object();
    put(j, "method", s.method);
    put(j, "space_type", s.spaceType);
    put(j, "space_used_kb", s.spaceUsedKb);
    put(j, "peak_memory_kb", s.peakMemoryKb);
    return j;
}

const char* directionName(EstimateDirection d)
{
    switch (d) {
    case EstimateDirection::Unknown: return "unknown";
    case EstimateDirection::Exact: return "exact";
    case EstimateDirection::Under: return "under";
    case EstimateDirection::Over: return "over";
    }
    return "unknown";
}

json nodeJson(const PlanNode& n)
{
    json j;
    j["id"] = n.id;
    j["parent"] = n.parentId;
    j["children"] = n.children;
    j["operation"] = n.operation;
    j["access"] = std::string(accessKindName(n.access));
    put(j, "parent_relationship", n.parentRelationship);
    put(j, "subplan_name", n.subplanName);
    put(j, "relation", n.relation);
    put(j, "alias", n.alias);
    put(j, "schema", n.schema);
    put(j, "index", n.index);
    put(j, "join_type", n.joinType);
    put(j, "access_type", n.accessType);
    put(j, "strategy", n.strategy);
    put(j, "scan_direction", n.scanDirection);
    put(j, "cte_name", n.cteName);
    if (n.cteNodeId >= 0)
        j["cte_node"] = n.cteNodeId;
    if (n.parallelAware)
        j["parallel_aware"] = true;
    if (n.neverExecuted)
        j["never_executed"] = true;
    put(j, "filter", n.filter);
    put(j, "index_cond", n.indexCond);
    put(j, "join_filter", n.joinFilter);
    put(j, "recheck_cond", n.recheckCond);
    put(j, "hash_cond", n.hashCond);
    put(j, "merge_cond", n.mergeCond);
    put(j, "sort_keys", n.sortKeys);
    put(j, "group_keys", n.groupKeys);
    put(j, "output", n.output);
    put(j, "startup_cost", n.startupCost);
    put(j, "total_cost", n.totalCost);
    put(j, "plan_rows", n.planRows);
    put(j, "plan_rows_examined", n.planRowsExamined);
    put(j, "plan_width", n.planWidth);
    put(j, "actual_startup_ms", n.actualStartupMs);
    put(j, "actual_total_ms", n.actualTotalMs);
    put(j, "actual_rows", n.actualRows);
    put(j, "loops", n.loops);
    put(j, "rows_removed_by_filter", n.rowsRemovedByFilter);
    put(j, "rows_removed_by_join_filter", n.rowsRemovedByJoinFilter);
    put(j, "rows_removed_by_index_recheck", n.rowsRemovedByIndexRecheck);
    put(j, "rows_examined", n.rowsExamined);
    put(j, "filtered_pct", n.filteredPct);
    put(j, "heap_fetches", n.heapFetches);
    put(j, "exact_heap_blocks", n.exactHeapBlocks);
    put(j, "lossy_heap_blocks", n.lossyHeapBlocks);
    if (!n.buffers.empty())
        j["buffers"] = buffersJson(n.buffers);
    if (!n.io.empty()) {
        json io = json::object();
        put(io, "read_ms", n.io.readMs);
        put(io, "write_ms", n.io.writeMs);
        put(io, "temp_read_ms", n.io.tempReadMs);
        put(io, "temp_write_ms", n.io.tempWriteMs);
        j["io"] = io;
    }
    if (n.workersPlanned)
        j["workers_planned"] = *n.workersPlanned;
    if (n.workersLaunched)
        j["workers_launched"] = *n.workersLaunched;
    if (!n.workers.empty()) {
        json ws = json::array();
        for (const auto& w : n.workers) {
            json wj;
            wj["number"] = w.number;
            put(wj, "actual_startup_ms", w.actualStartupMs);
            put(wj, "actual_total_ms", w.actualTotalMs);
            put(wj, "actual_rows", w.actualRows);
            put(wj, "loops", w.loops);
            if (!w.buffers.empty())
                wj["buffers"] = buffersJson(w.buffers);
            if (!w.sort.method.empty())
                wj["sort"] = sortJson(w.sort);
            ws.push_back(wj);
        }
        j["workers"] = ws;
    }
    if (!n.sort.method.empty() || n.sort.spaceUsedKb)
        j["sort"] = sortJson(n.sort);
    json hash = json::object();
    put(hash, "buckets", n.hash.buckets);
    put(hash, "original_buckets", n.hash.originalBuckets);
    put(hash, "batches", n.hash.batches);
    put(hash, "original_batches", n.hash.originalBatches);
    put(hash, "peak_memory_kb", n.hash.peakMemoryKb);
    put(hash, "disk_usage_kb", n.hash.diskUsageKb);
    put(hash, "planned_partitions", n.hash.plannedPartitions);
    if (!hash.empty())
        j["hash"] = hash;
    put(j, "select_type", n.selectType);
    put(j, "possible_keys", n.possibleKeys);
    put(j, "extra_notes", n.extraNotes);
    if (n.usingFilesort)
        j["using_filesort"] = true;
    if (n.usingTemporary)
        j["using_temporary"] = true;
    if (n.usingIndexCondition)
        j["using_index_condition"] = true;
    if (n.dependentSubquery)
        j["dependent_subquery"] = true;
    if (n.rangeCheckedForEachRecord)
        j["range_checked_for_each_record"] = true;
    put(j, "join_buffer", n.joinBuffer);
    if (!n.extra.empty())
        j["extra"] = n.extra;

    json d = json::object();
    put(d, "rows_total", n.derived.rowsTotal);
    put(d, "inclusive_ms", n.derived.inclusiveMs);
    put(d, "exclusive_ms", n.derived.exclusiveMs);
    put(d, "share_pct", n.derived.sharePct);
    put(d, "estimate_factor", n.derived.estimateFactor);
    if (n.derived.estimateDirection != EstimateDirection::Unknown)
        d["estimate_direction"] = directionName(n.derived.estimateDirection);
    put(d, "read_efficiency", n.derived.readEfficiency);
    j["derived"] = d;
    return j;
}

std::string estimateText(const PlanNode& n)
{
    const auto& d = n.derived;
    if (!d.estimateFactor)
        return "-";
    if (d.estimateDirection == EstimateDirection::Exact || *d.estimateFactor < 1.05)
        return "exact";
    return fmt::format("{} {}", detail::formatFactor(*d.estimateFactor),
                       d.estimateDirection == EstimateDirection::Under ? "under" : "over");
}

std::string rowsText(const PlanNode& n)
{
    std::string s;
    if (n.neverExecuted)
        return "never executed";
    if (n.actualRows)
        s += "rows " + detail::formatCount(*n.actualRows);
    if (n.planRows)
        s += (s.empty() ? "est. rows " : " of est. ") + detail::formatCount(*n.planRows);
    if (n.loops && *n.loops != 1)
        s += (s.empty() ? "loops " : ", loops ") + detail::formatCount(*n.loops);
    return s;
}

void writeNode(std::ostream& out, const Plan& plan, int id, int depth)
{
    const PlanNode& n = plan.nodes[static_cast<size_t>(id)];
    const auto& d = n.derived;
    const std::string indent(static_cast<size_t>(depth) * 3, ' ');
    const std::string excl = d.exclusiveMs ? fmt::format("{:.3f}", *d.exclusiveMs) : "-";
    const std::string share = d.sharePct ? fmt::format("{:.1f}%", *d.sharePct) : "-";
    if (!n.subplanName.empty() && n.subplanName != n.operation)
        out << fmt::format("{:>11} {:>6} {:>12}  {}{}:\n", "", "", "", indent, n.subplanName);
    const std::string rows = rowsText(n);
    out << fmt::format("{:>11} {:>6} {:>12}  {}{}{}{}\n", excl, share, estimateText(n), indent, depth > 0 ? "-> " : "",
                       n.label(), rows.empty() ? "" : "  (" + rows + ")");
    for (int c : n.children)
        writeNode(out, plan, c, depth + 1);
}

} // namespace

json planToJson(const Plan& plan)
{
    json j;
    j["format"] = std::string(planFormatName(plan.format));
    j["dialect"] = std::string(dialectName(plan.dialect));
    if (plan.mariadb)
        j["mariadb"] = true;
    j["analyzed"] = plan.analyzed;
    j["roots"] = plan.roots;
    put(j, "planning_ms", plan.planningMs);
    put(j, "execution_ms", plan.executionMs);
    put(j, "total_ms", plan.totalMs());
    if (!plan.planningBuffers.empty())
        j["planning_buffers"] = buffersJson(plan.planningBuffers);
    if (plan.jit) {
        json jit = json::object();
        put(jit, "functions", plan.jit->functions);
        put(jit, "generation_ms", plan.jit->generationMs);
        put(jit, "inlining_ms", plan.jit->inliningMs);
        put(jit, "optimization_ms", plan.jit->optimizationMs);
        put(jit, "emission_ms", plan.jit->emissionMs);
        put(jit, "total_ms", plan.jit->totalMs);
        if (!plan.jit->options.empty())
            jit["options"] = plan.jit->options;
        j["jit"] = jit;
    }
    if (!plan.triggers.empty()) {
        json ts = json::array();
        for (const auto& t : plan.triggers) {
            json tj;
            tj["name"] = t.name;
            put(tj, "relation", t.relation);
            put(tj, "time_ms", t.timeMs);
            put(tj, "calls", t.calls);
            ts.push_back(tj);
        }
        j["triggers"] = ts;
    }
    if (!plan.settings.empty())
        j["settings"] = plan.settings;
    put(j, "query", plan.queryText);
    json nodes = json::array();
    for (const auto& n : plan.nodes)
        nodes.push_back(nodeJson(n));
    j["nodes"] = nodes;
    return j;
}

json findingsToJson(const std::vector<Finding>& findings)
{
    json arr = json::array();
    for (const auto& f : findings) {
        json j;
        j["rule"] = f.ruleId;
        j["severity"] = findingSeverityName(f.severity);
        j["title"] = f.title;
        j["detail"] = f.detail;
        j["suggestion"] = f.suggestion;
        if (f.nodeId >= 0)
            j["node"] = f.nodeId;
        put(j, "table", f.table);
        put(j, "columns", f.columns);
        json ev = json::array();
        for (const auto& e : f.evidence)
            ev.push_back({{"label", e.label}, {"value", e.value}});
        j["evidence"] = ev;
        arr.push_back(j);
    }
    return arr;
}

void writePlanText(std::ostream& out, const Plan& plan, const std::vector<Finding>& findings)
{
    out << fmt::format("Plan: {} ({}{}), {} node{}{}", planFormatName(plan.format), dialectName(plan.dialect),
                       plan.mariadb ? ", MariaDB" : "", plan.nodes.size(), plan.nodes.size() == 1 ? "" : "s",
                       plan.analyzed ? ", executed" : ", estimates only");
    if (plan.planningMs)
        out << ", planning " << detail::formatMs(*plan.planningMs);
    if (plan.executionMs)
        out << ", execution " << detail::formatMs(*plan.executionMs);
    out << "\n";
    if (plan.jit && plan.jit->totalMs)
        out << fmt::format("JIT: {} functions, {}\n", detail::formatCount(plan.jit->functions.value_or(0)),
                           detail::formatMs(*plan.jit->totalMs));
    for (const auto& t : plan.triggers)
        out << fmt::format("Trigger {}: {}, {} calls\n", t.name, t.timeMs ? detail::formatMs(*t.timeMs) : "?",
                           t.calls ? detail::formatCount(*t.calls) : "?");
    out << "\n" << fmt::format("{:>11} {:>6} {:>12}  {}\n", "excl. ms", "share", "estimate", "node");
    for (int r : plan.roots)
        writeNode(out, plan, r, 0);

    out << "\n";
    if (findings.empty()) {
        out << "No findings.\n";
        return;
    }
    out << fmt::format("Findings ({}):\n", findings.size());
    for (const auto& f : findings) {
        out << fmt::format("  [{}] {}{}: {}\n", findingSeverityName(f.severity), f.ruleId,
                           f.nodeId >= 0 ? fmt::format(" (node #{})", f.nodeId) : "", f.title);
        if (!f.detail.empty())
            out << "      " << f.detail << "\n";
        if (!f.suggestion.empty())
            out << "      Do: " << f.suggestion << "\n";
    }
}

} // namespace planwise::plan
