// PostgreSQL's text EXPLAIN into the plan model. The structure is carried by
// indentation and "->" arrows; figures by "(cost=..)" "(actual ..)" groups and
// "Key: value" lines, several of which pack fields separated by two spaces.
#include "analyzer/core/text.h"
#include "analyzer/plan/plan_parsers.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

namespace planwise::plan::detail {

namespace {

using json = nlohmann::json;

bool contains(std::string_view s, std::string_view w) { return s.find(w) != std::string_view::npos; }

size_t indentOf(std::string_view s)
{
    size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
        ++i;
    return i;
}

// "2304kB", "0.123 ms", "1.5MB" -> number in the unit given (kB or ms).
std::optional<double> numberWithUnit(std::string_view s)
{
    s = trim(s);
    size_t end = 0;
    while (end < s.size() && (isAsciiDigit(s[end]) || s[end] == '.' || s[end] == '-' || s[end] == 'e' || s[end] == '+'))
        ++end;
    auto v = parseNumber(s.substr(0, end));
    if (!v)
        return std::nullopt;
    const std::string_view unit = trim(s.substr(end));
    if (iequals(unit, "MB"))
        return *v * 1024.0;
    if (iequals(unit, "GB"))
        return *v * 1024.0 * 1024.0;
    return v;
}

// Splits "a=1 b=2" into pairs.
std::vector<std::pair<std::string_view, std::string_view>> keyValues(std::string_view s)
{
    std::vector<std::pair<std::string_view, std::string_view>> out;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ')
            ++i;
        size_t start = i;
        while (i < s.size() && s[i] != ' ')
            ++i;
        std::string_view tok = s.substr(start, i - start);
        if (auto eq = tok.find('='); eq != std::string_view::npos)
            out.emplace_back(tok.substr(0, eq), tok.substr(eq + 1));
    }
    return out;
}

// Splits at two or more spaces: PostgreSQL's separator between fields of one line.
std::vector<std::string_view> fieldsOf(std::string_view s)
{
    std::vector<std::string_view> out;
    size_t start = 0;
    for (size_t i = 0; i + 1 < s.size(); ++i) {
        if (s[i] == ' ' && s[i + 1] == ' ') {
            if (i > start)
                out.push_back(trim(s.substr(start, i - start)));
            while (i < s.size() && s[i] == ' ')
                ++i;
            start = i;
        }
    }
    if (start < s.size())
        out.push_back(trim(s.substr(start)));
    return out;
}

// Splits "a, f(b, c), d" at top-level commas.
std::vector<std::string> splitTopLevel(std::string_view s)
{
    std::vector<std::string> out;
    int depth = 0;
    bool quoted = false;
    size_t start = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '\'')
            quoted = !quoted;
        else if (!quoted && (c == '(' || c == '['))
            ++depth;
        else if (!quoted && (c == ')' || c == ']'))
            --depth;
        else if (!quoted && depth == 0 && c == ',') {
            out.emplace_back(trim(s.substr(start, i - start)));
            start = i + 1;
        }
    }
    if (start < s.size())
        out.emplace_back(trim(s.substr(start)));
    return out;
}

void applyBuffersLine(Buffers& b, std::string_view value)
{
    // "shared hit=1 read=2 dirtied=3 written=4, local hit=5, temp read=6 written=7"
    for (const auto& part : splitTopLevel(value)) {
        std::string_view p = part;
        std::string_view kind;
        if (auto sp = p.find(' '); sp != std::string_view::npos) {
            kind = p.substr(0, sp);
            p = p.substr(sp + 1);
        }
        for (auto [k, v] : keyValues(p)) {
            auto n = parseNumber(v);
            if (kind == "shared") {
                if (k == "hit") b.sharedHit = n;
                else if (k == "read") b.sharedRead = n;
                else if (k == "dirtied") b.sharedDirtied = n;
                else if (k == "written") b.sharedWritten = n;
            } else if (kind == "local") {
                if (k == "hit") b.localHit = n;
                else if (k == "read") b.localRead = n;
                else if (k == "dirtied") b.localDirtied = n;
                else if (k == "written") b.localWritten = n;
            } else if (kind == "temp") {
                if (k == "read") b.tempRead = n;
                else if (k == "written") b.tempWritten = n;
            }
        }
    }
}

