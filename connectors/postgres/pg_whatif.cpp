#include "connectors/postgres/pg_whatif.h"

#include "connectors/common/connector_error.h"
#include "connectors/postgres/pg_impl.h"
#include "connectors/postgres/pg_statement.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace planwise::postgres {

using connectors::ConnectorError;
using connectors::ErrorKind;

PgWhatIf::PgWhatIf(PgSession& session) : m_session(session)
{
    const auto installed = m_session.query("SELECT extversion FROM pg_extension WHERE extname = 'hypopg'");
    if (installed.empty() || !installed[0][0]) {
        const auto available = m_session.query("SELECT 1 FROM pg_available_extensions WHERE name = 'hypopg'");
        if (available.empty())
            throw ConnectorError(ErrorKind::Unsupported,
                                 "HypoPG is not installed on the server, so indexes cannot be tried hypothetically: "
                                 "install it (Debian/Ubuntu: apt install postgresql-" +
                                     std::to_string(m_session.serverVersionNum() / 10000) +
                                     "-hypopg; elsewhere: https://github.com/HypoPG/hypopg), then run "
                                     "CREATE EXTENSION hypopg; in this database");
        throw ConnectorError(ErrorKind::Unsupported,
                             "HypoPG is installed on the server but not enabled in this database: a user with CREATE "
                             "privilege on it must run CREATE EXTENSION hypopg; (Planwise never changes the database)");
    }
    m_version = *installed[0][0];

    // auto_explain before hypopg breaks every EXPLAIN that uses a hypothetical index.
    const auto preload = m_session.query("SELECT current_setting('shared_preload_libraries')");
    if (!preload.empty() && preload[0][0]) {
        const std::string libs = *preload[0][0];
        const auto ae = libs.find("auto_explain"), hp = libs.find("hypopg");
        if (ae != std::string::npos && (hp == std::string::npos || ae < hp))
            m_notes.push_back("shared_preload_libraries loads auto_explain before hypopg: EXPLAIN with hypothetical "
                              "indexes may fail with \"cache lookup failed for index\"; list hypopg first");
    }
    reset();   // start clean, whatever the session did before
}

PgWhatIf::~PgWhatIf()
{
    try {
        reset();
    } catch (...) {
        // Connection lost: the hypothetical indexes died with the backend.
    }
}

void PgWhatIf::reset() { m_session.query("SELECT hypopg_reset()"); }

HypotheticalIndex PgWhatIf::create(std::string_view createIndexSql)
{
    const PgStatement st = parseSingleStatement(createIndexSql);
    if (st.kind != "IndexStmt")
        throw ConnectorError(ErrorKind::Refused, "a what-if index must be one CREATE INDEX statement, not " + st.kind);
    // The DDL travels as a bound parameter: HypoPG parses it itself, and
    // nothing the user wrote is ever spliced into Planwise's SQL.
    const auto rows = m_session.query(
        "SELECT h.indexrelid, h.indexname, hypopg_relation_size(h.indexrelid) FROM hypopg_create_index($1) h", {st.text});
    if (rows.empty() || !rows[0][0])
        throw ConnectorError(ErrorKind::QueryFailed, "HypoPG did not create an index for: " + st.text);
    HypotheticalIndex idx;
    idx.ddl = st.text;
    idx.oid = std::stoll(*rows[0][0]);
    idx.name = rows[0][1].value_or("");
    if (rows[0][2])
        idx.sizeBytes = std::stoll(*rows[0][2]);
    return idx;
}

std::vector<HypotheticalIndex> PgWhatIf::list()
{
    std::vector<HypotheticalIndex> out;
    for (const auto& row : m_session.query(
             // hypopg() rather than the hypopg_list_indexes view: the view is
             // not granted to PUBLIC when a superuser created the extension.
             "SELECT indexrelid, indexname, hypopg_get_indexdef(indexrelid), hypopg_relation_size(indexrelid)"
             " FROM hypopg() ORDER BY indexrelid")) {
        HypotheticalIndex idx;
        idx.oid = std::stoll(row[0].value_or("0"));
        idx.name = row[1].value_or("");
        idx.ddl = row[2].value_or("");
        if (row[3])
            idx.sizeBytes = std::stoll(*row[3]);
        out.push_back(std::move(idx));
    }
    return out;
}

double PgWhatIf::totalCost(std::string_view sql, std::string* planJson)
{
    std::string plan = m_session.explainJson(sql, false);
    const double cost = planTotalCost(plan);
    if (planJson)
        *planJson = std::move(plan);
    return cost;
}

WhatIfResult PgWhatIf::evaluate(std::string_view sql, const std::vector<std::string>& createIndexSql)
{
    auto key = std::make_pair(std::string(sql), createIndexSql);
    if (const auto it = m_cache.find(key); it != m_cache.end()) {
        ++m_cacheHits;
        return it->second;
    }
    WhatIfResult result;
    reset();
    // Reset on every way out, so a failed candidate leaves nothing behind.
    struct ResetGuard {
        PgWhatIf& w;
        ~ResetGuard()
        {
            try {
                w.reset();
            } catch (...) {
            }
        }
    } guard{*this};
    if (const auto it = m_before.find(sql); it != m_before.end()) {
        result.costBefore = it->second.first;
        result.planBefore = it->second.second;
    } else {
        result.costBefore = totalCost(sql, &result.planBefore);
        ++m_beforePlans;
        m_before.emplace(std::string(sql), std::make_pair(result.costBefore, result.planBefore));
    }
    for (const auto& ddl : createIndexSql)
        result.indexes.push_back(create(ddl));
    result.costAfter = totalCost(sql, &result.planAfter);
    for (const auto& used : planIndexNames(result.planAfter))
        if (std::any_of(result.indexes.begin(), result.indexes.end(), [&](const auto& i) { return i.name == used; }))
            result.usedIndexes.push_back(used);
    m_cache.emplace(std::move(key), result);
    return result;
}

namespace {

const nlohmann::json& topPlan(const nlohmann::json& doc)
{
    // EXPLAIN (FORMAT JSON) is [ { "Plan": { ... } } ].
    const auto& root = doc.is_array() ? doc.at(0) : doc;
    return root.at("Plan");
}

void collectIndexNames(const nlohmann::json& node, std::vector<std::string>& out)
{
    if (node.contains("Index Name"))
        out.push_back(node["Index Name"].get<std::string>());
    if (node.contains("Plans"))
        for (const auto& child : node["Plans"])
            collectIndexNames(child, out);
}

} // namespace

double PgWhatIf::planTotalCost(std::string_view planJson)
{
    try {
        return topPlan(nlohmann::json::parse(planJson)).at("Total Cost").get<double>();
    } catch (const nlohmann::json::exception& e) {
        throw ConnectorError(ErrorKind::QueryFailed, std::string("unexpected EXPLAIN output: ") + e.what());
    }
}

std::vector<std::string> PgWhatIf::planIndexNames(std::string_view planJson)
{
    std::vector<std::string> names;
    try {
        collectIndexNames(topPlan(nlohmann::json::parse(planJson)), names);
    } catch (const nlohmann::json::exception& e) {
        throw ConnectorError(ErrorKind::QueryFailed, std::string("unexpected EXPLAIN output: ") + e.what());
    }
    return names;
}

} // namespace planwise::postgres
