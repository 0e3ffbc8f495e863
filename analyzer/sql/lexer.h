#pragma once
// A dialect-aware SQL tokenizer that never allocates: every token is a view
// into the caller's text. It is tolerant: any byte sequence yields tokens, and
// an unterminated string, quoted identifier or comment yields one Error token
// (with the offset where it started) followed by End.
//
// Dialect quirks (see tests/sql/tst_lexer.cpp for the full table):
//  - MySQL/MariaDB: `ident`; "x" is a String unless LexerOptions::ansiQuotes;
//    '...' and "..." accept '' / "" and backslash escapes (unless
//    noBackslashEscapes); # and "-- " (dash dash + whitespace) comments;
//    /*!50100 ... */ and /*M!100100 ... */ are VersionComment; @x, @@x,
//    @@global.x, @`x`, @'x' are Variable; _utf8'..', N'..' are String;
//    X'..', 0x.. are HexNumber; B'..', 0b.. are Number; identifiers may start
//    with a digit (2024_sales).
//  - PostgreSQL: "ident"; '...' with '' only (standard_conforming_strings);
//    E'..' with backslash escapes; U&'..'; $tag$...$tag$ and $$...$$ strings;
//    $1 Parameter; :: and the operator family (@>, <@, ->>, #>>, ~*, ...);
//    nested /* /* */ */ comments; # and @ are operators.
//  - SQLite: "ident", `ident`, [ident]; '...' with '' only; ?, ?1, :name,
//    @name, $name are Parameter.
#include "analyzer/core/dialect.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace planwise::sql {

enum class TokenKind : uint8_t {
    Identifier,        // bare word, keywords included (compare case-insensitively: Token::is)
    QuotedIdentifier,  // `x`, "x" (PostgreSQL/SQLite, MySQL ANSI_QUOTES), [x] (SQLite); text keeps the quotes
    String,            // '..', "..", E'..', N'..', _utf8'..', U&'..', $tag$..$tag$; text keeps prefix and quotes
    Number,            // 1, 1.5, .5, 1e-3, 1.5E+10, 0b101, B'101'
    HexNumber,         // 0xDEAD, X'DEAD'
    Parameter,         // ?, $1, :name, ?1 (SQLite), @name / $name (SQLite)
    Variable,          // MySQL: @x, @@x, @@global.x, @`x`, @'x'
    Operator,          // = < > <= >= <> != <=> :: || -> ->> && << >> := + - * / % ...
    Punctuation,       // ( ) , ; . [ ] { }
    Comment,           // -- .., # .. (MySQL), /* .. */ (text includes the markers)
    VersionComment,    // MySQL /*!50100 .. */ and MariaDB /*M!100100 .. */ (whole comment)
    Error,             // unterminated string / quoted identifier / comment: text is the rest of the input
    End,               // end of input (text empty, offset = size)
};

std::string_view tokenKindName(TokenKind kind);

// PostgreSQL's block comments nest: the offset just past the "*/" that closes
// the comment opening at `start` ("/*"), or npos when it is not closed.
size_t pgBlockCommentEnd(std::string_view sql, size_t start);

// PostgreSQL's operator rule (scan.l) from `start`: the longest run of operator
// characters, cut before a "--" or "/*", and a multi-character operator ends in
// + or - only if it holds one of ~ ! @ # % ^ & | `. The offset just past the
// operator; start + 1 when no operator character starts there.
size_t pgOperatorEnd(std::string_view sql, size_t start);

struct Token {
    TokenKind kind = TokenKind::End;
    std::string_view text;
    uint32_t offset = 0;

    // Case-insensitive comparison with an ASCII word: tok.is("select").
    bool is(std::string_view word) const;
    bool isKeyword(std::string_view word) const { return kind == TokenKind::Identifier && is(word); }
    bool isPunct(char c) const { return kind == TokenKind::Punctuation && text.size() == 1 && text[0] == c; }
    bool isOperator(std::string_view op) const { return kind == TokenKind::Operator && text == op; }
    bool atEnd() const { return kind == TokenKind::End; }
};

struct LexerOptions {
    bool ansiQuotes = false;           // MySQL sql_mode ANSI_QUOTES: "x" is an identifier
    bool noBackslashEscapes = false;   // MySQL sql_mode NO_BACKSLASH_ESCAPES
    bool skipComments = false;         // do not report Comment tokens (VersionComment still reported)
    // MySQL: instead of one VersionComment token, emit the tokens inside
    // /*!50100 ... */ as if the markers were absent (what the server executes).
    bool enterVersionComments = false;
};

class Lexer {
public:
    Lexer(std::string_view sql, Dialect dialect, LexerOptions options = {});

    // The next token; End forever once the input (or an Error) is consumed.
    Token next();
    // The token next() would return, without consuming it.
    Token peek();

    std::string_view source() const { return m_sql; }
    Dialect dialect() const { return m_dialect; }
    size_t position() const { return m_pos; }

private:
    Token lex();
    Token make(TokenKind kind, size_t start) const;
    Token error(size_t start);
    bool atIdentStart(size_t i) const;
    bool scanQuoted(char quote, bool backslash);   // from m_pos at the opening quote; false if unterminated
    Token lexNumber(size_t start);
    Token lexDollar(size_t start);
    Token lexOperator(size_t start);

    std::string_view m_sql;
    Dialect m_dialect;
    LexerOptions m_options;
    size_t m_pos = 0;
    bool m_done = false;
    int m_versionDepth = 0;   // inside entered /*! ... */
    bool m_havePeek = false;
    Token m_peek;
};

// All tokens up to (not including) End; an Error token, if any, is the last one.
std::vector<Token> tokenize(std::string_view sql, Dialect dialect, LexerOptions options = {});

// Normalized statement text (pg_stat_statements' $1, performance_schema's ?)
// holds placeholders where the values were, and can only be planned
// generically. PostgreSQL: the highest $n; other dialects: how many
// placeholders; 0 for a statement with its values (placeholders inside
// strings and comments do not count).
int placeholderCount(std::string_view sql, Dialect dialect);

// Helpers for parsers (these allocate; not for the fingerprint hot path).
// The name inside a quoted identifier, quotes removed and doubled quotes undone;
// a bare Identifier is returned as is.
std::string unquoteIdentifier(const Token& token);
// The value of a String token: prefix and quotes removed, '' and (where the
// dialect/prefix allows) backslash escapes undone.
std::string unquoteString(const Token& token, Dialect dialect, LexerOptions options = {});

} // namespace planwise::sql
