#pragma once
// JSON form of the advice (`planwise-cli advise --json`): a contract scripts read.
#include "analyzer/advisor/recommendation.h"

#include <nlohmann/json.hpp>

namespace planwise::exporter {

nlohmann::json findingToJson(const Finding& f);
nlohmann::json adviceToJson(const advisor::AdviceResult& advice);

} // namespace planwise::exporter
