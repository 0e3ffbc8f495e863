// MySQL EXPLAIN FORMAT=TREE and EXPLAIN ANALYZE: "-> Operation  (cost=..
// rows=..) (actual time=a..b rows=r loops=l)", nested by indentation. Actual
// figures are per-loop averages like PostgreSQL's.
#include "analyzer/core/text.h"
#include "analyzer/plan/plan_parsers.h"

#include <fmt/format.h>

namespace planwise::plan::detail {

namespace {

bool contains(std::string_view s, std::string_view w) { return s.find(w) != std::string_view::npos; }

// "t using idx (a=b)" -> relation t, index idx, condition a=b
void tableAndIndex(std::string_view rest, PlanNode& n)
{
    rest = trim(rest);
    std::string_view cond;
    if (auto paren = rest.find(" ("); paren != std::string_view::npos) {
        cond = rest.substr(paren + 2);
        if (!cond.empty() && cond.back() == ')')
            cond.remove_suffix(1);
        rest = rest.substr(0, paren);
    }
    if (auto over = rest.find(" over "); over != std::string_view::npos) {
        cond = rest.substr(over + 6);
        rest = rest.substr(0, over);
    }
    if (auto u = rest.find(" using "); u != std::string_view::npos) {
        n.index = std::string(trim(rest.substr(u + 7)));
        rest = rest.substr(0, u);
    }
    n.relation = std::string(trim(rest));
    n.alias = n.relation;
    if (!cond.empty() && cond != "reverse")
        n.indexCond = std::string(cond);
    if (cond == "reverse")
        n.scanDirection = "Backward";
}

} // namespace

void classifyMySqlTreeOperation(std::string_view op, PlanNode& n)
{
    struct Access {
        std::string_view prefix;
        AccessKind kind;
        bool covering;
    };
    static constexpr Access accesses[] = {
        {"Table scan on ", AccessKind::FullScan, false},
        {"Covering index scan on ", AccessKind::IndexFullScan, true},
        {"Index scan on ", AccessKind::IndexFullScan, false},
        {"Single-row covering index lookup on ", AccessKind::IndexOnlyScan, true},
        {"Single-row index lookup on ", AccessKind::IndexScan, false},
        {"Covering index lookup on ", AccessKind::IndexOnlyScan, true},
        {"Index lookup on ", AccessKind::IndexScan, false},
        {"Covering index range scan on ", AccessKind::IndexRangeScan, true},
        {"Index range scan on ", AccessKind::IndexRangeScan, false},
        {"Covering index skip scan on ", AccessKind::IndexRangeScan, true},
        {"Index skip scan on ", AccessKind::IndexRangeScan, false},
        {"Full-text index search on ", AccessKind::IndexScan, false},
        {"Constant row from ", AccessKind::RowIdLookup, false},
        {"Index lookup on ", AccessKind::IndexScan, false},
    };
    for (const auto& a : accesses) {
        if (istartsWith(op, a.prefix)) {
            n.operation = std::string(trim(a.prefix.substr(0, a.prefix.size() - 4)));
            n.access = a.kind;
            if (a.covering)
                n.extra["covering"] = "true";
            std::string_view rest = op.substr(a.prefix.size());
            if (auto replanned = rest.find(" (re-planned for each iteration)"); replanned != std::string_view::npos) {
                n.rangeCheckedForEachRecord = true;
                rest = rest.substr(0, replanned);
            }
            // ", with index condition: (...)" (8.0.x) follows the lookup.
            if (auto ic = rest.find(", with index condition: "); ic != std::string_view::npos) {
                n.usingIndexCondition = true;
                rest = rest.substr(0, ic);
            }
            tableAndIndex(rest, n);
            return;
        }
    }
    n.operation = std::string(op);
    auto after = [&](std::string_view prefix) { return std::string(trim(op.substr(prefix.size()))); };
    if (istartsWith(op, "Filter: ")) {
        n.operation = "Filter";
        n.filter = after("Filter: ");
    } else if (istartsWith(op, "Nested loop ")) {
        n.operation = "Nested loop";
        n.access = AccessKind::Join;
        n.joinType = after("Nested loop ");
    } else if (contains(op, "hash join")) {
        n.access = AccessKind::Join;
        if (auto paren = op.find(" ("); paren != std::string_view::npos) {
            n.hashCond = std::string(op.substr(paren + 2, op.size() - paren - 3));
            n.operation = std::string(op.substr(0, paren));
        }
        n.joinType = std::string(op.substr(0, op.find(' ')));
    } else if (istartsWith(op, "Sort row IDs") || istartsWith(op, "Sort")) {
        n.access = AccessKind::Sort;
        n.usingFilesort = true;
        if (auto c = op.find(": "); c != std::string_view::npos) {
            n.operation = std::string(op.substr(0, c));
            for (std::string_view rest = op.substr(c + 2); !rest.empty();) {
                auto comma = rest.find(", ");
                n.sortKeys.emplace_back(trim(rest.substr(0, comma)));
                rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 2);
            }
        }
    } else if (contains(op, "ggregate")) {
        n.access = AccessKind::Aggregate;
        if (contains(op, "temporary"))
            n.usingTemporary = true;
        if (auto c = op.find(": "); c != std::string_view::npos) {
            n.operation = std::string(op.substr(0, c));
            n.groupKeys.emplace_back(op.substr(c + 2));
        }
    } else if (istartsWith(op, "Temporary table") || istartsWith(op, "Materialize")) {
        n.access = AccessKind::Materialize;
        n.usingTemporary = true;
    } else if (istartsWith(op, "Select #")) {
        n.access = AccessKind::Subquery;
        n.dependentSubquery = contains(op, "dependent");
        n.subplanName = std::string(op.substr(0, op.find(' ', 8)));
        if (n.dependentSubquery)
            n.selectType = "DEPENDENT SUBQUERY";
    } else if (istartsWith(op, "Limit: ")) {
        n.operation = "Limit";
        n.extra["limit"] = after("Limit: ");
    }
}

