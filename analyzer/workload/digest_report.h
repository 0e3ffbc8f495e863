#pragma once
// The digest of a workload, written as text (pt-query-digest's profile plus
// per-class detail), JSON (pt-query-digest's --output json layout, with
// Planwise's fields beside it) or CSV (one row per class).
#include "analyzer/workload/ingest.h"
#include "analyzer/workload/query_class.h"

#include <ostream>
#include <string>

namespace planwise::workload {

struct DigestReportOptions {
    size_t top = 0;   // classes to print; 0 = all
};

void writeDigestText(const IngestResult& result, const DigestReportOptions& options, std::ostream& out);
void writeDigestJson(const IngestResult& result, const DigestReportOptions& options, std::ostream& out);
void writeDigestCsv(const IngestResult& result, const DigestReportOptions& options, std::ostream& out);

// pt-query-digest's time formatting: 12us, 726ms, 3s.
std::string formatDuration(double seconds);

} // namespace planwise::workload
