#pragma once
#include "connectors/database.h"

namespace planwise::connectors {
std::unique_ptr<Database> openMySql(const ConnectionTarget& target);
}
