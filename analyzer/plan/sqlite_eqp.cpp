// SQLite EXPLAIN QUERY PLAN rows into the plan model. The detail strings are
// documented at https://sqlite.org/eqp.html; before 3.24 the same facts were
// printed flat, with "TABLE" after SCAN/SEARCH and "(~N rows)" estimates.
#include "analyzer/core/text.h"
#include "analyzer/plan/plan_parsers.h"

#include <charconv>
#include <map>

namespace planwise::plan {

namespace {

std::string_view takeWord(std::string_view& s)
{
    s = trim(s);
    size_t end = 0;
    while (end < s.size() && !isAsciiSpace(s[end]))
        ++end;
    std::string_view w = s.substr(0, end);
    s = trim(s.substr(end));
    return w;
}

bool consumeWord(std::string_view& s, std::string_view word)
{
    std::string_view probe = s;
    if (iequals(takeWord(probe), word)) {
        s = probe;
        return true;
    }
    return false;
}

// "(~1000 rows)" at the end of old flat details.
void takeRowEstimate(std::string_view& s, PlanNode& n)
{
    s = trim(s);
    const auto open = s.rfind("(~");
    if (open == std::string_view::npos || s.back() != ')')
        return;
    std::string_view inner = s.substr(open + 2, s.size() - open - 3);
    double v = 0;
    auto [p, ec] = std::from_chars(inner.data(), inner.data() + inner.size(), v);
    if (ec == std::errc() && trim(std::string_view(p, static_cast<size_t>(inner.data() + inner.size() - p))) == "rows") {
        n.planRows = v;
        s = trim(s.substr(0, open));
    }
}

bool isRangeCondition(std::string_view cond)
{
    return cond.find('>') != std::string_view::npos || cond.find('<') != std::string_view::npos;
}

// "SCAN ..." and "SEARCH ..." details: table, alias, index and how it is used.
void parseTableAccess(std::string_view rest, bool search, PlanNode& n)
{
    n.operation = search ? "SEARCH" : "SCAN";
    consumeWord(rest, "TABLE");
    takeRowEstimate(rest, n);
    // The condition in parentheses at the end: "(customer_id=? AND total>?)".
    if (!rest.empty() && rest.back() == ')') {
        const auto open = rest.find(" (");
        if (open != std::string_view::npos) {
            n.indexCond = std::string(rest.substr(open + 2, rest.size() - open - 3));
            rest = trim(rest.substr(0, open));
        }
    }
    const std::string_view table = takeWord(rest);
    n.relation = std::string(table);
    if (consumeWord(rest, "AS"))
        n.alias = std::string(takeWord(rest));

    if (!search && n.relation == "CONSTANT" && iequals(rest, "ROW")) {
        n.relation.clear();
        n.operation = "SCAN CONSTANT ROW";
        return;
    }
    if (consumeWord(rest, "VIRTUAL")) {
        consumeWord(rest, "TABLE");
        n.operation += " VIRTUAL TABLE";
        n.extra["virtual table index"] = std::string(rest);
        n.access = search ? AccessKind::IndexScan : AccessKind::FullScan;
        return;
    }
    if (!consumeWord(rest, "USING")) {
        n.access = AccessKind::FullScan;
        return;
    }
    bool covering = false;
    bool automatic = false;
    if (consumeWord(rest, "AUTOMATIC"))
        automatic = true;
    if (consumeWord(rest, "PARTIAL"))
        n.extra["partial"] = "true";
    if (consumeWord(rest, "COVERING"))
        covering = true;
    if (consumeWord(rest, "INTEGER")) {
        consumeWord(rest, "PRIMARY");
        consumeWord(rest, "KEY");
        n.index = "INTEGER PRIMARY KEY";
        n.access = (search && !isRangeCondition(n.indexCond)) ? AccessKind::RowIdLookup
                   : search                                   ? AccessKind::IndexRangeScan
                                                              : AccessKind::FullScan;
        return;
    }
    if (consumeWord(rest, "PRIMARY")) {
        consumeWord(rest, "KEY");
        n.index = "PRIMARY KEY";
    } else {
        consumeWord(rest, "INDEX");
        n.index = std::string(takeWord(rest));
    }
    if (automatic) {
        n.extra["automatic index"] = "true";
        if (n.index.empty())
            n.index = "(automatic)";
    }
    if (covering)
        n.extra["covering"] = "true";
    if (!search)
        n.access = AccessKind::IndexFullScan;
    else if (isRangeCondition(n.indexCond))
        n.access = AccessKind::IndexRangeScan;
    else
        n.access = covering ? AccessKind::IndexOnlyScan : AccessKind::IndexScan;
}

PlanNode nodeFromDetail(const std::string& detail)
{
    PlanNode n;
    n.extra["detail"] = detail;
    std::string_view rest = trim(detail);
    std::string_view probe = rest;
    const std::string_view first = takeWord(probe);

    if (iequals(first, "SCAN") || iequals(first, "SEARCH")) {
        parseTableAccess(probe, iequals(first, "SEARCH"), n);
        // "SCAN SUBQUERY 1" / "SCAN (subquery-1)" read a materialized subquery, not a table.
        if (iequals(n.relation, "SUBQUERY") || istartsWith(n.relation, "(subquery")) {
            n.operation = std::string(rest);
            n.relation.clear();
            n.access = AccessKind::Subquery;
        }
        return n;
    }
    n.operation = std::string(rest);
    if (istartsWith(rest, "USE TEMP B-TREE")) {
        n.access = AccessKind::Sort;
        n.usingTemporary = true;
        if (rest.find("ORDER BY") != std::string_view::npos)
            n.usingFilesort = true;
    } else if (istartsWith(rest, "MATERIALIZE") || istartsWith(rest, "CO-ROUTINE")) {
        n.access = AccessKind::Materialize;
    } else if (rest.find("SUBQUERY") != std::string_view::npos || istartsWith(rest, "COMPOUND")
               || istartsWith(rest, "UNION") || istartsWith(rest, "EXECUTE")) {
        n.access = AccessKind::Subquery;
        if (rest.find("CORRELATED") != std::string_view::npos)
            n.dependentSubquery = true;
    }
    return n;
}

} // namespace

Plan planFromSqliteEqp(const std::vector<SqliteEqpRow>& rows)
{
    Plan plan;
    plan.format = PlanFormat::SqliteEqp;
    plan.dialect = Dialect::SQLite;
    std::map<int, int> nodeOfRow;  // EQP id -> node id
    std::vector<int> depth;        // per node
    for (const auto& row : rows) {
        PlanNode n = nodeFromDetail(row.detail);
        n.extra["eqp id"] = std::to_string(row.id);
        int parent = -1;
        if (auto it = nodeOfRow.find(row.parent); it != nodeOfRow.end() && row.parent != row.id)
            parent = it->second;
        // Consumers walk the tree recursively: absurd nesting is flattened, not followed.
        if (parent >= 0 && depth[static_cast<size_t>(parent)] >= detail::kMaxPlanDepth)
            parent = -1;
        depth.push_back(parent >= 0 ? depth[static_cast<size_t>(parent)] + 1 : 0);
        nodeOfRow[row.id] = plan.addNode(std::move(n), parent);
    }
    derivePlan(plan);
    return plan;
}

} // namespace planwise::plan

