#pragma once
// What the advisor proposes, with the evidence behind it. Plain values: the
// CLI prints them, the GUI shows them, the exporters write them.
#include "analyzer/catalog/catalog.h"
#include "analyzer/core/finding.h"

#include <optional>
#include <string>
#include <vector>

namespace planwise::advisor {

enum class RecommendationKind { CreateIndex, DropIndex };

constexpr const char* recommendationKindName(RecommendationKind k)
{
    return k == RecommendationKind::CreateIndex ? "create-index" : "drop-index";
}

// One query class that the recommendation would help, and by how much.
struct AffectedQuery {
    std::string checksum;
    std::string fingerprint;
    std::string sample;                 // the literal statement the what-if ran
    uint64_t count = 0;
    double totalTime = 0;               // seconds, from the workload
    std::string planBefore;             // one line per plan node, as the database printed it
    std::string planAfter;
    std::optional<double> costBefore;   // planner cost units where the engine gives them
    std::optional<double> costAfter;
    bool usesIndex = false;             // the planner chose the candidate in the what-if
};

struct Recommendation {
    std::string id;                     // stable within a run: "R1", "R2", ... ranked by benefit
    std::string ruleId;                 // rule that produced it, e.g. "index.filter-without-index"
    RecommendationKind kind = RecommendationKind::CreateIndex;
    catalog::Index index;               // the index to create or drop
    std::string title;                  // one line
    std::string rationale;              // why, in words
    std::string ddl;                    // the statement to run
    std::string rollbackDdl;            // the statement that undoes it
    std::vector<AffectedQuery> queries;
    std::vector<Evidence> evidence;     // headline figures
    std::vector<Finding> findings;      // the rule findings it answers
    bool validated = false;             // a what-if confirmed the planner uses it
    std::string validation;             // how it was validated ("SQLite planner on a stats-only copy", ...)
    std::optional<int64_t> estimatedSizeBytes;
    double benefitSeconds = 0;          // workload time of the queries it serves
};

struct AdviceResult {
    std::vector<Recommendation> recommendations;
    std::vector<Finding> findings;      // everything the rules found, including what led nowhere
    std::vector<std::string> notes;     // skipped classes and why, validation caveats
};

} // namespace planwise::advisor
