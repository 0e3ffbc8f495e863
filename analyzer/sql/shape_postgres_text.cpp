// PostgreSQL: a predicate's text as written, cut from the statement by the tree's locations.
#include "analyzer/sql/shape_pg_walker.h"

#include "analyzer/core/text.h"
#include "analyzer/sql/shape_common.h"

#include <fmt/format.h>

namespace planwise::sql::detail::pg {

// --------------------------------------------------------------------------- evidence text

void PgWalker::span(const json& node, int& lo, int& hi) const
{
    if (node.is_object()) {
        for (auto it = node.begin(); it != node.end(); ++it) {
            if (it.key() == "location" && it.value().is_number_integer()) {
                const int loc = it.value().get<int>();
                if (loc >= 0) {
                    lo = lo < 0 ? loc : std::min(lo, loc);
                    hi = std::max(hi, loc);
                }
            } else if (it.value().is_structured()) {
                span(it.value(), lo, hi);
            }
        }
    } else if (node.is_array()) {
        for (const json& item : node)
            span(item, lo, hi);
    }
}

size_t PgWalker::tokenEnd(size_t pos) const
{
    const size_t n = m_sql.size();
    if (pos >= n)
        return n;
    size_t i = pos;
    const char c = m_sql[i];
    auto isWord = [](char ch) { return isAsciiAlpha(ch) || isAsciiDigit(ch) || ch == '_' || ch == '$' || (unsigned char)ch >= 0x80; };
    if ((c == 'E' || c == 'e' || c == 'N' || c == 'n' || c == 'B' || c == 'b' || c == 'X' || c == 'x') && i + 1 < n
        && m_sql[i + 1] == '\'')
        ++i;
    if (m_sql[i] == '\'' || m_sql[i] == '"') {
        const char q = m_sql[i++];
        while (i < n) {
            if (m_sql[i] == q) {
                if (i + 1 < n && m_sql[i + 1] == q) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            if (m_sql[i] == '\\' && q == '\'' && pos + 1 < n && m_sql[pos + 1] == '\'' && (c == 'E' || c == 'e'))
                ++i;
            ++i;
        }
        return n;
    }
    if (m_sql[i] == '$' && i + 1 < n && !isAsciiDigit(m_sql[i + 1])) {
        // $tag$ ... $tag$
        const size_t close = m_sql.find('$', i + 1);
        if (close != std::string_view::npos) {
            const std::string_view tag = m_sql.substr(i, close - i + 1);
            const size_t end = m_sql.find(tag, close + 1);
            return end == std::string_view::npos ? n : end + tag.size();
        }
    }
    if (isWord(m_sql[i]) || m_sql[i] == '$') {
        ++i;
        while (i < n && (isWord(m_sql[i]) || m_sql[i] == '.'))
            ++i;
        return i;
    }
    return i + 1;
}

std::string PgWalker::textOf(const json& node) const
{
    int lo = -1, hi = -1;
    span(node, lo, hi);
    if (lo < 0)
        return {};
    size_t end = tokenEnd(size_t(hi));
    auto skipSpace = [&](size_t i) {
        while (i < m_sql.size() && isAsciiSpace(m_sql[i]))
            ++i;
        return i;
    };
    // IS [NOT] NULL / IS TRUE: the location points at IS, the rest has none.
    const std::string_view head = m_sql.substr(size_t(lo), end - size_t(lo));
    if (head.size() >= 2 && iequals(head.substr(head.size() - 2), "is")
        && (head.size() == 2 || isAsciiSpace(head[head.size() - 3]))) {
        for (;;) {
            const size_t next = skipSpace(end);
            const size_t wordEnd = tokenEnd(next);
            const std::string_view word = m_sql.substr(next, wordEnd - next);
            if (iequals(word, "not")) {
                end = wordEnd;
                continue;
            }
            if (iequals(word, "null") || iequals(word, "true") || iequals(word, "false") || iequals(word, "unknown"))
                end = wordEnd;
            break;
        }
    }
    // count(*), now(): a call whose arguments carry no location of their own.
    if (const size_t next = skipSpace(end); next < m_sql.size() && m_sql[next] == '(' && end == tokenEnd(size_t(hi))
        && hi == lo)
        end = next + 1;
    // Close the parentheses the span opened: IN (1, 2), lower(x), ANY($1).
    int depth = 0;
    for (size_t i = size_t(lo); i < end; ++i)
        depth += m_sql[i] == '(' ? 1 : m_sql[i] == ')' ? -1 : 0;
    while (depth > 0) {
        size_t next = skipSpace(end);
        if (next < m_sql.size() && m_sql[next] == ')') {
            end = next + 1;
            --depth;
        } else if (next < m_sql.size() && m_sql[next] != ';') {
            // A token the span did not reach (e.g. a type name); take it and keep closing.
            const size_t e = tokenEnd(next);
            if (e <= next)
                break;
            for (size_t i = next; i < e; ++i)
                depth += m_sql[i] == '(' ? 1 : m_sql[i] == ')' ? -1 : 0;
            end = e;
        } else {
            break;
        }
    }
    std::string out(m_sql.substr(size_t(lo), end - size_t(lo)));
    // Collapse runs of whitespace so multi-line predicates read as one line.
    std::string collapsed;
    collapsed.reserve(out.size());
    for (char ch : out) {
        if (isAsciiSpace(ch)) {
            if (!collapsed.empty() && collapsed.back() != ' ')
                collapsed.push_back(' ');
        } else {
            collapsed.push_back(ch);
        }
    }
    return std::string(trim(collapsed));
}

} // namespace planwise::sql::detail::pg
