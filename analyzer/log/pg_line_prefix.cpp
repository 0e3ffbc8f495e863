#include "analyzer/log/pg_line_prefix.h"

#include "analyzer/core/text.h"

namespace planwise::log {

// The escapes of log_line_prefix (PostgreSQL 15 documentation, "What to log").
static bool knownEscape(char c)
{
    static constexpr std::string_view escapes = "amnpPtuhdrclsvxeqiQbB";
    return escapes.find(c) != std::string_view::npos;
}

std::optional<LinePrefix> LinePrefix::compile(std::string_view spec, std::string* error)
{
    LinePrefix p;
    p.m_spec = std::string(spec);
    for (size_t i = 0; i < spec.size(); ++i) {
        if (spec[i] != '%') {
            if (p.m_segments.empty() || p.m_segments.back().escape)
                p.m_segments.push_back({});
            p.m_segments.back().literal.push_back(spec[i]);
            continue;
        }
        ++i;
        while (i < spec.size() && (spec[i] == '-' || isAsciiDigit(spec[i]))) // padding such as %-10u
            ++i;
        if (i >= spec.size()) {
            if (error)
                *error = "log_line_prefix ends with a lone '%'";
            return std::nullopt;
        }
        if (spec[i] == '%') {
            if (p.m_segments.empty() || p.m_segments.back().escape)
                p.m_segments.push_back({});
            p.m_segments.back().literal.push_back('%');
            continue;
        }
        if (!knownEscape(spec[i])) {
            if (error)
                *error = std::string("log_line_prefix has an unknown escape %") + spec[i];
            return std::nullopt;
        }
        p.m_segments.push_back({spec[i], {}});
    }
    return p;
}

// "2026-11-25 16:45:24.318 UTC" -> "2026-11-25 16:45:24.318": the stamp the rest of the reader compares.
static std::string_view stampOf(std::string_view value)
{
    if (value.size() < 19 || !isAsciiDigit(value[0]) || value[4] != '-' || value[13] != ':')
        return value; // %n (epoch) or something else: as written
    size_t n = 19;
    while (n < value.size() && (isAsciiDigit(value[n]) || value[n] == '.'))
        ++n;
    return value.substr(0, n);
}

bool LinePrefix::match(std::string_view prefix, PrefixMatch& out) const
{
    out = {};
    size_t pos = 0;
    for (size_t i = 0; i < m_segments.size(); ++i) {
        const Segment& s = m_segments[i];
        if (!s.escape) {
            if (prefix.substr(pos, s.literal.size()) != s.literal)
                return false;
            pos += s.literal.size();
            continue;
        }
        if (s.escape == 'q') { // non-session processes print nothing after %q
            if (trim(prefix.substr(pos)).empty())
                return true;
            continue;
        }
        // A value runs up to the next literal (values such as %m contain spaces, so no tokenizing);
        // a time stamp's own ':' and ' ' must not end it, so the search starts after its seconds.
        size_t from = pos;
        if (s.escape == 'm' || s.escape == 't')
            from = pos + stampOf(prefix.substr(pos)).size();
        size_t end = prefix.size();
        for (size_t j = i + 1; j < m_segments.size(); ++j) {
            if (m_segments[j].escape)
                continue;
            end = prefix.find(m_segments[j].literal, from);
            if (end == std::string_view::npos)
                return false;
            break;
        }
        const std::string_view value = trim(prefix.substr(pos, end - pos));
        switch (s.escape) {
        case 'm': case 't': case 'n': out.ts = stampOf(value); break;
        case 'p': out.pid = value; break;
        case 'u': out.user = value; break;
        case 'd': out.db = value; break;
        case 'a': out.app = value; break;
        case 'h': case 'r': out.host = value; break;
        default: break;
        }
        pos = end;
    }
    return trim(prefix.substr(pos)).empty();
}

} // namespace planwise::log
