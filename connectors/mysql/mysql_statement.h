#pragma once
// The gate in front of every EXPLAIN on a live MySQL/MariaDB server: exactly
// one statement (a lexer that knows quotes, comments and /*! */ sections),
// what kind it is, and which tables it names.
#include "analyzer/sql/lexer.h"

#include <string>
#include <string_view>
#include <vector>

namespace planwise::mysql {

struct MySqlStatement {
    std::string text;                  // the one statement, without a trailing ';'
    std::string verb;                  // first keyword, upper-case: SELECT, WITH, INSERT, UPDATE, DELETE, REPLACE, ...
    bool modifiesData = false;         // INSERT/UPDATE/DELETE/REPLACE (also after WITH), SELECT ... FOR UPDATE
    bool inserts = false;              // INSERT or REPLACE: may advance AUTO_INCREMENT
    std::vector<std::string> names;    // every identifier that could name a table ("t" or "db.t"), unquoted
    std::vector<std::string> irreversible;   // NEXTVAL/SETVAL/NEXT VALUE FOR, GET_LOCK, SLEEP-free reasons a rollback cannot undo
};

// Throws ConnectorError: Refused (none, or more than one statement),
// QueryFailed (unterminated string, quoted name or comment).
MySqlStatement parseSingleStatement(std::string_view sql, sql::LexerOptions options = {});

// EXPLAIN accepts SELECT (WITH, TABLE, VALUES), INSERT, REPLACE, UPDATE, DELETE.
bool isExplainable(const MySqlStatement& statement);

} // namespace planwise::mysql
