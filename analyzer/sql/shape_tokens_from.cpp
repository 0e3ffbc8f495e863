// Token parser: FROM clauses, joins (ON, USING, NATURAL), index hints, derived tables.
#include "analyzer/sql/shape_token_parser.h"

#include "analyzer/core/text.h"
#include "analyzer/sql/shape_common.h"

#include <fmt/format.h>

#include <algorithm>

namespace planwise::sql::detail::tokens {

// --------------------------------------------------------------------------- FROM

void TokenParser::tableReferences(QueryShape& out)
{
    do {
        joinChain(out);
    } while (acceptPunct(','));
}

void TokenParser::joinChain(QueryShape& out)
{
    const size_t firstTable = out.tables.size();
    tableFactor(out);
    // a JOIN b JOIN c ON <c with b> ON <b with a>: MySQL nests the joins; each
    // trailing ON belongs to the innermost join still waiting for one.
    std::vector<std::string> waitingForOn;
    for (;;) {
        if (!waitingForOn.empty() && accept("on")) {
            m_subRole = SubqueryRole::Predicate;
            Expr on = expression(out);
            condition(on, out, CondContext{"on", waitingForOn.back(), false, false});
            collect(on, out);
            waitingForOn.pop_back();
            continue;
        }
        std::string joinType;
        bool natural = false;
        const size_t save = m_pos;
        if (accept("natural"))
            natural = true;
        if (accept("straight_join")) {
            joinType = "straight";
        } else {
            if (accept("inner"))
                joinType = "inner";
            else if (accept("cross"))
                joinType = "cross";
            else if (accept("left"))
                joinType = "left";
            else if (accept("right"))
                joinType = "right";
            else if (accept("full"))
                joinType = "full";
            accept("outer");
            if (!accept("join")) {
                m_pos = save;
                return;
            }
            if (joinType.empty())
                joinType = "inner";
            if (m_straightJoin && joinType == "inner")
                joinType = "straight";
        }
        const size_t leftEnd = out.tables.size();
        const size_t rightBegin = out.tables.size();
        tableFactor(out);
        if (joinType == "cross" && (word("on") || word("using")))
            joinType = "inner";
        if (!natural && joinType != "cross" && !word("on") && !word("using"))
            waitingForOn.push_back(joinType);
        if (accept("on")) {
            m_subRole = SubqueryRole::Predicate;
            Expr on = expression(out);
            condition(on, out, CondContext{"on", joinType, false, false});
            collect(on, out);
        } else if (accept("using") && acceptPunct('(')) {
            while (!atEnd() && !peek().isPunct(')')) {
                if (isName(peek()) && rightBegin < out.tables.size()) {
                    const std::string col = nameOf(peek());
                    const TableRef* left = &out.tables[firstTable];
                    if (m_schema)
                        for (size_t i = firstTable; i < leftEnd; ++i)
                            if (const catalog::Table* t = m_schema->table(out.tables[i].name); t && t->column(col)) {
                                left = &out.tables[i];
                                break;
                            }
                    JoinCondition j{ColumnRef{qualifierOf(*left), col}, ColumnRef{qualifierOf(out.tables[rightBegin]), col},
                                    joinType};
                    addUnique(out.columnsRead, j.left);
                    addUnique(out.columnsRead, j.right);
                    out.joins.push_back(std::move(j));
                }
                ++m_pos;
            }
            acceptPunct(')');
        } else if (natural) {
            const catalog::Table* right = m_schema && rightBegin < out.tables.size() ? m_schema->table(out.tables[rightBegin].name) : nullptr;
            const catalog::Table* left = m_schema ? m_schema->table(out.tables[firstTable].name) : nullptr;
            if (!left || !right) {
                out.skipped.push_back("NATURAL JOIN: the joined columns need the schema (--schema)");
            } else {
                for (const catalog::Column& c : left->columns)
                    if (right->column(c.name)) {
                        JoinCondition j{ColumnRef{qualifierOf(out.tables[firstTable]), c.name},
                                        ColumnRef{qualifierOf(out.tables[rightBegin]), c.name}, joinType};
                        addUnique(out.columnsRead, j.left);
                        addUnique(out.columnsRead, j.right);
                        out.joins.push_back(std::move(j));
                    }
            }
        }
    }
}

void TokenParser::aliasAndHints(TableRef& t)
{
    if (word("partition") && peek(1).isPunct('(')) {
        ++m_pos;
        skipBalanced();
    }
    if (accept("as")) {
        if (isName(peek()) || peek().kind == TokenKind::String)
            t.alias = peek().kind == TokenKind::String ? unquoteString(peek(), m_dialect) : nameOf(peek());
        ++m_pos;
    } else if (isName(peek()) && !isClauseKeyword(peek()) && !word("lateral") && !word("natural")) {
        t.alias = nameOf(take());
    }
    for (;;) {
        const size_t begin = peek().offset;
        if ((word("use") || word("force") || word("ignore")) && (word("index", 1) || word("key", 1))) {
            m_pos += 2;
            if (accept("for")) {
                if (!accept("join")) {
                    accept("order");
                    accept("group");
                    accept("by");
                }
            }
            skipBalanced();
            t.indexHints.push_back(textBetween(begin, lastEnd()));
            acceptPunct(',');
            continue;
        }
        if (word("indexed") && word("by", 1)) {   // SQLite
            m_pos += 2;
            ++m_pos;
            t.indexHints.push_back(textBetween(begin, lastEnd()));
            continue;
        }
        if (word("not") && word("indexed", 1)) {
            m_pos += 2;
            t.indexHints.push_back("NOT INDEXED");
            continue;
        }
        break;
    }
}

void TokenParser::tableFactor(QueryShape& out)
{
    accept("lateral");   // a derived table sees the tables before it either way
    if (peek().isPunct('(')) {
        if (word("select", 1) || word("with", 1) || word("values", 1) || peek(1).isPunct('(')) {
            // A derived table, or a parenthesized one: look past nested parentheses.
            size_t k = 1;
            while (peek(k).isPunct('('))
                ++k;
            if (word("select", k) || word("with", k) || word("values", k)) {
                ++m_pos;
                QueryShape sub = nestedQuery(SubqueryRole::Derived, {});
                if (!acceptPunct(')'))
                    skipToClause(out, "derived table not understood");
                acceptPunct(')');
                TableRef t;
                t.kind = TableKind::Derived;
                aliasAndHints(t);
                if (t.alias.empty())
                    t.alias = "subquery";
                t.name = t.alias;
                sub.name = t.alias;
                // Derived-table column list: (SELECT ...) AS d (a, b)
                if (peek().isPunct('(')) {
                    std::vector<std::string> cols;
                    ++m_pos;
                    while (!atEnd() && !peek().isPunct(')')) {
                        if (isName(peek()))
                            cols.push_back(nameOf(peek()));
                        ++m_pos;
                    }
                    acceptPunct(')');
                    sub.outputColumns = cols;
                }
                out.subqueries.push_back(std::move(sub));
                out.tables.push_back(std::move(t));
                return;
            }
        }
        // ( table references )
        ++m_pos;
        tableReferences(out);
        if (!acceptPunct(')'))
            skipToClause(out, "table reference not understood");
        acceptPunct(')');
        return;
    }
    if (isClauseKeyword(peek()) || atEnd()) {
        out.skipped.push_back(fmt::format("a table name is missing at offset {}", peek().offset));
        return;
    }
    if (!isName(peek())) {
        skipToClause(out, "table reference not understood");
        return;
    }
    TableRef t;
    t.name = nameOf(take());
    if (acceptPunct('.')) {
        t.schema = t.name;
        t.name = nameOf(take());
    }
    if (peek().isPunct('(')) {
        // Table-valued function: json_each(...), JSON_TABLE(...), generate_series(...)
        t.kind = TableKind::Function;
        m_subRole = SubqueryRole::Scalar;
        ++m_pos;
        while (!atEnd() && !peek().isPunct(')')) {
            const size_t before = m_pos;
            collect(expression(out), out);
            if (m_pos == before)
                skipToClause(out, "table function argument not understood");
            acceptPunct(',');
        }
        acceptPunct(')');
    } else if (t.schema.empty() && isCte(t.name)) {
        t.kind = TableKind::Cte;
    }
    aliasAndHints(t);
    out.tables.push_back(std::move(t));
}

} // namespace planwise::sql::detail::tokens
