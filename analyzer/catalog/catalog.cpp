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
    for (const auto& t : tables)
        if (tableMatches(t, wanted))
            return &t;
    return nullptr;
}

std::vector<const Index*> Catalog::indexesOf(std::string_view wanted) const
{
    std::vector<const Index*> out;
    const Table* t = table(wanted);
    for (const auto& i : indexes)
        if (iequals(i.table, wanted) || (t && iequals(i.table, t->name)))
            out.push_back(&i);
    return out;
}

} // namespace planwise::catalog
