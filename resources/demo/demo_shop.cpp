#include "demo_shop.h"

#include "connectors/sqlite/sqlite_handles.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace planwise::demo {

using sqlite::StmtHandle;

static constexpr const char* kSchema = R"sql(
CREATE TABLE customers (
    id          INTEGER PRIMARY KEY,
    email       TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    country     TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
);
CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    sku         TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    category    TEXT    NOT NULL,
    price_cents INTEGER NOT NULL
);
CREATE INDEX products_category ON products (category);
CREATE TABLE orders (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    status      TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    total_cents INTEGER NOT NULL
);
CREATE TABLE order_items (
    id               INTEGER PRIMARY KEY,
    order_id         INTEGER NOT NULL REFERENCES orders (id),
    product_id       INTEGER NOT NULL REFERENCES products (id),
    quantity         INTEGER NOT NULL,
    unit_price_cents INTEGER NOT NULL
);
)sql";

static constexpr std::array<std::string_view, 24> kFirstNames = {
    "anna", "ben", "carla", "david", "emma", "felix", "greta", "hugo", "ines", "jonas", "kira", "liam",
    "mia", "noah", "olga", "paul", "quinn", "rosa", "sam", "tara", "ugo", "vera", "wim", "yara"};
static constexpr std::array<std::string_view, 20> kLastNames = {
    "smith", "muller", "jones", "martin", "garcia", "rossi", "jansen", "nowak", "silva", "sato",
    "brown", "weber", "taylor", "bernard", "lopez", "bianchi", "berg", "kowalski", "costa", "tanaka"};
static constexpr std::array<std::string_view, 6> kMailDomains = {"example.com", "mail.example", "shop.example",
                                                                 "post.example", "inbox.example", "web.example"};
static constexpr std::array<std::string_view, 12> kProductWords = {
    "classic", "pro", "mini", "deluxe", "eco", "smart", "travel", "family", "basic", "ultra", "compact", "premium"};

void exec(sqlite3* db, const char* sql)
{
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errmsg(db);
        sqlite3_free(err);
        throw std::runtime_error("SQLite: " + msg);
    }
}

static StmtHandle prepare(sqlite3* db, const char* sql)
{
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK)
        throw std::runtime_error(std::string("SQLite: ") + sqlite3_errmsg(db));
    return StmtHandle(raw);
}

static void bindText(sqlite3_stmt* s, int i, std::string_view v)
{
    sqlite3_bind_text(s, i, v.data(), int(v.size()), SQLITE_TRANSIENT);
}

static void stepDone(sqlite3* db, sqlite3_stmt* s)
{
    if (sqlite3_step(s) != SQLITE_DONE)
        throw std::runtime_error(std::string("SQLite: ") + sqlite3_errmsg(db));
    sqlite3_reset(s);
}

int64_t pickCustomerId(SplitMix64& rng, const ShopSize& size)
{
    // Most orders come from the long tail; a third from a skewed set of
    // regulars (the busiest places a few hundred orders, not thousands).
    // 7919 is prime and does not divide the customer count.
    if (rng.chance(0.3))
        return 1 + skewedIndex(rng, size.customers, 2, 7919);
    return rng.between(1, size.customers);
}

int64_t pickProductId(SplitMix64& rng, const ShopSize& size)
{
    return 1 + skewedIndex(rng, size.products, 2, 1009);
}

// Returns the signup times, by id (index 0 = customer 1).
static std::vector<int64_t> fillCustomers(sqlite3* db, SplitMix64& rng, const ShopSize& size)
{
    auto ins = prepare(db, "INSERT INTO customers (id, email, name, country, created_at) VALUES (?, ?, ?, ?, ?)");
    const int64_t from = unixTime(2021, 1, 1), to = unixTime(2025, 12, 31);
    std::vector<int64_t> signups(size_t(size.customers));
    for (auto& t : signups)
        t = rng.between(from, to);
    std::sort(signups.begin(), signups.end());   // ids grow with signup time, as AUTO_INCREMENT does
    for (int id = 1; id <= size.customers; ++id) {
        const auto first = kFirstNames[size_t(rng.between(0, kFirstNames.size() - 1))];
        const auto last = kLastNames[size_t(rng.between(0, kLastNames.size() - 1))];
        const auto domain = kMailDomains[rng.weighted(std::array{40, 20, 15, 10, 10, 5})];
        // The id in the address keeps emails unique without a UNIQUE index.
        const std::string email = std::string(first) + "." + std::string(last) + std::to_string(id) + "@" +
                                  std::string(domain);
        std::string name = std::string(first) + " " + std::string(last);
        name[0] = char(name[0] - 'a' + 'A');
        name[first.size() + 1] = char(name[first.size() + 1] - 'a' + 'A');
        sqlite3_bind_int64(ins.get(), 1, id);
        bindText(ins.get(), 2, email);
        bindText(ins.get(), 3, name);
        bindText(ins.get(), 4, kCountries[rng.weighted(kCountryWeights)]);
        bindText(ins.get(), 5, sqlTimestamp(signups[size_t(id - 1)]));
        stepDone(db, ins.get());
    }
    return signups;
}

