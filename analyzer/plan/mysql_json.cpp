// MySQL EXPLAIN FORMAT=JSON (v1: "query_block") and MariaDB EXPLAIN/ANALYZE
// FORMAT=JSON into the plan model. Both nest operations as object keys
// (ordering_operation, nested_loop, filesort, block-nl-join, ...) around
// "table" objects; each such key becomes a node.
//
// MariaDB's r_rows is rows read per loop before the attached condition and
// r_filtered the share kept; the model's actualRows is rows out (as in
// PostgreSQL), so actualRows = r_rows * r_filtered / 100 and the difference is
// rows removed by filter. MariaDB times are per operation (a table's time does
// not include the tables joined after it), except the query block's, which
// covers everything: they are made inclusive after the tree is built.
#include "analyzer/core/text.h"
#include "analyzer/plan/plan_parsers.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <map>

namespace planwise::plan::detail {

namespace {

using json = nlohmann::json;

// The wrapper keys and the operation name each becomes.
struct Wrapper {
    std::string_view key;
    std::string_view operation;
    AccessKind access;
};

constexpr Wrapper kWrappers[] = {
    {"ordering_operation", "Ordering operation", AccessKind::Other},
    {"grouping_operation", "Grouping operation", AccessKind::Aggregate},
    {"duplicates_removal", "Duplicates removal", AccessKind::Other},
    {"windowing", "Windowing", AccessKind::Aggregate},
    {"buffer_result", "Buffer result", AccessKind::Materialize},
    {"filesort", "Filesort", AccessKind::Sort},
    {"read_sorted_file", "Read sorted file", AccessKind::Other},
    {"temporary_table", "Temporary table", AccessKind::Materialize},
    {"block-nl-join", "Block nested loop join", AccessKind::Join},
    {"range-checked-for-each-record", "Range checked for each record", AccessKind::Other},
    {"materialized_from_subquery", "Materialized subquery", AccessKind::Materialize},
    {"materialization", "Materialization", AccessKind::Materialize},
    {"expression_cache", "Expression cache", AccessKind::Other},
    {"union_result", "Union result", AccessKind::Other},
    {"duplicates_removal", "Duplicates removal", AccessKind::Other},
};

const Wrapper* wrapperFor(std::string_view key)
{
    for (const auto& w : kWrappers)
        if (w.key == key)
            return &w;
    return nullptr;
}

bool isSubqueryList(std::string_view key)
{
    return key == "subqueries" || (key.size() > 11 && key.substr(key.size() - 11) == "_subqueries");
}

std::vector<std::string> asList(const json& v)
{
    std::vector<std::string> out;
    if (v.is_array())
        for (const auto& e : v)
            out.push_back(jsonText(e));
    else if (!v.is_null())
        out.push_back(jsonText(v));
    return out;
}

class MySqlJsonReader {
public:
    explicit MySqlJsonReader(ParseContext& ctx) : m_ctx(ctx), m_plan(ctx.plan()) {}

    void read(const json& doc)
    {
        if (!doc.is_object()) {
            m_ctx.error(1, "expected a JSON object with \"query_block\"");
            return;
        }
        if (auto it = doc.find("query_block"); it != doc.end()) {
            queryBlock(*it, -1, false, 0);
        } else {
            m_ctx.error(1, "no \"query_block\" in the JSON plan");
            return;
        }
        if (auto it = doc.find("query_optimization"); it != doc.end() && it->is_object())
            if (auto t = it->find("r_total_time_ms"); t != it->end())
                m_plan.planningMs = jsonNumber(*t);
        if (m_sawActuals)
            makeMariaDbTimesInclusive();
    }

private:
    int queryBlock(const json& qb, int parent, bool dependent, int depth)
    {
        PlanNode n;
        n.access = AccessKind::Subquery;
        const auto id = qb.is_object() && qb.contains("select_id") ? jsonText(qb["select_id"]) : std::string("?");
        n.operation = "Select #" + id;
        n.subplanName = n.operation;
        n.dependentSubquery = dependent;
        if (dependent)
            n.selectType = "DEPENDENT SUBQUERY";
        const int nodeId = m_plan.addNode(std::move(n), parent);
        m_isQueryBlock[nodeId] = true;
        walk(qb, nodeId, depth + 1);
        return nodeId;
    }

