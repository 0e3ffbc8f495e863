#include "connectors/sqlite/sqlite_whatif.h"

#include "analyzer/core/text.h"
#include "connectors/sqlite/sqlite_distinct.h"
#include "connectors/sqlite/sqlite_sql_text.h"
#include "connectors/sqlite/sqlite_statement.h"

#include <algorithm>

namespace planwise::sqlite {

using connectors::ConnectorError;
using connectors::ErrorKind;

namespace {

bool hasTable(sqlite3* db, std::string_view name)
{
    Statement s(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
    s.bind(1, name);
    return s.step();
}

bool hasObject(sqlite3* db, std::string_view name)
{
    Statement s(db, "SELECT 1 FROM sqlite_schema WHERE name = ? COLLATE NOCASE");
    s.bind(1, name);
    return s.step();
}

// Copies every row of `table` from one connection to the other, values as stored.
void copyRows(sqlite3* from, sqlite3* to, const std::string& table, int columns)
{
    Statement read(from, "SELECT * FROM " + table);
    std::string marks;
    for (int i = 0; i < columns; ++i)
        marks += i ? ", ?" : "?";
    Statement write(to, "INSERT INTO " + table + " VALUES (" + marks + ")");
    while (read.step()) {
        for (int i = 0; i < columns; ++i)
            sqlite3_bind_value(write.get(), i + 1, sqlite3_column_value(read.get(), i));
        write.step();
        write.reset();
    }
}

// True when an EQP detail line names `index` ("… USING INDEX name (…)",
// "… USING COVERING INDEX name", "SCAN t USING INDEX name").
bool detailUsesIndex(std::string_view detail, std::string_view index)
{
    const std::string needle = "INDEX " + std::string(index);
    for (size_t at = detail.find(needle); at != std::string_view::npos; at = detail.find(needle, at + 1)) {
        const size_t end = at + needle.size();
        if (end == detail.size() || detail[end] == ' ' || detail[end] == '(')
            return true;
    }
    return false;
}

// Undoes the candidates however compare() leaves, and makes the planner
// reload the statistics of the schema that remains.
class ScratchSavepoint {
public:
    explicit ScratchSavepoint(sqlite3* db) : m_db(db) { execScript(db, "SAVEPOINT planwise_whatif"); }
    ~ScratchSavepoint()
    {
        sqlite3_exec(m_db, "ROLLBACK TO planwise_whatif; RELEASE planwise_whatif; ANALYZE sqlite_schema", nullptr,
                     nullptr, nullptr);
    }
    ScratchSavepoint(const ScratchSavepoint&) = delete;
    ScratchSavepoint& operator=(const ScratchSavepoint&) = delete;

private:
    sqlite3* m_db;
};

} // namespace

SqliteWhatIf::SqliteWhatIf(const SqliteDatabase& source) : m_source(source)
{
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    m_scratch.reset(raw);
    if (rc != SQLITE_OK)
        throwSqliteError(raw, rc, "cannot create the what-if scratch database");
    copySchema();
    copyStatistics();
}

void SqliteWhatIf::copySchema()
{
    // Virtual tables first: they create their own shadow tables, which
    // sqlite_schema also lists and which then need no copy.
    Statement objects(m_source.handle(),
                      "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND type IN ('table', 'index', "
                      "'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY CASE WHEN sql LIKE 'CREATE "
                      "VIRTUAL%' THEN 0 WHEN type = 'table' THEN 1 WHEN type = 'index' THEN 2 ELSE 3 END, rowid");
    while (objects.step()) {
        const std::string name = objects.text(1);
        try {
            execScript(m_scratch.get(), objects.text(2));
        } catch (const ConnectorError& e) {
            if (!hasObject(m_scratch.get(), name))
                m_setupNotes.push_back("could not copy " + objects.text(0) + " " + name + ": " + e.what());
        }
    }
}

void SqliteWhatIf::copyStatistics()
{
    sqlite3* src = m_source.handle();
    sqlite3* dst = m_scratch.get();
    // ANALYZE creates the statistics tables this library supports (on the
    // empty copy it finds nothing to count); the rows are then replaced by
    // the user's, and "ANALYZE sqlite_schema" makes the planner reload them,
    // the same steps .expert takes.
    execScript(dst, "ANALYZE; DELETE FROM sqlite_stat1");
    if (hasTable(src, "sqlite_stat1")) {
        copyRows(src, dst, "sqlite_stat1", 3);
        Statement rows(src, "SELECT tbl, stat FROM sqlite_stat1");
        while (rows.step()) {
            const auto numbers = parseStat1(rows.text(1));
            if (numbers.empty())
                continue;
            double& known = m_tableRows[toLower(rows.text(0))];
            known = std::max(known, numbers.front());   // a partial index counts fewer rows than the table
        }
    } else {
        m_setupNotes.push_back("the database has no sqlite_stat1 (ANALYZE never ran): the planner uses SQLite's "
                               "default estimates, as it does on the real database");
    }
    if (hasTable(dst, "sqlite_stat4")) {
        execScript(dst, "DELETE FROM sqlite_stat4");
        if (hasTable(src, "sqlite_stat4"))
            copyRows(src, dst, "sqlite_stat4", 6);
    } else if (hasTable(src, "sqlite_stat4")) {
        m_setupNotes.push_back("sqlite_stat4 is not copied: this SQLite library (" + m_source.libraryVersion() +
                               ") was built without STAT4");
    }
    execScript(dst, "ANALYZE sqlite_schema");
}

std::optional<double> SqliteWhatIf::tableRows(const std::string& table) const
{
    const auto it = m_tableRows.find(toLower(table));
    if (it == m_tableRows.end())
        return std::nullopt;
    return it->second;
}

static std::vector<std::string> termsOf(const catalog::Index& index)
{
    std::vector<std::string> terms;
    for (const auto& c : index.columns)
        terms.push_back(c.column.empty() ? c.expression : quoteIdentifier(c.column));
    return terms;
}

const SqliteWhatIf::Estimate* SqliteWhatIf::estimateFor(const catalog::Index& candidate, std::string* whyNot)
{
    const auto rows = tableRows(candidate.table);
    const auto terms = termsOf(candidate);
    if (!rows || terms.empty() || !candidate.predicate.empty()) {
        *whyNot = !rows ? "no statistics for table " + candidate.table + ": SQLite's default estimates"
                        : "partial index: SQLite's default estimates";
        return nullptr;
    }
    std::string signature = toLower(candidate.table);
    for (const auto& t : terms)
        signature += '\x1f' + t;
    auto it = m_estimates.find(signature);
    if (it == m_estimates.end()) {
        const auto estimate = estimatePrefixRows(m_source.handle(), candidate.table, terms, *rows);
        Estimate e;
        e.stat1.push_back(*rows);
        e.stat1.insert(e.stat1.end(), estimate.rowsPerKey.begin(), estimate.rowsPerKey.end());
        e.method = estimate.method;
        e.sizeBytes = estimate.sizeBytes;
        it = m_estimates.emplace(signature, std::move(e)).first;
    }
    return &it->second;
}

std::vector<double> SqliteWhatIf::candidateStat1(const catalog::Index& candidate, std::string* method)
{
    std::string whyNot;
    const Estimate* e = estimateFor(candidate, &whyNot);
    if (method)
        *method = e ? e->method : whyNot;
    if (!e)
        return {};
    std::vector<double> stat = e->stat1;
    if (candidate.unique)
        stat.back() = 1;
    return stat;
}

std::optional<int64_t> SqliteWhatIf::candidateSize(const catalog::Index& candidate)
{
    std::string whyNot;
    const Estimate* e = estimateFor(candidate, &whyNot);
    return e ? e->sizeBytes : std::nullopt;
}

std::string SqliteWhatIf::createIndexSql(const catalog::Index& candidate, const std::string& name) const
{
    std::string sql = std::string("CREATE ") + (candidate.unique ? "UNIQUE " : "") + "INDEX " +
                      quoteIdentifier(name) + " ON " + quoteIdentifier(candidate.table) + " (";
    const auto terms = termsOf(candidate);
    for (size_t i = 0; i < terms.size(); ++i)
        sql += (i ? ", " : "") + terms[i] + (candidate.columns[i].descending ? " DESC" : "");
    sql += ")";
    if (!candidate.predicate.empty())
        sql += " WHERE " + candidate.predicate;
    return sql;
}

WhatIfResult SqliteWhatIf::compare(std::string_view sql, const std::vector<catalog::Index>& candidates)
{
    sqlite3* db = m_scratch.get();
    WhatIfResult result;
    result.before = explainQueryPlanOn(db, sql);

    struct Created {
        std::string name;          // as the caller knows it
        std::string scratchName;   // as created (renamed if it clashed with an existing object)
    };
    std::vector<Created> created;
    {
        ScratchSavepoint savepoint(db);
        Statement addStat(db, "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)");
        for (size_t i = 0; i < candidates.size(); ++i) {
            const auto& cand = candidates[i];
            const std::string name = cand.name.empty() ? "pw_candidate_" + std::to_string(i + 1) : cand.name;
            std::string scratchName = name;
            while (hasObject(db, scratchName))
                scratchName += "_whatif";
            if (cand.columns.empty()) {
                result.unused.push_back(name);
                result.notes.push_back("candidate " + name + " has no columns");
                continue;
            }
            try {
                execScript(db, createIndexSql(cand, scratchName));
                std::string method;
                const auto stat = candidateStat1(cand, &method);
                if (!stat.empty()) {
                    addStat.bind(1, cand.table).bind(2, scratchName).bind(3, formatStat1(stat));
                    addStat.step();
                    addStat.reset();
                }
                result.notes.push_back("candidate " + name + (stat.empty() ? "" : " stat1 '" + formatStat1(stat) + "'") +
                                       ": " + method);
                if (const auto size = candidateSize(cand))
                    result.sizeBytes[name] = *size;
                created.push_back({name, scratchName});
            } catch (const ConnectorError& e) {
                result.unused.push_back(name);
                result.notes.push_back("candidate " + name + " could not be created: " + e.what());
            }
        }
        execScript(db, "ANALYZE sqlite_schema");
        result.after = explainQueryPlanOn(db, sql);
    }

    for (const auto& c : created) {
        const bool used = std::any_of(result.after.begin(), result.after.end(),
                                      [&](const plan::SqliteEqpRow& r) { return detailUsesIndex(r.detail, c.scratchName); });
        (used ? result.used : result.unused).push_back(c.name);
    }
    return result;
}

std::string SqliteWhatIf::method() const
{
    return "SQLite " + m_source.libraryVersion() +
           " planner on an empty in-memory copy of the schema with the database's sqlite_stat1 (candidate "
           "statistics estimated from the data)";
}

advisor::WhatIfOutcome SqliteWhatIf::evaluate(const std::string& sql, const std::vector<catalog::Index>& candidates)
{
    advisor::WhatIfOutcome outcome;
    try {
        const WhatIfResult r = compare(sql, candidates);
        outcome.planBefore = formatEqp(r.before);
        outcome.planAfter = formatEqp(r.after);
        outcome.usedIndexes = r.used;
        // The size of what would be built: every candidate, if each is known.
        if (r.sizeBytes.size() == candidates.size()) {
            int64_t total = 0;
            for (const auto& [name, bytes] : r.sizeBytes)
                total += bytes;
            outcome.sizeBytes = total;
        }
    } catch (const ConnectorError& e) {
        outcome.error = e.what();
    }
    return outcome;
}

std::string formatEqp(const std::vector<plan::SqliteEqpRow>& rows)
{
    std::map<int, int> depth;
    std::string out;
    for (const auto& r : rows) {
        const auto parent = depth.find(r.parent);
        const int d = parent == depth.end() ? 0 : parent->second + 1;
        depth[r.id] = d;
        out += std::string(size_t(2 * d), ' ') + r.detail + '\n';
    }
    return out;
}

} // namespace planwise::sqlite