void parseMySqlTree(const std::vector<InputLine>& lines, ParseContext& ctx)
{
    Plan& plan = ctx.plan();
    struct Open {
        size_t indent;
        int id;
    };
    std::vector<Open> stack;
    for (const auto& line : lines) {
        std::string_view raw = line.text;
        if (istartsWith(trim(raw), "EXPLAIN: "))
            raw = trim(raw).substr(9);
        const std::string_view content = trim(raw);
        if (content.empty())
            continue;
        size_t indent = 0;
        while (indent < raw.size() && raw[indent] == ' ')
            ++indent;
        if (content.substr(0, 2) != "->") {
            // A condition continued on the next line belongs to the node above.
            if (!plan.nodes.empty() && !istartsWith(content, "--") && !stack.empty() && indent > stack.back().indent) {
                auto& n = plan.nodes[static_cast<size_t>(stack.back().id)];
                n.extra["continued"] += std::string(content);
                continue;
            }
            ctx.skipped(line.line, fmt::format("ignored line that is not a TREE node: \"{}\"", content.substr(0, 60)));
            continue;
        }
        std::string_view text = trim(content.substr(2));
        PlanNode n;
        const size_t fs = textFiguresStart(text);
        std::string_view op = fs == std::string_view::npos ? text : trim(text.substr(0, fs));
        classifyMySqlTreeOperation(op, n);
        if (fs != std::string_view::npos) {
            const TextFigures f = parseTextFigures(text.substr(fs));
            n.startupCost = f.startupCost;
            n.totalCost = f.totalCost;
            n.planRows = f.planRows;
            n.actualStartupMs = f.actualStartup;
            n.actualTotalMs = f.actualTotal;
            n.actualRows = f.actualRows;
            n.loops = f.loops;
            n.neverExecuted = f.neverExecuted;
        }
        while (!stack.empty() && stack.back().indent >= indent)
            stack.pop_back();
        if (stack.size() >= static_cast<size_t>(kMaxPlanDepth)) {
            ctx.error(line.line, fmt::format("plan nested deeper than {} levels: node skipped", kMaxPlanDepth));
            continue;
        }
        const int parent = stack.empty() ? -1 : stack.back().id;
        const int id = plan.addNode(std::move(n), parent);
        stack.push_back({indent, id});
    }
    if (plan.nodes.empty())
        ctx.error(lines.empty() ? 1 : lines.front().line, "no \"-> \" node found in the TREE plan");
}

} // namespace planwise::plan::detail
