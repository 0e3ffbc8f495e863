// MySQL/MariaDB traditional EXPLAIN (and MariaDB's tabular ANALYZE): one row
// per table, as an ASCII table from the mysql client, tab-separated from
// `mysql -B` or mysqltest, or the "# explain:" lines of MariaDB's slow log.
// Rows of one select id are joined in order; a select that feeds a
// "<derivedN>", "<subqueryN>" or "<unionA,B>" table hangs under that table.
#include "analyzer/core/text.h"
#include "analyzer/plan/plan_parsers.h"

#include <fmt/format.h>

#include <map>
#include <set>

namespace planwise::plan::detail {

namespace {

std::vector<std::string> splitCells(std::string_view line, bool bordered)
{
    std::vector<std::string> cells;
    if (bordered) {
        line = trim(line);
        if (!line.empty() && line.front() == '|')
            line.remove_prefix(1);
        if (!line.empty() && line.back() == '|')
            line.remove_suffix(1);
    }
    const char sep = bordered ? '|' : '\t';
    size_t start = 0;
    for (size_t i = 0; i <= line.size(); ++i) {
        if (i == line.size() || line[i] == sep) {
            cells.emplace_back(trim(line.substr(start, i - start)));
            start = i + 1;
        }
    }
    return cells;
}

struct Row {
    std::map<std::string, std::string> cells;  // lower-case column name -> value
    int64_t line = 0;
    const std::string& get(const std::string& col) const
    {
        static const std::string empty;
        auto it = cells.find(col);
        return it == cells.end() ? empty : it->second;
    }
};

std::string_view cleanLine(std::string_view l)
{
    l = trim(l);
    if (istartsWith(l, "# explain:"))
        l = trim(l.substr(10));
    return l;
}

bool isNull(const std::string& s) { return s.empty() || iequals(s, "NULL"); }

// Select ids a table name like "<derived2>", "<subquery3>", "<union1,4>" refers to.
std::vector<std::string> referencedSelects(const std::string& table)
{
    std::vector<std::string> ids;
    if (table.size() < 3 || table.front() != '<' || table.back() != '>')
        return ids;
    std::string cur;
    for (char c : table) {
        if (isAsciiDigit(c)) {
            cur += c;
        } else if (!cur.empty()) {
            ids.push_back(cur);
            cur.clear();
        }
    }
    return ids;
}

class TableBuilder {
public:
    TableBuilder(std::vector<Row> rows, ParseContext& ctx) : m_rows(std::move(rows)), m_ctx(ctx) {}

    void build()
    {
        for (size_t i = 0; i < m_rows.size(); ++i) {
            const std::string id = isNull(m_rows[i].get("id")) ? "NULL" : m_rows[i].get("id");
            if (!m_rowsOf.count(id))
                m_order.push_back(id);
            m_rowsOf[id].push_back(i);
        }
        // Which table row feeds each select.
        for (size_t i = 0; i < m_rows.size(); ++i)
            for (const auto& ref : referencedSelects(m_rows[i].get("table")))
                if (!m_feeder.count(ref) && m_rowsOf.count(ref) && ref != m_rows[i].get("id"))
                    m_feeder[ref] = i;
        // The root: the UNION RESULT when there is one, else the first select. Any other select
        // nothing refers to is a subquery of the nearest select with a smaller id.
        const std::string root = m_rowsOf.count("NULL") ? std::string("NULL") : m_order.front();
        for (const auto& id : m_order) {
            if (id == root || m_feeder.count(id))
                continue;
            std::string parent = root;
            const auto num = parseNumber(id);
            double best = -1;
            for (const auto& other : m_order) {
                const auto o = parseNumber(other);
                if (num && o && *o < *num && *o > best) {
                    best = *o;
                    parent = other;
                }
            }
            m_childSelects[parent].push_back(id);
        }
        emitSelect(root, -1, 0);
        // Anything left (reference cycles) still shows up.
        for (const auto& id : m_order)
            if (!m_emitted.count(id))
                emitSelect(id, -1, 0);
    }

private:
    int emitSelect(const std::string& id, int parent, int depth)
    {
        if (depth > kMaxPlanDepth) {
            m_ctx.error(0, fmt::format("selects nested deeper than {} levels; the rest is ignored", kMaxPlanDepth));
            return -1;
        }
        if (!m_emitted.insert(id).second)
            return -1;
        const auto& rowIdx = m_rowsOf[id];
        const Row& first = m_rows[rowIdx.front()];
        PlanNode s;
        s.operation = id == "NULL" ? std::string("Union result") : "Select #" + id;
        s.subplanName = s.operation;
        s.selectType = first.get("select_type");
        s.access = AccessKind::Subquery;
        s.dependentSubquery = istartsWith(s.selectType, "DEPENDENT") || istartsWith(s.selectType, "UNCACHEABLE");
        const int selectNode = m_ctx.plan().addNode(std::move(s), parent);
        // Several tables of one select are joined in order: a nested loop.
        int tableParent = selectNode;
        if (rowIdx.size() > 1) {
            PlanNode j;
            j.operation = "Nested loop";
            j.access = AccessKind::Join;
            tableParent = m_ctx.plan().addNode(std::move(j), selectNode);
        }
        for (size_t i : rowIdx) {
            const int t = m_ctx.plan().addNode(tableNode(m_rows[i]), tableParent);
            for (const auto& [sel, feeder] : m_feeder)
                if (feeder == i)
                    emitSelect(sel, t, depth + 1);
        }
        for (const auto& sub : m_childSelects[id])
            emitSelect(sub, selectNode, depth + 1);
        return selectNode;
    }

