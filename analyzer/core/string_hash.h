#pragma once
// A hash for the strings ingestion looks up per event (fingerprints, users,
// hosts): eight bytes per step on two lanes and murmur3's finalizer, inline,
// where std::hash is an out-of-line call on one multiply chain.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace planwise {

inline uint64_t hashBytes(std::string_view s)
{
    constexpr uint64_t kMul1 = 0x9E3779B97F4A7C15ull, kMul2 = 0xC2B2AE3D27D4EB4Full;
    uint64_t a = uint64_t(s.size()) * kMul1, b = ~a;
    const char* p = s.data();
    size_t n = s.size();
    // Two independent lanes of 8 bytes: a fingerprint's ~100 bytes take half
    // the multiply latency of one chain.
    for (; n >= 16; n -= 16, p += 16) {
        uint64_t w1, w2;
        std::memcpy(&w1, p, 8);
        std::memcpy(&w2, p + 8, 8);
        a = (a ^ w1) * kMul1;
        b = (b ^ w2) * kMul2;
        a ^= a >> 29;
        b ^= b >> 31;
    }
    if (n >= 8) {
        uint64_t w;
        std::memcpy(&w, p, 8);
        a = (a ^ w) * kMul1;
        a ^= a >> 29;
        p += 8;
        n -= 8;
    }
    if (n) {
        uint64_t w = 0;
        std::memcpy(&w, p, n);
        b = (b ^ w) * kMul2;
    }
    // murmur3's finalizer: every input bit reaches the low bits that pick a slot.
    uint64_t h = a ^ (b * kMul1);
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
