#pragma once
// The distinct databases, users or hosts of one query class.
//
// Every event looks its three values up, so the lookup is on the ingestion's
// hot path: an open-addressed table of indexes with a word-at-a-time hash
// costs a fraction of std::unordered_set's node walk and modulo. The set
// stops growing at a cap, so a log with a new client address per connection
// does not grow memory with its size.
#include "analyzer/core/string_hash.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace planwise::workload {

class CappedStringSet {
public:
    static constexpr size_t kCap = 256;

    size_t size() const { return m_values.size(); }
    bool empty() const { return m_values.empty(); }
    // In insertion order.
    const std::vector<std::string>& values() const { return m_values; }

    // Keeps the allocations.
    void clear()
    {
        m_values.clear();
        std::fill(m_slots.begin(), m_slots.end(), 0);
    }

    bool contains(std::string_view value) const { return !m_slots.empty() && m_slots[find(value, hash(value))] != 0; }

    // Adds `value` unless it is empty, already there or the set is full.
    void insert(std::string_view value)
    {
        if (value.empty() || m_values.size() >= kCap)
            return;
        const uint64_t h = hash(value);
        if (!m_slots.empty()) {
            const size_t at = find(value, h);
            if (m_slots[at] != 0)
                return;
        }
        if ((m_values.size() + 1) * 2 > m_slots.size())
            grow();
        m_values.emplace_back(value);
        place(m_values.size() - 1, h);
    }

    // Adds the other set's values up to the cap; when the cap cuts, they go in
    // sorted order, so the result does not depend on how the log was split.
    void merge(const CappedStringSet& from)
    {
        if (size() + from.size() <= kCap) {
            for (const std::string& v : from.m_values)
                insert(v);
            return;
        }
        std::vector<std::string_view> sorted(from.m_values.begin(), from.m_values.end());
        std::sort(sorted.begin(), sorted.end());
        for (const std::string_view v : sorted)
            insert(v);
    }

private:
    static uint64_t hash(std::string_view s) { return hashBytes(s); }

    // The slot holding `value`, or the empty slot where it would go. A slot
    // keeps the upper half of the hash, so a probe compares strings only when
    // it has found the value (or a full-hash collision).
    size_t find(std::string_view value, uint64_t h) const
    {
        const size_t mask = m_slots.size() - 1;
        const uint64_t tag = h & ~uint64_t(0xffffffff);
        for (size_t at = size_t(h) & mask;; at = (at + 1) & mask) {
            const uint64_t slot = m_slots[at];
            if (slot == 0 || ((slot & ~uint64_t(0xffffffff)) == tag && m_values[(slot & 0xffffffff) - 1] == value))
                return at;
        }
    }

    void place(size_t index, uint64_t h)
    {
        m_slots[find(m_values[index], h)] = (h & ~uint64_t(0xffffffff)) | uint64_t(index + 1);
    }

    void grow()
    {
        m_slots.assign(m_slots.empty() ? 8 : m_slots.size() * 2, 0);
        for (size_t i = 0; i < m_values.size(); ++i)
            place(i, hash(m_values[i]));
    }

    std::vector<std::string> m_values;
    // (hash's upper 32 bits << 32) | (index into m_values + 1); 0 = empty. A power of two, at most half full.
    std::vector<uint64_t> m_slots;
};

} // namespace planwise::workload
