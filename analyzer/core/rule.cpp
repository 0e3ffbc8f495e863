#include "analyzer/core/rule.h"

#include <charconv>

namespace planwise {

double RuleOptions::get(const std::string& key, double fallback) const
{
    auto it = m_values.find(key);
    if (it == m_values.end())
        return fallback;
    double v = fallback;
    const auto& s = it->second;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return (ec == std::errc() && ptr == s.data() + s.size()) ? v : fallback;
}

std::string RuleOptions::get(const std::string& key, const std::string& fallback) const
{
    auto it = m_values.find(key);
    return it == m_values.end() ? fallback : it->second;
}

} // namespace planwise
