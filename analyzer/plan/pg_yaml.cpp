// PostgreSQL's YAML EXPLAIN. PostgreSQL writes a small, regular subset of
// YAML (block maps and lists, double-quoted strings, plain numbers and
// booleans), so a dedicated reader turns it into the JSON shape planFromPgJson reads.
#include "analyzer/core/text.h"
#include "analyzer/plan/plan_parsers.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

namespace planwise::plan::detail {

namespace {

using json = nlohmann::json;

struct YamlLine {
    size_t indent = 0;
    bool dash = false;      // a list item
    std::string_view text;  // after the indentation (and after "- " for list items)
    int64_t line = 0;
};

json scalar(std::string_view v)
{
    v = trim(v);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
        std::string s;
        for (size_t i = 1; i + 1 < v.size(); ++i) {
            if (v[i] == '\\' && i + 2 < v.size()) {
                ++i;
                s += v[i] == 'n' ? '\n' : v[i] == 't' ? '\t' : v[i];
            } else {
                s += v[i];
            }
        }
        return s;
    }
    if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'')
        return std::string(v.substr(1, v.size() - 2));
    if (v == "true")
        return true;
    if (v == "false")
        return false;
    if (auto n = parseNumber(v))
        return *n;
    return std::string(v);
}

class YamlReader {
public:
    YamlReader(std::vector<YamlLine> lines, ParseContext& ctx) : m_lines(std::move(lines)), m_ctx(ctx) {}

    json parse()
    {
        size_t i = 0;
        json out = m_lines.empty() ? json() : node(i);
        if (i < m_lines.size() && m_depth == 0)
            m_ctx.error(m_lines[i].line, fmt::format("unexpected indentation in YAML plan at \"{}\"",
                                                     m_lines[i].text.substr(0, 60)));
        return out;
    }

private:
    json node(size_t& i)
    {
        // Each level of indentation is a level of recursion.
        if (++m_depth > 4 * kMaxPlanDepth) {
            m_ctx.error(m_lines[i].line, "YAML plan nested too deeply; the rest is ignored");
            i = m_lines.size();
            --m_depth;
            return json();
        }
        struct Leave {
            int& depth;
            ~Leave() { --depth; }
        } leave{m_depth};
        if (m_lines[i].dash)
            return list(i, m_lines[i].indent);
        return map(i, m_lines[i].indent);
    }

    json list(size_t& i, size_t indent)
    {
        json arr = json::array();
        while (i < m_lines.size() && m_lines[i].indent == indent && m_lines[i].dash) {
            YamlLine& l = m_lines[i];
            if (l.text.empty()) {
                ++i;
                if (i < m_lines.size() && m_lines[i].indent > indent)
                    arr.push_back(node(i));
            } else if (l.text.find(": ") != std::string_view::npos || l.text.back() == ':') {
                // "- Key: value" opens a map whose keys sit two columns right of the dash.
                l.dash = false;
                l.indent = indent + 2;
                arr.push_back(map(i, indent + 2));
            } else {
                arr.push_back(scalar(l.text));
                ++i;
            }
        }
        return arr;
    }

    json map(size_t& i, size_t indent)
    {
        json obj = json::object();
        while (i < m_lines.size() && m_lines[i].indent == indent && !m_lines[i].dash) {
            const YamlLine& l = m_lines[i];
            std::string_view key = l.text;
            std::string_view value;
            if (auto c = l.text.find(": "); c != std::string_view::npos) {
                key = l.text.substr(0, c);
                value = trim(l.text.substr(c + 2));
            } else if (!l.text.empty() && l.text.back() == ':') {
                key = l.text.substr(0, l.text.size() - 1);
            } else {
                m_ctx.error(l.line, fmt::format("expected \"Key: value\" in YAML plan, got \"{}\"", l.text.substr(0, 60)));
                ++i;
                continue;
            }
            ++i;
            const std::string k(trim(key));
            if (!value.empty())
                obj[k] = scalar(value);
            else if (i < m_lines.size()
                     && (m_lines[i].indent > indent || (m_lines[i].indent == indent && m_lines[i].dash)))
                obj[k] = node(i);
            else
                obj[k] = nullptr;
        }
        return obj;
    }

    std::vector<YamlLine> m_lines;
    ParseContext& m_ctx;
    int m_depth = 0;
};

} // namespace

void parsePgYaml(const std::vector<InputLine>& lines, ParseContext& ctx)
{
    std::vector<YamlLine> yl;
    for (const auto& l : lines) {
        std::string_view t = l.text;
        size_t indent = 0;
        while (indent < t.size() && t[indent] == ' ')
            ++indent;
        std::string_view text = t.substr(indent);
        while (!text.empty() && isAsciiSpace(text.back()))
            text.remove_suffix(1);
        if (text.empty())
            continue;
        YamlLine y{indent, false, text, l.line};
        if (text == "-" || text.substr(0, 2) == "- ") {
            y.dash = true;
            y.text = trim(text.substr(1));
        }
        yl.push_back(y);
    }
    YamlReader reader(std::move(yl), ctx);
    const json doc = reader.parse();
    planFromPgJson(doc, ctx);
}

} // namespace planwise::plan::detail
