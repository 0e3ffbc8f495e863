#pragma once
// A hash for the short strings ingestion looks up per event (fingerprints,
// users, hosts): eight bytes per step and murmur3's finalizer, inline, where
// std::hash is an out-of-line byte-oriented call.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace planwise {

inline uint64_t hashBytes(std::string_view s)
{
    constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
    uint64_t h = uint64_t(s.size()) * kMul;
    const char* p = s.data();
    size_t n = s.size();
    for (; n >= 8; n -= 8, p += 8) {
        uint64_t w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * kMul;
        h ^= h >> 29;
    }
    if (n) {
        uint64_t w = 0;
        std::memcpy(&w, p, n);
        h = (h ^ w) * kMul;
    }
    // murmur3's finalizer: every input bit reaches the low bits that pick a slot.
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

// For unordered containers keyed by std::string and looked up by string_view.
struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return size_t(hashBytes(s)); }
};

} // namespace planwise
