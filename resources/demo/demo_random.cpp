#include "demo_random.h"

#include <cstdio>

namespace planwise::demo {

size_t SplitMix64::weighted(std::span<const int> weights)
{
    int64_t total = 0;
    for (int w : weights)
        total += w;
    int64_t pick = between(0, total - 1);
    for (size_t i = 0; i < weights.size(); ++i) {
        if (pick < weights[i])
            return i;
        pick -= weights[i];
    }
    return weights.size() - 1;
}

int64_t skewedIndex(SplitMix64& rng, int64_t n, int power, int64_t scatter)
{
    double u = rng.uniform();
    double p = 1.0;
    for (int i = 0; i < power; ++i)
        p *= u;
    const int64_t rank = int64_t(p * double(n));
    return int64_t((__int128(rank) * scatter) % n);
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian).
static int64_t daysFromCivil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + int64_t(doe) - 719468;
}

struct Civil {
    int64_t year;
    unsigned month, day;
};

static Civil civilFromDays(int64_t z)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {int64_t(yoe) + era * 400 + (m <= 2), m, d};
}

int64_t unixTime(int year, int month, int day, int hour, int minute, int second)
{
    return daysFromCivil(year, unsigned(month), unsigned(day)) * 86400 + hour * 3600 + minute * 60 + second;
}

static std::string format(int64_t unixSeconds, const char* pattern, long micros)
{
    const int64_t days = unixSeconds >= 0 ? unixSeconds / 86400 : (unixSeconds - 86399) / 86400;
    const int64_t secs = unixSeconds - days * 86400;
    const Civil c = civilFromDays(days);
    char buf[40];
    std::snprintf(buf, sizeof buf, pattern, int(c.year), c.month, c.day, int(secs / 3600), int(secs / 60 % 60),
                  int(secs % 60), micros);
    return buf;
}

std::string sqlTimestamp(int64_t unixSeconds)
{
    return format(unixSeconds, "%04d-%02u-%02u %02d:%02d:%02d", 0);
}

std::string mysqlLogTime(int64_t unixMicros)
{
    return format(unixMicros / 1000000, "%04d-%02u-%02uT%02d:%02d:%02d.%06ldZ", long(unixMicros % 1000000));
}

} // namespace planwise::demo
