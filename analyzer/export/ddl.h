#pragma once
// DDL for recommendations, per dialect, written to be safe on a live server:
// PostgreSQL builds CONCURRENTLY, MySQL/MariaDB online (INPLACE, LOCK=NONE).
#include "analyzer/catalog/catalog.h"
#include "analyzer/core/dialect.h"

#include <string>

namespace planwise::exporter {

std::string quoteName(std::string_view name, Dialect dialect);
std::string createIndexDdl(const catalog::Index& index, Dialect dialect, std::string_view schema = {});
std::string dropIndexDdl(const catalog::Index& index, Dialect dialect, std::string_view schema = {});

} // namespace planwise::exporter
