#pragma once
// The demo workload: realistic shop queries run against the generated
// database and written as a plain MySQL 5.7 slow log.
#include "demo_shop.h"

#include <ostream>

namespace planwise::demo {

struct WorkloadSize {
    int executions = 3000;
};

// Every statement is executed against `db` (read only) and its log figures
// come from SQLite's own counters, never from a clock; see demo_slowlog.cpp.
void writeSlowLog(sqlite3* db, std::ostream& out, SplitMix64& rng, const ShopSize& shop, const WorkloadSize& size);

} // namespace planwise::demo
