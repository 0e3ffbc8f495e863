// PostgreSQL's structured EXPLAIN (JSON; YAML and XML are read into the same
// JSON shape first) into the plan model.
#include "analyzer/core/text.h"
#include "analyzer/plan/plan_parsers.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

namespace planwise::plan::detail {

namespace {

using json = nlohmann::json;

std::optional<int> asInt(const json& v)
{
    auto d = jsonNumber(v);
    if (!d)
        return std::nullopt;
    return static_cast<int>(*d);
}

std::vector<std::string> asList(const json& v)
{
    std::vector<std::string> out;
    if (v.is_array()) {
        for (const auto& e : v)
            out.push_back(jsonText(e));
    } else if (!v.is_null()) {
        out.push_back(jsonText(v));
    }
    return out;
}

// Buffers and I/O figures share their key names between nodes, workers and "Planning".
bool applyBufferProperty(Buffers& b, IoTiming& io, const std::string& key, const json& v)
{
    struct Slot {
        std::string_view key;
        std::optional<double> Buffers::*field;
    };
    static constexpr Slot slots[] = {
        {"shared hit blocks", &Buffers::sharedHit},         {"shared read blocks", &Buffers::sharedRead},
        {"shared dirtied blocks", &Buffers::sharedDirtied}, {"shared written blocks", &Buffers::sharedWritten},
        {"local hit blocks", &Buffers::localHit},           {"local read blocks", &Buffers::localRead},
        {"local dirtied blocks", &Buffers::localDirtied},   {"local written blocks", &Buffers::localWritten},
        {"temp read blocks", &Buffers::tempRead},           {"temp written blocks", &Buffers::tempWritten},
    };
    for (const auto& s : slots) {
        if (key == s.key) {
            b.*(s.field) = jsonNumber(v);
            return true;
        }
    }
    // PG 9.6-15 "I/O Read Time"; PG 16+ "Shared I/O Read Time" and "Local ..." (summed into readMs).
    auto addTo = [&](std::optional<double>& slot) {
        if (auto d = jsonNumber(v))
            slot = slot.value_or(0.0) + *d;
        return true;
    };
    if (key == "i o read time" || key == "shared i o read time" || key == "local i o read time")
        return addTo(io.readMs);
    if (key == "i o write time" || key == "shared i o write time" || key == "local i o write time")
        return addTo(io.writeMs);
    if (key == "temp i o read time")
        return addTo(io.tempReadMs);
    if (key == "temp i o write time")
        return addTo(io.tempWriteMs);
    return false;
}

void applyWorker(PlanNode& n, const json& w)
{
    WorkerFigures f;
    IoTiming ignored;
    for (auto it = w.begin(); it != w.end(); ++it) {
        const std::string key = normalizePgKey(it.key());
        const json& v = it.value();
        if (key == "worker number")
            f.number = asInt(v).value_or(-1);
        else if (key == "actual startup time")
            f.actualStartupMs = jsonNumber(v);
        else if (key == "actual total time")
            f.actualTotalMs = jsonNumber(v);
        else if (key == "actual rows")
            f.actualRows = jsonNumber(v);
        else if (key == "actual loops")
            f.loops = jsonNumber(v);
        else if (key == "sort method")
            f.sort.method = jsonText(v);
        else if (key == "sort space used")
            f.sort.spaceUsedKb = jsonNumber(v);
        else if (key == "sort space type")
            f.sort.spaceType = jsonText(v);
        else
            applyBufferProperty(f.buffers, ignored, key, v);
    }
    n.workers.push_back(std::move(f));
}

int addPgNode(const json& obj, ParseContext& ctx, int parentId, int depth);

void addChildren(const json& plans, ParseContext& ctx, int parentId, int depth)
{
    if (!plans.is_array()) {
        if (plans.is_object())
            addPgNode(plans, ctx, parentId, depth + 1);
        return;
    }
    for (const auto& c : plans)
        if (c.is_object())
            addPgNode(c, ctx, parentId, depth + 1);
}

int addPgNode(const json& obj, ParseContext& ctx, int parentId, int depth)
{
    if (depth > 10000) {
        ctx.error(0, "plan nested deeper than 10000 levels; the rest is ignored");
        return -1;
    }
    PlanNode n;
    const json* children = nullptr;
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        const std::string key = normalizePgKey(it.key());
        if (key == "plans") {
            children = &it.value();
            continue;
        }
        if (key == "workers" && it.value().is_array()) {
            for (const auto& w : it.value())
                if (w.is_object())
                    applyWorker(n, w);
            continue;
        }
        applyPgProperty(n, key, it.key(), it.value());
    }
    if (n.operation.empty()) {
        ctx.warning(0, "a plan node without \"Node Type\"");
        n.operation = "(unknown)";
    }
    const int id = ctx.plan().addNode(std::move(n), parentId);
    if (children)
        addChildren(*children, ctx, id, depth);
    return id;
}

void applyPlanLevel(const json& top, ParseContext& ctx)
{
    Plan& plan = ctx.plan();
    for (auto it = top.begin(); it != top.end(); ++it) {
        const std::string key = normalizePgKey(it.key());
        const json& v = it.value();
        if (key == "plan") {
            if (v.is_object())
                addPgNode(v, ctx, -1, 0);
        } else if (key == "planning time") {
            plan.planningMs = jsonNumber(v);
        } else if (key == "execution time" || key == "total runtime") {
            plan.executionMs = jsonNumber(v);
        } else if (key == "query text") {
            plan.queryText = jsonText(v);
        } else if (key == "planning" && v.is_object()) {
            IoTiming io;
            for (auto p = v.begin(); p != v.end(); ++p)
                applyBufferProperty(plan.planningBuffers, io, normalizePgKey(p.key()), p.value());
        } else if (key == "settings" && v.is_object()) {
            for (auto p = v.begin(); p != v.end(); ++p)
                plan.settings[p.key()] = jsonText(p.value());
        } else if (key == "jit" && v.is_object()) {
            Jit jit;
            for (auto p = v.begin(); p != v.end(); ++p) {
                const std::string k = normalizePgKey(p.key());
                if (k == "functions")
                    jit.functions = jsonNumber(p.value());
                else if ((k == "options" || k == "timing") && p.value().is_object()) {
                    for (auto q = p.value().begin(); q != p.value().end(); ++q) {
                        const std::string t = normalizePgKey(q.key());
                        if (k == "options")
                            jit.options[q.key()] = jsonText(q.value());
                        else if (t == "generation")
                            jit.generationMs = jsonNumber(q.value());
                        else if (t == "inlining")
                            jit.inliningMs = jsonNumber(q.value());
                        else if (t == "optimization")
                            jit.optimizationMs = jsonNumber(q.value());
                        else if (t == "emission")
                            jit.emissionMs = jsonNumber(q.value());
                        else if (t == "total")
                            jit.totalMs = jsonNumber(q.value());
                    }
                }
            }
            plan.jit = jit;
        } else if (key == "triggers" && v.is_array()) {
            for (const auto& t : v) {
                Trigger tr;
                for (auto p = t.begin(); p != t.end(); ++p) {
                    const std::string k = normalizePgKey(p.key());
                    if (k == "trigger name")
                        tr.name = jsonText(p.value());
                    else if (k == "relation")
                        tr.relation = jsonText(p.value());
                    else if (k == "time")
                        tr.timeMs = jsonNumber(p.value());
                    else if (k == "calls")
                        tr.calls = jsonNumber(p.value());
                }
                plan.triggers.push_back(std::move(tr));
            }
        }
    }
}

} // namespace

