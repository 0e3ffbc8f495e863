#pragma once
// The little SQL text handling the SQLite connector needs: splitting the
// CREATE INDEX statements SQLite stores in sqlite_schema (for expressions and
// partial-index predicates, which no PRAGMA reports), deciding what may follow
// a statement, and reading sqlite_stat1's stat strings.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planwise::sqlite {

struct CreateIndexParts {
    std::vector<std::string> terms;   // "customer_id", "lower(email) DESC", as written
    std::string predicate;            // text after WHERE, empty for a full index
};

// Splits "CREATE [UNIQUE] INDEX … ON table (term, …) [WHERE expr]"; nullopt
// when the text has no parenthesised term list.
std::optional<CreateIndexParts> splitCreateIndex(std::string_view sql);

// An index term without its trailing COLLATE name and ASC/DESC.
std::string indexTermExpression(std::string_view term);

// True when `text` holds nothing but whitespace, comments and semicolons,
// i.e. no second statement.
bool onlyCommentsAndSpace(std::string_view text);

// The first keyword of a statement, lower-cased, after leading whitespace and comments.
std::string firstKeyword(std::string_view sql);

// sqlite_stat1.stat "N a b … [unordered] [sz=…]" → {N, a, b, …}; extra
// keywords are skipped, an empty or malformed string gives {}.
std::vector<double> parseStat1(std::string_view stat);
// The inverse for whole numbers of rows: {N, a, b} → "N a b" (each rounded, at least 1).
std::string formatStat1(const std::vector<double>& rows);

} // namespace planwise::sqlite
