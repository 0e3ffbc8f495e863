#pragma once
// The distinct databases, users or hosts of one query class. The set stops
// growing at a cap, so a log with a new client address per connection does
// not grow memory with its size.
#include "analyzer/workload/string_index.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace planwise::workload {

class CappedStringSet {
public:
    static constexpr size_t kCap = 256;

    size_t size() const { return m_index.size(); }
    bool empty() const { return m_index.empty(); }
    // In insertion order.
    const std::vector<std::string>& values() const { return m_index.values(); }
    bool contains(std::string_view value) const { return m_index.find(value) != StringIndex::npos; }

    // Adds `value` unless it is empty or the set is full.
    void insert(std::string_view value)
    {
        if (!value.empty() && m_index.size() < kCap)
            m_index.insert(value);
    }

    // Adds the other set's values up to the cap; when the cap cuts, they go in
    // sorted order, so the result does not depend on how the log was split.
    void merge(const CappedStringSet& from)
    {
        if (size() + from.size() <= kCap) {
            for (const std::string& v : from.values())
                insert(v);
            return;
        }
        std::vector<std::string_view> sorted(from.values().begin(), from.values().end());
        std::sort(sorted.begin(), sorted.end());
        for (const std::string_view v : sorted)
            insert(v);
    }

    void clear() { m_index.clear(); }   // keeps the allocations
    std::vector<std::string> takeValues() { return m_index.takeValues(); }   // leaves the set empty

private:
    StringIndex m_index;
};

} // namespace planwise::workload