void applyIoLine(IoTiming& io, std::string_view value)
{
    // PG <= 15: "read=1.2 write=0.3"; PG 16+: "shared read=1.2 write=0.3, temp read=..."
    for (const auto& part : splitTopLevel(value)) {
        std::string_view p = part;
        bool temp = false;
        if (istartsWith(p, "shared ") || istartsWith(p, "local ")) {
            p = p.substr(p.find(' ') + 1);
        } else if (istartsWith(p, "temp ")) {
            temp = true;
            p = p.substr(5);
        }
        for (auto [k, v] : keyValues(p)) {
            auto n = parseNumber(v);
            if (!n)
                continue;
            auto& slot = k == "read" ? (temp ? io.tempReadMs : io.readMs) : (temp ? io.tempWriteMs : io.writeMs);
            slot = slot.value_or(0.0) + *n;
        }
    }
}

} // namespace

TextFigures parseTextFigures(std::string_view s)
{
    TextFigures f;
    size_t pos = 0;
    while ((pos = s.find('(', pos)) != std::string_view::npos) {
        const size_t close = s.find(')', pos);
        if (close == std::string_view::npos)
            break;
        std::string_view g = s.substr(pos + 1, close - pos - 1);
        pos = close + 1;
        if (g == "never executed") {
            f.neverExecuted = true;
            continue;
        }
        const bool actual = istartsWith(g, "actual");
        if (actual)
            g = trim(g.substr(6));
        for (auto [k, v] : keyValues(g)) {
            std::optional<double> lo, hi;
            if (auto dots = v.find(".."); dots != std::string_view::npos) {
                lo = parseNumber(v.substr(0, dots));
                hi = parseNumber(v.substr(dots + 2));
            }
            if (!actual && k == "cost") {
                // MySQL TREE before 8.0.x prints a single total cost.
                f.startupCost = lo;
                f.totalCost = hi ? hi : parseNumber(v);
            } else if (!actual && k == "rows") {
                f.planRows = parseNumber(v);
            } else if (!actual && k == "width") {
                f.planWidth = parseNumber(v);
            } else if (actual && k == "time") {
                f.actualStartup = lo;
                f.actualTotal = hi;
            } else if (actual && k == "rows") {
                f.actualRows = parseNumber(v);
            } else if (actual && k == "loops") {
                f.loops = parseNumber(v);
            }
        }
    }
    return f;
}

size_t textFiguresStart(std::string_view s)
{
    size_t best = std::string_view::npos;
    for (std::string_view marker : {" (cost=", " (actual ", " (never executed)", " (rows="})
        best = std::min(best, s.find(marker));
    return best;
}