static std::vector<int64_t> fillProducts(sqlite3* db, SplitMix64& rng, const ShopSize& size)
{
    static constexpr std::array<int, 16> kBasePrice = {1500, 24900, 4500, 3900, 2500, 5900, 1900, 600,
                                                       4900, 8900, 1500, 1200, 2200, 7900, 6900, 5900};
    auto ins = prepare(db, "INSERT INTO products (id, sku, name, category, price_cents) VALUES (?, ?, ?, ?, ?)");
    std::vector<int64_t> prices(size_t(size.products) + 1);
    for (int id = 1; id <= size.products; ++id) {
        const size_t cat = rng.weighted(kCategoryWeights);
        const auto word = kProductWords[size_t(rng.between(0, kProductWords.size() - 1))];
        // Prices spread from a fifth to about three times the category's typical price.
        const double spread = 0.2 + 2.8 * rng.uniform() * rng.uniform();
        const int64_t price = std::max<int64_t>(99, int64_t(kBasePrice[cat] * spread) / 10 * 10 + 9);
        prices[size_t(id)] = price;
        char sku[32];
        std::snprintf(sku, sizeof sku, "%.3s-%06d", std::string(kCategories[cat]).c_str(), id * 37 % 1000003);
        std::string skuText = sku;
        for (auto& ch : skuText)
            ch = char(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
        sqlite3_bind_int64(ins.get(), 1, id);
        bindText(ins.get(), 2, skuText);
        bindText(ins.get(), 3, std::string(word) + " " + std::string(kCategories[cat]) + " item " + std::to_string(id));
        bindText(ins.get(), 4, kCategories[cat]);
        sqlite3_bind_int64(ins.get(), 5, price);
        stepDone(db, ins.get());
    }
    return prices;
}

static void fillOrders(sqlite3* db, SplitMix64& rng, const ShopSize& size, const std::vector<int64_t>& prices,
                       const std::vector<int64_t>& signups)
{
    // Order volume grows over the two years: the larger of two uniforms has a
    // linearly rising density (and needs no libm, which keeps output exact).
    std::vector<int64_t> placed(size_t(size.orders));
    const double span = double(kOrdersTo - kOrdersFrom);
    for (auto& t : placed)
        t = kOrdersFrom + int64_t(std::max(rng.uniform(), rng.uniform()) * span);
    std::sort(placed.begin(), placed.end());

    auto order = prepare(db, "INSERT INTO orders (id, customer_id, status, created_at, total_cents) VALUES (?, ?, ?, ?, ?)");
    auto item = prepare(db, "INSERT INTO order_items (id, order_id, product_id, quantity, unit_price_cents) "
                            "VALUES (?, ?, ?, ?, ?)");
    int64_t itemId = 0;
    for (int id = 1; id <= size.orders; ++id) {
        const int64_t when = placed[size_t(id - 1)];
        const int64_t ageDays = (kOrdersTo - when) / 86400;
        // Recent orders are still moving; old ones have settled.
        size_t status;
        if (ageDays < 3)
            status = rng.weighted(std::array{70, 25, 0, 5, 0});
        else if (ageDays < 14)
            status = rng.weighted(std::array{8, 45, 40, 5, 2});
        else
            status = rng.weighted(std::array{0, 0, 88, 7, 5});

        // One draw per statement: the order of operands of + is unspecified in C++.
        int lines = 1;
        for (double p : {0.55, 0.35, 0.2})
            lines += int(rng.chance(p));
        if (rng.chance(0.1))
            lines += int(rng.between(1, 4));
        int64_t total = 0;
        for (int l = 0; l < lines; ++l) {
            const int64_t product = pickProductId(rng, size);
            const int64_t qty = rng.chance(0.8) ? 1 : rng.between(2, 5);
            total += qty * prices[size_t(product)];
            sqlite3_bind_int64(item.get(), 1, ++itemId);
            sqlite3_bind_int64(item.get(), 2, id);
            sqlite3_bind_int64(item.get(), 3, product);
            sqlite3_bind_int64(item.get(), 4, qty);
            sqlite3_bind_int64(item.get(), 5, prices[size_t(product)]);
            stepDone(db, item.get());
        }
        sqlite3_bind_int64(order.get(), 1, id);
        // Only customers who had signed up by then can order; ids follow signup time.
        const int64_t signedUp = std::upper_bound(signups.begin(), signups.end(), when) - signups.begin();
        int64_t customer = pickCustomerId(rng, size);
        if (customer > signedUp)
            customer = rng.between(1, signedUp);
        sqlite3_bind_int64(order.get(), 2, customer);
        bindText(order.get(), 3, kStatuses[status]);
        bindText(order.get(), 4, sqlTimestamp(when));
        sqlite3_bind_int64(order.get(), 5, total);
        stepDone(db, order.get());
    }
}

void buildShop(sqlite3* db, SplitMix64& rng, const ShopSize& size)
{
    exec(db, kSchema);
    exec(db, "BEGIN");
    const auto signups = fillCustomers(db, rng, size);
    const auto prices = fillProducts(db, rng, size);
    fillOrders(db, rng, size, prices, signups);
    exec(db, "COMMIT");
    exec(db, "ANALYZE");
}

} // namespace planwise::demo
