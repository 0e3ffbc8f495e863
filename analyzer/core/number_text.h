#pragma once
// Numbers as log readers and reports print them, formatted on the stack: fmt's
// std::string-returning calls set up a 500-byte buffer and allocate, which shows
// when it happens per event or for every field of a report.
#include <fmt/format.h>

#include <string>

namespace planwise {

// `v` with 6 decimals, as pt-query-digest prints times ("{:.6f}"), appended to `out`.
inline void appendFixed6(std::string& out, double v)
{
    char text[64];
    const auto r = fmt::format_to_n(text, sizeof text, "{:.6f}", v);
    if (r.size <= sizeof text)
        out.append(text, r.size);
    else
        out += fmt::format("{:.6f}", v);   // a number beyond 10^56
}

} // namespace planwise