    // Applies the scalar keys of obj to node nodeId and turns structural keys into children.
    void walk(const json& obj, int nodeId, int depth)
    {
        if (!obj.is_object())
            return;
        if (depth > kMaxPlanDepth) {
            m_ctx.error(0, "JSON plan nested too deeply; the rest is ignored");
            return;
        }
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            const std::string& key = it.key();
            const json& v = it.value();
            if (key == "table") {
                table(v, nodeId, depth);
            } else if (key == "nested_loop" && v.is_array()) {
                PlanNode n;
                n.operation = "Nested loop";
                n.access = AccessKind::Join;
                const int id = m_plan.addNode(std::move(n), nodeId);
                for (const auto& e : v)
                    walk(e, id, depth + 1);
            } else if (key == "query_block") {
                queryBlock(v, nodeId, node(nodeId).dependentSubquery, depth + 1);
            } else if (key == "query_specifications" && v.is_array()) {
                for (const auto& e : v)
                    walk(e, nodeId, depth + 1);
            } else if (isSubqueryList(key) && v.is_array()) {
                for (const auto& e : v) {
                    if (!e.is_object())
                        continue;
                    const bool dependent = (e.contains("dependent") && e["dependent"].is_boolean()
                                            && e["dependent"].get<bool>())
                                           || e.contains("expression_cache");
                    if (auto qb = e.find("query_block"); qb != e.end()) {
                        queryBlock(*qb, nodeId, dependent, depth + 1);
                    } else {
                        // MariaDB wraps them: {"materialization": {...}}, {"expression_cache": {...}}
                        for (auto w = e.begin(); w != e.end(); ++w)
                            if (const auto* wr = wrapperFor(w.key()))
                                wrapper(*wr, w.value(), nodeId, depth, dependent);
                    }
                }
            } else if (const auto* wr = wrapperFor(key); wr && v.is_object()) {
                wrapper(*wr, v, nodeId, depth, false);
            } else {
                property(node(nodeId), key, v);
            }
        }
    }

    void wrapper(const Wrapper& w, const json& v, int parent, int depth, bool dependent)
    {
        PlanNode n;
        n.operation = std::string(w.operation);
        n.access = w.access;
        if (w.key == "filesort")
            n.usingFilesort = true;
        if (w.key == "temporary_table")
            n.usingTemporary = true;
        if (w.key == "range-checked-for-each-record")
            n.rangeCheckedForEachRecord = true;
        n.dependentSubquery = dependent;
        const int id = m_plan.addNode(std::move(n), parent);
        walk(v, id, depth + 1);
        PlanNode& self = node(id);
        if (w.key == "block-nl-join" && self.joinBuffer.empty()) {
            self.joinBuffer = self.extra.count("join_type") ? self.extra["join_type"] : "BNL";
        }
    }

    void table(const json& t, int parent, int depth)
    {
        if (!t.is_object())
            return;
        PlanNode n;
        n.operation = "Table";
        const int id = m_plan.addNode(std::move(n), parent);
        walk(t, id, depth + 1);
        PlanNode& self = node(id);
        if (self.access == AccessKind::IndexScan && self.extra.count("covering"))
            self.access = AccessKind::IndexOnlyScan;
        if (self.operation == "Table" && !self.relation.empty() && !self.accessType.empty())
            self.operation = "Table access (" + self.accessType + ")";
        // Rows out per loop, comparable with PostgreSQL's figures.
        const double keptEst = self.extra.count("filtered") ? parseNumber(self.extra["filtered"]).value_or(100.0) : 100.0;
        if (self.planRowsExamined)
            self.planRows = *self.planRowsExamined * keptEst / 100.0;
        if (self.rowsExamined) {
            const double kept = self.filteredPct.value_or(100.0);
            self.actualRows = *self.rowsExamined * kept / 100.0;
            self.rowsRemovedByFilter = *self.rowsExamined - *self.actualRows;
        }
    }

