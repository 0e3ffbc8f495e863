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

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace planwise {

namespace detail {

// Bit i set when p[i] == c, for the 64 bytes at p (all readable).
inline uint64_t byteMask64(const char* p, char c)
{
#if defined(__SSE2__)
    const __m128i needle = _mm_set1_epi8(c);
    uint64_t m = 0;
    for (int i = 0; i < 4; ++i) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
        m |= uint64_t(uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(v, needle)))) << (16 * i);
    }
    return m;
#else
    uint64_t m = 0;
    for (int i = 0; i < 64; ++i)
        m |= uint64_t(p[i] == c) << i;
    return m;
#endif
}

// The same for the n < 64 bytes at p.
inline uint64_t byteMaskTail(const char* p, size_t n, char c)
{
    uint64_t m = 0;
    for (size_t i = 0; i < n; ++i)
        m |= uint64_t(p[i] == c) << i;
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

class NewlineScanner {
public:
    static constexpr size_t npos = std::string_view::npos;

    explicit NewlineScanner(std::string_view text) : m_base(text.data()), m_size(text.size()) {}

    // The offset of the first '\n' at or after `pos`, or npos. Cheapest when
    // successive calls move forward through the text.
    size_t next(size_t pos)
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

private:
    uint64_t maskAt(size_t chunk) const
    {
        if (chunk == m_chunk)
            return m_mask;
        return chunk + 64 <= m_size ? detail::byteMask64(m_base + chunk, '\n')
                                    : detail::byteMaskTail(m_base + chunk, m_size - chunk, '\n');
    }
    void load(size_t chunk)
    {
        m_mask = maskAt(chunk);
        m_chunk = chunk;
    }

    const char* m_base;
    size_t m_size;
    size_t m_chunk = npos;
    uint64_t m_mask = 0;
};

} // namespace planwise
