#pragma once
// The advisor asks "would the planner use this index?" through this interface;
// each connector answers it its own way (HypoPG, a stats-only SQLite copy, a
// cost model), so the advisor itself never touches a database.
#include "analyzer/catalog/catalog.h"

#include <optional>
#include <string>
#include <vector>

namespace planwise::advisor {

struct WhatIfOutcome {
    std::string planBefore;               // one line per node, as the engine prints it
    std::string planAfter;
    std::optional<double> costBefore;     // planner cost units, where the engine has them
    std::optional<double> costAfter;
    std::vector<std::string> usedIndexes; // names of the candidates the planner chose
    std::optional<int64_t> sizeBytes;     // estimated size of the candidates, where known
    std::string error;                    // non-empty when the statement could not be planned
};

class WhatIfEvaluator {
public:
    virtual ~WhatIfEvaluator() = default;
    // How the figures were obtained, shown beside them ("SQLite planner on a stats-only copy").
    virtual std::string method() const = 0;
    virtual WhatIfOutcome evaluate(const std::string& sql, const std::vector<catalog::Index>& candidates) = 0;
};

} // namespace planwise::advisor