std::string normalizePgKey(std::string_view key)
{
    std::string out;
    out.reserve(key.size());
    for (char c : key)
        out += (c == '-' || c == '/' || c == '_') ? ' ' : asciiLower(c);
    return out;
}

AccessKind pgAccessKind(std::string_view nodeType)
{
    std::string_view t = trim(nodeType);
    if (istartsWith(t, "Parallel "))
        t.remove_prefix(9);
    if (istartsWith(t, "Async "))
        t.remove_prefix(6);
    struct Kind {
        std::string_view name;
        AccessKind kind;
    };
    static constexpr Kind kinds[] = {
        {"Seq Scan", AccessKind::FullScan},
        {"Index Only Scan", AccessKind::IndexOnlyScan},
        {"Index Scan", AccessKind::IndexScan},
        {"Bitmap Heap Scan", AccessKind::BitmapScan},
        {"Bitmap Index Scan", AccessKind::BitmapScan},
        {"Tid Range Scan", AccessKind::IndexRangeScan},
        {"Tid Scan", AccessKind::RowIdLookup},
        {"Nested Loop", AccessKind::Join},
        {"Hash Join", AccessKind::Join},
        {"Merge Join", AccessKind::Join},
        {"Incremental Sort", AccessKind::Sort},
        {"Sort", AccessKind::Sort},
        {"Aggregate", AccessKind::Aggregate},
        {"HashAggregate", AccessKind::Aggregate},
        {"GroupAggregate", AccessKind::Aggregate},
        {"MixedAggregate", AccessKind::Aggregate},
        {"Group", AccessKind::Aggregate},
        {"WindowAgg", AccessKind::Aggregate},
        {"Materialize", AccessKind::Materialize},
        {"Memoize", AccessKind::Materialize},
        {"Result Cache", AccessKind::Materialize},
        {"CTE Scan", AccessKind::Subquery},
        {"Subquery Scan", AccessKind::Subquery},
        {"WorkTable Scan", AccessKind::Subquery},
    };
    for (const auto& k : kinds)
        if (iequals(t, k.name))
            return k.kind;
    // Text plans name join variants ("Hash Left Join", "Nested Loop Anti Join") and
    // aggregate phases ("Finalize GroupAggregate", "Partial HashAggregate").
    if (istartsWith(t, "Nested Loop") || istartsWith(t, "Hash ") || istartsWith(t, "Merge ")) {
        if (t.find("Join") != std::string_view::npos)
            return AccessKind::Join;
    }
    if (t.find("Aggregate") != std::string_view::npos)
        return AccessKind::Aggregate;
    if (istartsWith(t, "Index Scan Backward"))
        return AccessKind::IndexScan;
    if (istartsWith(t, "Index Only Scan Backward"))
        return AccessKind::IndexOnlyScan;
    return AccessKind::Other;
}

