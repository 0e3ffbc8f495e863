#pragma once
// Query classes. MySQL/MariaDB (and SQLite) use pt-query-digest's fingerprint
// rules; PostgreSQL uses libpg_query's fingerprint. docs/fingerprints.md has
// the rules, their order and what Planwise's default mode fixes.
#include "analyzer/core/dialect.h"

#include <string>
#include <string_view>

namespace planwise::sql {

enum class FingerprintCompat {
    Planwise,       // pt-query-digest's classes, with its known defects fixed (docs/fingerprints.md)
    PtQueryDigest,  // byte-for-byte what pt-query-digest 3.2.1 prints, defects included
};

// Writes the fingerprint of `query` into `out` (cleared first). Reusing `out`
// across calls keeps the hot path free of allocations (the intermediate text
// lives in per-thread buffers). `query` is the statement as pt-query-digest's
// slow-log parser hands it over: without the final ";\n".
// Thread-safe.
void fingerprintInto(std::string_view query, std::string& out, FingerprintCompat compat = FingerprintCompat::Planwise);
std::string fingerprint(std::string_view query, FingerprintCompat compat = FingerprintCompat::Planwise);

// pt-query-digest's query ID: the upper-case hex MD5 of the fingerprint (32 characters).
std::string queryChecksum(std::string_view fingerprint);
void queryChecksumInto(std::string_view fingerprint, std::string& out);

// A fingerprint over the lexer's tokens for `dialect`: literals and parameters
// become ?, TRUE/FALSE/NULL too, IN (...) and VALUES (...), (...) lists of
// literals collapse to "(?+)", comments go, blanks fold to one space (kept
// only where the query had some), bare words are lower-cased and quoted
// identifiers kept as written. PostgreSQL's fallback when libpg_query cannot
// parse; usable for SQLite.
void lexerFingerprintInto(std::string_view query, Dialect dialect, std::string& out);

struct PgFingerprint {
    std::string checksum;     // libpg_query's fingerprint, 16 lower-case hex digits (what pganalyze shows);
                              // when fromLexer, queryChecksum() of `normalized` (32 upper-case hex digits)
    std::string normalized;   // libpg_query's normalized text ($1, $2, ...); when fromLexer, lexerFingerprintInto()'s text
    bool fromLexer = false;   // libpg_query could not parse it: lexer fingerprint used instead
    std::string parseError;   // why libpg_query refused, when fromLexer ("syntax error at end of input at offset 27")
};

// Thread-safe (libpg_query keeps its state per thread).
PgFingerprint fingerprintPostgres(std::string_view query);
// The same, but when libpg_query parses the statement and !withNormalized,
// `normalized` stays empty (one libpg_query call instead of two).
PgFingerprint fingerprintPostgres(std::string_view query, bool withNormalized);

// A cache key for fingerprintPostgres(): statements with equal keys have equal
// libpg_query fingerprints (and parse or fail alike), so one libpg_query call
// serves every execution of a statement that only differs in its literal
// values. It is the token sequence with plain literals ('..' strings, decimal
// numbers) replaced by a marker of their kind and whether blanks separated
// tokens; everything else is kept as written. It is deliberately finer than the
// fingerprint: only SELECT/INSERT/UPDATE/DELETE/WITH/VALUES/TABLE statements get
// a token key, and literals whose value can change the parse tree or make the
// parse fail (E'..', U&'..', strings with backslashes, non-ASCII or NUL bytes,
// adjacent strings, long integers, float(n), current_time(n), array bounds) are
// kept verbatim. Other statements key on their exact text.
void pgFingerprintKeyInto(std::string_view query, std::string& out);

} // namespace planwise::sql
