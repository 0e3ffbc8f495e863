// parsePlan(): format detection and dispatch to the per-format readers.
#include "analyzer/core/text.h"
#include "analyzer/plan/plan_parsers.h"

#include <fmt/format.h>

namespace planwise::plan {

namespace detail {

void ParseContext::error(int64_t line, std::string message, int64_t byteOffset)
{
    m_result.partial = true;
    m_result.diagnostics.push_back({Severity::Error, m_file, line, byteOffset, std::move(message)});
}

void ParseContext::warning(int64_t line, std::string message)
{
    m_result.diagnostics.push_back({Severity::Warning, m_file, line, -1, std::move(message)});
}

void ParseContext::skipped(int64_t line, std::string message)
{
    m_result.partial = true;
    warning(line, std::move(message));
}

} // namespace detail

namespace {

using detail::InputLine;

bool contains(std::string_view s, std::string_view what) { return s.find(what) != std::string_view::npos; }

std::string_view firstNonBlank(const std::vector<InputLine>& lines)
{
    for (const auto& l : lines)
        if (!trim(l.text).empty())
            return trim(l.text);
    return {};
}

// A MySQL client's vertical output ("*** 1. row ***", "EXPLAIN: {") or a one-cell
// table around JSON/TREE output: keep the cell's content.
std::vector<InputLine> unframeMySqlCell(std::vector<InputLine> lines)
{
    std::vector<InputLine> out;
    for (auto& l : lines) {
        std::string_view t = trim(l.text);
        if (t.find("*** ") != std::string_view::npos && t.find(". row ***") != std::string_view::npos)
            continue;
        if (iequals(t, "EXPLAIN") && out.empty())
            continue;
        if (istartsWith(t, "EXPLAIN: ")) {
            l.text = std::string(t.substr(9));
        }
        out.push_back(std::move(l));
    }
    return out;
}

bool looksLikeMySqlTable(std::string_view text)
{
    // Header of the traditional EXPLAIN, bordered or tab-separated.
    return contains(text, "select_type") && (contains(text, "possible_keys") || contains(text, "\ttable")
                                             || contains(text, "| table"));
}

bool looksLikeSqliteEqp(std::string_view first, std::string_view text)
{
    if (istartsWith(first, "QUERY PLAN") && (contains(text, "|--") || contains(text, "`--")))
        return true;
    return istartsWith(first, "|--") || istartsWith(first, "`--") || istartsWith(first, "SCAN ")
           || istartsWith(first, "SEARCH ");
}

std::optional<PlanFormat> detectFromLines(const std::vector<InputLine>& lines, std::string_view raw)
{
    const std::string_view first = firstNonBlank(lines);
    if (first.empty())
        return std::nullopt;
    if (first.front() == '[' || first.front() == '{') {
        if (contains(raw, "query_block")) {
            // MariaDB prints neither cost_info nor the version header MySQL's JSON carries.
            // MariaDB's ANALYZE figures and wrappers; its plain EXPLAIN reads the same as MySQL's.
            for (std::string_view marker : {"\"r_loops\"", "\"r_total_time_ms\"", "\"block-nl-join\"",
                                            "\"range-checked-for-each-record\"", "\"filesort\":",
                                            "\"temporary_table\":", "\"expression_cache\""})
                if (contains(raw, marker))
                    return PlanFormat::MariaDbJson;
            return PlanFormat::MySqlJson;
        }
        if (contains(raw, "\"Node Type\"") || contains(raw, "\"Plan\""))
            return PlanFormat::PostgresJson;
        if (contains(raw, "\"operation\""))
            return PlanFormat::MySqlJsonV2;
        return PlanFormat::PostgresJson;
    }
    if (first.front() == '<')
        return PlanFormat::PostgresXml;
    if (istartsWith(first, "- Plan:") || istartsWith(first, "Plan:") || istartsWith(first, "- Query Text:"))
        return PlanFormat::PostgresYaml;
    if (istartsWith(first, "->") || istartsWith(first, "EXPLAIN: ->"))
        return PlanFormat::MySqlTree;
    if (looksLikeSqliteEqp(first, raw))
        return PlanFormat::SqliteEqp;
    return PlanFormat::PostgresText;
}

// The sqlite3 shell draws its tree with "|--" and "`--": before psql unframing, which would take "|" for a border.
bool looksLikeSqliteShell(std::string_view text)
{
    for (size_t pos = 0; pos < text.size();) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos)
            nl = text.size();
        const std::string_view l = trim(text.substr(pos, nl - pos));
        pos = nl + 1;
        if (l.empty() || iequals(l, "QUERY PLAN"))
            continue;
        return istartsWith(l, "|--") || istartsWith(l, "`--");
    }
    return false;
}

