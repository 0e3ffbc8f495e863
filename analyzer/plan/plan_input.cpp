// Cleaning pasted plan text, and small value helpers every reader uses.
#include "analyzer/core/text.h"
#include "analyzer/plan/plan_parsers.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <fmt/format.h>

namespace planwise::plan::detail {

namespace {

constexpr std::string_view kBorderChars[] = {"|", "║", "│", "┃"};

bool startsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool endsWith(std::string_view s, std::string_view p)
{
    return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

std::string_view rtrim(std::string_view s)
{
    while (!s.empty() && isAsciiSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

// A rule line: only dashes, box-drawing characters, '+' and spaces.
bool isRuleLine(std::string_view s)
{
    s = trim(s);
    if (s.empty())
        return false;
    bool sawDash = false;
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '-' || c == '=') {
            sawDash = true;
            ++i;
        } else if (c == '+' || c == ' ' || c == '|') {
            ++i;
        } else if (c == 0xE2) {  // U+2500..U+257F box drawing are E2 94/95 xx
            if (i + 2 >= s.size())
                return false;
            const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
            if (c1 != 0x94 && c1 != 0x95)
                return false;
            sawDash = true;
            i += 3;
        } else {
            return false;
        }
    }
    return sawDash;
}

bool isRowCountFooter(std::string_view s)
{
    s = trim(s);
    if (s.size() < 5 || s.front() != '(' || s.back() != ')')
        return false;
    size_t i = 1;
    while (i < s.size() && isAsciiDigit(s[i]))
        ++i;
    if (i == 1 || i >= s.size() || s[i] != ' ')
        return false;
    for (++i; i + 1 < s.size(); ++i)
        if (!isAsciiAlpha(s[i]) && static_cast<unsigned char>(s[i]) < 0x80)
            return false;
    return true;
}

bool isCommandEcho(std::string_view s)
{
    const std::string_view t = trim(s);
    return startsWith(t, "$ ") || startsWith(t, "=# ") || startsWith(t, "=> ")
           || (t.find("=#") != std::string_view::npos && t.find("=#") < 40 && istartsWith(trim(t.substr(t.find("=#") + 2)), "explain"))
           || istartsWith(t, "explain ") || istartsWith(t, "explain(") || iequals(t, "explain");
}

bool isQueryPlanHeader(std::string_view s)
{
    return iequals(trim(s), "QUERY PLAN");
}

// `t` is trim(s), computed once per line by the caller: plan lines are deeply indented.
std::string_view stripBorders(std::string_view s, std::string_view t)
{
    for (auto b : kBorderChars) {
        if (startsWith(t, b)) {
            t.remove_prefix(b.size());
            t = rtrim(t);
            if (endsWith(t, b))
                t.remove_suffix(b.size());
            return rtrim(t);
        }
    }
    return rtrim(s);
}

// psql marks a value's embedded newlines with "+" in a fixed column (the
// cell is padded to its width) or with "↵" (unicode linestyle).
class ContinuationMarks {
public:
    explicit ContinuationMarks(const std::vector<std::string_view>& lines)
    {
        for (auto l : lines) {
            const std::string_view r = rtrim(l);
            if (r.size() >= 2 && r.back() == '+' && isAsciiSpace(r[r.size() - 2]))
                m_columns.push_back(r.size());
        }
    }
    bool marked(std::string_view l) const
    {
        const std::string_view r = rtrim(l);
        if (endsWith(r, "↵"))
            return true;
        if (r.empty() || r.back() != '+')
            return false;
        if (r.size() >= 2 && isAsciiSpace(r[r.size() - 2]))
            return true;
        // A value exactly as wide as the column leaves no space before the mark.
        return std::find(m_columns.begin(), m_columns.end(), r.size()) != m_columns.end();
    }

private:
    std::vector<size_t> m_columns;
};

// A line that starts a new plan line (node, property, markup) rather than continuing a wrapped one.
bool startsFreshLine(std::string_view l)
{
    const std::string_view t = trim(l);
    if (t.empty() || startsWith(t, "->") || t.front() == '<' || t.front() == '"' || t.front() == '{'
        || t.front() == '}' || t.front() == '[' || t.front() == ']' || t.front() == '(' || t.front() == '|')
        return true;
    if (t.front() < 'A' || t.front() > 'Z')
        return false;
    // "Key Words: value"
    const size_t colon = t.find(": ");
    if (colon == std::string_view::npos || colon > 40)
        return false;
    for (size_t i = 0; i < colon; ++i) {
        const char c = t[i];
        if (!isAsciiAlpha(c) && !isAsciiDigit(c) && c != ' ' && c != '/' && c != '-' && c != '_')
            return false;
    }
    return true;
}

// A terminal that wraps at W columns leaves several lines exactly W long.
size_t wrapWidth(const std::vector<std::string_view>& lines, const ContinuationMarks& marks)
{
    size_t width = 0;
    for (auto l : lines)
        width = std::max(width, l.size());
    if (width < 40)
        return 0;
    size_t atWidth = 0;
    for (auto l : lines)
        if (l.size() == width && !marks.marked(l))
            ++atWidth;
    return atWidth >= 3 ? width : 0;
}

} // namespace

std::vector<InputLine> unframePsql(std::string_view text)
{
    std::vector<std::string_view> raw;
    for (size_t pos = 0; pos <= text.size();) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos)
            nl = text.size();
        std::string_view l = text.substr(pos, nl - pos);
        if (!l.empty() && l.back() == '\r')
            l.remove_suffix(1);
        raw.push_back(l);
        pos = nl + 1;
    }
    // Wrapped terminal output, without borders: re-join before anything else.
    std::vector<InputLine> joined;
    const ContinuationMarks marks(raw);
    const size_t width = wrapWidth(raw, marks);
    for (size_t i = 0; i < raw.size(); ++i) {
        InputLine il{std::string(raw[i]), static_cast<int64_t>(i + 1)};
        while (width > 0 && raw[i].size() == width && i + 1 < raw.size() && !marks.marked(raw[i])
               && !startsFreshLine(raw[i + 1]) && (isRuleLine(raw[i + 1]) || !isRuleLine(raw[i]))
               && !startsWith(trim(raw[i]), "|") && !startsWith(trim(raw[i]), "║")) {
            ++i;
            il.text += raw[i];
        }
        joined.push_back(std::move(il));
    }

