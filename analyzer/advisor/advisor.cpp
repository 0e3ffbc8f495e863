#include "analyzer/advisor/advisor.h"

#include "analyzer/advisor/index_key.h"
#include "analyzer/advisor/rule_registry.h"
#include "analyzer/core/text.h"
#include "analyzer/export/ddl.h"
#include "analyzer/sql/query_shape.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace planwise::advisor {
namespace {

struct Candidate {
    IndexKey key;
    std::vector<const workload::QueryClass*> classes;
    std::vector<Finding> findings;
};

std::string keyId(const IndexKey& key)
{
    std::string id = toLower(key.schema + "." + key.table);
    for (const auto& c : key.columns)
        id += "|" + toLower(c.column) + (c.descending ? " desc" : "");
    return id;
}

std::string columnList(const IndexKey& key)
{
    std::string out;
    for (const auto& c : key.columns)
        out += (out.empty() ? "" : ", ") + c.column + (c.descending ? " DESC" : "");
    return out;
}

std::string sampleOf(const workload::QueryClass& qc)
{
    return qc.example.query.empty() ? qc.fingerprint : qc.example.query;
}

Recommendation makeRecommendation(const Candidate& cand, Dialect dialect)
{
    Recommendation rec;
    rec.ruleId = "index.filter-without-index";
    rec.kind = RecommendationKind::CreateIndex;
    rec.index.name = indexNameFor(cand.key);
    rec.index.table = cand.key.table;
    rec.index.schema = cand.key.schema;
    rec.index.columns = cand.key.columns;
    rec.title = fmt::format("Create index {} on {} ({})", rec.index.name, cand.key.table, columnList(cand.key));
    rec.findings = cand.findings;
    rec.ddl = exporter::createIndexDdl(rec.index, dialect, cand.key.schema);
    rec.rollbackDdl = exporter::dropIndexDdl(rec.index, dialect, cand.key.schema);
    return rec;
}

// A candidate whose key is served by a wider candidate on the same table is
// folded into it: one index for both query classes costs less to maintain.
void foldServedCandidates(std::vector<Candidate>& candidates)
{
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.key.columns.size() > b.key.columns.size(); });
    for (size_t i = 0; i < candidates.size();) {
        auto& narrow = candidates[i];
        auto wide = std::find_if(candidates.begin(), candidates.begin() + i, [&](const Candidate& c) {
            return iequals(c.key.table, narrow.key.table) && iequals(c.key.schema, narrow.key.schema) &&
                   columnsServeKey(c.key.columns, narrow.key);
        });
        if (wide == candidates.begin() + i) {
            ++i;
            continue;
        }
        for (const auto* qc : narrow.classes)
            if (std::find(wide->classes.begin(), wide->classes.end(), qc) == wide->classes.end())
                wide->classes.push_back(qc);
        wide->findings.insert(wide->findings.end(), narrow.findings.begin(), narrow.findings.end());
        candidates.erase(candidates.begin() + i);
    }
}

} // namespace

