#pragma once
#include "connectors/database.h"

namespace planwise::connectors {
std::unique_ptr<Database> openPostgres(const ConnectionTarget& target);
}
