#pragma once
// Finds and counts '\n' in a buffer 64 bytes at a time.
//
// Log readers look for the next line end hundreds of times per kilobyte;
// memchr pays a call and a setup for every short line, and std::count is a
// byte loop at -O2. Here one SSE2 pass turns a 64-byte chunk into a bit mask
// that answers every lookup inside that chunk, and counting is a popcount.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>
#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace planwise {

namespace detail {

// Bit i set when p[i] == c, for the 64 bytes at p (all readable); `any0`
// tells whether one of them is a NUL byte.
inline uint64_t byteMask64(const char* p, char c, bool& any0)
{
#if defined(__SSE2__)
    const __m128i needle = _mm_set1_epi8(c);
    const __m128i zero = _mm_setzero_si128();
    uint64_t m = 0;
    __m128i nul = zero;
    for (int i = 0; i < 4; ++i) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
        m |= uint64_t(uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(v, needle)))) << (16 * i);
        nul = _mm_or_si128(nul, _mm_cmpeq_epi8(v, zero));
    }
    any0 = _mm_movemask_epi8(nul) != 0;
    return m;
#else
    uint64_t m = 0;
    any0 = false;
    for (int i = 0; i < 64; ++i) {
        m |= uint64_t(p[i] == c) << i;
        any0 |= p[i] == 0;
    }
    return m;
#endif
}

// The same for the n < 64 bytes at p.
inline uint64_t byteMaskTail(const char* p, size_t n, char c, bool& any0)
{
    uint64_t m = 0;
    any0 = false;
    for (size_t i = 0; i < n; ++i) {
        m |= uint64_t(p[i] == c) << i;
        any0 |= p[i] == 0;
    }
    return m;
}

// std::popcount is a libgcc call without -mpopcnt; the bit trick inlines.
inline int popcount64(uint64_t x)
{
#if defined(__POPCNT__)
    return std::popcount(x);
#else
    x = x - ((x >> 1) & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return int((x * 0x0101010101010101ull) >> 56);
#endif
}

} // namespace detail

// The first `c` in [from, n) of s, or n: memchr without its call for the
// few dozen bytes of a log line.
inline size_t findByte(const char* s, size_t from, size_t n, char c)
{
#if defined(__SSE2__)
    const __m128i needle = _mm_set1_epi8(c);
    for (; from + 16 <= n; from += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + from));
        const unsigned m = unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(v, needle)));
        if (m)
            return from + unsigned(__builtin_ctz(m));
    }
#endif
    while (from < n && s[from] != c)
        ++from;
    return from;
}

class NewlineScanner {
public:
    static constexpr size_t npos = std::string_view::npos;

    explicit NewlineScanner(std::string_view text) : m_base(text.data()), m_size(text.size()) {}

    // The offset of the first '\n' at or after `pos`, or npos. Cheapest when
    // successive calls move forward through the text.
    [[gnu::always_inline]] size_t next(size_t pos)
    {
        while (pos < m_size) {
            const size_t chunk = pos & ~size_t(63);
            if (chunk != m_chunk)
                load(chunk);
            const uint64_t bits = m_mask & (~uint64_t(0) << (pos & 63));
            if (bits)
                return chunk + size_t(std::countr_zero(bits));
            pos = chunk + 64;
        }
        return npos;
    }

    // The first '\n' in [pos, end), or npos.
    size_t next(size_t pos, size_t end)
    {
        const size_t nl = next(pos);
        return nl < end ? nl : npos;
    }

    // How many '\n' lie in [from, to).
    size_t count(size_t from, size_t to) const
    {
        if (to > m_size)
            to = m_size;
        size_t n = 0;
#if defined(__SSE2__)
        // The bulk 16 bytes at a time: per-byte counters (a compare gives -1 per
        // match), summed before they can overflow.
        const __m128i nl = _mm_set1_epi8('\n');
        while (from + 16 <= to) {
            __m128i acc = _mm_setzero_si128();
            for (int k = 0; k < 255 && from + 16 <= to; ++k, from += 16)
                acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(m_base + from)), nl));
            const __m128i sums = _mm_sad_epu8(acc, _mm_setzero_si128());
            n += size_t(_mm_cvtsi128_si64(sums)) + size_t(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
        }
#endif
        while (from < to) {
            const size_t chunk = from & ~size_t(63);
            uint64_t bits = maskAt(chunk) & (~uint64_t(0) << (from & 63));
            if (to - chunk < 64)
                bits &= (uint64_t(1) << (to - chunk)) - 1;
            n += size_t(detail::popcount64(bits));
            from = chunk + 64;
        }
        return n;
    }

    // Whether [from, to) holds a NUL byte. Only for a range next() has
    // walked over (a line it found the end of): NULs are noted as chunks load.
    bool hasNul(size_t from, size_t to) const
    {
        if (m_nuls.size() >= kMaxNuls) {   // a binary file: look
            const size_t end = std::min(to, m_size);
            return from < end && std::memchr(m_base + from, 0, end - from) != nullptr;
        }
        for (const size_t at : m_nuls)
            if (at >= from && at < to)
                return true;
        return false;
    }

private:
    uint64_t maskAt(size_t chunk, bool& any0) const
    {
        return chunk + 64 <= m_size ? detail::byteMask64(m_base + chunk, '\n', any0)
                                    : detail::byteMaskTail(m_base + chunk, m_size - chunk, '\n', any0);
    }
    uint64_t maskAt(size_t chunk) const
    {
        bool any0;
        return chunk == m_chunk ? m_mask : maskAt(chunk, any0);
    }
    void load(size_t chunk)
    {
        // The text is read once, front to back: ask for what comes a few chunks later.
        if (chunk + kPrefetchAhead + 64 <= m_size)
            __builtin_prefetch(m_base + chunk + kPrefetchAhead);
        bool any0;
        m_mask = maskAt(chunk, any0);
        m_chunk = chunk;
        if (any0) [[unlikely]]
            noteNuls(chunk);
    }
    // Rare: logs almost never hold NUL bytes. Bounded so that a binary file
    // does not grow it without end (the first ones are the ones reported).
    [[gnu::noinline, gnu::cold]] void noteNuls(size_t chunk)
    {
        const size_t end = std::min(m_size, chunk + 64);
        for (size_t at = chunk; at < end && m_nuls.size() < kMaxNuls; ++at)
            if (m_base[at] == 0 && std::find(m_nuls.begin(), m_nuls.end(), at) == m_nuls.end())
                m_nuls.push_back(at);
    }

    static constexpr size_t kMaxNuls = 4096;
    static constexpr size_t kPrefetchAhead = 1024;
    const char* m_base;
    size_t m_size;
    size_t m_chunk = npos;
    uint64_t m_mask = 0;
    std::vector<size_t> m_nuls;   // NUL bytes seen in loaded chunks
};

} // namespace planwise
