#include "analyzer/catalog/catalog.h"

#include "analyzer/core/text.h"

namespace planwise::catalog {

const Column* Table::column(std::string_view wanted) const
{
    for (const auto& c : columns)
        if (iequals(c.name, wanted))
            return &c;
    return nullptr;
}

static bool tableMatches(const Table& t, std::string_view wanted)
{
    if (iequals(t.name, wanted))
        return true;
    return !t.schema.empty() && wanted.size() == t.schema.size() + 1 + t.name.size() &&
           iequals(wanted.substr(0, t.schema.size()), t.schema) && wanted[t.schema.size()] == '.' &&
           iequals(wanted.substr(t.schema.size() + 1), t.name);
}

const Table* Catalog::table(std::string_view wanted) const
{
    const Table* first = nullptr;
    const Table* inPublic = nullptr;
    for (const auto& t : tables) {
        if (!tableMatches(t, wanted))
            continue;
        if (t.schema.empty() || !iequals(t.name, wanted)) // unschemaed, or matched as "schema.name"
            return &t;
        if (!inPublic && iequals(t.schema, "public"))
            inPublic = &t;
        if (!first)
            first = &t;
    }
    return inPublic ? inPublic : first;
}

const Table* Catalog::table(std::string_view schema, std::string_view name) const
{
    if (schema.empty())
        return table(name);
    for (const auto& t : tables)
        if (iequals(t.schema, schema) && iequals(t.name, name))
            return &t;
    return nullptr;
}

std::vector<const Index*> Catalog::indexesOf(const Table& t) const
{
    std::vector<const Index*> out;
    for (const auto& i : indexes)
        if (iequals(i.table, t.name) && (i.schema.empty() || iequals(i.schema, t.schema)))
            out.push_back(&i);
    return out;
}

std::vector<const Index*> Catalog::indexesOf(std::string_view wanted) const
{
    if (const Table* t = table(wanted))
        return indexesOf(*t);
    std::vector<const Index*> out;
    for (const auto& i : indexes)
        if (iequals(i.table, wanted))
            out.push_back(&i);
    return out;
}

} // namespace planwise::catalog
