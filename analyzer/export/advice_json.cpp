#include "analyzer/export/advice_json.h"

namespace planwise::exporter {

static nlohmann::json evidenceToJson(const std::vector<Evidence>& evidence)
{
    auto arr = nlohmann::json::array();
    for (const auto& e : evidence)
        arr.push_back({{"label", e.label}, {"value", e.value}});
    return arr;
}

template <typename T> static nlohmann::json optional(const std::optional<T>& v)
{
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json findingToJson(const Finding& f)
{
    return {{"rule", f.ruleId},         {"severity", findingSeverityName(f.severity)},
            {"title", f.title},         {"detail", f.detail},
            {"suggestion", f.suggestion}, {"evidence", evidenceToJson(f.evidence)},
            {"node", f.nodeId},         {"table", f.table},
            {"columns", f.columns}};
}

nlohmann::json adviceToJson(const advisor::AdviceResult& advice)
{
    auto recs = nlohmann::json::array();
    for (const auto& r : advice.recommendations) {
        auto columns = nlohmann::json::array();
        for (const auto& c : r.index.columns)
            columns.push_back({{"column", c.column}, {"descending", c.descending}});
        auto queries = nlohmann::json::array();
        for (const auto& q : r.queries)
            queries.push_back({{"checksum", q.checksum},
                               {"fingerprint", q.fingerprint},
                               {"sample", q.sample},
                               {"query_count", q.count},
                               {"total_time", q.totalTime},
                               {"plan_before", q.planBefore},
                               {"plan_after", q.planAfter},
                               {"cost_before", optional(q.costBefore)},
                               {"cost_after", optional(q.costAfter)},
                               {"uses_index", q.usesIndex}});
        auto findings = nlohmann::json::array();
        for (const auto& f : r.findings)
            findings.push_back(findingToJson(f));
        recs.push_back({{"id", r.id},
                        {"rule", r.ruleId},
                        {"kind", advisor::recommendationKindName(r.kind)},
                        {"table", r.index.table},
                        {"index", r.index.name},
                        {"columns", columns},
                        {"title", r.title},
                        {"rationale", r.rationale},
                        {"ddl", r.ddl},
                        {"rollback_ddl", r.rollbackDdl},
                        {"validated", r.validated},
                        {"validation", r.validation},
                        {"estimated_size_bytes", optional(r.estimatedSizeBytes)},
                        {"benefit_seconds", r.benefitSeconds},
                        {"evidence", evidenceToJson(r.evidence)},
                        {"queries", queries},
                        {"findings", findings}});
    }
    auto findings = nlohmann::json::array();
    for (const auto& f : advice.findings)
        findings.push_back(findingToJson(f));
    return {{"recommendations", recs}, {"findings", findings}, {"notes", advice.notes}};
}

} // namespace planwise::exporter
