#include "connectors/mysql/mysql_statement.h"

#include "connectors/common/connector_error.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace planwise::mysql {

using connectors::ConnectorError;
using connectors::ErrorKind;

namespace {

std::string upper(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::toupper(c)); });
    return out;
}

constexpr std::array kIrreversibleCalls{"NEXTVAL", "SETVAL", "LASTVAL", "GET_LOCK", "RELEASE_LOCK", "SYS_EXEC", "SYS_EVAL"};

} // namespace

MySqlStatement parseSingleStatement(std::string_view sqlText, sql::LexerOptions options)
{
    // Inside /*! ... */ the server executes the text: lex it as code.
    options.enterVersionComments = true;
    options.skipComments = true;
    const auto tokens = sql::tokenize(sqlText, Dialect::MySQL, options);

    // Statements are the non-empty runs between ';'.
    std::vector<std::pair<size_t, size_t>> statements;   // token index ranges [begin, end)
    size_t begin = 0;
    for (size_t i = 0; i <= tokens.size(); ++i) {
        if (i < tokens.size() && tokens[i].kind == sql::TokenKind::Error)
            throw ConnectorError(ErrorKind::QueryFailed, "unterminated string, quoted name or comment at character " +
                                                             std::to_string(tokens[i].offset + 1));
        if (i == tokens.size() || tokens[i].isPunct(';')) {
            if (i > begin)
                statements.emplace_back(begin, i);
            begin = i + 1;
        }
    }
    if (statements.empty())
        throw ConnectorError(ErrorKind::Refused, "no SQL statement given (only whitespace or comments)");
    if (statements.size() > 1)
        throw ConnectorError(ErrorKind::Refused, "exactly one statement is allowed, but the text holds " +
                                                     std::to_string(statements.size()) + " (separated by ';')");

    MySqlStatement out;
    const auto [first, last] = statements.front();
    // Everything before the terminating ';' (comments are harmless after
    // EXPLAIN, and cutting inside a /*! */ section would break it).
    const size_t to = last < tokens.size() ? tokens[last].offset : sqlText.size();
    out.text = std::string(sqlText.substr(0, to));
    while (!out.text.empty() && std::isspace(static_cast<unsigned char>(out.text.back())))
        out.text.pop_back();

    size_t i = first;
    while (i < last && tokens[i].isPunct('('))   // (SELECT ...) UNION ...
        ++i;
    out.verb = i < last ? upper(tokens[i].text) : std::string();

    for (size_t k = first; k < last; ++k) {
        const auto& t = tokens[k];
        const bool word = t.kind == sql::TokenKind::Identifier || t.kind == sql::TokenKind::QuotedIdentifier;
        if (t.kind == sql::TokenKind::Identifier) {
            const std::string w = upper(t.text);
            if (w == "INSERT" || w == "REPLACE") {
                out.modifiesData = true;
                out.inserts = true;
            } else if (w == "UPDATE" || w == "DELETE") {
                out.modifiesData = true;   // also SELECT ... FOR UPDATE: row locks need a read-write transaction
            } else if (w == "OUTFILE" || w == "DUMPFILE") {
                out.irreversible.push_back("INTO " + w + " writes a file on the server, which a rollback does not undo");
            } else if (w == "NEXT" && k + 2 < last && tokens[k + 1].isKeyword("VALUE") && tokens[k + 2].isKeyword("FOR")) {
                out.irreversible.push_back("NEXT VALUE FOR advances a sequence, which a rollback does not undo");
            } else if (k + 1 < last && tokens[k + 1].isPunct('(') &&
                       std::find(kIrreversibleCalls.begin(), kIrreversibleCalls.end(), w) != kIrreversibleCalls.end()) {
                out.irreversible.push_back(w + "() has effects a rollback does not undo");
            }
        }
        if (!word)
            continue;
        // Over-collect: any name, alone or as db.name, may be a table.
        std::string name = sql::unquoteIdentifier(t);
        if (k + 2 < last && tokens[k + 1].isPunct('.') &&
            (tokens[k + 2].kind == sql::TokenKind::Identifier || tokens[k + 2].kind == sql::TokenKind::QuotedIdentifier)) {
            out.names.push_back(name + "." + sql::unquoteIdentifier(tokens[k + 2]));
        }
        out.names.push_back(std::move(name));
    }
    std::sort(out.names.begin(), out.names.end());
    out.names.erase(std::unique(out.names.begin(), out.names.end()), out.names.end());
    return out;
}

bool isExplainable(const MySqlStatement& s)
{
    static constexpr std::array verbs{"SELECT", "WITH", "TABLE", "VALUES", "INSERT", "REPLACE", "UPDATE", "DELETE"};
    return std::find(verbs.begin(), verbs.end(), s.verb) != verbs.end();
}

} // namespace planwise::mysql