namespace planwise::plan::detail {

// The sqlite3 shell's rendering of EXPLAIN QUERY PLAN:
//   QUERY PLAN
//   |--SCAN orders
//   `--SEARCH customers USING INTEGER PRIMARY KEY (rowid=?)
// (three columns per level), or bare detail lines of the old flat form.
void parseSqliteText(const std::vector<InputLine>& lines, ParseContext& ctx)
{
    std::vector<SqliteEqpRow> rows;
    std::vector<int> idAtDepth;  // row id open at each depth
    int nextId = 1;
    for (const auto& l : lines) {
        std::string_view t = l.text;
        while (!t.empty() && isAsciiSpace(t.back()))
            t.remove_suffix(1);
        if (trim(t).empty() || iequals(trim(t), "QUERY PLAN"))
            continue;
        size_t depth = 0;
        size_t i = 0;
        // Each level is "|  " or "   " followed by "|--" or "`--" at the node's own level.
        while (i + 3 <= t.size()) {
            const std::string_view unit = t.substr(i, 3);
            if (unit == "|--" || unit == "`--") {
                i += 3;
                ++depth;
                break;
            }
            if (unit == "|  " || unit == "   ") {
                i += 3;
                ++depth;
                continue;
            }
            break;
        }
        if (depth == 0 && t.substr(0, 2) == "--") {
            i = 2;
            depth = 1;
        }
        const std::string detail(trim(t.substr(i)));
        if (detail.empty()) {
            ctx.warning(l.line, "empty EXPLAIN QUERY PLAN line");
            continue;
        }
        const size_t level = depth == 0 ? 0 : depth - 1;
        idAtDepth.resize(level + 1);
        const int parent = level == 0 ? 0 : idAtDepth[level - 1];
        const int id = nextId++;
        idAtDepth[level] = id;
        rows.push_back({id, parent, detail});
    }
    if (rows.empty()) {
        ctx.error(lines.empty() ? 1 : lines.front().line, "no EXPLAIN QUERY PLAN rows found");
        return;
    }
    Plan p = planFromSqliteEqp(rows);
    Plan& out = ctx.plan();
    out.nodes = std::move(p.nodes);
    out.roots = std::move(p.roots);
}

} // namespace planwise::plan::detail
