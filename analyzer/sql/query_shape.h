#pragma once
// What a statement does with tables and columns, the same value for every
// dialect: the input of the index advisor and the anti-pattern rules.
#include "analyzer/catalog/catalog.h"
#include "analyzer/core/dialect.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planwise::sql {

enum class StatementKind { Select, Insert, Update, Delete, Replace, Merge, Other, Unknown };

// How a predicate uses its column, which decides whether an index can serve it.
enum class PredicateOp {
    Equality,        // col = const / col = $1 / col <=> const
    In,              // col IN (...), col = ANY($1)
    Range,           // <, <=, >, >=, BETWEEN
    LikePrefix,      // LIKE 'abc%'
    LikeWildcard,    // LIKE '%abc' (no index can serve it)
    IsNull,          // IS NULL / IS NOT NULL
    FunctionWrapped, // f(col) = const, col::text = 'x', col ILIKE 'abc%' (index on col unusable)
    ImplicitCast,    // col compared with a literal of another type (needs the catalog's column type)
    NotEqual,        // <>, !=, NOT IN
    Other,
};

// What the column is compared with: parameters and literals are constants for
// one execution (index-usable); a column of the same table or an expression is not.
enum class ValueKind { None, Literal, Parameter, Column, Subquery, Expression };

// Where a table in scope comes from. Only BaseTable can carry an index.
enum class TableKind { BaseTable, Cte, Derived, Function };

// Why a nested shape exists.
enum class SubqueryRole {
    Top,        // the statement itself
    Cte,        // WITH name AS (...)
    Derived,    // FROM (...) alias
    Predicate,  // EXISTS / IN / ANY / scalar subquery in WHERE, ON or HAVING
    Scalar,     // scalar subquery in the select list, ORDER BY, SET, VALUES ...
    SetOperand, // one branch of UNION / INTERSECT / EXCEPT
    Source,     // INSERT ... SELECT / REPLACE ... SELECT / CREATE ... AS SELECT
};

struct ColumnRef {
    std::string table;   // the resolved table name (not the alias; a CTE's name, a derived table's alias); empty when unknown
    std::string column;
    bool operator==(const ColumnRef&) const = default;
};

struct TableRef {
    std::string schema;
    std::string name;
    std::string alias;   // empty when none
    TableKind kind = TableKind::BaseTable;
    std::vector<std::string> indexHints;   // MySQL: "USE INDEX (a,b)", "FORCE INDEX FOR JOIN (a)", ...
};

struct Predicate {
    ColumnRef column;
    PredicateOp op = PredicateOp::Other;
    std::string text;    // the predicate as written, for evidence
    ValueKind value = ValueKind::None;
    // IN (...) with a literal list: its number of items; -1 when unknown (= ANY($1), IN (subquery)).
    int inListSize = -1;
    bool negated = false;      // IS NOT NULL, NOT LIKE, NOT BETWEEN, NOT IN, NOT (...); NOT IN and NOT (a = 1) are NotEqual
    bool underOr = false;      // below an OR: no single-column index serves it alone
    std::string function;      // FunctionWrapped: the function or cast ("lower", "::text")
    std::string clause;        // "where" or "on"
    std::string operatorText;  // the operator as written, lower case: "=", "<", "in", "= any", "like", "between", "is null"
    std::string valueType;     // "number", "string", "boolean", "null", or the explicit cast type ("numeric"); empty when unknown
};

struct JoinCondition {
    ColumnRef left;
    ColumnRef right;
    std::string joinType;  // inner, left, right, full, cross, straight
};

struct OrderItem {
    ColumnRef column;
    bool descending = false;
    std::string expression;   // set (and column empty) when ordering by something else than a column
};

struct QueryShape {
    StatementKind kind = StatementKind::Unknown;
    std::vector<TableRef> tables;
    std::vector<Predicate> predicates;      // WHERE (and ON conditions that are not column = column)
    std::vector<JoinCondition> joins;
    std::vector<OrderItem> orderBy;
    std::vector<ColumnRef> groupBy;
    bool distinct = false;
    std::optional<int64_t> limit;
    std::optional<int64_t> offset;
    std::vector<ColumnRef> columnsRead;     // every column the statement reads (covering indexes)
    bool selectStar = false;
    std::vector<ColumnRef> columnsWritten;  // INSERT/UPDATE targets
    std::vector<std::string> cteNames;
    std::vector<QueryShape> subqueries;     // each CTE and subquery with its own shape
    std::vector<std::string> skipped;       // parts not understood, with the reason

    // Added by the shape parsers (issue 3); every field has a neutral default.
    Dialect dialect = Dialect::MySQL;
    SubqueryRole role = SubqueryRole::Top;
    std::string name;                       // CTE name or derived-table alias; empty otherwise
    std::string setOperation;               // "union", "union all", "intersect", "except": subqueries hold the operands
    bool hasAggregates = false;             // count/sum/min/max/avg/... in the select list or HAVING
    bool hasWindowFunctions = false;        // any OVER (...)
    bool hasParameters = false;             // $1, ?, :name
    bool limitIsParameter = false;          // LIMIT $1 / LIMIT ?: limit stays empty
    bool forUpdate = false;                 // FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE
    bool upsert = false;                    // ON CONFLICT / ON DUPLICATE KEY UPDATE / INSERT OR REPLACE
    std::vector<ColumnRef> conflictTarget;  // ON CONFLICT (cols)
    std::vector<std::string> outputColumns; // names the select list produces (for CTE / derived-table resolution)
    std::string error;                      // why the statement was rejected (kind Unknown); empty otherwise

    // The predicates on one table (by resolved name, case-insensitive).
    std::vector<const Predicate*> predicatesOn(std::string_view table) const;
    // This shape and every nested one (CTEs, subqueries, set operands), depth first:
    // what the advisor walks to see every table access of the statement.
    std::vector<const QueryShape*> allShapes() const;
};

// Builds the shape of one statement. Tolerant: what it cannot parse is listed
// in `skipped` and the rest is still filled. `schema` resolves unqualified columns.
// A statement that is not SQL at all gives kind Unknown with `error` set.
QueryShape parseShape(std::string_view sql, Dialect dialect, const catalog::Catalog* schema = nullptr);

std::string_view statementKindName(StatementKind k);
std::string_view predicateOpName(PredicateOp op);
std::string_view valueKindName(ValueKind v);
std::string_view tableKindName(TableKind k);
std::string_view subqueryRoleName(SubqueryRole r);

} // namespace planwise::sql
