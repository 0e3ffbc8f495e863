#include "analyzer/workload/aggregator.h"

#include "analyzer/core/string_hash.h"
#include "analyzer/core/text.h"
#include "analyzer/workload/capped_string_set.h"
#include "analyzer/workload/string_index.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <type_traits>
#include <unordered_map>
#include <utility>

namespace planwise::workload {

namespace {

enum class AttrType { Number, Flag, Text };

// pt-query-digest's type rule, applied to an attribute's first value:
// ^(?:\d+|[+-]?\d+\.\d*(?:E[+-]?\d+)?)$ is a number, Yes/No a flag, anything else text.
AttrType classify(std::string_view v)
{
    if (v == "Yes" || v == "No")
        return AttrType::Flag;
    size_t i = 0;
    if (i < v.size() && (v[i] == '+' || v[i] == '-'))
        ++i;
    const size_t digitsStart = i;
    while (i < v.size() && isAsciiDigit(v[i]))
        ++i;
    if (i == digitsStart)
        return AttrType::Text;
    if (i == v.size())
        return digitsStart == 0 ? AttrType::Number : AttrType::Text;
    if (v[i] != '.')
        return AttrType::Text;
    ++i;
    while (i < v.size() && isAsciiDigit(v[i]))
        ++i;
    if (i < v.size() && (v[i] == 'e' || v[i] == 'E')) {
        ++i;
        if (i < v.size() && (v[i] == '+' || v[i] == '-'))
            ++i;
        const size_t expStart = i;
        while (i < v.size() && isAsciiDigit(v[i]))
            ++i;
        if (i == expStart)
            return AttrType::Text;
    }
    return i == v.size() ? AttrType::Number : AttrType::Text;
}

[[gnu::noinline]] double toNumberSlow(std::string_view v)
{
    double out = 0;
    const auto res = std::from_chars(v.data(), v.data() + v.size(), out);
    if (res.ec != std::errc())
        return 0;
    return out;
}

// Perl's string-to-number: the longest numeric prefix, 0 when there is none.
[[gnu::always_inline]] inline double toNumber(std::string_view v)
{
    while (!v.empty() && isAsciiSpace(v.front()))
        v.remove_prefix(1);
    if (!v.empty() && v.front() == '+')
        v.remove_prefix(1);
    // The log's usual values ("12", "0.000123", "-3.5"): at most 15 digits, so the
    // digits are an exact double and one division by an exact power of ten gives
    // the correctly rounded value, as from_chars does (GCC 12's from_chars for
    // double allocates on every call).
    {
        static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                            1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
        size_t i = 0;
        const bool negative = !v.empty() && v[0] == '-';
        i += negative ? 1 : 0;
        uint64_t mantissa = 0;
        int digits = 0, fraction = 0;
        while (i < v.size() && isAsciiDigit(v[i])) {
            mantissa = mantissa * 10 + uint64_t(v[i] - '0');
            ++digits, ++i;
        }
        bool plain = digits > 0;
        if (plain && i < v.size() && v[i] == '.') {
            ++i;
            while (i < v.size() && isAsciiDigit(v[i])) {
                mantissa = mantissa * 10 + uint64_t(v[i] - '0');
                ++digits, ++fraction, ++i;
            }
            plain = fraction > 0;
        }
        if (plain && i == v.size() && digits <= 15) {
            const double value = double(mantissa) / kPow10[fraction];
            return negative ? -value : value;
        }
    }
    return toNumberSlow(v);
}

struct Slot {
    bool seen = false;
    MetricStats number;
    FlagStats flag;
    std::string text;   // greatest value
};

struct ClassAcc {
    std::string fingerprint;
    std::string checksum;       // PostgreSQL: libpg_query's; MySQL: computed at snapshot time
    Dialect dialect = Dialect::MySQL;
    uint64_t count = 0;
    std::string tsMin, tsMax;   // raw stamps, compared as pt-query-digest compares them (as strings)
    std::vector<Slot> slots;    // by attribute id
    Sample example;
    bool haveExample = false;
    double exampleMax = 0;
    // Hashed while reading (each event looks its values up); sorted for the Workload.
    CappedStringSet databases, users, hosts;
    std::string lastDb, lastUser, lastHost;   // consecutive events repeat these: skip the set lookup
};

struct AttrInfo {
    std::string name;
    AttrType type;
    bool ignored = false;
    bool queryTime = false;       // Query_time: the sample is the slowest execution
    bool adminRowCount = false;   // isAdminRowCount()
    bool classified = true;       // false after reset(): the type comes from the next first value
};


bool isStandardNumeric(std::string_view name)
{
    return name == "Query_time" || name == "Lock_time" || name == "Rows_sent" || name == "Rows_examined"
        || name == "Rows_affected" || name == "Bytes_sent" || name == "Rows_read";
}

// The server logs an administrator command (Quit, Ping, ...) with the row counts of
// the statement before it; pt-query-digest zeroes them, and so does Planwise.
bool isAdminRowCount(std::string_view name)
{
    return name == "Rows_sent" || name == "Rows_examined" || name == "Rows_read" || name == "Rows_affected";
}

} // namespace

bool isIgnoredAttribute(std::string_view name)
{
    static constexpr std::string_view kIgnored[] = {"arg", "cmd", "insert_id", "ip", "port", "Thread_id", "timestamp",
                                                    "exptime", "flags", "key", "res", "val", "server_id", "offset",
                                                    "end_log_pos", "Xid", "last_insert_id"};
    return std::find(std::begin(kIgnored), std::end(kIgnored), name) != std::end(kIgnored);
}

struct Aggregator::State {
    AggregatorOptions options;
    StringIndex classIndex;   // by fingerprint (MySQL) or checksum (PostgreSQL); numbers index `classes`
    std::vector<ClassAcc> classes;
    std::unordered_map<std::string, int, StringHash, std::equal_to<>> attrIndex;
    std::vector<AttrInfo> attrs;
    std::vector<int> positionCache;   // attribute id last seen at each position of an event's attribute list
    std::string fingerprint;          // reused: no allocation per event
    // libpg_query's answers by pgFingerprintKeyInto() key, and the class each one is.
    struct PgCacheEntry {
        sql::PgFingerprint fingerprint;
        size_t classIndex = SIZE_MAX;
    };
    StringIndex pgKeys;
    std::vector<PgCacheEntry> pgEntries;
    std::string pgKey;                                                                            // reused
    uint64_t events = 0;
    std::map<std::string, uint64_t> perMinute;
    std::string lastTs, lastMinute;   // lastTs: the minute key of the last stamp (see add())
    uint64_t* lastMinuteCount = nullptr;   // perMinute[lastMinute] (map nodes never move nor go)
    int queryLengthId = -1;                // attributeId("Query_length"): ids never change

