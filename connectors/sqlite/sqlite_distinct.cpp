#include "connectors/sqlite/sqlite_distinct.h"

#include "analyzer/core/text.h"
#include "connectors/sqlite/sqlite_statement.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <unordered_set>

namespace planwise::sqlite {

namespace {

// A value as a map key; the type tag keeps 1 and '1' apart.
std::string valueKey(sqlite3_stmt* s, int column)
{
    const int type = sqlite3_column_type(s, column);
    if (type == SQLITE_NULL)
        return std::string(1, '\0');
    const auto* p = static_cast<const char*>(sqlite3_column_blob(s, column));
    const int n = sqlite3_column_bytes(s, column);
    std::string key(1, char('0' + type));
    if (p)
        key.append(p, size_t(n));
    key += '\x1f';
    return key;
}

struct PrefixCounts {
    std::vector<std::map<std::string, int64_t>> perPrefix;   // prefix tuple → rows seen
    int64_t rows = 0;

    explicit PrefixCounts(size_t terms) : perPrefix(terms) {}

    void add(sqlite3_stmt* s)
    {
        std::string key;
        for (size_t k = 0; k < perPrefix.size(); ++k) {
            key += valueKey(s, int(k));
            ++perPrefix[k][key];
        }
        ++rows;
    }
};

uint64_t splitmix64(uint64_t& state)
{
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// Bytes of a varint in SQLite's encoding.
int varintBytes(uint64_t v)
{
    int n = 1;
    while (v >= 0x80 && n < 9) {
        v >>= 7;
        ++n;
    }
    return n;
}

// An index b-tree cell for the row's `columns` values in SQLite's record
// format (https://www.sqlite.org/fileformat2.html#record_format): header of
// serial types, the body, the payload-size varint and the 2-byte cell pointer.
double indexCellBytes(sqlite3_stmt* s, int columns)
{
    int64_t header = 1, body = 0;
    for (int c = 0; c < columns; ++c) {
        switch (sqlite3_column_type(s, c)) {
        case SQLITE_NULL:
            header += 1;
            break;
        case SQLITE_INTEGER: {
            const int64_t v = sqlite3_column_int64(s, c);
            header += 1;
            body += (v == 0 || v == 1)                     ? 0
                    : (v >= -128 && v <= 127)              ? 1
                    : (v >= -32768 && v <= 32767)          ? 2
                    : (v >= -8388608 && v <= 8388607)      ? 3
                    : (v >= INT32_MIN && v <= INT32_MAX)   ? 4
                    : (v >= -(int64_t(1) << 47) && v < (int64_t(1) << 47)) ? 6
                                                                           : 8;
            break;
        }
        case SQLITE_FLOAT:
            header += 1;
            body += 8;
            break;
        default: {   // text and blob: serial type 2L+12 or 2L+13
            const int64_t length = sqlite3_column_bytes(s, c);
            header += varintBytes(uint64_t(2 * length + 13));
            body += length;
        }
        }
    }
    const int64_t payload = header + body;
    return double(varintBytes(uint64_t(payload)) + payload + 2);
}

std::string selectList(const std::vector<std::string>& terms)
{
    std::string list;
    for (const auto& t : terms)
        list += (list.empty() ? "" : ", ") + t;
    return list;
}

} // namespace

PrefixEstimate estimatePrefixRows(sqlite3* db, const std::string& table, const std::vector<std::string>& terms,
                                  double tableRows)
{
    PrefixCounts counts(terms.size());
    PrefixEstimate out;
    const std::string from = " FROM " + quoteIdentifier(table);
    bool rowid = true;
    int64_t lo = 0, hi = 0;
    try {
        Statement range(db, "SELECT min(rowid), max(rowid)" + from);
        range.step();
        lo = range.integer(0);
        hi = range.integer(1);
    } catch (const connectors::ConnectorError&) {
        rowid = false;   // WITHOUT ROWID: "no such column: rowid"
    }
    // An index entry holds the key terms and the rowid: both go into the entry size.
    const std::string select = "SELECT " + selectList(terms) + (rowid ? ", rowid" : "") + from;
    const int columns = int(terms.size()) + (rowid ? 1 : 0);
    double entryBytes = 0;
    auto add = [&](sqlite3_stmt* row) {
        counts.add(row);
        entryBytes += indexCellBytes(row, columns);
    };

    bool sampled = false;
    if (tableRows <= kExactRows) {
        // The limit guards against stale statistics on a table that has since grown.
        Statement all(db, select + " LIMIT " + std::to_string(5 * kExactRows));
        while (all.step())
            add(all.get());
        out.method = "exact distinct counts over all " + std::to_string(counts.rows) + " rows";
    } else if (rowid) {
        sampled = true;
        Statement probe(db, select + " WHERE rowid = ?");
        uint64_t state = 0x9A1E5EEDull;
        std::unordered_set<int64_t> seen;   // without replacement: a row read twice would look like a duplicate value
        // Gaps in the rowids make some probes miss; give up after a bounded number of tries.
        for (int tries = 0; counts.rows < kSampleRows && tries < 4 * kSampleRows; ++tries) {
            // Unsigned arithmetic: rowids may span the whole int64 range.
            const uint64_t span = uint64_t(hi) - uint64_t(lo) + 1;
            const int64_t id = int64_t(uint64_t(lo) + (span ? splitmix64(state) % span : splitmix64(state)));
            if (!seen.insert(id).second)
                continue;
            probe.bind(1, id);
            if (probe.step())
                add(probe.get());
            probe.reset();
        }
        out.method = "Duj1 estimate from " + std::to_string(counts.rows) + " rows sampled at random rowids";
    } else {
        sampled = true;
        Statement first(db, select + " LIMIT " + std::to_string(kSampleRows));
        while (first.step())
            add(first.get());
        out.method = "Duj1 estimate from the first " + std::to_string(counts.rows) +
                     " rows (WITHOUT ROWID table: a clustered sample, less reliable)";
    }
    if (counts.rows > 0) {
        const double N = std::max(tableRows, double(counts.rows));
        int64_t pageSize = 4096;
        Statement page(db, "PRAGMA page_size");
        if (page.step())
            pageSize = page.integer(0);
        // Leaf pages hold entries after an 8-byte page header; CREATE INDEX
        // fills them in key order, so nearly full. Interior pages add about 1%.
        const double leafPages = std::ceil(N * (entryBytes / double(counts.rows)) / double(pageSize - 8));
        out.sizeBytes = int64_t(std::ceil(leafPages * 1.01)) * pageSize;
    }

    const double N = std::max(tableRows, double(counts.rows));
    const double n = double(counts.rows);
    double previous = N;
    for (const auto& values : counts.perPrefix) {
        const double d = double(values.size());
        double D = d;
        if (sampled && n > 0 && n < N) {
            double f1 = 0;
            for (const auto& [key, seen] : values)
                f1 += seen == 1 ? 1 : 0;
            D = n * d / (n - f1 + f1 * n / N);
            D = std::clamp(D, d, N);
        }
        const double perKey = std::clamp(D > 0 ? N / D : N, 1.0, previous);
        out.rowsPerKey.push_back(perKey);
        previous = perKey;
    }
    return out;
}

} // namespace planwise::sqlite
