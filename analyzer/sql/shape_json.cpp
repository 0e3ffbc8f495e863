#include "analyzer/sql/shape_json.h"

#include <fmt/format.h>

namespace planwise::sql {
namespace {

using nlohmann::json;

std::string qualified(const ColumnRef& c) { return c.table.empty() ? c.column : c.table + "." + c.column; }

json columnJson(const ColumnRef& c) { return json{{"table", c.table}, {"column", c.column}}; }

json columnsJson(const std::vector<ColumnRef>& cols)
{
    json out = json::array();
    for (const ColumnRef& c : cols)
        out.push_back(columnJson(c));
    return out;
}

std::string joinList(const std::vector<ColumnRef>& cols)
{
    std::string out;
    for (const ColumnRef& c : cols)
        out += (out.empty() ? "" : ", ") + qualified(c);
    return out;
}

void textInto(const QueryShape& s, std::string& out, int depth)
{
    const std::string pad(size_t(depth) * 2, ' ');
    std::string head = std::string(statementKindName(s.kind));
    if (s.role != SubqueryRole::Top)
        head = fmt::format("{} ({}{})", head, subqueryRoleName(s.role), s.name.empty() ? "" : " " + s.name);
    if (!s.setOperation.empty())
        head += " " + s.setOperation;
    out += pad + head + "\n";
    if (!s.error.empty())
        out += pad + "  error: " + s.error + "\n";
    for (const TableRef& t : s.tables) {
        std::string line = (t.schema.empty() ? "" : t.schema + ".") + t.name;
        if (!t.alias.empty() && t.alias != t.name)
            line += " AS " + t.alias;
        if (t.kind != TableKind::BaseTable)
            line += fmt::format(" [{}]", tableKindName(t.kind));
        for (const std::string& h : t.indexHints)
            line += " " + h;
        out += pad + "  table: " + line + "\n";
    }
    for (const Predicate& p : s.predicates) {
        std::string flags;
        if (p.underOr)
            flags += ", under OR";
        if (p.clause == "on")
            flags += ", in ON";
        out += fmt::format("{}  predicate: {} {}{} — {}\n", pad, qualified(p.column), predicateOpName(p.op), flags, p.text);
    }
    for (const JoinCondition& j : s.joins)
        out += fmt::format("{}  join ({}): {} = {}\n", pad, j.joinType, qualified(j.left), qualified(j.right));
    if (!s.groupBy.empty())
        out += pad + "  group by: " + joinList(s.groupBy) + "\n";
    if (!s.orderBy.empty()) {
        std::string line;
        for (const OrderItem& o : s.orderBy)
            line += (line.empty() ? "" : ", ") + (o.column.column.empty() ? o.expression : qualified(o.column))
                + (o.descending ? " DESC" : "");
        out += pad + "  order by: " + line + "\n";
    }
    std::string flags;
    if (s.distinct) flags += " distinct";
    if (s.selectStar) flags += " select-*";
    if (s.hasAggregates) flags += " aggregates";
    if (s.hasWindowFunctions) flags += " window-functions";
    if (s.hasParameters) flags += " parameters";
    if (s.forUpdate) flags += " for-update";
    if (s.upsert) flags += " upsert";
    if (s.limit) flags += fmt::format(" limit={}", *s.limit);
    if (s.limitIsParameter) flags += " limit=parameter";
    if (s.offset) flags += fmt::format(" offset={}", *s.offset);
    if (!flags.empty())
        out += pad + "  flags:" + flags + "\n";
    if (!s.columnsRead.empty())
        out += pad + "  reads: " + joinList(s.columnsRead) + "\n";
    if (!s.columnsWritten.empty())
        out += pad + "  writes: " + joinList(s.columnsWritten) + "\n";
    if (!s.conflictTarget.empty())
        out += pad + "  conflict target: " + joinList(s.conflictTarget) + "\n";
    for (const std::string& why : s.skipped)
        out += pad + "  skipped: " + why + "\n";
    for (const QueryShape& sub : s.subqueries)
        textInto(sub, out, depth + 1);
}

} // namespace

json shapeToJson(const QueryShape& s)
{
    json tables = json::array();
    for (const TableRef& t : s.tables)
        tables.push_back({{"schema", t.schema},
                          {"name", t.name},
                          {"alias", t.alias},
                          {"kind", tableKindName(t.kind)},
                          {"indexHints", t.indexHints}});
    json predicates = json::array();
    for (const Predicate& p : s.predicates)
        predicates.push_back({{"column", columnJson(p.column)},
                              {"op", predicateOpName(p.op)},
                              {"operator", p.operatorText},
                              {"text", p.text},
                              {"value", valueKindName(p.value)},
                              {"valueType", p.valueType},
                              {"inListSize", p.inListSize},
                              {"negated", p.negated},
                              {"underOr", p.underOr},
                              {"function", p.function},
                              {"clause", p.clause}});
    json joins = json::array();
    for (const JoinCondition& j : s.joins)
        joins.push_back({{"left", columnJson(j.left)}, {"right", columnJson(j.right)}, {"type", j.joinType}});
    json order = json::array();
    for (const OrderItem& o : s.orderBy)
        order.push_back({{"column", columnJson(o.column)}, {"descending", o.descending}, {"expression", o.expression}});
    json subqueries = json::array();
    for (const QueryShape& sub : s.subqueries)
        subqueries.push_back(shapeToJson(sub));

    return json{{"kind", statementKindName(s.kind)},
                {"dialect", dialectName(s.dialect)},
                {"role", subqueryRoleName(s.role)},
                {"name", s.name},
                {"error", s.error},
                {"tables", std::move(tables)},
                {"predicates", std::move(predicates)},
                {"joins", std::move(joins)},
                {"orderBy", std::move(order)},
                {"groupBy", columnsJson(s.groupBy)},
                {"distinct", s.distinct},
                {"limit", s.limit ? json(*s.limit) : json(nullptr)},
                {"offset", s.offset ? json(*s.offset) : json(nullptr)},
                {"limitIsParameter", s.limitIsParameter},
                {"columnsRead", columnsJson(s.columnsRead)},
                {"selectStar", s.selectStar},
                {"columnsWritten", columnsJson(s.columnsWritten)},
                {"conflictTarget", columnsJson(s.conflictTarget)},
                {"upsert", s.upsert},
                {"forUpdate", s.forUpdate},
                {"hasAggregates", s.hasAggregates},
                {"hasWindowFunctions", s.hasWindowFunctions},
                {"hasParameters", s.hasParameters},
                {"setOperation", s.setOperation},
                {"outputColumns", s.outputColumns},
                {"cteNames", s.cteNames},
                {"subqueries", std::move(subqueries)},
                {"skipped", s.skipped}};
}

std::string shapeToText(const QueryShape& shape)
{
    std::string out;
    textInto(shape, out, 0);
    return out;
}

} // namespace planwise::sql
