#include "demo_slowlog.h"

#include "connectors/sqlite/sqlite_handles.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace planwise::demo {

namespace {

// How the log's figures are derived from one real execution in SQLite:
// - Rows_sent: the rows the statement returned.
// - Rows_examined: rows stepped over by full table scans
//   (SQLITE_STMTSTATUS_FULLSCAN_STEP) plus rows put into automatic indexes
//   (SQLITE_STMTSTATUS_AUTOINDEX), and never less than Rows_sent. Rows reached
//   through an index are not counted by SQLite, so for index lookups this is a
//   lower bound — which is exactly the contrast a DBA reads a slow log for.
// - Query_time: a fixed per-statement overhead (parse, network round trip)
//   plus SQLITE_STMTSTATUS_VM_STEP virtual-machine steps at a fixed cost each.
//   20 ns/step is roughly what SQLite itself takes per step on a 2020s x86 core
//   with the database cached, so full scans of `orders` land in the
//   milliseconds and primary-key lookups in tens of microseconds.
// - Lock_time: SQLite readers wait for no row locks here, so 0.
constexpr double kStatementOverheadSeconds = 50e-6;
constexpr double kSecondsPerVmStep = 20e-9;

struct Measured {
    int64_t rowsSent = 0;
    int64_t rowsExamined = 0;
    double queryTime = 0;
};

class Runner {
public:
    explicit Runner(sqlite3* db) : m_db(db) {}

    // Identical text against the unchanged database gives identical counters,
    // so repeated statements are measured once.
    const Measured& run(const std::string& sql)
    {
        auto it = m_cache.find(sql);
        if (it != m_cache.end())
            return it->second;
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
            throw std::runtime_error("demo query does not prepare: " + std::string(sqlite3_errmsg(m_db)) + "\n" + sql);
        sqlite::StmtHandle stmt(raw);
        Measured m;
        int rc;
        while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW)
            ++m.rowsSent;
        if (rc != SQLITE_DONE)
            throw std::runtime_error("demo query failed: " + std::string(sqlite3_errmsg(m_db)) + "\n" + sql);
        const int64_t scanned = sqlite3_stmt_status(stmt.get(), SQLITE_STMTSTATUS_FULLSCAN_STEP, 0) +
                                sqlite3_stmt_status(stmt.get(), SQLITE_STMTSTATUS_AUTOINDEX, 0);
        m.rowsExamined = std::max(scanned, m.rowsSent);
        m.queryTime = kStatementOverheadSeconds +
                      double(sqlite3_stmt_status(stmt.get(), SQLITE_STMTSTATUS_VM_STEP, 0)) * kSecondsPerVmStep;
        return m_cache.emplace(sql, m).first->second;
    }

    std::string customerEmail(int64_t id)
    {
        if (!m_email) {
            sqlite3_stmt* raw = nullptr;
            if (sqlite3_prepare_v2(m_db, "SELECT email FROM customers WHERE id = ?", -1, &raw, nullptr) != SQLITE_OK)
                throw std::runtime_error(sqlite3_errmsg(m_db));
            m_email.reset(raw);
        }
        sqlite3_bind_int64(m_email.get(), 1, id);
        std::string email;
        if (sqlite3_step(m_email.get()) == SQLITE_ROW)
            email = reinterpret_cast<const char*>(sqlite3_column_text(m_email.get(), 0));
        sqlite3_reset(m_email.get());
        return email;
    }

private:
    sqlite3* m_db;
    sqlite::StmtHandle m_email;
    std::map<std::string, Measured> m_cache;
};

std::string quoted(std::string_view s)
{
    std::string out = "'";
    for (char c : s) {
        out += c;
        if (c == '\'')
            out += '\'';
    }
    return out + "'";
}

std::string day(int64_t unixSeconds) { return quoted(sqlTimestamp(unixSeconds).substr(0, 10) + " 00:00:00"); }

// The log is captured on the first day after the orders end.
const int64_t kCaptureStart = unixTime(2026, 1, 1, 8, 0, 0);

struct Shape {
    int weight;
    std::function<std::string(SplitMix64&, Runner&)> make;
};

// The capture covers one morning: the same shoppers reload their pages and
// support keeps returning to the same recent orders, so the heavy per-customer
// and per-order statements draw their literals from the day's working set.
// (It also bounds the distinct statements the generator has to execute.)
struct WorkingSet {
    std::vector<int64_t> customers;
    std::vector<int64_t> orders;
};