    PlanNode tableNode(const Row& r) const
    {
        PlanNode n;
        const std::string& table = r.get("table");
        if (!isNull(table)) {
            n.relation = table;
            n.alias = table;
        }
        if (!isNull(r.get("type")))
            applyMySqlAccess(n, r.get("type"));
        if (n.operation.empty())
            n.operation = n.relation.empty() ? "No table" : "Table";
        n.selectType = r.get("select_type");
        if (!isNull(r.get("possible_keys"))) {
            std::string_view pk = r.get("possible_keys");
            for (size_t start = 0; start <= pk.size();) {
                size_t comma = pk.find(',', start);
                if (comma == std::string_view::npos)
                    comma = pk.size();
                n.possibleKeys.emplace_back(trim(pk.substr(start, comma - start)));
                start = comma + 1;
            }
        }
        if (!isNull(r.get("key")))
            n.index = r.get("key");
        for (const char* col : {"key_len", "ref", "partitions"})
            if (!isNull(r.get(col)))
                n.extra[col] = r.get(col);
        n.planRowsExamined = parseNumber(r.get("rows"));
        const auto filtered = parseNumber(r.get("filtered"));
        if (filtered)
            n.extra["filtered"] = r.get("filtered");
        if (n.planRowsExamined)
            n.planRows = *n.planRowsExamined * filtered.value_or(100.0) / 100.0;
        n.rowsExamined = parseNumber(r.get("r_rows"));
        n.filteredPct = parseNumber(r.get("r_filtered"));
        if (n.rowsExamined) {
            n.actualRows = *n.rowsExamined * n.filteredPct.value_or(100.0) / 100.0;
            n.rowsRemovedByFilter = *n.rowsExamined - *n.actualRows;
        }
        applyMySqlExtra(n, r.get("extra"));
        if (n.relation.empty() && !n.extraNotes.empty())
            n.operation = n.extraNotes.front();
        return n;
    }

    std::vector<Row> m_rows;
    ParseContext& m_ctx;
    std::map<std::string, std::vector<size_t>> m_rowsOf;
    std::vector<std::string> m_order;
    std::map<std::string, size_t> m_feeder;
    std::map<std::string, std::vector<std::string>> m_childSelects;
    std::set<std::string> m_emitted;
};

// The mysql client's vertical output (\G): "*** 1. row ***" then "column: value" lines.
std::vector<Row> verticalRows(std::string_view text)
{
    std::vector<Row> rows;
    int64_t lineNo = 0;
    for (size_t pos = 0; pos <= text.size();) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos)
            nl = text.size();
        const std::string_view l = trim(text.substr(pos, nl - pos));
        pos = nl + 1;
        ++lineNo;
        if (l.find(". row ***") != std::string_view::npos) {
            rows.emplace_back();
            rows.back().line = lineNo;
            continue;
        }
        const auto colon = l.find(": ");
        if (rows.empty() || colon == std::string_view::npos)
            continue;
        rows.back().cells[toLower(trim(l.substr(0, colon)))] = std::string(trim(l.substr(colon + 2)));
    }
    return rows;
}

} // namespace

void parseMySqlTable(std::string_view text, ParseContext& ctx)
{
    if (text.find(". row ***") != std::string_view::npos) {
        auto rows = verticalRows(text);
        if (rows.empty() || !rows.front().cells.count("select_type")) {
            ctx.error(1, "vertical EXPLAIN output without \"select_type\" rows");
            return;
        }
        TableBuilder(std::move(rows), ctx).build();
        return;
    }

    std::vector<std::string> header;
    bool bordered = false;
    std::vector<Row> rows;
    int64_t lineNo = 0;
    for (size_t pos = 0; pos <= text.size();) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos)
            nl = text.size();
        std::string_view raw = text.substr(pos, nl - pos);
        pos = nl + 1;
        ++lineNo;
        if (!raw.empty() && raw.back() == '\r')
            raw.remove_suffix(1);
        const std::string_view l = cleanLine(raw);
        if (l.empty() || l.front() == '+')
            continue;
        if (header.empty()) {
            if (l.find("select_type") == std::string_view::npos)
                continue;
            bordered = l.front() == '|';
            for (auto& h : splitCells(l, bordered))
                header.push_back(toLower(h));
            continue;
        }
        if (bordered && l.front() != '|')
            continue;  // "1 row in set", prompts, warnings
        if (!bordered && l.find('\t') == std::string_view::npos)
            continue;
        if (l.find("select_type") != std::string_view::npos)
            continue;  // a repeated header (several statements)
        auto cells = splitCells(l, bordered);
        if (cells.size() != header.size()) {
            ctx.error(lineNo, fmt::format("EXPLAIN row has {} columns, the header has {}", cells.size(), header.size()));
            continue;
        }
        Row r;
        r.line = lineNo;
        for (size_t i = 0; i < header.size(); ++i)
            r.cells[header[i]] = cells[i];
        rows.push_back(std::move(r));
    }
    if (header.empty()) {
        ctx.error(1, "no EXPLAIN header (id, select_type, table, ...) found");
        return;
    }
    if (rows.empty()) {
        ctx.error(lineNo, "the EXPLAIN table has a header but no rows");
        return;
    }
    TableBuilder(std::move(rows), ctx).build();
}

} // namespace planwise::plan::detail
