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
    FunctionWrapped, // f(col) = const (index on col unusable)
    ImplicitCast,    // col compared with a literal of another type
    NotEqual,        // <>, !=, NOT IN
    Other,
};

struct ColumnRef {
    std::string table;   // the resolved table name (not the alias); empty when unknown
    std::string column;
    bool operator==(const ColumnRef&) const = default;
};

struct TableRef {
    std::string schema;
    std::string name;
    std::string alias;   // empty when none
};

struct Predicate {
    ColumnRef column;
    PredicateOp op = PredicateOp::Other;
    std::string text;    // the predicate as written, for evidence
};

struct JoinCondition {
    ColumnRef left;
    ColumnRef right;
    std::string joinType;  // inner, left, right, full, cross, straight
};

struct OrderItem {
    ColumnRef column;
    bool descending = false;
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

    // The predicates on one table (by resolved name, case-insensitive).
    std::vector<const Predicate*> predicatesOn(std::string_view table) const;
};

// Builds the shape of one statement. Tolerant: what it cannot parse is listed
// in `skipped` and the rest is still filled. `schema` resolves unqualified columns.
QueryShape parseShape(std::string_view sql, Dialect dialect, const catalog::Catalog* schema = nullptr);

std::string_view statementKindName(StatementKind k);
std::string_view predicateOpName(PredicateOp op);

} // namespace planwise::sql