namespace {

bool looksLikeNodeHeader(std::string_view s)
{
    return textFiguresStart(s) != std::string_view::npos;
}

// "Index Scan Backward using idx on public.t x" and friends.
void parseNodeName(std::string_view name, PlanNode& n)
{
    name = trim(name);
    if (istartsWith(name, "Parallel "))
        n.parallelAware = true;
    std::string_view op = name;
    std::string_view target;
    std::string_view indexName;
    if (auto u = name.find(" using "); u != std::string_view::npos) {
        op = name.substr(0, u);
        std::string_view rest = name.substr(u + 7);
        if (auto on = rest.find(" on "); on != std::string_view::npos) {
            indexName = rest.substr(0, on);
            target = rest.substr(on + 4);
        } else {
            indexName = rest;
        }
    } else if (auto on = name.find(" on "); on != std::string_view::npos) {
        op = name.substr(0, on);
        target = name.substr(on + 4);
    } else {
        // Old servers print "Subquery Scan alias" and "CTE Scan name" without "on".
        for (std::string_view bare : {"Subquery Scan ", "CTE Scan "}) {
            if (istartsWith(name, bare)) {
                op = name.substr(0, bare.size() - 1);
                target = name.substr(bare.size());
            }
        }
    }
    if (contains(op, " Backward")) {
        n.scanDirection = "Backward";
    }
    n.operation = std::string(trim(op));
    n.access = pgAccessKind(n.operation);
    n.index = std::string(trim(indexName));

    // Join variants: "Hash Left Join", "Nested Loop Anti Join", "Merge Right Anti Join".
    if (n.access == AccessKind::Join) {
        n.joinType = "Inner";
        for (std::string_view jt : {"Right Anti", "Left", "Right", "Full", "Semi", "Anti"}) {
            if (contains(n.operation, fmt::format(" {} ", jt)) || contains(n.operation, fmt::format(" {} Join", jt))) {
                n.joinType = std::string(jt);
                break;
            }
        }
    }

    if (target.empty())
        return;
    std::string_view first = target;
    std::string_view second;
    if (auto sp = target.find(' '); sp != std::string_view::npos) {
        first = target.substr(0, sp);
        second = trim(target.substr(sp + 1));
    }
    if (n.operation == "Bitmap Index Scan") {
        n.index = std::string(first);
        return;
    }
    if (istartsWith(n.operation, "CTE Scan") || istartsWith(n.operation, "WorkTable Scan")) {
        n.cteName = std::string(first);
        n.alias = std::string(second.empty() ? first : second);
        return;
    }
    if (istartsWith(n.operation, "Subquery Scan")) {
        n.alias = std::string(first);
        return;
    }
    if (istartsWith(n.operation, "Function Scan")) {
        n.extra["Function Name"] = std::string(first);
        n.alias = std::string(second.empty() ? first : second);
        return;
    }
    // VERBOSE prints schema-qualified names.
    if (auto dot = first.find('.'); dot != std::string_view::npos && first.front() != '"') {
        n.schema = std::string(first.substr(0, dot));
        first = first.substr(dot + 1);
    }
    n.relation = std::string(first);
    n.alias = std::string(second.empty() ? first : second);
}

json valueOf(std::string_view v)
{
    if (auto n = parseNumber(v))
        return *n;
    return std::string(v);
}

// A "Key: value" line (or field) of a node.
void applyField(PlanNode& n, std::string_view key, std::string_view value)
{
    const std::string k = normalizePgKey(key);
    if (k == "buffers") {
        applyBuffersLine(n.buffers, value);
    } else if (k == "i o timings") {
        applyIoLine(n.io, value);
    } else if (k == "sort method") {
        n.sort.method = std::string(value);
    } else if (k == "disk" || k == "memory") {
        n.sort.spaceType = k == "disk" ? "Disk" : "Memory";
        n.sort.spaceUsedKb = numberWithUnit(value);
    } else if (k == "average memory") {
        n.sort.spaceType = "Memory";
        n.sort.spaceUsedKb = numberWithUnit(value);
    } else if (k == "peak memory") {
        n.sort.peakMemoryKb = numberWithUnit(value);
    } else if (k == "average disk") {
        n.sort.spaceType = "Disk";
        n.sort.spaceUsedKb = numberWithUnit(value);
    } else if (k == "buckets" || k == "batches") {
        // "65536 (originally 1024)"
        auto& cur = k == "buckets" ? n.hash.buckets : n.hash.batches;
        auto& orig = k == "buckets" ? n.hash.originalBuckets : n.hash.originalBatches;
        cur = numberWithUnit(value.substr(0, value.find(' ')));
        if (auto o = value.find("(originally "); o != std::string_view::npos)
            orig = parseNumber(value.substr(o + 12, value.find(')', o) - o - 12));
    } else if (k == "memory usage") {
        n.hash.peakMemoryKb = numberWithUnit(value);
    } else if (k == "disk usage") {
        n.hash.diskUsageKb = numberWithUnit(value);
    } else if (k == "heap blocks") {
        for (auto [hk, hv] : keyValues(value)) {
            if (hk == "exact")
                n.exactHeapBlocks = parseNumber(hv);
            else if (hk == "lossy")
                n.lossyHeapBlocks = parseNumber(hv);
        }
    } else if (k == "sort key" || k == "group key" || k == "output") {
        json list = json::array();
        for (auto& item : splitTopLevel(value))
            list.push_back(item);
        applyPgProperty(n, k, std::string(key), list);
    } else {
        applyPgProperty(n, k, std::string(key), valueOf(value));
    }
}

// Lines that pack several fields: "Buckets: 1024  Batches: 1  Memory Usage: 9kB".
bool isPackedLine(std::string_view key)
{
    for (std::string_view k : {"Sort Method", "Buckets", "Batches", "Planned Partitions", "Full-sort Groups", "Pre-sorted Groups", "Hits",
                               "Heap Blocks"})
        if (iequals(key, k))
            return true;
    return false;
}

void applyNodeLine(PlanNode& n, std::string_view content)
{
    const auto colon = content.find(": ");
    if (colon == std::string_view::npos) {
        if (content.back() == ':')
            return;  // an empty section header
        n.extra[std::string(content)] = "";
        return;
    }
    const std::string_view key = content.substr(0, colon);
    if (isPackedLine(key)) {
        const auto fields = fieldsOf(content);
        for (size_t i = 0; i < fields.size(); ++i) {
            const std::string_view field = fields[i];
            // Old servers print "Sort Method:  top-N heapsort": the value is the next field.
            if (field.back() == ':' && i + 1 < fields.size()) {
                applyField(n, field.substr(0, field.size() - 1), fields[++i]);
                continue;
            }
            const auto c = field.find(": ");
            if (c != std::string_view::npos)
                applyField(n, field.substr(0, c), trim(field.substr(c + 2)));
        }
        return;
    }
    applyField(n, key, trim(content.substr(colon + 2)));
}

// "Worker 0:  actual time=0.1..2.3 rows=5 loops=1" or "Worker 1:  Sort Method: ..."
void applyWorkerLine(PlanNode& n, std::string_view content)
{
    const auto colon = content.find(':');
    const int number = static_cast<int>(parseNumber(content.substr(7, colon - 7)).value_or(-1));
    WorkerFigures* w = nullptr;
    for (auto& existing : n.workers)
        if (existing.number == number)
            w = &existing;
    if (!w) {
        n.workers.push_back({});
        w = &n.workers.back();
        w->number = number;
    }
    std::string_view rest = trim(content.substr(colon + 1));
    if (istartsWith(rest, "actual")) {
        const TextFigures f = parseTextFigures(fmt::format("({})", rest));
        w->actualStartupMs = f.actualStartup;
        w->actualTotalMs = f.actualTotal;
        w->actualRows = f.actualRows;
        w->loops = f.loops;
        return;
    }
    for (auto field : fieldsOf(rest)) {
        const auto c = field.find(": ");
        if (c == std::string_view::npos)
            continue;
        const std::string k = normalizePgKey(field.substr(0, c));
        const std::string_view v = trim(field.substr(c + 2));
        if (k == "sort method")
            w->sort.method = std::string(v);
        else if (k == "disk" || k == "memory") {
            w->sort.spaceType = k == "disk" ? "Disk" : "Memory";
            w->sort.spaceUsedKb = numberWithUnit(v);
        } else if (k == "buffers")
            applyBuffersLine(w->buffers, v);
    }
}

enum class Section { Nodes, Planning, Jit, Done };

bool applyPlanLevelLine(Plan& plan, std::string_view content, Section& section)
{
    const auto colon = content.find(':');
    if (colon == std::string_view::npos)
        return false;
    const std::string_view key = trim(content.substr(0, colon));
    const std::string_view value = trim(content.substr(colon + 1));
    if (iequals(key, "Planning Time") || iequals(key, "Planning time")) {
        plan.planningMs = numberWithUnit(value);
    } else if (iequals(key, "Execution Time") || iequals(key, "Total runtime") || iequals(key, "Execution time")) {
        plan.executionMs = numberWithUnit(value);
    } else if (iequals(key, "Planning") && value.empty()) {
        section = Section::Planning;
    } else if (iequals(key, "JIT") && value.empty()) {
        section = Section::Jit;
        plan.jit = Jit{};
    } else if (istartsWith(key, "Trigger ")) {
        // "Trigger for constraint fk: time=1.2 calls=3", "Trigger trg on t: time=.. calls=.."
        Trigger t;
        std::string_view name = key.substr(8);
        if (auto on = name.rfind(" on "); on != std::string_view::npos && !istartsWith(name, "for constraint")) {
            t.relation = std::string(name.substr(on + 4));
            name = name.substr(0, on);
        }
        t.name = std::string(name);
        for (auto [k, v] : keyValues(value)) {
            if (k == "time")
                t.timeMs = parseNumber(v);
            else if (k == "calls")
                t.calls = parseNumber(v);
        }
        plan.triggers.push_back(std::move(t));
    } else if (iequals(key, "Settings")) {
        for (const auto& s : splitTopLevel(value)) {
            auto eq = s.find(" = ");
            if (eq == std::string::npos)
                continue;
            std::string v = s.substr(eq + 3);
            if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'')
                v = v.substr(1, v.size() - 2);
            plan.settings[s.substr(0, eq)] = v;
        }
    } else if (iequals(key, "Query Text")) {
        plan.queryText = std::string(value);
    } else if (iequals(key, "Query Identifier") || iequals(key, "Serialization")) {
        plan.settings["(" + std::string(key) + ")"] = std::string(value);
    } else {
        return false;
    }
    return true;
}

