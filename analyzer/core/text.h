#pragma once
// Small ASCII text helpers shared by the parsers. ASCII only on purpose: SQL
// keywords and log attribute names are ASCII, and locale-aware calls are slow.
#include <string>
#include <string_view>

namespace planwise {

constexpr char asciiLower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }
constexpr bool isAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
constexpr bool isAsciiDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool isAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool iequals(std::string_view a, std::string_view b);
bool istartsWith(std::string_view s, std::string_view prefix);
std::string toLower(std::string_view s);
std::string_view trim(std::string_view s);

// Quote an SQL identifier for the given quote character (" or `), doubling embedded quotes.
std::string quoteIdentifier(std::string_view name, char quote = '"');

} // namespace planwise
