#pragma once
// Internal to pw_plan: the per-format readers behind parsePlan() and the
// helpers they share. Not for use outside analyzer/plan.
#include "analyzer/plan/plan.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planwise::plan::detail {

// Readers recurse per nesting level, each level holding a PlanNode: deeper input is
// reported as an error instead of exhausting the stack. Real plans stay far below.
constexpr int kMaxPlanDepth = 1000;

// One line of input after psql framing was removed, with its 1-based line in the original text.
struct InputLine {
    std::string text;
    int64_t line = 0;
};

class ParseContext {
public:
    ParseContext(ParseResult& result, std::string file) : m_result(result), m_file(std::move(file)) {}
    Plan& plan() { return m_result.plan; }
    // An error means part of the input was lost: the result is marked partial.
    void error(int64_t line, std::string message, int64_t byteOffset = -1);
    void warning(int64_t line, std::string message);
    // A line of the plan that could not be read: a warning, and the result is marked partial.
    void skipped(int64_t line, std::string message);

private:
    ParseResult& m_result;
    std::string m_file;
};

// Removes what psql and terminals add around a plan: command echo, the
// "QUERY PLAN" header and its rule, ascii/unicode borders, "+" and "↵"
// continuation marks, "(N rows)" footers, and re-joins lines a terminal
// wrapped at a fixed width.
std::vector<InputLine> unframePsql(std::string_view text);
std::string joinLines(const std::vector<InputLine>& lines);
// Original line of a byte offset into joinLines(lines).
int64_t lineOfOffset(const std::vector<InputLine>& lines, size_t offset);

std::optional<double> parseNumber(std::string_view s);  // also "1.5e3", "12.0", " 42 "
std::optional<double> jsonNumber(const nlohmann::json& v); // numbers and numeric strings (MySQL 5.7/8.0)
std::string jsonText(const nlohmann::json& v);           // scalar as text, arrays joined by ", "

// Parses JSON; on failure reports the error with the original line and returns false.
bool parseJsonText(const std::vector<InputLine>& lines, ParseContext& ctx, nlohmann::json& out);

// The "(cost=..)" "(actual ..)" "(never executed)" groups of PostgreSQL text and MySQL TREE lines.
struct TextFigures {
    std::optional<double> startupCost, totalCost, planRows, planWidth;
    std::optional<double> actualStartup, actualTotal, actualRows, loops;
    bool neverExecuted = false;
};
TextFigures parseTextFigures(std::string_view groups);
size_t textFiguresStart(std::string_view line);  // npos when the line has no figure group

AccessKind pgAccessKind(std::string_view nodeType);
// "Actual-Total-Time", "I/O Read Time" -> "actual total time", "i o read time".
std::string normalizePgKey(std::string_view key);
// One PostgreSQL node property (normalized key) into the node; unknown ones go to extra[rawKey].
void applyPgProperty(PlanNode& n, const std::string& key, const std::string& rawKey, const nlohmann::json& v);

// PostgreSQL's JSON shape (also what the YAML and XML readers produce).
void planFromPgJson(const nlohmann::json& doc, ParseContext& ctx);

void parsePgJson(const std::vector<InputLine>& lines, ParseContext& ctx);
void parsePgYaml(const std::vector<InputLine>& lines, ParseContext& ctx);
void parsePgXml(const std::vector<InputLine>& lines, ParseContext& ctx);
void parsePgText(const std::vector<InputLine>& lines, ParseContext& ctx);
void parseMySqlJson(const std::vector<InputLine>& lines, ParseContext& ctx);  // v1 and MariaDB
void parseMySqlJsonV2(const std::vector<InputLine>& lines, ParseContext& ctx);
void parseMySqlTree(const std::vector<InputLine>& lines, ParseContext& ctx);
void parseMySqlTable(std::string_view text, ParseContext& ctx);
void parseSqliteText(const std::vector<InputLine>& lines, ParseContext& ctx);

// A MySQL TREE / JSON v2 operation text ("Index lookup on t using i (a=1)") into operation, access kind and names.
void classifyMySqlTreeOperation(std::string_view op, PlanNode& n);

// MySQL/MariaDB access type (ALL, ref, range, ...) and Extra notes to an access kind and flags.
void applyMySqlAccess(PlanNode& n, std::string_view accessType);
void applyMySqlExtra(PlanNode& n, std::string_view extraText);

} // namespace planwise::plan::detail
