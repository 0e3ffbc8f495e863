#include "connectors/sqlite/sqlite_sql_text.h"

#include "analyzer/core/text.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace planwise::sqlite {

namespace {

// Index just past the quoted identifier/string or comment starting at i, or i
// when none starts there. SQLite quotes with '…', "…", `…` and […].
size_t skipQuotedOrComment(std::string_view s, size_t i)
{
    const char c = s[i];
    if (c == '\'' || c == '"' || c == '`') {
        for (size_t j = i + 1; j < s.size(); ++j)
            if (s[j] == c) {
                if (j + 1 < s.size() && s[j + 1] == c) {   // doubled quote
                    ++j;
                    continue;
                }
                return j + 1;
            }
        return s.size();
    }
    if (c == '[') {
        const size_t end = s.find(']', i + 1);
        return end == std::string_view::npos ? s.size() : end + 1;
    }
    if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
        const size_t end = s.find('\n', i + 2);
        return end == std::string_view::npos ? s.size() : end + 1;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
        const size_t end = s.find("*/", i + 2);
        return end == std::string_view::npos ? s.size() : end + 2;
    }
    return i;
}

// Words of a term from the end, skipping quoted parts, so "x COLLATE nocase DESC" can be trimmed.
std::string_view lastWord(std::string_view s)
{
    size_t end = s.size();
    while (end > 0 && isAsciiSpace(s[end - 1]))
        --end;
    size_t begin = end;
    while (begin > 0 && (isAsciiAlpha(s[begin - 1]) || isAsciiDigit(s[begin - 1]) || s[begin - 1] == '_'))
        --begin;
    return s.substr(begin, end - begin);
}

std::string_view dropLastWord(std::string_view s)
{
    const std::string_view w = lastWord(s);
    return trim(s.substr(0, size_t(w.data() - s.data())));
}

} // namespace

std::optional<CreateIndexParts> splitCreateIndex(std::string_view sql)
{
    size_t open = std::string_view::npos;
    for (size_t i = 0; i < sql.size();) {
        const size_t skipped = skipQuotedOrComment(sql, i);
        if (skipped != i) {
            i = skipped;
            continue;
        }
        if (sql[i] == '(') {
            open = i;
            break;
        }
        ++i;
    }
    if (open == std::string_view::npos)
        return std::nullopt;

    CreateIndexParts parts;
    int depth = 0;
    size_t termStart = open + 1;
    size_t close = std::string_view::npos;
    for (size_t i = open; i < sql.size();) {
        const size_t skipped = skipQuotedOrComment(sql, i);
        if (skipped != i) {
            i = skipped;
            continue;
        }
        const char c = sql[i];
        if (c == '(') {
            ++depth;
        } else if (c == ')') {
            if (--depth == 0) {
                close = i;
                break;
            }
        } else if (c == ',' && depth == 1) {
            parts.terms.emplace_back(trim(sql.substr(termStart, i - termStart)));
            termStart = i + 1;
        }
        ++i;
    }
    if (close == std::string_view::npos)
        return std::nullopt;
    parts.terms.emplace_back(trim(sql.substr(termStart, close - termStart)));

    std::string_view rest = trim(sql.substr(close + 1));
    if (istartsWith(rest, "where") && (rest.size() == 5 || !isAsciiAlpha(rest[5]))) {
        rest = trim(rest.substr(5));
        while (!rest.empty() && rest.back() == ';')
            rest = trim(rest.substr(0, rest.size() - 1));
        parts.predicate = std::string(rest);
    }
    return parts;
}

std::string indexTermExpression(std::string_view term)
{
    std::string_view t = trim(term);
    if (iequals(lastWord(t), "asc") || iequals(lastWord(t), "desc"))
        t = dropLastWord(t);
    // "… COLLATE name": the collation name is the last word, COLLATE the one before.
    const std::string_view name = lastWord(t);
    if (!name.empty() && name.size() < t.size() && iequals(lastWord(dropLastWord(t)), "collate"))
        t = dropLastWord(dropLastWord(t));
    return std::string(t);
}

bool onlyCommentsAndSpace(std::string_view text)
{
    for (size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (isAsciiSpace(c) || c == ';') {
            ++i;
            continue;
        }
        if ((c == '-' || c == '/') && skipQuotedOrComment(text, i) != i) {
            i = skipQuotedOrComment(text, i);
            continue;
        }
        return false;
    }
    return true;
}

std::string firstKeyword(std::string_view sql)
{
    size_t i = 0;
    while (i < sql.size()) {
        if (isAsciiSpace(sql[i])) {
            ++i;
            continue;
        }
        if ((sql[i] == '-' || sql[i] == '/') && skipQuotedOrComment(sql, i) != i) {
            i = skipQuotedOrComment(sql, i);
            continue;
        }
        break;
    }
    size_t j = i;
    while (j < sql.size() && isAsciiAlpha(sql[j]))
        ++j;
    return toLower(sql.substr(i, j - i));
}

std::vector<double> parseStat1(std::string_view stat)
{
    std::vector<double> out;
    size_t i = 0;
    while (i < stat.size()) {
        while (i < stat.size() && stat[i] == ' ')
            ++i;
        size_t j = i;
        while (j < stat.size() && isAsciiDigit(stat[j]))
            ++j;
        if (j == i || (j < stat.size() && stat[j] != ' '))
            break;   // "unordered", "sz=12", "noskipscan": the numbers are over
        out.push_back(std::strtod(std::string(stat.substr(i, j - i)).c_str(), nullptr));
        i = j;
    }
    return out;
}

std::string formatStat1(const std::vector<double>& rows)
{
    std::string out;
    for (double r : rows) {
        if (!out.empty())
            out += ' ';
        out += std::to_string(std::max<long long>(1, std::llround(r)));
    }
    return out;
}

} // namespace planwise::sqlite