WorkingSet todaysWorkingSet(SplitMix64& rng, const ShopSize& shop)
{
    WorkingSet w;
    for (int i = 0; i < 180; ++i)
        w.customers.push_back(pickCustomerId(rng, shop));
    for (int i = 0; i < 140; ++i)   // recent orders are looked at most
        w.orders.push_back(shop.orders - skewedIndex(rng, shop.orders, 2, 1));
    return w;
}

std::vector<Shape> shopShapes(const ShopSize& shop, const WorkingSet& today)
{
    const auto category = [](SplitMix64& rng) { return quoted(kCategories[rng.weighted(kCategoryWeights)]); };
    const auto recentOrderId = [&today](SplitMix64& rng) {
        return today.orders[size_t(rng.between(0, today.orders.size() - 1))];
    };
    const auto activeCustomerId = [&today](SplitMix64& rng) {
        return today.customers[size_t(rng.between(0, today.customers.size() - 1))];
    };
    const auto monthStart = [](int month) { return quoted(sqlTimestamp(unixTime(2025, month, 1))); };

    // All statements are valid in both SQLite and MySQL.
    return {
        // Login / account lookup by email: scans customers (no index on email).
        {12, [shop](SplitMix64& rng, Runner& run) {
             std::string email;
             if (rng.chance(0.04)) {
                 const int64_t n = rng.between(1, 999999);
                 email = "nobody" + std::to_string(n) + "@example.com";
             } else {
                 email = run.customerEmail(pickCustomerId(rng, shop));
             }
             return "SELECT id, name, country FROM customers WHERE email = " + quoted(email);
         }},
        // "My orders" page: scans orders (no index on customer_id).
        {16, [activeCustomerId](SplitMix64& rng, Runner&) {
             return "SELECT id, status, total_cents, created_at FROM orders WHERE customer_id = " +
                    std::to_string(activeCustomerId(rng)) + " ORDER BY created_at DESC LIMIT 10";
         }},
        // Operations dashboard: orders in a state over a recent window (wants orders(status, created_at)).
        {8, [](SplitMix64& rng, Runner&) {
             const auto status = kStatuses[rng.weighted(std::array{50, 35, 5, 7, 3})];
             const int64_t days = std::array{1, 3, 7, 14, 30}[rng.weighted(std::array{30, 25, 25, 15, 5})];
             return "SELECT id, customer_id, total_cents, created_at FROM orders WHERE status = " + quoted(status) +
                    " AND created_at >= " + day(kOrdersTo - days * 86400) + " ORDER BY created_at";
         }},
        // Order detail: the items of one order (no index on order_items.order_id).
        {12, [recentOrderId](SplitMix64& rng, Runner&) {
             return "SELECT product_id, quantity, unit_price_cents FROM order_items WHERE order_id = " +
                    std::to_string(recentOrderId(rng));
         }},
        // Primary-key lookups: already fast.
        {12, [shop](SplitMix64& rng, Runner&) {
             return "SELECT id, email, name, country, created_at FROM customers WHERE id = " +
                    std::to_string(pickCustomerId(rng, shop));
         }},
        {10, [recentOrderId](SplitMix64& rng, Runner&) {
             return "SELECT id, customer_id, status, total_cents, created_at FROM orders WHERE id = " +
                    std::to_string(recentOrderId(rng));
         }},
        // Category page: served by the existing products(category) index.
        {8, [category](SplitMix64& rng, Runner&) {
             return "SELECT id, sku, name, price_cents FROM products WHERE category = " + category(rng) +
                    " ORDER BY price_cents DESC LIMIT 20";
         }},
        // Best sellers of a category: scans order_items for the join.
        {3, [category](SplitMix64& rng, Runner&) {
             return "SELECT p.id, p.name, SUM(oi.quantity) AS units FROM order_items oi JOIN products p ON p.id = "
                    "oi.product_id WHERE p.category = " +
                    category(rng) + " GROUP BY p.id, p.name ORDER BY units DESC LIMIT 10";
         }},
        {3, [](SplitMix64& rng, Runner&) {
             return "SELECT COUNT(*) FROM orders WHERE status = " + quoted(kStatuses[rng.between(0, 4)]);
         }},
        // Pending orders with the customer to notify: scans orders, then customer primary keys.
        {4, [](SplitMix64& rng, Runner&) {
             const int64_t days = rng.between(1, 7);
             return "SELECT o.id, o.created_at, c.email FROM orders o JOIN customers c ON c.id = o.customer_id "
                    "WHERE o.status = 'pending' AND o.created_at >= " +
                    day(kOrdersTo - days * 86400);
         }},
        // Monthly report: revenue per country.
        {2, [monthStart](SplitMix64& rng, Runner&) {
             const int month = int(rng.between(1, 11));
             return "SELECT c.country, COUNT(*) AS orders, SUM(o.total_cents) AS revenue FROM orders o JOIN "
                    "customers c ON c.id = o.customer_id WHERE o.created_at >= " +
                    monthStart(month) + " AND o.created_at < " + monthStart(month + 1) +
                    " GROUP BY c.country ORDER BY revenue DESC";
         }},
        // Marketing: newest customers of a country.
        {3, [](SplitMix64& rng, Runner&) {
             const auto country = kCountries[rng.weighted(kCountryWeights)];
             const int64_t days = std::array{7, 30, 90}[rng.between(0, 2)];
             return "SELECT id, email, name, created_at FROM customers WHERE country = " + quoted(country) +
                    " AND created_at >= " + day(kOrdersTo - days * 86400) + " ORDER BY created_at DESC LIMIT 50";
         }},
        // Packing list for a batch of orders.
        {3, [recentOrderId](SplitMix64& rng, Runner&) {
             std::string list;
             const int64_t n = rng.between(2, 6);
             for (int64_t i = 0; i < n; ++i) {
                 if (i)
                     list.push_back(',');
                 list.append(std::to_string(recentOrderId(rng)));
             }
             return "SELECT order_id, product_id, quantity FROM order_items WHERE order_id IN (" + list +
                    ") ORDER BY order_id";
         }},
        // Account summary: lifetime value of a customer.
        {4, [activeCustomerId](SplitMix64& rng, Runner&) {
             return "SELECT COUNT(*), SUM(total_cents) FROM orders WHERE customer_id = " +
                    std::to_string(activeCustomerId(rng));
         }},
    };
}

