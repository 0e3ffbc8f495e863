// MySQL/MariaDB plan notes: plan.mysql-full-scan, plan.mysql-filesort,
// plan.mysql-temporary, plan.mysql-dependent-subquery, plan.mysql-join-buffer,
// plan.mysql-range-checked.
#include "analyzer/core/text.h"
#include "analyzer/plan/plan_rule_base.h"
#include "analyzer/plan/plan_rules_list.h"

#include <fmt/format.h>

namespace planwise::plan::detail {

namespace {

// Rows a MySQL node reads per loop: actual when known, else the estimate.
std::optional<double> rowsRead(const PlanNode& n)
{
    if (n.rowsExamined)
        return n.rowsExamined;
    if (n.actualRows)
        return *n.actualRows + n.rowsRemovedByFilter.value_or(0.0);
    if (n.planRowsExamined)
        return n.planRowsExamined;
    return n.planRows;
}

class MySqlRule : public PlanRule {
protected:
    void checkPlan(const Plan& plan, std::vector<Finding>& out) const final
    {
        if (plan.dialect != Dialect::MySQL)
            return;
        for (const auto& n : plan.nodes)
            checkNode(plan, n, out);
    }
    virtual void checkNode(const Plan& plan, const PlanNode& n, std::vector<Finding>& out) const = 0;
};

class FullScanRule final : public MySqlRule {
public:
    std::string id() const override { return "plan.mysql-full-scan"; }
    std::string summary() const override { return "full table scan (type ALL / Table scan)"; }
    void configure(const RuleOptions& o) override { m_minRows = option(o, "min-rows", m_minRows); }

protected:
    void checkNode(const Plan&, const PlanNode& n, std::vector<Finding>& out) const override
    {
        if (n.access != AccessKind::FullScan || n.relation.empty() || n.relation.front() == '<')
            return;  // <derived2>, <temporary>: scans of intermediate results
        const auto rows = rowsRead(n);
        if (rows && *rows < m_minRows)
            return;
        const double total = rows.value_or(0.0) * n.loops.value_or(1.0);
        Finding x = finding(n, total >= 100000 ? FindingSeverity::High : FindingSeverity::Medium,
                            fmt::format("Full table scan of {}", n.relation));
        const auto cols = conditionColumns(n.filter);
        x.columns = cols;
        x.detail = fmt::format("{} reads every row ({} per scan{}){}.", n.relation,
                               rows ? formatCount(*rows) : std::string("?"),
                               n.loops && *n.loops > 1 ? fmt::format(", {} scans", formatCount(*n.loops)) : "",
                               n.possibleKeys.empty() ? "; no index was even considered" : "; candidate indexes were rejected");
        x.suggestion = cols.empty() ? "Add an index on the columns this table is filtered or joined by."
                                    : fmt::format("Add an index on {} ({}).", n.relation, [&] {
                                          std::string s;
                                          for (const auto& c : cols)
                                              s += (s.empty() ? "" : ", ") + c;
                                          return s;
                                      }());
        if (rows)
            x.evidence.push_back({"rows per scan", formatCount(*rows)});
        if (!n.filter.empty())
            x.evidence.push_back({"condition", n.filter});
        if (!n.possibleKeys.empty())
            x.evidence.push_back({"possible keys", fmt::format("{}", n.possibleKeys.size())});
        out.push_back(std::move(x));
    }

private:
    double m_minRows = 1000;
};

class FilesortRule final : public MySqlRule {
public:
    std::string id() const override { return "plan.mysql-filesort"; }
    std::string summary() const override { return "Using filesort: rows sorted instead of read in index order"; }
    void configure(const RuleOptions& o) override { m_minRows = option(o, "min-rows", m_minRows); }

protected:
    void checkNode(const Plan&, const PlanNode& n, std::vector<Finding>& out) const override
    {
        if (!n.usingFilesort)
            return;
        const auto rows = n.actualRows ? n.actualRows : n.planRows;
        if (rows && *rows < m_minRows)
            return;
        Finding x = finding(n, rows && *rows >= 100000 ? FindingSeverity::Medium : FindingSeverity::Low,
                            fmt::format("Filesort on {}", n.label()));
        x.detail = fmt::format("MySQL sorts {} rows{} instead of reading them in order.",
                               rows ? formatCount(*rows) : std::string("the"),
                               n.sortKeys.empty() ? "" : " by " + n.sortKeys.front());
        x.suggestion = "Add an index whose leading columns are the WHERE equality columns followed by the ORDER BY "
                       "columns (same directions), so rows come out sorted; or sort fewer rows (LIMIT earlier).";
        if (rows)
            x.evidence.push_back({"rows sorted", formatCount(*rows)});
        out.push_back(std::move(x));
    }

private:
    double m_minRows = 0;
};

class TemporaryRule final : public MySqlRule {
public:
    std::string id() const override { return "plan.mysql-temporary"; }
    std::string summary() const override { return "Using temporary: an internal temporary table is built"; }

protected:
    void checkNode(const Plan&, const PlanNode& n, std::vector<Finding>& out) const override
    {
        if (!n.usingTemporary)
            return;
        Finding x = finding(n, FindingSeverity::Low, fmt::format("Temporary table for {}", n.label()));
        x.detail = "MySQL materializes rows into an internal temporary table (GROUP BY / DISTINCT / UNION / ORDER BY "
                   "on a non-first table); large ones go to disk.";
        x.suggestion = "Make GROUP BY / ORDER BY use columns of one table covered by an index, or reduce the rows "
                       "reaching it; watch Created_tmp_disk_tables and tmp_table_size.";
        x.evidence.push_back({"operation", n.operation});
        out.push_back(std::move(x));
    }
};

class DependentSubqueryRule final : public MySqlRule {
public:
    std::string id() const override { return "plan.mysql-dependent-subquery"; }
    std::string summary() const override { return "dependent subquery re-executed for each outer row"; }

protected:
    void checkNode(const Plan&, const PlanNode& n, std::vector<Finding>& out) const override
    {
        if (!n.dependentSubquery)
            return;
        const bool many = n.loops && *n.loops >= 100;
        Finding x = finding(n, many ? FindingSeverity::High : FindingSeverity::Medium,
                            fmt::format("Dependent subquery {}", n.subplanName.empty() ? n.label() : n.subplanName));
        x.detail = n.loops ? fmt::format("The subquery depends on the outer row and ran {} times.", formatCount(*n.loops))
                           : "The subquery depends on the outer row and runs once per outer row.";
        x.suggestion = "Rewrite it as a JOIN (or EXISTS / semi-join the optimizer can flatten), or make sure the "
                       "correlated columns are indexed so each execution is a lookup.";
        if (n.loops)
            x.evidence.push_back({"executions", formatCount(*n.loops)});
        if (!n.selectType.empty())
            x.evidence.push_back({"select type", n.selectType});
        out.push_back(std::move(x));
    }
};

class JoinBufferRule final : public MySqlRule {
public:
    std::string id() const override { return "plan.mysql-join-buffer"; }
    std::string summary() const override { return "join through a join buffer (block nested loop): no usable index"; }

protected:
    void checkNode(const Plan&, const PlanNode& n, std::vector<Finding>& out) const override
    {
        if (n.joinBuffer.empty())
            return;
        const bool hash = n.joinBuffer.find("hash") != std::string::npos || n.joinBuffer.find("BNLH") != std::string::npos;
        Finding x = finding(n, hash ? FindingSeverity::Low : FindingSeverity::Medium,
                            fmt::format("Join buffer ({}) on {}", n.joinBuffer, n.label()));
        x.detail = "The joined table has no index usable for the join condition, so rows are buffered and compared "
                   "in bulk (block nested loop or hash join).";
        std::string cols;
        for (const auto& c : conditionColumns(n.filter))
            cols += (cols.empty() ? "" : ", ") + c;
        x.columns = conditionColumns(n.filter);
        x.suggestion = fmt::format("Index the join column{} of {}.", cols.empty() ? "s" : " (" + cols + ")",
                                   n.relation.empty() ? "the joined table" : n.relation);
        x.evidence.push_back({"join buffer", n.joinBuffer});
        out.push_back(std::move(x));
    }
};

class RangeCheckedRule final : public MySqlRule {
public:
    std::string id() const override { return "plan.mysql-range-checked"; }
    std::string summary() const override { return "Range checked for each record: index chosen per outer row"; }

protected:
    void checkNode(const Plan&, const PlanNode& n, std::vector<Finding>& out) const override
    {
        if (!n.rangeCheckedForEachRecord)
            return;
        Finding x = finding(n, FindingSeverity::Medium, fmt::format("Range checked for each record on {}", n.label()));
        x.detail = "No index fits well enough to choose in advance, so MySQL re-plans the access for every row of "
                   "the preceding tables.";
        x.suggestion = "Make the join condition sargable (same types and collations on both sides, no functions on "
                       "the column) and index it.";
        if (n.loops)
            x.evidence.push_back({"re-plans", formatCount(*n.loops)});
        x.evidence.push_back({"operation", n.operation});
        out.push_back(std::move(x));
    }
};

} // namespace

void addMySqlRules(RuleList& rules)
{
    rules.push_back(std::make_unique<FullScanRule>());
    rules.push_back(std::make_unique<FilesortRule>());
    rules.push_back(std::make_unique<TemporaryRule>());
    rules.push_back(std::make_unique<DependentSubqueryRule>());
    rules.push_back(std::make_unique<JoinBufferRule>());
    rules.push_back(std::make_unique<RangeCheckedRule>());
}

} // namespace planwise::plan::detail
