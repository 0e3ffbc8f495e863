// PostgreSQL's structured EXPLAIN (JSON; YAML and XML are read into the same
// JSON shape first) into the plan model.
#include "analyzer/core/text.h"
#include "analyzer/plan/plan_parsers.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <unordered_map>

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
    if (depth > kMaxPlanDepth) {
        ctx.error(0, fmt::format("plan nested deeper than {} levels; the rest is ignored", kMaxPlanDepth));
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
    // One hash lookup instead of a chain of string compares: large plans have hundreds of thousands of properties.
    using Setter = void (*)(PlanNode&, const json&);
    static const std::unordered_map<std::string_view, Setter> setters{
        {"node type", [](PlanNode& n, const json& v) {
            n.operation = jsonText(v);
            n.access = pgAccessKind(n.operation);
        }},
        {"parent relationship", [](PlanNode& n, const json& v) { n.parentRelationship = jsonText(v); }},
        {"subplan name", [](PlanNode& n, const json& v) { n.subplanName = jsonText(v); }},
        {"relation name", [](PlanNode& n, const json& v) { n.relation = jsonText(v); }},
        {"schema", [](PlanNode& n, const json& v) { n.schema = jsonText(v); }},
        {"alias", [](PlanNode& n, const json& v) { n.alias = jsonText(v); }},
        {"index name", [](PlanNode& n, const json& v) { n.index = jsonText(v); }},
        {"join type", [](PlanNode& n, const json& v) { n.joinType = jsonText(v); }},
        {"strategy", [](PlanNode& n, const json& v) { n.strategy = jsonText(v); }},
        {"scan direction", [](PlanNode& n, const json& v) { n.scanDirection = jsonText(v); }},
        {"cte name", [](PlanNode& n, const json& v) { n.cteName = jsonText(v); }},
        {"parallel aware", [](PlanNode& n, const json& v) { n.parallelAware = v.is_boolean() ? v.get<bool>() : iequals(jsonText(v), "true"); }},
        {"startup cost", [](PlanNode& n, const json& v) { n.startupCost = jsonNumber(v); }},
        {"total cost", [](PlanNode& n, const json& v) { n.totalCost = jsonNumber(v); }},
        {"plan rows", [](PlanNode& n, const json& v) { n.planRows = jsonNumber(v); }},
        {"plan width", [](PlanNode& n, const json& v) { n.planWidth = jsonNumber(v); }},
        {"actual startup time", [](PlanNode& n, const json& v) { n.actualStartupMs = jsonNumber(v); }},
        {"actual total time", [](PlanNode& n, const json& v) { n.actualTotalMs = jsonNumber(v); }},
        {"actual rows", [](PlanNode& n, const json& v) { n.actualRows = jsonNumber(v); }},
        {"actual loops", [](PlanNode& n, const json& v) {
            n.loops = jsonNumber(v);
            if (n.loops && *n.loops == 0)
                n.neverExecuted = true;
        }},
        {"filter", [](PlanNode& n, const json& v) { n.filter = jsonText(v); }},
        {"index cond", [](PlanNode& n, const json& v) { n.indexCond = jsonText(v); }},
        {"join filter", [](PlanNode& n, const json& v) { n.joinFilter = jsonText(v); }},
        {"recheck cond", [](PlanNode& n, const json& v) { n.recheckCond = jsonText(v); }},
        {"hash cond", [](PlanNode& n, const json& v) { n.hashCond = jsonText(v); }},
        {"merge cond", [](PlanNode& n, const json& v) { n.mergeCond = jsonText(v); }},
        {"sort key", [](PlanNode& n, const json& v) { n.sortKeys = asList(v); }},
        {"group key", [](PlanNode& n, const json& v) { n.groupKeys = asList(v); }},
        {"output", [](PlanNode& n, const json& v) { n.output = asList(v); }},
        {"rows removed by filter", [](PlanNode& n, const json& v) { n.rowsRemovedByFilter = jsonNumber(v); }},
        {"rows removed by join filter", [](PlanNode& n, const json& v) { n.rowsRemovedByJoinFilter = jsonNumber(v); }},
        {"rows removed by index recheck", [](PlanNode& n, const json& v) { n.rowsRemovedByIndexRecheck = jsonNumber(v); }},
        {"heap fetches", [](PlanNode& n, const json& v) { n.heapFetches = jsonNumber(v); }},
        {"exact heap blocks", [](PlanNode& n, const json& v) { n.exactHeapBlocks = jsonNumber(v); }},
        {"lossy heap blocks", [](PlanNode& n, const json& v) { n.lossyHeapBlocks = jsonNumber(v); }},
        {"workers planned", [](PlanNode& n, const json& v) { n.workersPlanned = asInt(v); }},
        {"workers launched", [](PlanNode& n, const json& v) { n.workersLaunched = asInt(v); }},
        {"sort method", [](PlanNode& n, const json& v) { n.sort.method = jsonText(v); }},
        {"sort space used", [](PlanNode& n, const json& v) { n.sort.spaceUsedKb = jsonNumber(v); }},
        {"sort space type", [](PlanNode& n, const json& v) { n.sort.spaceType = jsonText(v); }},
        {"hash buckets", [](PlanNode& n, const json& v) { n.hash.buckets = jsonNumber(v); }},
        {"original hash buckets", [](PlanNode& n, const json& v) { n.hash.originalBuckets = jsonNumber(v); }},
        {"hash batches", [](PlanNode& n, const json& v) { n.hash.batches = jsonNumber(v); }},
        {"original hash batches", [](PlanNode& n, const json& v) { n.hash.originalBatches = jsonNumber(v); }},
        {"peak memory usage", [](PlanNode& n, const json& v) { n.hash.peakMemoryKb = jsonNumber(v); }},
        {"disk usage", [](PlanNode& n, const json& v) { n.hash.diskUsageKb = jsonNumber(v); }},
        {"planned partitions", [](PlanNode& n, const json& v) { n.hash.plannedPartitions = jsonNumber(v); }},
    };
    if (auto it = setters.find(key); it != setters.end())
        it->second(n, v);
    else if (!applyBufferProperty(n.buffers, n.io, key, v))
        n.extra[rawKey] = jsonText(v);
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

namespace {

// Streams PostgreSQL's JSON straight into plan nodes (no DOM of the whole
// document: for large plans the DOM costs more than everything else). Small
// values that need structure (Workers, Sort Key, JIT, Triggers, ...) are
// captured as JSON and handed to the same functions the DOM path uses.
class PgJsonSax : public nlohmann::json_sax<json> {
public:
    PgJsonSax(ParseContext& ctx, const std::vector<InputLine>& lines) : m_ctx(ctx), m_lines(lines) {}

    bool shapeUnknown() const { return m_shapeUnknown; }
    void finish()
    {
        if (!m_top.empty())
            applyPlanLevel(m_top, m_ctx);
    }

    bool null() override { return scalar(json()); }
    bool boolean(bool v) override { return scalar(json(v)); }
    bool number_integer(number_integer_t v) override { return scalar(json(v)); }
    bool number_unsigned(number_unsigned_t v) override { return scalar(json(v)); }
    bool number_float(number_float_t v, const string_t&) override { return scalar(json(v)); }
    bool string(string_t& v) override { return scalar(json(std::move(v))); }
    bool binary(binary_t&) override { return scalar(json()); }

    bool key(string_t& k) override
    {
        if (!m_capture.empty()) {
            m_captureKey = k;
            return true;
        }
        if (!m_stack.empty())
            m_stack.back().key = k;
        return true;
    }

    bool start_object(std::size_t) override { return open(true); }
    bool start_array(std::size_t) override { return open(false); }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }

    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override
    {
        std::string what = ex.what();
        if (auto p = what.find("syntax error"); p != std::string::npos)
            what = what.substr(p);
        m_ctx.error(lineOfOffset(m_lines, position > 0 ? position - 1 : 0),
                    fmt::format("JSON plan is malformed or truncated: {}", what));
        return false;
    }

private:
    enum class Kind { Statements, Statement, Node, Plans };
    struct Frame {
        Kind kind;
        int node = -1;
        std::string key;
    };

    PlanNode& node(int id) { return m_ctx.plan().nodes[static_cast<size_t>(id)]; }

    bool scalar(json v)
    {
        if (!m_capture.empty())
            return captureValue(std::move(v));
        if (m_stack.empty())
            return true;
        Frame& f = m_stack.back();
        if (f.kind == Kind::Node)
            applyPgProperty(node(f.node), normalizePgKey(f.key), f.key, v);
        else if (f.kind == Kind::Statement)
            m_top[f.key] = std::move(v);
        return true;
    }

    bool open(bool object)
    {
        if (!m_capture.empty())
            return captureOpen(object);
        if (m_stack.empty()) {
            if (object)
                m_stack.push_back({Kind::Statement, -1, {}});
            else
                m_stack.push_back({Kind::Statements, -1, {}});
            return true;
        }
        Frame& f = m_stack.back();
        switch (f.kind) {
        case Kind::Statements:
            if (object) {
                m_stack.push_back({Kind::Statement, -1, {}});
                return true;
            }
            break;
        case Kind::Statement:
            if (object && f.key == "Plan")
                return openNode(-1);
            break;
        case Kind::Node:
            if (!object && f.key == "Plans") {
                m_stack.push_back({Kind::Plans, f.node, {}});
                return true;
            }
            break;
        case Kind::Plans:
            if (object)
                return openNode(f.node);
            break;
        }
        // Anything else is captured whole and applied when it closes.
        m_captureRoot = object ? json::object() : json::array();
        m_capture.push_back(&m_captureRoot);
        return true;
    }

    bool openNode(int parent)
    {
        if (m_stack.size() > 2 * static_cast<size_t>(kMaxPlanDepth)) {
            m_ctx.error(0, fmt::format("plan nested deeper than {} levels; the rest is ignored", kMaxPlanDepth));
            return false;
        }
        const int id = m_ctx.plan().addNode(PlanNode{}, parent);
        m_stack.push_back({Kind::Node, id, {}});
        return true;
    }

    bool close()
    {
        if (!m_capture.empty()) {
            m_capture.pop_back();
            if (m_capture.empty())
                applyCaptured();
            return true;
        }
        if (m_stack.empty())
            return true;
        const Frame f = m_stack.back();
        m_stack.pop_back();
        if (f.kind == Kind::Node && node(f.node).operation.empty()) {
            m_ctx.warning(0, "a plan node without \"Node Type\"");
            node(f.node).operation = "(unknown)";
        }
        if (f.kind == Kind::Statement && m_stack.empty() && m_ctx.plan().nodes.empty() && m_top.contains("Node Type"))
            m_shapeUnknown = true;  // a bare node object: let the DOM reader take it
        return true;
    }

    void applyCaptured()
    {
        Frame& f = m_stack.back();
        if (f.kind == Kind::Node) {
            if (normalizePgKey(f.key) == "workers" && m_captureRoot.is_array()) {
                for (const auto& w : m_captureRoot)
                    if (w.is_object())
                        applyWorker(node(f.node), w);
            } else {
                applyPgProperty(node(f.node), normalizePgKey(f.key), f.key, m_captureRoot);
            }
        } else if (f.kind == Kind::Statement) {
            m_top[f.key] = std::move(m_captureRoot);
        }
        m_captureRoot = json();
    }

    bool captureOpen(bool object)
    {
        json* parent = m_capture.back();
        json child = object ? json::object() : json::array();
        json* slot = nullptr;
        if (parent->is_array()) {
            parent->push_back(std::move(child));
            slot = &parent->back();
        } else {
            slot = &((*parent)[m_captureKey] = std::move(child));
        }
        m_capture.push_back(slot);
        return true;
    }

    bool captureValue(json v)
    {
        json* parent = m_capture.back();
        if (parent->is_array())
            parent->push_back(std::move(v));
        else
            (*parent)[m_captureKey] = std::move(v);
        return true;
    }

    ParseContext& m_ctx;
    const std::vector<InputLine>& m_lines;
    std::vector<Frame> m_stack;
    json m_top = json::object();
    json m_captureRoot;
    std::vector<json*> m_capture;
    std::string m_captureKey;
    bool m_shapeUnknown = false;
};

} // namespace

void parsePgJson(const std::vector<InputLine>& lines, ParseContext& ctx)
{
    const std::string text = joinLines(lines);
    PgJsonSax sax(ctx, lines);
    const bool ok = json::sax_parse(text.data(), text.data() + text.size(), &sax);
    if (ok)
        sax.finish();
    if (ok && (sax.shapeUnknown() || ctx.plan().nodes.empty())) {
        // Not the usual [{"Plan": ...}] shape: read it as a document.
        json doc;
        if (parseJsonText(lines, ctx, doc))
            planFromPgJson(doc, ctx);
    }
}

} // namespace planwise::plan::detail