struct Connection {
    int id;
    const char* host;
    const char* ip;
};

constexpr std::array<Connection, 6> kConnections = {{{1021, "app01", "10.0.1.11"},
                                                     {1022, "app01", "10.0.1.11"},
                                                     {1034, "app02", "10.0.1.12"},
                                                     {1035, "app02", "10.0.1.12"},
                                                     {1047, "app03", "10.0.1.13"},
                                                     {1102, "report01", "10.0.2.21"}}};

} // namespace

void writeSlowLog(sqlite3* db, std::ostream& out, SplitMix64& rng, const ShopSize& shop, const WorkloadSize& size)
{
    Runner runner(db);
    const WorkingSet today = todaysWorkingSet(rng, shop);
    const auto shapes = shopShapes(shop, today);
    std::vector<int> weights;
    for (const auto& s : shapes)
        weights.push_back(s.weight);

    out << "/usr/sbin/mysqld, Version: 5.7.44-log (MySQL Community Server (GPL)). started with:\n"
           "Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock\n"
           "Time                 Id Command    Argument\n";

    int64_t clockMicros = kCaptureStart * 1000000;
    for (int n = 0; n < size.executions; ++n) {
        const Shape& shape = shapes[rng.weighted(weights)];
        const std::string sql = shape.make(rng, runner);
        const Connection& conn = kConnections[size_t(rng.between(0, kConnections.size() - 1))];
        const Measured& m = runner.run(sql);

        // MySQL writes an entry when its statement ends, so `# Time:` (the
        // end) only grows; the next statement starts after a pause.
        const int64_t startMicros = clockMicros + rng.between(1, 1500000);
        const int64_t startSeconds = startMicros / 1000000;
        const int64_t endMicros = startMicros + int64_t(m.queryTime * 1e6);
        clockMicros = endMicros;
        char line[200];
        out << "# Time: " << mysqlLogTime(endMicros) << '\n';
        std::snprintf(line, sizeof line, "# User@Host: shop_app[shop_app] @ %s [%s]  Id: %5d\n", conn.host, conn.ip,
                      conn.id);
        out << line;
        std::snprintf(line, sizeof line, "# Query_time: %.6f  Lock_time: %.6f Rows_sent: %lld  Rows_examined: %lld\n",
                      m.queryTime, 0.0, static_cast<long long>(m.rowsSent), static_cast<long long>(m.rowsExamined));
        out << line;
        if (n == 0)
            out << "use shop;\n";
        out << "SET timestamp=" << startSeconds << ";\n" << sql << ";\n";
    }
}

} // namespace planwise::demo