std::vector<InputLine> plainLines(std::string_view text)
{
    std::vector<InputLine> out;
    int64_t line = 0;
    for (size_t pos = 0; pos <= text.size();) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos)
            nl = text.size();
        std::string_view l = text.substr(pos, nl - pos);
        if (!l.empty() && l.back() == '\r')
            l.remove_suffix(1);
        out.push_back({std::string(l), ++line});
        pos = nl + 1;
    }
    return out;
}

size_t countOf(std::string_view text, std::string_view what)
{
    size_t n = 0;
    for (size_t pos = text.find(what); pos != std::string_view::npos; pos = text.find(what, pos + what.size()))
        ++n;
    return n;
}

size_t estimateNodeCount(std::string_view text, PlanFormat format)
{
    switch (format) {
    case PlanFormat::PostgresText:
    case PlanFormat::MySqlTree: return countOf(text, "->") + 1;
    case PlanFormat::PostgresJson:
    case PlanFormat::PostgresYaml: return countOf(text, "Node Type");
    case PlanFormat::PostgresXml: return countOf(text, "<Node-Type>");
    case PlanFormat::MySqlJsonV2: return countOf(text, "\"operation\"");
    case PlanFormat::MySqlJson:
    case PlanFormat::MariaDbJson: return countOf(text, "\"table") + countOf(text, "query_block") + 8;
    case PlanFormat::MySqlTable:
    case PlanFormat::SqliteEqp: return countOf(text, "\n") + 2;
    }
    return 0;
}

} // namespace

std::optional<PlanFormat> detectPlanFormat(std::string_view text)
{
    if (looksLikeSqliteShell(text))
        return PlanFormat::SqliteEqp;
    if (looksLikeMySqlTable(text))
        return PlanFormat::MySqlTable;
    const auto lines = unframeMySqlCell(detail::unframePsql(text));
    return detectFromLines(lines, text);
}

ParseResult parsePlan(std::string_view text, std::optional<PlanFormat> format, const std::string& fileName)
{
    ParseResult result;
    detail::ParseContext ctx(result, fileName);
    if (trim(text).empty()) {
        ctx.error(0, "the input is empty: expected EXPLAIN output");
        return result;
    }
    if (!format)
        format = detectPlanFormat(text);
    if (!format) {
        ctx.error(1, "could not recognise the plan format (use --format)");
        return result;
    }
    // Nodes are large: one allocation up front instead of repeated moves while the vector grows.
    result.plan.nodes.reserve(estimateNodeCount(text, *format));
    result.plan.format = *format;
    result.plan.dialect = (*format == PlanFormat::SqliteEqp) ? Dialect::SQLite
                          : (*format == PlanFormat::PostgresJson || *format == PlanFormat::PostgresText
                             || *format == PlanFormat::PostgresYaml || *format == PlanFormat::PostgresXml)
                              ? Dialect::PostgreSQL
                              : Dialect::MySQL;
    result.plan.mariadb = *format == PlanFormat::MariaDbJson;

    if (*format == PlanFormat::MySqlTable) {
        detail::parseMySqlTable(text, ctx);
    } else if (*format == PlanFormat::SqliteEqp) {
        detail::parseSqliteText(plainLines(text), ctx);
    } else {
        auto lines = detail::unframePsql(text);
        if (result.plan.dialect == Dialect::MySQL)
            lines = unframeMySqlCell(std::move(lines));
        switch (*format) {
        case PlanFormat::PostgresJson: detail::parsePgJson(lines, ctx); break;
        case PlanFormat::PostgresText: detail::parsePgText(lines, ctx); break;
        case PlanFormat::PostgresYaml: detail::parsePgYaml(lines, ctx); break;
        case PlanFormat::PostgresXml: detail::parsePgXml(lines, ctx); break;
        case PlanFormat::MySqlJson:
        case PlanFormat::MariaDbJson: detail::parseMySqlJson(lines, ctx); break;
        case PlanFormat::MySqlJsonV2: detail::parseMySqlJsonV2(lines, ctx); break;
        case PlanFormat::MySqlTree: detail::parseMySqlTree(lines, ctx); break;
        case PlanFormat::SqliteEqp: detail::parseSqliteText(lines, ctx); break;
        case PlanFormat::MySqlTable: break;
        }
    }
    if (result.plan.nodes.empty() && result.ok() == false && result.diagnostics.empty())
        ctx.error(1, fmt::format("no plan node found in the input (read as {})", planFormatName(*format)));
    // A node cut off before its type was read (truncated input) still shows in the tree.
    for (auto& n : result.plan.nodes)
        if (n.operation.empty())
            n.operation = "(incomplete)";
    derivePlan(result.plan);
    return result;
}

} // namespace planwise::plan