    AttrType typeOf(std::string_view name, std::string_view firstValue) const
    {
        // pt-query-digest lets a garbled first value (slow017.txt's Query_time) make an
        // attribute text for the whole log; Planwise keeps the standard ones numeric.
        if (options.compat != sql::FingerprintCompat::PtQueryDigest && isStandardNumeric(name))
            return AttrType::Number;
        return classify(firstValue);
    }

    int attributeId(std::string_view name, std::string_view firstValue)
    {
        const auto it = attrIndex.find(name);
        if (it != attrIndex.end()) {
            AttrInfo& a = attrs[size_t(it->second)];
            if (!a.classified) {
                a.type = typeOf(name, firstValue);
                a.classified = true;
            }
            return it->second;
        }
        const int id = int(attrs.size());
        attrs.push_back({std::string(name), typeOf(name, firstValue), isIgnoredAttribute(name), name == "Query_time",
                         isAdminRowCount(name)});
        attrIndex.emplace(std::string(name), id);
        return id;
    }

    int attributeAt(size_t position, std::string_view name, std::string_view value)
    {
        if (position < positionCache.size()) {
            const int cached = positionCache[position];
            if (cached >= 0 && attrs[size_t(cached)].classified && sameText(attrs[size_t(cached)].name, name))
                return cached;
        } else {
            positionCache.resize(position + 1, -1);
        }
        const int id = attributeId(name, value);
        positionCache[position] = id;
        return id;
    }

