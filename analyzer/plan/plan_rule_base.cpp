#include "analyzer/plan/plan_rule_base.h"

#include "analyzer/core/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace planwise::plan::detail {

Finding PlanRule::finding(const PlanNode& n, FindingSeverity severity, std::string title) const
{
    Finding f;
    f.ruleId = id();
    f.severity = severity;
    f.title = std::move(title);
    f.nodeId = n.id;
    f.table = n.relation;
    f.evidence.push_back({"node", fmt::format("#{} {}", n.id, n.label())});
    return f;
}

std::string formatMs(double ms)
{
    if (ms >= 1000.0)
        return fmt::format("{:.2f} s", ms / 1000.0);
    if (ms >= 10.0)
        return fmt::format("{:.1f} ms", ms);
    return fmt::format("{:.3f} ms", ms);
}

std::string formatCount(double n)
{
    if (std::fabs(n - std::round(n)) > 1e-9 && std::fabs(n) < 100)
        return fmt::format("{:.2f}", n);
    std::string digits = fmt::format("{:.0f}", std::fabs(n));
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

std::string formatPct(double fraction)
{
    return fmt::format("{:.1f}%", fraction * 100.0);
}

std::string formatFactor(double f)
{
    return f >= 100 ? fmt::format("{:.0f}x", f) : fmt::format("{:.1f}x", f);
}

std::string formatKb(double kb)
{
    if (kb >= 1024.0 * 1024.0)
        return fmt::format("{:.1f} GB", kb / 1024.0 / 1024.0);
    if (kb >= 1024.0)
        return fmt::format("{:.1f} MB", kb / 1024.0);
    return fmt::format("{:.0f} kB", kb);
}

namespace {

bool isIdentChar(char c) { return isAsciiAlpha(c) || isAsciiDigit(c) || c == '_' || c == '$'; }

bool isKeyword(std::string_view w)
{
    for (std::string_view k : {"and", "or", "not", "is", "null", "true", "false", "in", "any", "all", "like", "ilike",
                               "between", "case", "when", "then", "else", "end", "select", "exists"})
        if (iequals(w, k))
            return true;
    return false;
}

} // namespace

std::vector<std::string> conditionColumns(const std::string& condition)
{
    std::vector<std::string> cols;
    const std::string& s = condition;
    size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == '\'') {  // skip string literals
            for (++i; i < s.size() && s[i] != '\''; ++i) {
            }
            ++i;
            continue;
        }
        if (c == ':' && i + 1 < s.size() && s[i + 1] == ':') {  // skip ::type casts
            i += 2;
            while (i < s.size() && (isIdentChar(s[i]) || s[i] == ' ' || s[i] == '.')) {
                if (s[i] == ' ' && !(i + 1 < s.size() && isAsciiAlpha(s[i + 1]) && s.compare(i + 1, 7, "without") == 0))
                    break;
                ++i;
            }
            continue;
        }
        if (isAsciiAlpha(c) || c == '_' || c == '`' || c == '"') {
            // An identifier path: a.b.c, `t`.`c`, "T"."c"
            std::string last;
            size_t j = i;
            while (j < s.size()) {
                if (s[j] == '`' || s[j] == '"') {
                    const char q = s[j];
                    const size_t close = s.find(q, j + 1);
                    if (close == std::string::npos)
                        break;
                    last = s.substr(j + 1, close - j - 1);
                    j = close + 1;
                } else if (isAsciiAlpha(s[j]) || s[j] == '_') {
                    size_t k = j;
                    while (k < s.size() && isIdentChar(s[k]))
                        ++k;
                    last = s.substr(j, k - j);
                    j = k;
                } else {
                    break;
                }
                if (j < s.size() && s[j] == '.')
                    ++j;
                else
                    break;
            }
            size_t k = j;
            while (k < s.size() && s[k] == ' ')
                ++k;
            const bool call = k < s.size() && s[k] == '(';
            // A column is followed by a comparison (or IS/IN/LIKE/BETWEEN), never by "(".
            bool compared = false;
            if (k < s.size() && (s[k] == '=' || s[k] == '<' || s[k] == '>' || s[k] == '!' || s[k] == '~'))
                compared = true;
            for (std::string_view op : {"IS ", "IN ", "IN(", "LIKE ", "ILIKE ", "BETWEEN ", "NOT "})
                if (s.compare(k, op.size(), op) == 0 || iequals(std::string_view(s).substr(k, op.size()), op))
                    compared = true;
            // or preceded by one: "5 < a"
            size_t b = i;
            while (b > 0 && s[b - 1] == ' ')
                --b;
            if (b > 0 && (s[b - 1] == '=' || s[b - 1] == '<' || s[b - 1] == '>'))
                compared = true;
            // MySQL's internal markers: <in_optimizer>(...), <cache>(...), <exists>(...)
            const bool marker = i > 0 && s[i - 1] == '<' && j < s.size() && s[j] == '>';
            if (!call && !marker && compared && !last.empty() && !isKeyword(last)
                && std::find(cols.begin(), cols.end(), last) == cols.end())
                cols.push_back(last);
            i = std::max(j, i + 1);
            continue;
        }
        ++i;
    }
    return cols;
}

int joinAncestor(const Plan& plan, const PlanNode& n)
{
    for (int p = n.parentId; p >= 0;) {
        const PlanNode* a = plan.node(p);
        if (!a)
            break;
        if (a->access == AccessKind::Join)
            return p;
        p = a->parentId;
    }
    return -1;
}

} // namespace planwise::plan::detail
