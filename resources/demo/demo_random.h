#pragma once
// Deterministic randomness and calendar arithmetic for the demo generator.
// Everything here is integer or exact IEEE arithmetic (no libm, no locale, no
// time zone), so the generated files are byte-identical on every run.
#include <cstdint>
#include <span>
#include <string>

namespace planwise::demo {

// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and its output is fixed by
// the seed alone, unlike std:: distributions whose results vary by library.
class SplitMix64 {
public:
    explicit SplitMix64(uint64_t seed) : m_state(seed) {}

    uint64_t next()
    {
        uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // Uniform in [0, 1) with 53 random bits.
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }
    // Uniform integer in [lo, hi]; the modulo bias is below 2^-40 for our ranges.
    int64_t between(int64_t lo, int64_t hi) { return lo + int64_t(next() % uint64_t(hi - lo + 1)); }
    bool chance(double p) { return uniform() < p; }
    // Index drawn with probability proportional to weights[i].
    size_t weighted(std::span<const int> weights);

private:
    uint64_t m_state;
};

// Skewed pick in [0, n): u^power concentrates mass on low ranks (power 1 is
// uniform); `scatter` (odd, coprime with n) spreads the popular ranks over the
// id space so the heavy customers are not simply ids 1, 2, 3.
int64_t skewedIndex(SplitMix64& rng, int64_t n, int power, int64_t scatter);

// Seconds since 1970-01-01 UTC of a civil date.
int64_t unixTime(int year, int month, int day, int hour = 0, int minute = 0, int second = 0);
// "YYYY-MM-DD HH:MM:SS" (the form both SQLite and MySQL compare as DATETIME text).
std::string sqlTimestamp(int64_t unixSeconds);
// "YYYY-MM-DDTHH:MM:SS.uuuuuuZ" as MySQL 5.7 writes `# Time:`.
std::string mysqlLogTime(int64_t unixMicros);

} // namespace planwise::demo
