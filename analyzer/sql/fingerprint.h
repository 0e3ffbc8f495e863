#pragma once
// Query classes. MySQL/MariaDB (and SQLite) use pt-query-digest's fingerprint
// rules over Planwise's lexer; PostgreSQL uses libpg_query's fingerprint.
#include <string>
#include <string_view>

namespace planwise::sql {

enum class FingerprintCompat {
    Planwise,       // pt-query-digest's classes, with its known defects fixed (docs/fingerprints.md)
    PtQueryDigest,  // byte-for-byte what pt-query-digest 3.x prints, defects included
};

// Writes the fingerprint of `query` into `out` (cleared first). Reusing `out`
// across calls keeps the hot path free of allocations.
void fingerprintInto(std::string_view query, std::string& out, FingerprintCompat compat = FingerprintCompat::Planwise);
std::string fingerprint(std::string_view query, FingerprintCompat compat = FingerprintCompat::Planwise);

// pt-query-digest's query ID: the upper-case hex MD5 of the fingerprint (32 characters).
std::string queryChecksum(std::string_view fingerprint);

struct PgFingerprint {
    std::string checksum;     // libpg_query's fingerprint, hex (what pganalyze shows)
    std::string normalized;   // libpg_query's normalized text ($1, $2, ...)
    bool fromLexer = false;   // libpg_query could not parse it: lexer fingerprint used instead
    std::string parseError;   // why libpg_query refused, when fromLexer
};

PgFingerprint fingerprintPostgres(std::string_view query);

} // namespace planwise::sql
