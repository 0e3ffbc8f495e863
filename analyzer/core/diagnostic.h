#pragma once
// A problem found in the user's input: where it is and what was expected.
// Parsers report these and go on with the rest of the input.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace planwise {

enum class Severity { Info, Warning, Error };

struct Diagnostic {
    Severity severity = Severity::Warning;
    std::string file;      // empty for input that has no file (pasted text, stdin is "-")
    int64_t line = 0;      // 1-based; 0 when only a byte offset is known
    int64_t byteOffset = -1;
    std::string message;

    // "file:line: message" (or "file:@offset: message"), the form the CLI prints on stderr.
    std::string format() const;
};

using DiagnosticSink = std::function<void(const Diagnostic&)>;

// Collects diagnostics, keeping the first `limit` and counting the rest, so a
// file of garbage cannot grow memory without bound.
class DiagnosticList {
public:
    explicit DiagnosticList(size_t limit = 1000) : m_limit(limit) {}
    void add(Diagnostic d);
    const std::vector<Diagnostic>& items() const { return m_items; }
    size_t total() const { return m_total; }
    size_t dropped() const { return m_total - m_items.size(); }
    DiagnosticSink sink();

private:
    size_t m_limit;
    size_t m_total = 0;
    std::vector<Diagnostic> m_items;
};

} // namespace planwise
