#pragma once
// Numbers distinct strings 0, 1, 2, ... in the order they are added.
//
// The aggregator looks every event's fingerprint, user, host and database up
// here, so the lookup is on the ingestion's hot path: an open-addressed table
// of (hash tag, number) slots with an inline hash compares strings only on a
// hit, where std::unordered_map walks nodes and divides by a prime.
#include "analyzer/core/string_hash.h"
#include "analyzer/core/text.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace planwise::workload {

class StringIndex {
public:
    static constexpr uint32_t npos = ~uint32_t(0);

    size_t size() const { return m_values.size(); }
    bool empty() const { return m_values.empty(); }
    const std::string& operator[](size_t i) const { return m_values[i]; }
    const std::vector<std::string>& values() const { return m_values; }

    uint32_t find(std::string_view value) const
    {
        if (m_slots.empty())
            return npos;
        const uint64_t slot = m_slots[slotOf(value, hashBytes(value))];
        return slot ? uint32_t(slot) - 1 : npos;
    }

    // The number of `value`, added when new; `added` tells which.
    uint32_t insert(std::string_view value, bool* added = nullptr)
    {
        const uint64_t h = hashBytes(value);
        if (!m_slots.empty()) {
            const uint64_t slot = m_slots[slotOf(value, h)];
            if (slot) {
                if (added)
                    *added = false;
                return uint32_t(slot) - 1;
            }
        }
        if ((m_values.size() + 1) * 2 > m_slots.size())
            grow();
        m_values.emplace_back(value);
        place(m_values.size() - 1, h);
        if (added)
            *added = true;
        return uint32_t(m_values.size() - 1);
    }

    // The values, moved out; the index is left empty.
    std::vector<std::string> takeValues()
    {
        std::fill(m_slots.begin(), m_slots.end(), 0);
        return std::move(m_values);
    }

    // Keeps the allocations.
    void clear()
    {
        m_values.clear();
        std::fill(m_slots.begin(), m_slots.end(), 0);
    }

private:
    static constexpr uint64_t kTagMask = ~uint64_t(0xffffffff);

    // The slot holding `value`, or the empty slot where it would go. A slot keeps
    // the upper half of the hash, so strings are compared only on a (likely) hit.
    size_t slotOf(std::string_view value, uint64_t h) const
    {
        const size_t mask = m_slots.size() - 1;
        const uint64_t tag = h & kTagMask;
        for (size_t at = size_t(h) & mask;; at = (at + 1) & mask) {
            const uint64_t slot = m_slots[at];
            if (slot == 0 || ((slot & kTagMask) == tag && sameText(m_values[(slot & 0xffffffff) - 1], value)))
                return at;
        }
    }

    void place(size_t index, uint64_t h) { m_slots[slotOf(m_values[index], h)] = (h & kTagMask) | uint64_t(index + 1); }

    void grow()
    {
        m_slots.assign(m_slots.empty() ? 8 : m_slots.size() * 2, 0);
        for (size_t i = 0; i < m_values.size(); ++i)
            place(i, hashBytes(m_values[i]));
    }

    std::vector<std::string> m_values;
    // (hash's upper 32 bits << 32) | (number + 1); 0 = empty. A power of two, at most half full.
    std::vector<uint64_t> m_slots;
};

} // namespace planwise::workload
