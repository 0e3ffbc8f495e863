// Totals from server statistics views, folded into the same MetricStats that
// log events fill, so one workload can hold both.
#include "analyzer/workload/query_class.h"

namespace planwise::workload {

void MetricStats::addSummary(uint64_t count, double sum, double min, double max)
{
    if (count == 0)
        return;
    if (m_count == 0 || min < m_min)
        m_min = min;
    if (m_count == 0 || max > m_max)
        m_max = max;
    m_count += count;
    m_sum += sum;
    m_summaryCount += count;
    addToBucket(bucketIndex(sum / double(count)), count);
}

} // namespace planwise::workload
