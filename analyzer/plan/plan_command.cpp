#include "analyzer/plan/plan_command.h"

#include "analyzer/plan/plan.h"
#include "analyzer/plan/plan_report.h"
#include "analyzer/plan/plan_rules.h"

#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <sstream>

namespace planwise::plan {

namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;
constexpr int kExitInput = 3;

} // namespace

int runPlanCommand(const PlanCommandOptions& options, std::istream& in, std::ostream& out, std::ostream& err)
{
    std::optional<PlanFormat> format;
    if (options.format && !options.format->empty()) {
        format = parsePlanFormat(*options.format);
        if (!format) {
            std::string names;
            for (auto f : allPlanFormats())
                names += (names.empty() ? "" : ", ") + std::string(planFormatName(f));
            err << fmt::format("unknown plan format \"{}\" (expected one of: {})\n", *options.format, names);
            return kExitUsage;
        }
    }

    std::string text;
    if (options.input == "-") {
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    } else {
        std::ifstream file(options.input, std::ios::binary);
        if (!file) {
            err << fmt::format("{}: cannot open the file\n", options.input);
            return kExitInput;
        }
        std::ostringstream ss;
        ss << file.rdbuf();
        text = ss.str();
    }

    const ParseResult result = parsePlan(text, format, options.input);
    for (const auto& d : result.diagnostics)
        err << d.format() << "\n";
    if (!result.ok()) {
        if (result.plan.nodes.empty())
            return kExitInput;
        // Some nodes were read: show them, but the input was not usable as a whole.
        err << fmt::format("{}: the plan was read only partly ({} nodes)\n", options.input, result.plan.nodes.size());
    }

    const auto findings = checkPlan(result.plan);
    if (options.json) {
        nlohmann::json j = planToJson(result.plan);
        j["findings"] = findingsToJson(findings);
        j["partial"] = result.partial;
        // Plans pasted from Latin-1 terminals may carry invalid UTF-8 in conditions.
        out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
        writePlanText(out, result.plan, findings);
    }
    return result.ok() ? kExitOk : kExitInput;
}

} // namespace planwise::plan