    // Drop a command echo and header only when a QUERY PLAN header confirms psql output.
    size_t start = 0;
    for (size_t i = 0; i < joined.size() && i < 40; ++i) {
        if (isQueryPlanHeader(stripBorders(joined[i].text, trim(joined[i].text)))) {
            start = i + 1;
            break;
        }
    }
    std::vector<InputLine> out;
    for (size_t i = start; i < joined.size(); ++i) {
        std::string_view l = joined[i].text;
        const std::string_view t = trim(l);
        if (start == 0 && out.empty() && isCommandEcho(t))
            continue;
        // Rules, footers, and SQL comments users leave around a pasted plan ("-- before the fix:").
        if (isRuleLine(t) || isRowCountFooter(t) || t.substr(0, 3) == "-- ")
            continue;
        l = stripBorders(l, t);
        if (t.size() < 64 && isQueryPlanHeader(l))
            continue;
        if (marks.marked(l)) {
            const std::string_view r = rtrim(l);
            l = rtrim(r.substr(0, r.size() - (endsWith(r, "↵") ? std::string_view("↵").size() : 1)));
        }
        out.push_back({std::string(l), joined[i].line});
    }
    while (!out.empty() && trim(out.back().text).empty())
        out.pop_back();
    size_t firstText = 0;
    while (firstText < out.size() && trim(out[firstText].text).empty())
        ++firstText;
    out.erase(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(firstText));
    return out;
}

std::string joinLines(const std::vector<InputLine>& lines)
{
    std::string s;
    for (const auto& l : lines) {
        s += l.text;
        s += '\n';
    }
    return s;
}

int64_t lineOfOffset(const std::vector<InputLine>& lines, size_t offset)
{
    size_t pos = 0;
    for (const auto& l : lines) {
        pos += l.text.size() + 1;
        if (offset < pos)
            return l.line;
    }
    return lines.empty() ? 0 : lines.back().line;
}

std::optional<double> parseNumber(std::string_view s)
{
    s = trim(s);
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    if (s.empty())
        return std::nullopt;
    double v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size())
        return std::nullopt;
    return v;
}

std::optional<double> jsonNumber(const nlohmann::json& v)
{
    if (v.is_number())
        return v.get<double>();
    if (v.is_string())
        return parseNumber(v.get_ref<const std::string&>());
    if (v.is_boolean())
        return v.get<bool>() ? 1.0 : 0.0;
    return std::nullopt;
}

std::string jsonText(const nlohmann::json& v)
{
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_null())
        return {};
    if (v.is_array()) {
        std::string s;
        for (const auto& e : v) {
            if (!s.empty())
                s += ", ";
            s += jsonText(e);
        }
        return s;
    }
    if (v.is_number_float()) {
        const double d = v.get<double>();
        return fmt::format("{}", d);
    }
    return v.dump();
}

bool parseJsonText(const std::vector<InputLine>& lines, ParseContext& ctx, nlohmann::json& out)
{
    const std::string text = joinLines(lines);
    try {
        // Pointers, not string iterators: nlohmann's contiguous-input lexer is markedly faster.
        out = nlohmann::json::parse(text.data(), text.data() + text.size());
        return true;
    } catch (const nlohmann::json::parse_error& e) {
        const int64_t line = lineOfOffset(lines, e.byte > 0 ? e.byte - 1 : 0);
        std::string what = e.what();
        // nlohmann's message starts with "[json.exception.parse_error.101] parse error at line 1, column 2: "
        if (auto colon = what.find(": "); colon != std::string::npos && what.find("syntax error") != std::string::npos)
            what = what.substr(what.find("syntax error"));
        ctx.error(line, fmt::format("JSON plan is malformed or truncated: {}", what));
        return false;
    }
}

} // namespace planwise::plan::detail
