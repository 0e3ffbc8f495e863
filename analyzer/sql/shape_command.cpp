#include "analyzer/sql/shape_command.h"

#include "analyzer/core/dialect.h"
#include "analyzer/sql/query_shape.h"
#include "analyzer/sql/shape_json.h"

#include <istream>
#include <iterator>
#include <ostream>

namespace planwise::sql {

namespace {
constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;
constexpr int kExitBadInput = 3;
} // namespace

int runShapeCommand(const ShapeCommandOptions& options, std::istream& in, std::ostream& out, std::ostream& err)
{
    const std::optional<Dialect> dialect = parseDialect(options.dialect);
    if (!dialect) {
        err << "planwise-cli shape: unknown dialect '" << options.dialect
            << "' (expected postgresql, mysql, mariadb or sqlite)\n";
        return kExitUsage;
    }
    std::string sql = options.sql;
    if (sql == "-") {
        sql.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (in.bad()) {
            err << "planwise-cli shape: cannot read the statement from standard input\n";
            return kExitBadInput;
        }
    }
    const QueryShape shape = parseShape(sql, *dialect);
    if (shape.kind == StatementKind::Unknown) {
        err << "planwise-cli shape: " << (shape.error.empty() ? "the statement could not be understood" : shape.error)
            << "\n";
        if (options.json)
            out << shapeToJson(shape).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return kExitBadInput;
    }
    // Logs carry Latin-1 and worse: invalid UTF-8 becomes U+FFFD rather than an exception.
    if (options.json)
        out << shapeToJson(shape).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    else
        out << shapeToText(shape);
    return kExitOk;
}

} // namespace planwise::sql