AdviceResult advise(const workload::Workload& workload, const catalog::Catalog& catalog, WhatIfEvaluator* whatIf,
                    const AdvisorOptions& options)
{
    AdviceResult result;
    auto ruleOptions = options.ruleOptions;
    auto& filterOpts = ruleOptions["index.filter-without-index"];
    if (!filterOpts.values().count("min-rows"))
        filterOpts.set("min-rows", fmt::format("{}", options.minTableRows));
    const RuleList rules = allRules(ruleOptions);

    std::vector<Candidate> candidates;
    std::set<std::string> missingTables;
    size_t analyzed = 0;
    for (const auto& qc : workload.classes) {
        if (analyzed >= options.maxClasses) {
            result.notes.push_back(fmt::format("Only the top {} classes by total time were analyzed.", options.maxClasses));
            break;
        }
        if (options.cancelled && options.cancelled()) {
            result.notes.push_back("Cancelled: the advice covers the classes analyzed so far.");
            break;
        }
        ++analyzed;
        const sql::QueryShape shape = sql::parseShape(sampleOf(qc), catalog.dialect, &catalog);
        if (shape.kind == sql::StatementKind::Unknown) {
            result.notes.push_back(fmt::format("Class {} skipped: {}", qc.checksum,
                                               shape.skipped.empty() ? "statement not understood" : shape.skipped.front()));
            continue;
        }
        if (shape.kind == sql::StatementKind::Other) // SET, SHOW, PREPARE, DDL: nothing to index for
            continue;
        for (const auto& t : shape.tables) {
            const bool isCte = std::any_of(shape.cteNames.begin(), shape.cteNames.end(),
                                           [&](const std::string& c) { return iequals(c, t.name); });
            const std::string name = t.schema.empty() ? t.name : t.schema + "." + t.name;
            if (!t.name.empty() && !isCte && !catalog.table(t.schema, t.name) && missingTables.insert(toLower(name)).second)
                result.notes.push_back(fmt::format("Table {} (class {}) is not in the database's catalog: another "
                                                   "database, a view, or a table dropped since the log was written?",
                                                   name, qc.checksum));
        }
        std::optional<plan::Plan> plan;
        if (options.planFor)
            plan = options.planFor(qc);
        RuleContext ctx;
        ctx.dialect = catalog.dialect;
        ctx.plan = plan ? &*plan : nullptr;
        ctx.shape = &shape;
        ctx.catalog = &catalog;
        ctx.queryClass = &qc;
        std::vector<Finding> found;
        for (const auto& rule : rules)
            rule->check(ctx, found);
        for (auto& f : found)
            f.evidence.push_back({"query class", qc.checksum});

        for (IndexKey& key : missingIndexKeys(shape, catalog, options.minTableRows)) {
            const std::string id = keyId(key);
            auto it = std::find_if(candidates.begin(), candidates.end(),
                                   [&](const Candidate& c) { return keyId(c.key) == id; });
            if (it == candidates.end()) {
                candidates.push_back({std::move(key), {}, {}});
                it = std::prev(candidates.end());
            }
            it->classes.push_back(&qc);
            for (const auto& f : found)
                if (f.ruleId == "index.filter-without-index" && iequals(f.table, it->key.table))
                    it->findings.push_back(f);
        }
        result.findings.insert(result.findings.end(), found.begin(), found.end());
    }

    foldServedCandidates(candidates);

    for (const Candidate& cand : candidates) {
        Recommendation rec = makeRecommendation(cand, catalog.dialect);
        for (const auto* qc : cand.classes) {
            AffectedQuery aq;
            aq.checksum = qc->checksum;
            aq.fingerprint = qc->fingerprint;
            aq.sample = sampleOf(*qc);
            aq.count = qc->count;
            aq.totalTime = qc->totalTime();
            if (whatIf) {
                const WhatIfOutcome out = whatIf->evaluate(aq.sample, {rec.index});
                if (!out.error.empty()) {
                    result.notes.push_back(fmt::format("Class {}: what-if failed: {}", qc->checksum, out.error));
                    continue;
                }
                aq.planBefore = out.planBefore;
                aq.planAfter = out.planAfter;
                aq.costBefore = out.costBefore;
                aq.costAfter = out.costAfter;
                aq.usesIndex = std::find(out.usedIndexes.begin(), out.usedIndexes.end(), rec.index.name) !=
                               out.usedIndexes.end();
                if (out.sizeBytes)
                    rec.estimatedSizeBytes = out.sizeBytes;
                if (!aq.usesIndex) {
                    result.notes.push_back(fmt::format("{}: the planner does not use it for class {}", rec.index.name,
                                                       qc->checksum));
                    continue;
                }
            }
            rec.benefitSeconds += aq.totalTime;
            rec.queries.push_back(std::move(aq));
        }
        if (whatIf) {
            if (rec.queries.empty()) {
                result.notes.push_back(fmt::format("Candidate {} dropped: the planner used it for no query.",
                                                   rec.index.name));
                continue;
            }
            rec.validated = true;
            rec.validation = whatIf->method();
        } else {
            rec.validation = "not validated: no database was given to ask the planner";
        }
        uint64_t executions = 0;
        for (const auto& q : rec.queries)
            executions += q.count;
        rec.rationale = fmt::format("{} query class{} ({} executions, {:.3f} s in the workload) filter {} by ({}) "
                                    "and no index leads with {}.",
                                    rec.queries.size(), rec.queries.size() == 1 ? "" : "es", executions,
                                    rec.benefitSeconds, cand.key.table, columnList(cand.key),
                                    cand.key.columns.size() == 1 ? "that column" : "those columns");
        rec.evidence.push_back({"query classes", fmt::format("{}", rec.queries.size())});
        rec.evidence.push_back({"executions", fmt::format("{}", executions)});
        rec.evidence.push_back({"time in workload", fmt::format("{:.3f} s", rec.benefitSeconds)});
        if (const auto* t = catalog.table(cand.key.schema, cand.key.table); t && t->rowCount)
            rec.evidence.push_back({"table rows", fmt::format("{:.0f}", *t->rowCount)});
        if (rec.validated && !rec.queries.empty()) {
            rec.evidence.push_back({"plan before", rec.queries.front().planBefore});
            rec.evidence.push_back({"plan after", rec.queries.front().planAfter});
        }
        result.recommendations.push_back(std::move(rec));
    }

    std::stable_sort(result.recommendations.begin(), result.recommendations.end(),
                     [](const Recommendation& a, const Recommendation& b) { return a.benefitSeconds > b.benefitSeconds; });
    for (size_t i = 0; i < result.recommendations.size(); ++i)
        result.recommendations[i].id = fmt::format("R{}", i + 1);
    return result;
}

} // namespace planwise::advisor
