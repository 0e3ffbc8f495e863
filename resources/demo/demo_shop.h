#pragma once
// The demo shop database: what it contains and how it is filled.
#include "demo_random.h"

#include <sqlite3.h>

#include <array>
#include <string_view>

namespace planwise::demo {

struct ShopSize {
    int customers = 20000;
    int products = 2000;
    int orders = 100000;   // order_items follow at ~2.3 items per order
};

inline constexpr std::array<std::string_view, 16> kCategories = {
    "books", "electronics", "home", "garden", "toys", "sports", "beauty", "grocery",
    "fashion", "shoes", "music", "office", "pets", "automotive", "tools", "games"};
// Share of products per category (skewed like a real catalogue).
inline constexpr std::array<int, 16> kCategoryWeights = {22, 14, 12, 6, 7, 8, 6, 5, 9, 4, 3, 3, 2, 2, 2, 1};

inline constexpr std::array<std::string_view, 12> kCountries = {"US", "DE", "GB", "FR", "NL", "ES",
                                                                "IT", "CA", "SE", "PL", "BR", "JP"};
inline constexpr std::array<int, 12> kCountryWeights = {34, 16, 12, 9, 5, 5, 4, 4, 3, 3, 3, 2};

inline constexpr std::array<std::string_view, 5> kStatuses = {"pending", "shipped", "delivered", "cancelled",
                                                              "refunded"};

// Orders span two whole years; the log is captured on the day after.
inline const int64_t kOrdersFrom = unixTime(2024, 1, 1);
inline const int64_t kOrdersTo = unixTime(2026, 1, 1);

// Popularity skew shared by the data and the workload: busy customers order
// more and are looked up more.
int64_t pickCustomerId(SplitMix64& rng, const ShopSize& size);
int64_t pickProductId(SplitMix64& rng, const ShopSize& size);

// Creates the schema (primary keys, one category index, the SKU unique key;
// deliberately none of the secondary indexes the workload needs), fills it,
// and runs ANALYZE. Throws std::runtime_error with SQLite's message.
void buildShop(sqlite3* db, SplitMix64& rng, const ShopSize& size);

// Runs `sql` (no result) or throws with SQLite's message.
void exec(sqlite3* db, const char* sql);

} // namespace planwise::demo
