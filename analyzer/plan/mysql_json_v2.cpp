// MySQL 8.3+ EXPLAIN FORMAT=JSON with explain_json_format_version=2: the TREE
// plan as JSON ("operation" text plus structured fields, "inputs" children).
#include "analyzer/core/text.h"
#include "analyzer/plan/plan_parsers.h"

#include <nlohmann/json.hpp>

namespace planwise::plan::detail {

namespace {

using json = nlohmann::json;

void addV2Node(const json& obj, ParseContext& ctx, int parent, int depth)
{
    if (depth > kMaxPlanDepth) {
        ctx.error(0, "JSON plan nested too deeply; the rest is ignored");
        return;
    }
    PlanNode n;
    const json* inputs = nullptr;
    if (auto op = obj.find("operation"); op != obj.end())
        classifyMySqlTreeOperation(jsonText(*op), n);
    else
        n.operation = "(unknown)";
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        const std::string& k = it.key();
        const json& v = it.value();
        if (k == "inputs") {
            inputs = &v;
        } else if (k == "operation") {
            continue;
        } else if (k == "table_name") {
            n.relation = jsonText(v);
        } else if (k == "alias") {
            n.alias = jsonText(v);
        } else if (k == "schema_name") {
            n.schema = jsonText(v);
        } else if (k == "index_name") {
            n.index = jsonText(v);
        } else if (k == "estimated_rows") {
            n.planRows = jsonNumber(v);
        } else if (k == "estimated_total_cost") {
            n.totalCost = jsonNumber(v);
        } else if (k == "estimated_first_row_cost") {
            n.startupCost = jsonNumber(v);
        } else if (k == "actual_rows") {
            n.actualRows = jsonNumber(v);
        } else if (k == "actual_loops") {
            n.loops = jsonNumber(v);
            if (n.loops && *n.loops == 0)
                n.neverExecuted = true;
        } else if (k == "actual_first_row_ms") {
            n.actualStartupMs = jsonNumber(v);
        } else if (k == "actual_last_row_ms") {
            n.actualTotalMs = jsonNumber(v);
        } else if (k == "condition") {
            n.filter = jsonText(v);
        } else if (k == "lookup_condition" || k == "ranges") {
            n.indexCond = jsonText(v);
        } else if (k == "pushed_index_condition") {
            n.usingIndexCondition = true;
            n.extra[k] = jsonText(v);
        } else if (k == "join_type") {
            n.joinType = jsonText(v);
        } else if (k == "dependent") {
            n.dependentSubquery = v.is_boolean() && v.get<bool>();
        } else if (k == "sort_fields") {
            n.sortKeys.clear();
            if (v.is_array())
                for (const auto& f : v)
                    n.sortKeys.push_back(jsonText(f));
        } else if (k == "covering") {
            if (v.is_boolean() && v.get<bool>()) {
                n.extra["covering"] = "true";
                if (n.access == AccessKind::IndexScan)
                    n.access = AccessKind::IndexOnlyScan;
            }
        } else if (k == "query") {
            ctx.plan().queryText = jsonText(v);
        } else {
            n.extra[k] = v.is_object() ? v.dump() : jsonText(v);
        }
    }
    const int id = ctx.plan().addNode(std::move(n), parent);
    if (inputs && inputs->is_array())
        for (const auto& c : *inputs)
            if (c.is_object())
                addV2Node(c, ctx, id, depth + 1);
}

} // namespace

void parseMySqlJsonV2(const std::vector<InputLine>& lines, ParseContext& ctx)
{
    json doc;
    if (!parseJsonText(lines, ctx, doc))
        return;
    if (doc.is_array() && !doc.empty())
        doc = doc.front();
    if (!doc.is_object() || !doc.contains("operation")) {
        ctx.error(1, "expected a JSON object with \"operation\" (MySQL JSON format version 2)");
        return;
    }
    addV2Node(doc, ctx, -1, 0);
}

} // namespace planwise::plan::detail
