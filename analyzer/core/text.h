#pragma once
// Small ASCII text helpers shared by the parsers. ASCII only on purpose: SQL
// keywords and log attribute names are ASCII, and locale-aware calls are slow.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace planwise {

constexpr char asciiLower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }
constexpr bool isAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
constexpr bool isAsciiDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool isAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// a == b, inline: for the short names and values a log carries per event, the
// outlined string_view comparison (and its memcmp call) cost more than the test.
inline bool sameText(std::string_view a, std::string_view b)
{
    const size_t n = a.size();
    if (n != b.size())
        return false;
    const char* p = a.data();
    const char* q = b.data();
    if (n >= 8 && n <= 16) {   // two (overlapping) words
        uint64_t x0, y0, x1, y1;
        std::memcpy(&x0, p, 8);
        std::memcpy(&y0, q, 8);
        std::memcpy(&x1, p + n - 8, 8);
        std::memcpy(&y1, q + n - 8, 8);
        return ((x0 ^ y0) | (x1 ^ y1)) == 0;
    }
    if (n < 8) {
        for (size_t i = 0; i < n; ++i)
            if (p[i] != q[i])
                return false;
        return true;
    }
    return std::memcmp(p, q, n) == 0;
}

bool iequals(std::string_view a, std::string_view b);
bool istartsWith(std::string_view s, std::string_view prefix);
std::string toLower(std::string_view s);
// Inline: log readers trim several fields per entry.
inline std::string_view trim(std::string_view s)
{
    size_t b = 0, e = s.size();
    while (b < e && isAsciiSpace(s[b]))
        ++b;
    while (e > b && isAsciiSpace(s[e - 1]))
        --e;
    return std::string_view(s.data() + b, e - b);
}

// Quote an SQL identifier for the given quote character (" or `), doubling embedded quotes.
std::string quoteIdentifier(std::string_view name, char quote = '"');

} // namespace planwise