void applyJitLine(Jit& jit, std::string_view content)
{
    const auto colon = content.find(':');
    if (colon == std::string_view::npos)
        return;
    const std::string_view key = trim(content.substr(0, colon));
    const std::string_view value = trim(content.substr(colon + 1));
    if (iequals(key, "Functions")) {
        jit.functions = parseNumber(value);
        return;
    }
    for (const auto& item : splitTopLevel(value)) {
        const auto sp = item.find(' ');
        if (sp == std::string::npos)
            continue;
        const std::string name = toLower(item.substr(0, sp));
        const std::string v = item.substr(sp + 1);
        if (iequals(key, "Options")) {
            jit.options[item.substr(0, sp)] = v;
        } else if (iequals(key, "Timing")) {
            const auto ms = numberWithUnit(v);
            if (name == "generation") jit.generationMs = ms;
            else if (name == "inlining") jit.inliningMs = ms;
            else if (name == "optimization") jit.optimizationMs = ms;
            else if (name == "emission") jit.emissionMs = ms;
            else if (name == "total") jit.totalMs = ms;
        }
    }
}

// A root line printed with COSTS OFF has no figures: accept it only when it names a node.
bool isKnownNodeName(std::string_view content)
{
    if (content.find(": ") != std::string_view::npos)
        return false;
    PlanNode probe;
    parseNodeName(content, probe);
    if (probe.access != AccessKind::Other)
        return true;
    for (std::string_view name : {"Result", "Limit", "Append", "Merge Append", "Gather", "Unique", "SetOp", "HashSetOp",
                                  "LockRows", "ProjectSet", "Insert", "Update", "Delete", "Merge", "Function Scan",
                                  "Values Scan", "Foreign Scan", "Custom Scan", "Hash", "Recursive Union",
                                  "Table Function Scan", "Named Tuplestore Scan", "Sample Scan", "BitmapAnd", "BitmapOr"})
        if (istartsWith(probe.operation, name))
            return true;
    return false;
}

