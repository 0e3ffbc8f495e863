#include "connectors/explain_command.h"

#include "analyzer/plan/plan_report.h"
#include "analyzer/plan/plan_rules.h"
#include "connectors/common/connector_error.h"
#include "connectors/database.h"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <iostream>
#include <iterator>

namespace planwise::connectors {

int runExplainCommand(const ExplainCommandOptions& options, std::istream& in, std::ostream& out, std::ostream& err)
{
    std::string sql = options.sql;
    if (sql == "-")
        sql.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (sql.find_first_not_of(" \t\r\n;") == std::string::npos) {
        fmt::print(err, "planwise-cli: explain needs a statement\n");
        return 2;
    }
    try {
        const auto target = parseConnectionTarget(options.database);
        auto db = openDatabase(target);
        for (const auto& w : db->warnings())
            fmt::print(err, "planwise-cli: warning: {}\n", w);
        const plan::Plan plan = options.analyze ? db->explainAnalyze(sql) : db->explain(sql);
        const auto findings = plan::checkPlan(plan);
        if (options.json) {
            nlohmann::json j;
            j["database"] = db->describe();
            j["analyzed"] = options.analyze;
            j["plan"] = plan::planToJson(plan);
            j["findings"] = plan::findingsToJson(findings);
            out << j.dump(2) << "\n";
        } else {
            fmt::print(out, "{}\n", db->describe());
            plan::writePlanText(out, plan, findings);
        }
        return 0;
    } catch (const ConnectorError& e) {
        fmt::print(err, "planwise-cli: {}: {}\n", errorKindName(e.kind()), e.what());
        if (e.kind() == ErrorKind::BadUri)
            return 2;
        return e.isConnectionFailure() ? 4 : 3;
    }
}

} // namespace planwise::connectors