    // Returns the number added, or -1 for a flag or text.
    static double addValue(Slot& slot, AttrType type, std::string_view value)
    {
        slot.seen = true;
        switch (type) {
        case AttrType::Number: {
            const double number = toNumber(value);
            slot.number.add(number);
            return number;
        }
        case AttrType::Flag:
            ++slot.flag.count;
            if (value == "Yes")
                ++slot.flag.yes;
            break;
        case AttrType::Text:
            if (value > std::string_view(slot.text))
                slot.text.assign(value);
            break;
        }
        return -1;
    }
};

Aggregator::Aggregator(AggregatorOptions options) : d(std::make_unique<State>())
{
    d->options = std::move(options);
}

Aggregator::~Aggregator() = default;
Aggregator::Aggregator(Aggregator&&) noexcept = default;
Aggregator& Aggregator::operator=(Aggregator&&) noexcept = default;

void Aggregator::reset(AggregatorOptions options)
{
    State& s = *d;
    if (options.compat != s.options.compat || options.dialect != s.options.dialect
        || options.pgFingerprintCache != s.options.pgFingerprintCache) {
        d = std::make_unique<State>();
        d->options = std::move(options);
        return;
    }
    s.options = std::move(options);
    s.events = 0;
    s.perMinute.clear();
    s.lastTs.clear();
    s.lastMinute.clear();
    s.lastMinuteCount = nullptr;
    // Attribute types are decided again by this run's first values, as in a new aggregator.
    for (size_t i = 0; i < s.attrs.size(); ++i)
        s.attrs[i].classified = int(i) == s.queryLengthId;   // always a number
    for (ClassAcc& c : s.classes) {
        c.count = 0;
        c.tsMin.clear();
        c.tsMax.clear();
        for (Slot& slot : c.slots) {
            slot.seen = false;
            slot.number.clear();
            slot.flag = {};
            slot.text.clear();
        }
        c.haveExample = false;
        c.exampleMax = 0;
        c.databases.clear();
        c.users.clear();
        c.hosts.clear();
        c.lastDb.clear();
        c.lastUser.clear();
        c.lastHost.clear();
    }
}

uint64_t Aggregator::events() const { return d->events; }
size_t Aggregator::classCount() const
{
    return size_t(std::count_if(d->classes.begin(), d->classes.end(), [](const ClassAcc& c) { return c.count > 0; }));
}

void Aggregator::add(const log::SlowLogEvent& ev)
{
    State& s = *d;
    // Classes are keyed by the fingerprint (MySQL) or libpg_query's fingerprint hash (PostgreSQL).
    const sql::PgFingerprint* pg = nullptr;
    sql::PgFingerprint uncached;
    State::PgCacheEntry* cached = nullptr;
    size_t index = SIZE_MAX;
    if (s.options.dialect == Dialect::PostgreSQL) {
        // libpg_query parses each statement; executions of one statement differ
        // only in their literals, so remember the answer per literal-free key
        // (bounded, so memory stays flat). A hit's class already exists: only
        // its checksum is used, and it is the one libpg_query gives this text.
        if (s.options.pgFingerprintCache) {
            sql::pgFingerprintKeyInto(ev.query, s.pgKey);
            uint32_t at = s.pgKeys.find(s.pgKey);
            if (at == StringIndex::npos) {
                if (s.pgKeys.size() >= 4096) {
                    s.pgKeys.clear();
                    s.pgEntries.clear();
                }
                at = s.pgKeys.insert(s.pgKey);
                // The normalized text only matters for a new class (below).
                s.pgEntries.push_back({sql::fingerprintPostgres(ev.query, false)});
            }
            cached = &s.pgEntries[at];
            pg = &cached->fingerprint;
            index = cached->classIndex;
        } else {
            uncached = sql::fingerprintPostgres(ev.query);
            pg = &uncached;
        }
        if (index == SIZE_MAX)
            s.fingerprint.assign(pg->checksum);
    } else {
        sql::fingerprintInto(ev.query, s.fingerprint, s.options.compat);
    }
    bool added = false;
    if (index == SIZE_MAX)
        index = s.classIndex.insert(s.fingerprint, &added);
    if (cached)
        cached->classIndex = index;
    if (added) {
        ClassAcc acc;
        acc.dialect = s.options.dialect;
        if (s.options.dialect == Dialect::PostgreSQL) {
            if (pg->normalized.empty() && !pg->fromLexer) {
                uncached = sql::fingerprintPostgres(ev.query);
                pg = &uncached;
            }
            acc.fingerprint = pg->normalized;
            acc.checksum = pg->checksum;
        } else {
            acc.fingerprint = s.fingerprint;
        }
        s.classes.push_back(std::move(acc));
    }
    ClassAcc& c = s.classes[index];
    ++c.count;
    ++s.events;

    double queryTime = -1;
    const bool admin = !ev.query.empty() && ev.query[0] == 'a' && ev.query.starts_with("administrator");
    for (size_t i = 0; i < ev.attributes.size(); ++i) {
        const log::Attribute& a = ev.attributes[i];
        const int id = s.attributeAt(i, a.name, a.value);
        const AttrInfo& info = s.attrs[size_t(id)];
        if (info.ignored)
            continue;
        if (size_t(id) >= c.slots.size())
            c.slots.resize(s.attrs.size());
        const double number = State::addValue(c.slots[size_t(id)], info.type,
                                              admin && info.adminRowCount ? std::string_view("0") : a.value);
        if (info.queryTime)   // never zeroed above: an administrator command keeps its time
            queryTime = info.type == AttrType::Number ? number : toNumber(a.value);
    }
    // pt-query-digest's Query_length: the statement's length in bytes.
    {
        if (s.queryLengthId < 0)
            s.queryLengthId = s.attributeId("Query_length", "0");
        const int id = s.queryLengthId;
        if (size_t(id) >= c.slots.size())
            c.slots.resize(s.attrs.size());
        Slot& slot = c.slots[size_t(id)];
        slot.seen = true;
        slot.number.add(ev.noStatement ? 0.0 : double(ev.query.size()));
    }

    if (!ev.ts.empty()) {
        if (c.tsMin.empty() || ev.ts < std::string_view(c.tsMin))
            c.tsMin.assign(ev.ts);
        if (c.tsMax.empty() || ev.ts > std::string_view(c.tsMax))
            c.tsMax.assign(ev.ts);
        // Stamps that agree up to their last ':' (and in their first 16 bytes)
        // fall in the same minute: only a new minute is normalized (it allocates).
        const size_t colon = ev.ts.rfind(':');
        const std::string_view minuteKey = ev.ts.substr(0, std::max<size_t>(16, colon == std::string_view::npos ? 0 : colon));
        if (!sameText(minuteKey, s.lastTs)) {
            s.lastTs.assign(minuteKey);
            const std::string norm = log::normalizeSlowLogTimestamp(ev.ts);
            s.lastMinute = norm.size() >= 16 ? norm.substr(0, 16) : norm;
            if (s.lastMinute.size() == 16 && s.lastMinute[10] == 'T')
                s.lastMinute[10] = ' ';
            s.lastMinuteCount = &s.perMinute[s.lastMinute];
        }
        ++*s.lastMinuteCount;
    }
    auto remember = [](CappedStringSet& set, std::string& last, std::string_view value) {
        if (sameText(value, last))
            return;
        last.assign(value);
        set.insert(value);
    };
    remember(c.databases, c.lastDb, ev.db);
    remember(c.users, c.lastUser, ev.user);
    remember(c.hosts, c.lastHost, ev.host);

    // The slowest execution, the last one on ties (as pt-query-digest keeps it).
    const bool newWorst = queryTime >= 0 ? (!c.haveExample || queryTime >= c.exampleMax) : !c.haveExample;
    if (newWorst) {
        c.haveExample = true;
        c.exampleMax = std::max(queryTime, 0.0);
        Sample& e = c.example;
        e.query.assign(ev.query);
        e.database.assign(ev.db);
        e.timestamp.assign(ev.ts);
        e.queryTime = std::max(queryTime, 0.0);
        e.file = s.options.fileName;
        e.line = ev.lineNumber();
        e.byteOffset = ev.byteOffset;
        e.user.assign(ev.user);
        e.host.assign(ev.host);
        e.explain.assign(ev.explainLines.begin(), ev.explainLines.end());
        e.parameters.assign(ev.parameters);
    }
}

void Aggregator::merge(const Aggregator& laterAgg)
{
    State& s = *d;
    const State& o = *laterAgg.d;
    // Map the other side's attribute ids to ours; the first type seen (ours) wins.
    std::vector<int> attrMap(o.attrs.size(), -1);
    for (size_t i = 0; i < o.attrs.size(); ++i) {
        if (!o.attrs[i].classified)
            continue;   // not seen since a reset(): no slot of it is either
        const auto it = s.attrIndex.find(std::string_view(o.attrs[i].name));
        if (it != s.attrIndex.end()) {
            attrMap[i] = it->second;
        } else {
            attrMap[i] = int(s.attrs.size());
            s.attrs.push_back(o.attrs[i]);
            s.attrIndex.emplace(o.attrs[i].name, attrMap[i]);
        }
    }
    for (const ClassAcc& oc : o.classes) {
        if (oc.count == 0)
            continue;   // known from before a reset() only
        const std::string& key = oc.checksum.empty() ? oc.fingerprint : oc.checksum;
        bool added = false;
        const size_t index = s.classIndex.insert(key, &added);
        if (added) {
            ClassAcc acc;
            acc.fingerprint = oc.fingerprint;
            acc.checksum = oc.checksum;
            acc.dialect = oc.dialect;
            s.classes.push_back(std::move(acc));
        }
        ClassAcc& c = s.classes[index];
        c.count += oc.count;
        if (!oc.tsMin.empty() && (c.tsMin.empty() || oc.tsMin < c.tsMin))
            c.tsMin = oc.tsMin;
        if (!oc.tsMax.empty() && (c.tsMax.empty() || oc.tsMax > c.tsMax))
            c.tsMax = oc.tsMax;
        if (c.slots.size() < s.attrs.size())
            c.slots.resize(s.attrs.size());
        for (size_t i = 0; i < oc.slots.size(); ++i) {
            const Slot& from = oc.slots[i];
            if (!from.seen)
                continue;
            const int target = attrMap[i];
            Slot& to = c.slots[size_t(target)];
            if (s.attrs[size_t(target)].type != o.attrs[i].type)
                continue;   // the attribute changed type between blocks: the first type rules, as in pt-query-digest
            to.seen = true;
            to.number.merge(from.number);
            to.flag.count += from.flag.count;
            to.flag.yes += from.flag.yes;
            if (from.text > to.text)
                to.text = from.text;
        }
        if (oc.haveExample && (!c.haveExample || oc.exampleMax >= c.exampleMax)) {
            c.haveExample = true;
            c.exampleMax = oc.exampleMax;
            c.example = oc.example;
        }
        c.databases.merge(oc.databases);
        c.users.merge(oc.users);
        c.hosts.merge(oc.hosts);
    }
    s.events += o.events;
    for (const auto& [minute, n] : o.perMinute)
        s.perMinute[minute] += n;
}

bool Aggregator::attributeTypesAgree(const Aggregator& later) const
{
    for (const AttrInfo& a : later.d->attrs) {
        if (!a.classified)
            continue;
        const auto it = d->attrIndex.find(std::string_view(a.name));
        if (it != d->attrIndex.end() && d->attrs[size_t(it->second)].type != a.type)
            return false;
    }
    return true;
}

void Aggregator::presetAttributeTypes(const Aggregator& from)
{
    for (const AttrInfo& a : from.d->attrs) {
        const auto it = d->attrIndex.find(std::string_view(a.name));
        if (it != d->attrIndex.end()) {
            AttrInfo& mine = d->attrs[size_t(it->second)];
            mine.type = a.type;
            mine.classified = true;
            continue;
        }
        d->attrIndex.emplace(a.name, int(d->attrs.size()));
        d->attrs.push_back(a);
        d->attrs.back().classified = true;
    }
}

void Aggregator::shiftPositions(int64_t lineDelta, int64_t byteDelta)
{
    for (ClassAcc& c : d->classes) {
        c.example.line += lineDelta;
        c.example.byteOffset += byteDelta;
    }
}

namespace {

// From a const state a copy, from the state takeWorkload() empties the value itself.
template <typename T>
T copyOrTake(const T& value)
{
    return value;
}
template <typename T>
T copyOrTake(T& value)
{
    return std::move(value);
}

} // namespace

Workload Aggregator::snapshot(RankBy rank) const
{
    return makeWorkload(std::as_const(*d), rank);
}

Workload Aggregator::takeWorkload(RankBy rank)
{
    Workload w = makeWorkload(*d, rank);
    AggregatorOptions options = std::move(d->options);
    d = std::make_unique<State>();   // what was not moved out goes, indexes included
    d->options = std::move(options);
    return w;
}

template <typename S>
Workload Aggregator::makeWorkload(S& s, RankBy rank)
{
    constexpr bool steal = !std::is_const_v<S>;
    Workload w;
    w.events = s.events;
    w.eventsPerMinute = copyOrTake(s.perMinute);
    w.classes.reserve(s.classes.size());
    std::string rawTsMin, rawTsMax;
    for (auto& c : s.classes) {
        if (c.count == 0)
            continue;   // known from before a reset() only
        QueryClass q;
        q.fingerprint = copyOrTake(c.fingerprint);
        q.checksum = c.checksum.empty() ? sql::queryChecksum(q.fingerprint) : copyOrTake(c.checksum);
        q.dialect = c.dialect;
        q.count = c.count;
        q.tsMin = log::normalizeSlowLogTimestamp(c.tsMin);
        q.tsMax = log::normalizeSlowLogTimestamp(c.tsMax);
        if (!c.tsMin.empty() && (rawTsMin.empty() || c.tsMin < rawTsMin))
            rawTsMin = c.tsMin;
        if (!c.tsMax.empty() && (rawTsMax.empty() || c.tsMax > rawTsMax))
            rawTsMax = c.tsMax;
        q.example = copyOrTake(c.example);
        q.example.timestamp = log::normalizeSlowLogTimestamp(q.example.timestamp);
        for (size_t i = 0; i < c.slots.size(); ++i) {
            auto& slot = c.slots[i];
            if (!slot.seen)
                continue;
            const AttrInfo& a = s.attrs[i];
            switch (a.type) {
            case AttrType::Number:
                w.globalMetrics[a.name].merge(slot.number);
                q.metrics.emplace(a.name, copyOrTake(slot.number));
                break;
            case AttrType::Flag:
                q.flags[a.name] = slot.flag;
                w.globalFlags[a.name].count += slot.flag.count;
                w.globalFlags[a.name].yes += slot.flag.yes;
                break;
            case AttrType::Text:
                q.stringValues[a.name] = copyOrTake(slot.text);
                break;
            }
        }
        auto fill = [](std::set<std::string>& to, auto& from) {
            if constexpr (steal) {
                std::vector<std::string> values = from.takeValues();
                to.insert(std::make_move_iterator(values.begin()), std::make_move_iterator(values.end()));
            } else {
                to.insert(from.values().begin(), from.values().end());
            }
        };
        fill(q.databases, c.databases);
        fill(q.users, c.users);
        fill(q.hosts, c.hosts);
        w.classes.push_back(std::move(q));
    }
    if (s.options.compat == sql::FingerprintCompat::PtQueryDigest) {
        // pt-query-digest ranks by Query_time's sum and leaves out classes that have none.
        std::erase_if(w.classes, [](const QueryClass& q) { return q.metric("Query_time") == nullptr; });
        w.events = 0;
        for (const QueryClass& q : w.classes)
            w.events += q.count;
    }
    w.tsMin = log::normalizeSlowLogTimestamp(rawTsMin);
    w.tsMax = log::normalizeSlowLogTimestamp(rawTsMax);
    rankClasses(w.classes, rank);
    return w;
}

void keepTopClasses(std::vector<QueryClass>& classes, size_t n, RankBy rank)
{
    rankClasses(classes, rank);
    if (classes.size() > n)
        classes.resize(n);
}

void rankClasses(std::vector<QueryClass>& classes, RankBy rank)
{
    auto key = [rank](const QueryClass& c) -> double {
        auto metric = [&c](const char* name) { return c.metric(name); };
        switch (rank) {
        case RankBy::TotalTime:
            // To the microsecond (what logs print): sums that differ only in
            // their last bits (summation order, so block layout) tie, and the
            // checksum then orders them the same way every time.
            return double(std::llround(c.totalTime() * 1e6));
        case RankBy::Count:
            return double(c.count);
        case RankBy::P95: {
            const MetricStats* m = metric("Query_time");
            return m ? m->pct95() : 0;
        }
        case RankBy::Max: {
            const MetricStats* m = metric("Query_time");
            return m ? m->max() : 0;
        }
        case RankBy::RowsExamined: {
            const MetricStats* m = metric("Rows_examined");
            return m ? m->sum() : 0;
        }
        }
        return 0;
    };
    std::vector<std::pair<double, size_t>> keys;
    keys.reserve(classes.size());
    for (size_t i = 0; i < classes.size(); ++i)
        keys.emplace_back(key(classes[i]), i);
    std::sort(keys.begin(), keys.end(), [&classes](const auto& a, const auto& b) {
        if (a.first != b.first)
            return a.first > b.first;
        return classes[a.second].checksum < classes[b.second].checksum;
    });
    std::vector<QueryClass> sorted;
    sorted.reserve(classes.size());
    for (const auto& k : keys)
        sorted.push_back(std::move(classes[k.second]));
    classes = std::move(sorted);
}

} // namespace planwise::workload
