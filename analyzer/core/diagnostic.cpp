#include "analyzer/core/diagnostic.h"

#include <fmt/format.h>

namespace planwise {

std::string Diagnostic::format() const
{
    std::string where = file.empty() ? std::string("<input>") : file;
    if (line > 0)
        where += fmt::format(":{}", line);
    else if (byteOffset >= 0)
        where += fmt::format(":@{}", byteOffset);
    const char* level = severity == Severity::Error ? "error" : severity == Severity::Info ? "note" : "warning";
    return fmt::format("{}: {}: {}", where, level, message);
}

void DiagnosticList::add(Diagnostic d)
{
    ++m_total;
    if (m_items.size() < m_limit)
        m_items.push_back(std::move(d));
}

DiagnosticSink DiagnosticList::sink()
{
    return [this](const Diagnostic& d) { add(d); };
}

} // namespace planwise