bool isSubplanMarker(std::string_view content)
{
    return istartsWith(content, "InitPlan ") || istartsWith(content, "SubPlan ") || content == "InitPlan"
           || content == "SubPlan"
           || (istartsWith(content, "CTE ") && content.find(':') == std::string_view::npos
               && !looksLikeNodeHeader(content));
}

} // namespace

void parsePgText(const std::vector<InputLine>& lines, ParseContext& ctx)
{
    Plan& plan = ctx.plan();
    struct Open {
        size_t indent;
        int id;
    };
    std::vector<Open> stack;
    int current = -1;
    size_t rootIndent = 0;
    std::string pendingSubplan;
    std::string pendingRelationship;
    size_t pendingIndent = 0;
    Section section = Section::Nodes;
    int workerNode = -1;  // node whose "Worker N:" line came last, and that line's indentation
    size_t workerIndent = 0;

    for (const auto& line : lines) {
        const std::string_view raw = line.text;
        const std::string_view content = trim(raw);
        if (content.empty())
            continue;
        const size_t indent = indentOf(raw);
        const bool arrow = content.substr(0, 2) == "->";

        // Plan-level lines sit at the root's indentation once the tree has started.
        if (!arrow && (plan.nodes.empty() || indent <= rootIndent)) {
            Section next = section;
            if (applyPlanLevelLine(plan, content, next)) {
                section = next;
                continue;
            }
            if (section == Section::Planning || section == Section::Jit)
                section = Section::Done;
        } else if (!arrow && (section == Section::Planning || section == Section::Jit)) {
            if (section == Section::Planning) {
                if (istartsWith(content, "Buffers:"))
                    applyBuffersLine(plan.planningBuffers, trim(content.substr(8)));
            } else if (plan.jit) {
                applyJitLine(*plan.jit, content);
            }
            continue;
        }

        if (arrow || ((plan.nodes.empty() || indent <= rootIndent) && looksLikeNodeHeader(content))
            || (plan.nodes.empty() && isKnownNodeName(content))) {
            std::string_view header = arrow ? trim(content.substr(2)) : content;
            const size_t col = arrow ? indent : indent;
            PlanNode n;
            const size_t fs = textFiguresStart(header);
            parseNodeName(fs == std::string_view::npos ? header : header.substr(0, fs), n);
            if (fs != std::string_view::npos) {
                const TextFigures f = parseTextFigures(header.substr(fs));
                n.startupCost = f.startupCost;
                n.totalCost = f.totalCost;
                n.planRows = f.planRows;
                n.planWidth = f.planWidth;
                n.actualStartupMs = f.actualStartup;
                n.actualTotalMs = f.actualTotal;
                n.actualRows = f.actualRows;
                n.loops = f.loops;
                n.neverExecuted = f.neverExecuted;
            }
            int parent = -1;
            if (arrow) {
                while (!stack.empty() && stack.back().indent >= col)
                    stack.pop_back();
                if (stack.size() >= static_cast<size_t>(kMaxPlanDepth)) {
                    ctx.error(line.line, fmt::format("plan nested deeper than {} levels: node skipped", kMaxPlanDepth));
                    continue;
                }
                parent = stack.empty() ? -1 : stack.back().id;
                if (parent < 0)
                    ctx.warning(line.line, "a \"->\" node without a parent above it: read as a new root");
            } else {
                stack.clear();
                rootIndent = indent;
                section = Section::Nodes;
            }
            if (!pendingSubplan.empty() && col > pendingIndent) {
                n.subplanName = pendingSubplan;
                n.parentRelationship = pendingRelationship;
            } else if (parent >= 0) {
                n.parentRelationship = plan.nodes[static_cast<size_t>(parent)].children.empty() ? "Outer" : "Inner";
            }
            pendingSubplan.clear();
            current = plan.addNode(std::move(n), parent);
            stack.push_back({col, current});
            continue;
        }

        if (current < 0) {
            ctx.warning(line.line, fmt::format("ignored text before the plan: \"{}\"", content.substr(0, 60)));
            continue;
        }
        if (isSubplanMarker(content)) {
            pendingSubplan = std::string(content);
            pendingRelationship = istartsWith(content, "SubPlan") ? "SubPlan" : "InitPlan";
            pendingIndent = indent;
            // The marker belongs to the node above it at a smaller indentation.
            while (!stack.empty() && stack.back().indent >= indent)
                stack.pop_back();
            continue;
        }
        // Properties belong to the deepest open node left of them.
        int owner = current;
        for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
            if (it->indent < indent) {
                owner = it->id;
                break;
            }
        }
        PlanNode& n = plan.nodes[static_cast<size_t>(owner)];
        if (istartsWith(content, "Worker ") && content.find(':') != std::string_view::npos
            && isAsciiDigit(content.size() > 7 ? content[7] : 'x')) {
            applyWorkerLine(n, content);
            workerIndent = indent;
            workerNode = owner;
            continue;
        }
        // Lines indented under "Worker N:" (its Buffers, I/O) belong to that worker.
        if (workerNode == owner && indent > workerIndent && !n.workers.empty()) {
            const auto colon = content.find(": ");
            if (colon != std::string_view::npos && iequals(content.substr(0, colon), "Buffers"))
                applyBuffersLine(n.workers.back().buffers, trim(content.substr(colon + 2)));
            continue;
        }
        workerNode = -1;
        if (content.find(':') == std::string_view::npos) {
            ctx.skipped(line.line, fmt::format("unrecognised plan line: \"{}\"", content.substr(0, 80)));
            continue;
        }
        applyNodeLine(n, content);
    }
    if (plan.nodes.empty())
        ctx.error(lines.empty() ? 1 : lines.front().line, "no plan node found: expected a line like \"Seq Scan on t  (cost=...)\"");
}

} // namespace planwise::plan::detail
