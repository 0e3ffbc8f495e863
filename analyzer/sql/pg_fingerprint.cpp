// PostgreSQL query classes from libpg_query (15-4.0.0): the fingerprint and
// normalized text pganalyze shows; the lexer fingerprint when it cannot parse.
// The cache key in front of it is in pg_fingerprint_key.cpp.
#include "analyzer/sql/fingerprint.h"

#include <pg_query.h>

#include <string>

namespace planwise::sql {

namespace {

// Every libpg_query result is freed with its own function, errors included.
class FingerprintResult {
public:
    explicit FingerprintResult(const char* sql) : m_r(pg_query_fingerprint(sql)) {}
    ~FingerprintResult() { pg_query_free_fingerprint_result(m_r); }
    FingerprintResult(const FingerprintResult&) = delete;
    FingerprintResult& operator=(const FingerprintResult&) = delete;
    const PgQueryFingerprintResult& operator*() const { return m_r; }
    const PgQueryFingerprintResult* operator->() const { return &m_r; }

private:
    PgQueryFingerprintResult m_r;
};

class NormalizeResult {
public:
    explicit NormalizeResult(const char* sql) : m_r(pg_query_normalize(sql)) {}
    ~NormalizeResult() { pg_query_free_normalize_result(m_r); }
    NormalizeResult(const NormalizeResult&) = delete;
    NormalizeResult& operator=(const NormalizeResult&) = delete;
    const PgQueryNormalizeResult* operator->() const { return &m_r; }

private:
    PgQueryNormalizeResult m_r;
};

std::string describe(const PgQueryError& e)
{
    std::string msg = e.message ? e.message : "libpg_query error";
    if (e.cursorpos > 0)
        msg += " at offset " + std::to_string(e.cursorpos - 1);   // cursorpos is 1-based
    return msg;
}

} // namespace

PgFingerprint fingerprintPostgres(std::string_view query)
{
    return fingerprintPostgres(query, true);
}

PgFingerprint fingerprintPostgres(std::string_view query, bool withNormalized)
{
    PgFingerprint result;
    const std::string sql(query);   // libpg_query wants a NUL-terminated string
    {
        FingerprintResult fp(sql.c_str());
        if (fp->error) {
            result.fromLexer = true;
            result.parseError = describe(*fp->error);
        } else if (fp->fingerprint_str) {
            result.checksum = fp->fingerprint_str;
        }
    }
    if (!result.fromLexer) {
        if (!withNormalized)
            return result;
        NormalizeResult norm(sql.c_str());
        if (!norm->error && norm->normalized_query) {
            result.normalized = norm->normalized_query;
            return result;
        }
        // Parsed for the fingerprint but not normalized (not seen in practice): keep
        // libpg_query's ID, describe the class with the lexer's text.
        lexerFingerprintInto(query, Dialect::PostgreSQL, result.normalized);
        return result;
    }
    lexerFingerprintInto(query, Dialect::PostgreSQL, result.normalized);
    result.checksum = queryChecksum(result.normalized);
    return result;
}

} // namespace planwise::sql