void applyPgProperty(PlanNode& n, const std::string& key, const std::string& rawKey, const json& v)
{
    if (key == "node type") {
        n.operation = jsonText(v);
        n.access = pgAccessKind(n.operation);
    } else if (key == "parent relationship") {
        n.parentRelationship = jsonText(v);
    } else if (key == "subplan name") {
        n.subplanName = jsonText(v);
    } else if (key == "relation name") {
        n.relation = jsonText(v);
    } else if (key == "schema") {
        n.schema = jsonText(v);
    } else if (key == "alias") {
        n.alias = jsonText(v);
    } else if (key == "index name") {
        n.index = jsonText(v);
    } else if (key == "join type") {
        n.joinType = jsonText(v);
    } else if (key == "strategy") {
        n.strategy = jsonText(v);
    } else if (key == "scan direction") {
        n.scanDirection = jsonText(v);
    } else if (key == "cte name") {
        n.cteName = jsonText(v);
    } else if (key == "parallel aware") {
        n.parallelAware = v.is_boolean() ? v.get<bool>() : iequals(jsonText(v), "true");
    } else if (key == "startup cost") {
        n.startupCost = jsonNumber(v);
    } else if (key == "total cost") {
        n.totalCost = jsonNumber(v);
    } else if (key == "plan rows") {
        n.planRows = jsonNumber(v);
    } else if (key == "plan width") {
        n.planWidth = jsonNumber(v);
    } else if (key == "actual startup time") {
        n.actualStartupMs = jsonNumber(v);
    } else if (key == "actual total time") {
        n.actualTotalMs = jsonNumber(v);
    } else if (key == "actual rows") {
        n.actualRows = jsonNumber(v);
    } else if (key == "actual loops") {
        n.loops = jsonNumber(v);
        if (n.loops && *n.loops == 0)
            n.neverExecuted = true;
    } else if (key == "filter") {
        n.filter = jsonText(v);
    } else if (key == "index cond") {
        n.indexCond = jsonText(v);
    } else if (key == "join filter") {
        n.joinFilter = jsonText(v);
    } else if (key == "recheck cond") {
        n.recheckCond = jsonText(v);
    } else if (key == "hash cond") {
        n.hashCond = jsonText(v);
    } else if (key == "merge cond") {
        n.mergeCond = jsonText(v);
    } else if (key == "sort key" || key == "presorted key") {
        if (key == "sort key")
            n.sortKeys = asList(v);
        else
            n.extra[rawKey] = jsonText(v);
    } else if (key == "group key") {
        n.groupKeys = asList(v);
    } else if (key == "output") {
        n.output = asList(v);
    } else if (key == "rows removed by filter") {
        n.rowsRemovedByFilter = jsonNumber(v);
    } else if (key == "rows removed by join filter") {
        n.rowsRemovedByJoinFilter = jsonNumber(v);
    } else if (key == "rows removed by index recheck") {
        n.rowsRemovedByIndexRecheck = jsonNumber(v);
    } else if (key == "heap fetches") {
        n.heapFetches = jsonNumber(v);
    } else if (key == "exact heap blocks") {
        n.exactHeapBlocks = jsonNumber(v);
    } else if (key == "lossy heap blocks") {
        n.lossyHeapBlocks = jsonNumber(v);
    } else if (key == "workers planned") {
        n.workersPlanned = asInt(v);
    } else if (key == "workers launched") {
        n.workersLaunched = asInt(v);
    } else if (key == "sort method") {
        n.sort.method = jsonText(v);
    } else if (key == "sort space used") {
        n.sort.spaceUsedKb = jsonNumber(v);
    } else if (key == "sort space type") {
        n.sort.spaceType = jsonText(v);
    } else if (key == "hash buckets") {
        n.hash.buckets = jsonNumber(v);
    } else if (key == "original hash buckets") {
        n.hash.originalBuckets = jsonNumber(v);
    } else if (key == "hash batches") {
        n.hash.batches = jsonNumber(v);
    } else if (key == "original hash batches") {
        n.hash.originalBatches = jsonNumber(v);
    } else if (key == "peak memory usage") {
        n.hash.peakMemoryKb = jsonNumber(v);
    } else if (key == "disk usage") {
        n.hash.diskUsageKb = jsonNumber(v);
    } else if (key == "planned partitions") {
        n.hash.plannedPartitions = jsonNumber(v);
    } else if (!applyBufferProperty(n.buffers, n.io, key, v)) {
        n.extra[rawKey] = jsonText(v);
    }
}

void planFromPgJson(const json& doc, ParseContext& ctx)
{
    const json* top = &doc;
    // EXPLAIN prints an array of one object per statement; auto_explain a bare object.
    if (doc.is_array()) {
        if (doc.empty()) {
            ctx.error(1, "the JSON plan is an empty array");
            return;
        }
        for (const auto& e : doc) {
            if (e.is_object())
                applyPlanLevel(e, ctx);
        }
        top = nullptr;
    }
    if (top) {
        if (!top->is_object()) {
            ctx.error(1, "expected a JSON object or array holding a \"Plan\"");
            return;
        }
        if (top->contains("Plan"))
            applyPlanLevel(*top, ctx);
        else if (top->contains("Node Type"))
            addPgNode(*top, ctx, -1, 0);
    }
    if (ctx.plan().nodes.empty())
        ctx.error(1, "no \"Plan\" with a \"Node Type\" found in the JSON");
}

void parsePgJson(const std::vector<InputLine>& lines, ParseContext& ctx)
{
    json doc;
    if (!parseJsonText(lines, ctx, doc))
        return;
    planFromPgJson(doc, ctx);
}

} // namespace planwise::plan::detail
