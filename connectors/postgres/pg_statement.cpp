#include "connectors/postgres/pg_statement.h"

#include "connectors/common/connector_error.h"

#include <nlohmann/json.hpp>
#include <pg_query.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace planwise::postgres {

using connectors::ConnectorError;
using connectors::ErrorKind;

namespace {

// libpg_query hands back C structs that own memory, errors included: free them
// on every path, exceptions too.
struct SplitResult {
    PgQuerySplitResult r;
    explicit SplitResult(const std::string& sql) : r(pg_query_split_with_parser(sql.c_str())) {}
    ~SplitResult() { pg_query_free_split_result(r); }
    SplitResult(const SplitResult&) = delete;
    SplitResult& operator=(const SplitResult&) = delete;
};

struct ParseResult {
    PgQueryParseResult r;
    explicit ParseResult(const std::string& sql) : r(pg_query_parse(sql.c_str())) {}
    ~ParseResult() { pg_query_free_parse_result(r); }
    ParseResult(const ParseResult&) = delete;
    ParseResult& operator=(const ParseResult&) = delete;
};

[[noreturn]] void parseFailed(const PgQueryError& e)
{
    std::string message = "the statement does not parse: ";
    message += e.message ? e.message : "syntax error";
    if (e.cursorpos > 0)
        message += " (at character " + std::to_string(e.cursorpos) + ")";
    throw ConnectorError(ErrorKind::QueryFailed, message, "42601");
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

// Functions whose effects a ROLLBACK does not undo.
constexpr std::array kIrreversibleFunctions{
    "nextval", "setval", "dblink", "dblink_exec", "dblink_send_query", "dblink_open", "pg_notify",
    "lo_import", "lo_export", "lo_unlink", "lo_create", "pg_terminate_backend", "pg_cancel_backend",
    "pg_reload_conf", "pg_rotate_logfile", "pg_switch_wal", "pg_advisory_lock", "pg_advisory_xact_lock_shared",
    "pg_file_write", "pg_logical_emit_message",
};

PgTableRef rangeVarRef(const nlohmann::json& rangeVar)
{
    const auto& rv = rangeVar.contains("RangeVar") ? rangeVar["RangeVar"] : rangeVar;
    return {rv.value("schemaname", ""), rv.value("relname", "")};
}

void walk(const nlohmann::json& node, PgStatement& out)
{
    if (node.is_array()) {
        for (const auto& child : node)
            walk(child, out);
        return;
    }
    if (!node.is_object())
        return;
    for (const auto& [key, value] : node.items()) {
        if (key == "InsertStmt" || key == "UpdateStmt" || key == "DeleteStmt" || key == "MergeStmt") {
            out.modifiesData = true;
            if (value.contains("relation"))
                out.targetTables.push_back(rangeVarRef(value["relation"]));
        } else if (key == "lockingClause") {
            out.modifiesData = true;   // row locks need a read-write transaction
        } else if (key == "FuncCall" && value.contains("funcname") && value["funcname"].is_array() &&
                   !value["funcname"].empty()) {
            const auto& last = value["funcname"].back();
            if (last.contains("String")) {
                const std::string name = lower(last["String"].value("sval", last["String"].value("str", "")));
                if (std::find(kIrreversibleFunctions.begin(), kIrreversibleFunctions.end(), name) !=
                    kIrreversibleFunctions.end())
                    out.irreversible.push_back("calls " + name + "(), which a rollback does not undo");
            }
        }
        walk(value, out);
    }
}

} // namespace

PgStatement parseSingleStatement(std::string_view sqlView)
{
    const std::string sql(sqlView);
    PgStatement out;
    {
        const SplitResult split(sql);
        if (split.r.error)
            parseFailed(*split.r.error);
        if (split.r.n_stmts == 0)
            throw ConnectorError(ErrorKind::Refused, "no SQL statement given (only whitespace or comments)");
        if (split.r.n_stmts > 1)
            throw ConnectorError(ErrorKind::Refused,
                                 "exactly one statement is allowed, but the text holds " +
                                     std::to_string(split.r.n_stmts) + " (separated by ';')");
        const PgQuerySplitStmt& s = *split.r.stmts[0];
        const size_t begin = size_t(std::max(0, s.stmt_location));
        const size_t len = s.stmt_len > 0 ? size_t(s.stmt_len) : std::string::npos;   // 0 = to the end
        out.text = sql.substr(begin, len);
    }
    while (!out.text.empty() && (std::isspace(static_cast<unsigned char>(out.text.back())) || out.text.back() == ';'))
        out.text.pop_back();
    while (!out.text.empty() && std::isspace(static_cast<unsigned char>(out.text.front())))
        out.text.erase(0, 1);

    const ParseResult parsed(out.text);
    if (parsed.r.error)
        parseFailed(*parsed.r.error);
    const auto tree = nlohmann::json::parse(parsed.r.parse_tree);
    const auto& stmts = tree.at("stmts");
    if (stmts.size() != 1)
        throw ConnectorError(ErrorKind::Refused, "exactly one statement is allowed");
    const auto& stmt = stmts[0].at("stmt");
    if (!stmt.is_object() || stmt.empty())
        throw ConnectorError(ErrorKind::Refused, "no SQL statement given");
    out.kind = stmt.begin().key();
    walk(stmt, out);
    return out;
}

bool isExplainable(const PgStatement& statement)
{
    return statement.kind == "SelectStmt" || statement.kind == "InsertStmt" || statement.kind == "UpdateStmt" ||
           statement.kind == "DeleteStmt" || statement.kind == "MergeStmt";
}

} // namespace planwise::postgres