    void property(PlanNode& n, const std::string& key, const json& v)
    {
        if (key == "table_name") {
            n.relation = jsonText(v);
            n.alias = n.relation;
        } else if (key == "access_type") {
            n.operation.clear();
            applyMySqlAccess(n, jsonText(v));
        } else if (key == "possible_keys") {
            n.possibleKeys = asList(v);
        } else if (key == "key") {
            n.index = jsonText(v);
        } else if (key == "rows_examined_per_scan" || key == "rows") {
            n.planRowsExamined = jsonNumber(v);
        } else if (key == "attached_condition") {
            n.filter = jsonText(v);
        } else if (key == "index_condition" || key == "pushed_index_condition") {
            n.indexCond = jsonText(v);
            n.usingIndexCondition = true;
        } else if (key == "using_index") {
            if (v.is_boolean() && v.get<bool>())
                n.extra["covering"] = "true";
        } else if (key == "using_filesort") {
            n.usingFilesort = v.is_boolean() && v.get<bool>();
            if (n.usingFilesort && n.access == AccessKind::Other)
                n.access = AccessKind::Sort;
        } else if (key == "using_temporary_table") {
            n.usingTemporary = v.is_boolean() && v.get<bool>();
        } else if (key == "using_join_buffer") {
            n.joinBuffer = jsonText(v);
        } else if (key == "dependent") {
            n.dependentSubquery = v.is_boolean() && v.get<bool>();
        } else if (key == "cost_info" && v.is_object()) {
            if (auto c = v.find("prefix_cost"); c != v.end())
                n.totalCost = jsonNumber(*c);
            else if (auto q = v.find("query_cost"); q != v.end())
                n.totalCost = jsonNumber(*q);
            else if (auto s = v.find("sort_cost"); s != v.end())
                n.totalCost = jsonNumber(*s);
            for (auto c2 = v.begin(); c2 != v.end(); ++c2)
                n.extra["cost_info." + c2.key()] = jsonText(c2.value());
        } else if (key == "sort_key") {
            n.sortKeys = asList(v);
        } else if (key == "r_loops") {
            n.loops = jsonNumber(v);
            m_sawActuals = true;
            if (n.loops && *n.loops == 0)
                n.neverExecuted = true;
        } else if (key == "r_rows") {
            n.rowsExamined = jsonNumber(v);
        } else if (key == "r_filtered") {
            n.filteredPct = jsonNumber(v);
        } else if (key == "r_total_time_ms" || key == "r_table_time_ms" || key == "r_other_time_ms") {
            if (auto t = jsonNumber(v))
                m_ownMs[n.id] = m_ownMs[n.id] + *t;
            m_sawActuals = true;
        } else if (key == "r_buffer_size") {
            n.sort.peakMemoryKb = jsonNumber(v).has_value() ? std::optional<double>(*jsonNumber(v) / 1024.0)
                                                            : std::nullopt;
            n.extra[key] = jsonText(v);
        } else if (key == "r_sort_mode") {
            n.sort.method = jsonText(v);
            n.extra[key] = jsonText(v);
        } else if (key == "message") {
            n.extra["message"] = jsonText(v);
            if (n.operation.rfind("Select #", 0) == 0)
                n.operation += ": " + jsonText(v);
        } else {
            n.extra[key] = v.is_object() ? v.dump() : jsonText(v);
        }
    }

    // MariaDB: own times -> per-loop inclusive times (query blocks are already inclusive).
    void makeMariaDbTimesInclusive()
    {
        std::vector<std::optional<double>> inclusive(m_plan.nodes.size());
        for (size_t i = m_plan.nodes.size(); i-- > 0;) {
            PlanNode& n = m_plan.nodes[i];
            const int id = static_cast<int>(i);
            std::optional<double> childSum;
            for (int c : n.children)
                if (inclusive[static_cast<size_t>(c)])
                    childSum = childSum.value_or(0.0) + *inclusive[static_cast<size_t>(c)];
            auto own = m_ownMs.find(id);
            if (m_isQueryBlock.count(id) && own != m_ownMs.end())
                inclusive[i] = std::max(own->second, childSum.value_or(0.0));
            else if (own != m_ownMs.end())
                inclusive[i] = own->second + childSum.value_or(0.0);
            else
                inclusive[i] = childSum;  // wrappers without timing
            if (inclusive[i] && own != m_ownMs.end()) {
                const double loops = n.loops.value_or(1.0);
                n.actualTotalMs = loops > 0 ? *inclusive[i] / loops : 0.0;
            }
        }
    }

    PlanNode& node(int id) { return m_plan.nodes[static_cast<size_t>(id)]; }

    ParseContext& m_ctx;
    Plan& m_plan;
    std::map<int, double> m_ownMs;
    std::map<int, bool> m_isQueryBlock;
    bool m_sawActuals = false;
};

// MySQL's end_markers_in_json adds "/* select#1 */" comments: not JSON.
std::vector<InputLine> stripBlockComments(const std::vector<InputLine>& lines)
{
    std::vector<InputLine> out;
    bool inString = false;
    bool inComment = false;
    for (const auto& l : lines) {
        InputLine o{std::string(), l.line};
        const std::string& s = l.text;
        for (size_t i = 0; i < s.size(); ++i) {
            const char c = s[i];
            if (inComment) {
                if (c == '*' && i + 1 < s.size() && s[i + 1] == '/') {
                    inComment = false;
                    ++i;
                }
                continue;
            }
            if (inString) {
                o.text += c;
                if (c == '\\' && i + 1 < s.size())
                    o.text += s[++i];
                else if (c == '"')
                    inString = false;
                continue;
            }
            if (c == '"')
                inString = true;
            if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
                inComment = true;
                ++i;
                continue;
            }
            o.text += c;
        }
        out.push_back(std::move(o));
    }
    return out;
}

} // namespace

void parseMySqlJson(const std::vector<InputLine>& lines, ParseContext& ctx)
{
    json doc;
    if (!parseJsonText(stripBlockComments(lines), ctx, doc))
        return;
    MySqlJsonReader(ctx).read(doc);
}

} // namespace planwise::plan::detail
