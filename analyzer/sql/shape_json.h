#pragma once
// The query shape as JSON (every field) and as a short text for people:
// what `planwise-cli shape` prints.
#include "analyzer/sql/query_shape.h"

#include <nlohmann/json.hpp>

#include <string>

namespace planwise::sql {

nlohmann::json shapeToJson(const QueryShape& shape);

// A few indented lines per part; empty parts are left out.
std::string shapeToText(const QueryShape& shape);

} // namespace planwise::sql
