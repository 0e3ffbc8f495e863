#pragma once
// The PostgreSQL shape walker over libpg_query's JSON parse tree, shared by
// its source files: statements and FROM (shape_postgres.cpp), tree helpers
// (shape_pg_tree.cpp), predicates (shape_postgres_predicates.cpp) and
// evidence text (shape_postgres_text.cpp). Internal: not part of the API.
#include "analyzer/sql/query_shape.h"
#include "analyzer/sql/shape_common.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planwise::sql::detail::pg {

using nlohmann::json;

// Reading libpg_query's JSON parse tree: a node is {"TypeName": {...body...}}.
const json* field(const json& node, const char* key);
std::string stringField(const json& node, const char* key);
std::string_view nodeType(const json& node);
inline const json& nodeBody(const json& node) { return node.begin().value(); }
inline bool isNode(const json& node, std::string_view type) { return nodeType(node) == type; }
// The sval of every String node in a list: names, operators, function names.
std::vector<std::string> names(const json* list);
std::string lastName(const json* list);
// A TypeName as "int4", "varchar(n)", "text[]".
std::string typeName(const json& typeNameNode);

// A ColumnRef's qualifier and column, or nothing for `*` / `t.*`.
struct RawColumn {
    ColumnRef ref;
    bool star = false;
};
RawColumn columnRef(const json& body);
std::optional<int64_t> constInteger(const json& node);
bool constIsNull(const json& node);
// ORDER BY x where x names a select-list item (PostgreSQL prefers the output name).
bool isOutputAlias(const json& node, const json* targetList);

using detail::CondContext;
using detail::Operand;

class PgWalker {
public:
    PgWalker(std::string_view sql, const catalog::Catalog* schema) : m_sql(sql), m_schema(schema) {}

    QueryShape statement(const json& stmt);

private:
    // --- statements -------------------------------------------------------
    void selectStmt(const json& s, QueryShape& out);
    void insertStmt(const json& s, QueryShape& out);
    void updateStmt(const json& s, QueryShape& out);
    void deleteStmt(const json& s, QueryShape& out);
    void mergeStmt(const json& s, QueryShape& out);
    size_t withClause(const json& s, QueryShape& out);
    QueryShape subquery(const json& selectNode, SubqueryRole role, const std::string& name);
    void setOperation(const json& s, QueryShape& out);
    void flattenSetOperands(const json& s, const std::string& op, bool all, std::vector<const json*>& operands);

    // --- FROM ---------------------------------------------------------------
    void fromItem(const json& node, QueryShape& out);
    void joinUsing(const json& usingList, size_t leftBegin, size_t leftEnd, size_t rightBegin, QueryShape& out,
                   const std::string& joinType);
    void naturalJoin(size_t leftBegin, size_t leftEnd, size_t rightBegin, QueryShape& out, const std::string& joinType);
    TableRef relation(const json& rangeVar) const;
    static std::string qualifierOf(const TableRef& t);

    // --- expressions --------------------------------------------------------
    void collect(const json& node, QueryShape& out, SubqueryRole sublinkRole);
    void condition(const json& node, QueryShape& out, const CondContext& ctx);
    void comparison(const json& node, const json& lhs, std::string op, const json& rhs, QueryShape& out,
                    const CondContext& ctx);
    void addPredicate(const json& node, const Operand& column, PredicateOp op, std::string operatorText,
                      const Operand& value, QueryShape& out, const CondContext& ctx, bool negated = false);
    Operand operand(const json& node) const;
    // Up to two distinct columns of an expression (subqueries excluded).
    void columnsIn(const json& node, std::vector<ColumnRef>& out) const;
    void orderBy(const json& sortClause, const json* targetList, QueryShape& out);
    void groupBy(const json& groupClause, const json* targetList, QueryShape& out);
    // A GROUP BY / ORDER BY item: a column, a select-list position or alias, or an expression.
    // `targetVal` receives the select-list expression a position or alias stands for.
    std::optional<ColumnRef> outputColumn(const json& node, const json* targetList, const json** targetVal = nullptr) const;
    std::optional<int64_t> limitValue(const json& node, QueryShape& out, const char* what);

    // --- evidence text --------------------------------------------------------
    std::string textOf(const json& node) const;
    void span(const json& node, int& lo, int& hi) const;
    size_t tokenEnd(size_t pos) const;

    bool isCte(const std::string& name) const
    {
        return std::any_of(m_ctes.begin(), m_ctes.end(), [&](const std::string& c) { return c == name; });
    }

    std::string_view m_sql;
    const catalog::Catalog* m_schema;
    std::vector<std::string> m_ctes;   // CTE names visible at this point of the walk
};

} // namespace planwise::sql::detail::pg
