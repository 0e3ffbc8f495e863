// Small readers for libpg_query's JSON tree, shared by the PostgreSQL walker.
#include "analyzer/sql/shape_pg_walker.h"

namespace planwise::sql::detail::pg {

const json* field(const json& node, const char* key)
{
    if (!node.is_object())
        return nullptr;
    auto it = node.find(key);
    return it == node.end() ? nullptr : &*it;
}

std::string stringField(const json& node, const char* key)
{
    const json* f = field(node, key);
    return f && f->is_string() ? f->get<std::string>() : std::string();
}

// A parse-tree node is {"TypeName": {...body...}}.
std::string_view nodeType(const json& node)
{
    if (node.is_object() && node.size() == 1)
        return node.begin().key();
    return {};
}

// The sval of every String node in a list: names, operators, function names.
std::vector<std::string> names(const json* list)
{
    std::vector<std::string> out;
    if (!list || !list->is_array())
        return out;
    for (const json& item : *list)
        if (isNode(item, "String"))
            out.push_back(stringField(nodeBody(item), "sval"));
    return out;
}

std::string lastName(const json* list)
{
    const auto n = names(list);
    return n.empty() ? std::string() : n.back();
}

std::string typeName(const json& typeNameNode)
{
    std::string name = lastName(field(typeNameNode, "names"));
    if (const json* mods = field(typeNameNode, "typmods"); mods && mods->is_array() && !mods->empty())
        name += "(n)";
    if (const json* bounds = field(typeNameNode, "arrayBounds"); bounds && bounds->is_array())
        name += "[]";
    return name;
}

RawColumn columnRef(const json& body)
{
    RawColumn out;
    const json* fields = field(body, "fields");
    if (!fields || !fields->is_array() || fields->empty())
        return out;
    std::vector<std::string> parts;
    for (const json& f : *fields) {
        if (isNode(f, "A_Star")) {
            out.star = true;
            return out;
        }
        parts.push_back(stringField(nodeBody(f), "sval"));
    }
    out.ref.column = parts.back();
    parts.pop_back();
    // catalog.schema.table.column: the catalog name does not help to resolve.
    if (parts.size() > 2)
        parts.erase(parts.begin(), parts.end() - 2);
    for (size_t i = 0; i < parts.size(); ++i)
        out.ref.table += (i ? "." : "") + parts[i];
    return out;
}

std::optional<int64_t> constInteger(const json& node)
{
    if (!isNode(node, "A_Const"))
        return std::nullopt;
    const json& c = nodeBody(node);
    if (const json* iv = field(c, "ival"))
        return iv->value("ival", int64_t(0));   // libpg_query omits the zero value
    if (const json* fv = field(c, "fval")) {
        const std::string text = fv->value("fval", std::string());
        try {
            return std::stoll(text);
        } catch (const std::exception&) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

bool constIsNull(const json& node) { return isNode(node, "A_Const") && nodeBody(node).value("isnull", false); }

bool isOutputAlias(const json& node, const json* targetList)
{
    if (!isNode(node, "ColumnRef") || !targetList || !targetList->is_array())
        return false;
    const RawColumn c = columnRef(nodeBody(node));
    if (c.star || !c.ref.table.empty())
        return false;
    for (const json& t : *targetList)
        if (isNode(t, "ResTarget") && stringField(nodeBody(t), "name") == c.ref.column)
            return true;
    return false;
}

} // namespace planwise::sql::detail::pg
