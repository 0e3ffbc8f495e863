#pragma once
// What happened between two snapshots of a server's cumulative statistics
// (pg_stat_statements, performance_schema): the workload of that interval,
// not of everything since the last stats reset.
#include "analyzer/workload/query_class.h"

namespace planwise::workload {

// Per class (matched by checksum): executions and metric sums of `after` minus
// `before`. Classes that did not run in between are dropped; min/max keep the
// later snapshot's (the views keep no per-interval extremes). A class whose
// count went down (statistics reset in between) is taken from `after` whole.
Workload workloadDelta(const Workload& before, const Workload& after);

} // namespace planwise::workload
