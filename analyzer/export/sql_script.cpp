#include "analyzer/export/sql_script.h"

#include "analyzer/export/ddl.h"

#include <sstream>

namespace planwise::exporter {

// Every line of free text goes behind "-- " so nothing in a query sample or
// plan can end the comment and become SQL.
static void commentBlock(std::ostringstream& out, const std::string& text, const std::string& indent = "")
{
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line))
        out << "-- " << indent << line << "\n";
}

std::string writeSqlScript(const advisor::AdviceResult& advice, const ScriptContext& ctx)
{
    std::ostringstream out;
    out << "-- Planwise recommendations for " << dialectName(ctx.dialect) << "\n";
    if (!ctx.target.empty())
        out << "-- Database: " << ctx.target << "\n";
    if (!ctx.sources.empty())
        out << "-- Workload: " << ctx.sources << "\n";
    if (!ctx.generatedAt.empty())
        out << "-- Generated: " << ctx.generatedAt << "\n";
    out << "--\n-- Review before running. Planwise has not changed the database; this script will.\n";
    if (ctx.dialect == Dialect::PostgreSQL)
        out << "-- CREATE INDEX CONCURRENTLY cannot run inside a transaction block: run this file with psql, not in BEGIN/COMMIT.\n";
    if (ctx.dialect == Dialect::MySQL)
        out << "-- ALGORITHM=INPLACE, LOCK=NONE keeps the table writable; the server refuses rather than lock if it cannot.\n";
    if (advice.recommendations.empty())
        out << "--\n-- No recommendations: nothing to run.\n";

    for (const auto& rec : advice.recommendations) {
        out << "\n-- " << rec.id << " [" << rec.ruleId << "] " << rec.title << "\n";
        commentBlock(out, rec.rationale);
        out << "-- Validation: " << (rec.validation.empty() ? "none" : rec.validation) << "\n";
        for (const auto& q : rec.queries) {
            out << "--   class " << q.checksum << " (" << q.count << " executions)\n";
            commentBlock(out, q.sample, "     sample: ");
            if (!q.planBefore.empty())
                commentBlock(out, q.planBefore, "     before: ");
            if (!q.planAfter.empty())
                commentBlock(out, q.planAfter, "     after:  ");
        }
        out << rec.ddl << "\n";
        if (ctx.dialect == Dialect::SQLite)
            out << "ANALYZE " << quoteName(rec.index.name, ctx.dialect) << ";\n";
    }

    if (!advice.recommendations.empty()) {
        out << "\n-- Rollback: undoes every statement above, newest first.\n";
        for (auto it = advice.recommendations.rbegin(); it != advice.recommendations.rend(); ++it)
            out << "-- " << it->id << ": " << it->rollbackDdl << "\n";
    }
    return out.str();
}

} // namespace planwise::exporter
