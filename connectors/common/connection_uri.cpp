#include "connectors/common/connection_uri.h"

#include "connectors/common/connector_error.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <vector>

namespace planwise::connectors {

namespace {

[[noreturn]] void bad(const std::string& message) { throw ConnectorError(ErrorKind::BadUri, message); }

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

std::string upper(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::toupper(c)); });
    return out;
}

bool endsWithI(std::string_view s, std::string_view suffix)
{
    return s.size() >= suffix.size() && lower(s.substr(s.size() - suffix.size())) == suffix;
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percentDecode(std::string_view s, std::string_view what)
{
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        const int hi = i + 1 < s.size() ? hexValue(s[i + 1]) : -1;
        const int lo = i + 2 < s.size() ? hexValue(s[i + 2]) : -1;
        if (hi < 0 || lo < 0)
            bad("invalid percent-encoding in the " + std::string(what) + " (write %XX with two hex digits, e.g. %40 for @)");
        out += char(hi * 16 + lo);
        i += 2;
    }
    return out;
}

std::string percentEncode(std::string_view s)
{
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += char(c);
        } else {
            out += '%';
            out += digits[c >> 4];
            out += digits[c & 15];
        }
    }
    return out;
}

int parsePort(std::string_view text)
{
    if (text.empty() || text.size() > 5 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        bad("invalid port '" + std::string(text) + "' (expected a number from 1 to 65535)");
    const int port = std::atoi(std::string(text).c_str());
    if (port < 1 || port > 65535)
        bad("invalid port '" + std::string(text) + "' (expected a number from 1 to 65535)");
    return port;
}

// "scheme:" at the start, RFC 3986 style; empty when there is none.
std::string schemeOf(std::string_view s)
{
    if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0])))
        return {};
    for (size_t i = 1; i < s.size(); ++i) {
        const char c = s[i];
        if (c == ':')
            return i == 1 ? std::string() : lower(s.substr(0, i));   // one letter = a Windows drive, not a scheme
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.')
            return {};
    }
    return {};
}

// ---- libpq key=value conninfo: keyword = value | 'quoted \' value'

struct ConninfoItem {
    std::string key;
    std::string value;
    size_t valueBegin = 0, valueEnd = 0;   // span of the value as written (quotes included)
};

std::vector<ConninfoItem> splitConninfo(std::string_view s)
{
    std::vector<ConninfoItem> items;
    size_t i = 0;
    auto skipSpace = [&] {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
            ++i;
    };
    for (;;) {
        skipSpace();
        if (i >= s.size())
            break;
        ConninfoItem item;
        const size_t keyBegin = i;
        while (i < s.size() && s[i] != '=' && !std::isspace(static_cast<unsigned char>(s[i])))
            ++i;
        item.key = std::string(s.substr(keyBegin, i - keyBegin));
        skipSpace();
        if (i >= s.size() || s[i] != '=')
            bad("missing \"=\" after \"" + item.key + "\" in the connection string (expected key=value pairs, e.g. host=db1 dbname=app)");
        ++i;
        skipSpace();
        item.valueBegin = i;
        if (i < s.size() && s[i] == '\'') {
            ++i;
            bool closed = false;
            while (i < s.size()) {
                if (s[i] == '\\' && i + 1 < s.size()) {
                    item.value += s[i + 1];
                    i += 2;
                } else if (s[i] == '\'') {
                    ++i;
                    closed = true;
                    break;
                } else {
                    item.value += s[i++];
                }
            }
            if (!closed)
                bad("unterminated quoted value for \"" + item.key + "\" in the connection string");
        } else {
            while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) {
                if (s[i] == '\\' && i + 1 < s.size())
                    ++i;
                item.value += s[i++];
            }
        }
        item.valueEnd = i;
        items.push_back(std::move(item));
    }
    return items;
}

// ---- URIs: scheme://[userinfo@]hostspec[/path][?query]

struct UriParts {
    std::string_view userinfo, hostspec, path, query;
    bool hasUserinfo = false, hasPath = false, hasQuery = false;
    size_t authorityBegin = 0;   // offsets into the original string, for redaction
    size_t queryBegin = std::string_view::npos;
};

UriParts splitUri(std::string_view s)
{
    UriParts p;
    const size_t start = s.find("://");
    p.authorityBegin = start + 3;
    std::string_view rest = s.substr(p.authorityBegin);
    size_t q = rest.find('?');
    if (q != std::string_view::npos) {
        p.hasQuery = true;
        p.query = rest.substr(q + 1);
        p.queryBegin = p.authorityBegin + q + 1;
        rest = rest.substr(0, q);
    }
    const size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    if (slash != std::string_view::npos) {
        p.hasPath = true;
        p.path = rest.substr(slash + 1);
    }
    // The last @ separates: a password may hold an unencoded @, a host cannot.
    const size_t at = authority.rfind('@');
    if (at != std::string_view::npos) {
        p.hasUserinfo = true;
        p.userinfo = authority.substr(0, at);
        p.hostspec = authority.substr(at + 1);
    } else {
        p.hostspec = authority;
    }
    return p;
}

std::vector<std::pair<std::string, std::string>> splitQuery(std::string_view query)
{
    std::vector<std::pair<std::string, std::string>> out;
    while (!query.empty()) {
        const size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (pair.empty())
            continue;
        const size_t eq = pair.find('=');
        if (eq == std::string_view::npos)
            bad("URI parameter '" + std::string(pair) + "' has no value (expected key=value)");
        out.emplace_back(percentDecode(pair.substr(0, eq), "parameter name"), percentDecode(pair.substr(eq + 1), "parameter value"));
    }
    return out;
}

void splitUserinfo(std::string_view userinfo, ConnectionTarget& t)
{
    const size_t colon = userinfo.find(':');
    t.user = percentDecode(userinfo.substr(0, colon), "user name");
    if (colon != std::string_view::npos)
        t.password = percentDecode(userinfo.substr(colon + 1), "password");
}

// host, host:port, [v6], [v6]:port
void splitHostPort(std::string_view hostspec, ConnectionTarget& t)
{
    std::string_view host = hostspec, port;
    if (!hostspec.empty() && hostspec.front() == '[') {
        const size_t close = hostspec.find(']');
        if (close == std::string_view::npos)
            bad("unterminated [IPv6 address] in the URI");
        host = hostspec.substr(1, close - 1);
        std::string_view after = hostspec.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':')
                bad("unexpected '" + std::string(after) + "' after the IPv6 address");
            port = after.substr(1);
        }
    } else if (const size_t colon = hostspec.rfind(':'); colon != std::string_view::npos) {
        host = hostspec.substr(0, colon);
        port = hostspec.substr(colon + 1);
    }
    t.host = percentDecode(host, "host");
    if (!port.empty() || (hostspec.find(':') != std::string_view::npos && hostspec.front() != '['))
        t.port = parsePort(port);
}

ConnectionTarget parsePostgres(std::string_view text, bool uri)
{
    ConnectionTarget t;
    t.engine = Engine::PostgreSQL;
    t.conninfo = std::string(text);
    t.conninfoIsUri = uri;
    if (!uri) {
        for (const auto& item : splitConninfo(text)) {
            if (item.key == "user") t.user = item.value;
            else if (item.key == "password") t.password = item.value;
            else if (item.key == "host" || (item.key == "hostaddr" && t.host.empty())) t.host = item.value;
            else if (item.key == "dbname") t.database = item.value;
            else if (item.key == "port" && item.value.find(',') == std::string::npos) t.port = parsePort(item.value);
        }
        return t;
    }
    const UriParts p = splitUri(text);
    if (p.hasUserinfo)
        splitUserinfo(p.userinfo, t);
    // Several hosts (h1:5432,h2:5433) stay as written: libpq handles them.
    if (p.hostspec.find(',') != std::string_view::npos)
        t.host = percentDecode(p.hostspec, "host");
    else
        splitHostPort(p.hostspec, t);
    t.database = percentDecode(p.path, "database name");
    for (const auto& [key, value] : splitQuery(p.query)) {
        if (key == "user") t.user = value;
        else if (key == "password") t.password = value;
        else if (key == "host") t.host = value;
        else if (key == "dbname") t.database = value;
        else if (key == "port" && value.find(',') == std::string::npos) t.port = parsePort(value);
    }
    return t;
}

constexpr std::array kMySqlOptions{"socket", "ssl-mode", "ssl-ca", "ssl-capath", "ssl-cert", "ssl-key", "ssl-cipher",
                                   "ssl-crl", "connect-timeout", "read-timeout", "write-timeout", "charset",
                                   "user", "password", "database"};
constexpr std::array kSslModes{"DISABLED", "PREFERRED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"};

ConnectionTarget parseMySql(std::string_view text, bool mariadb)
{
    ConnectionTarget t;
    t.engine = Engine::MySQL;
    t.mariadbScheme = mariadb;
    const UriParts p = splitUri(text);
    if (p.hasUserinfo)
        splitUserinfo(p.userinfo, t);
    if (p.hostspec.find(',') != std::string_view::npos)
        bad("several hosts are not supported for MySQL/MariaDB; name one host");
    splitHostPort(p.hostspec, t);
    if (!t.host.empty() && t.host.front() == '/') {   // mysql://user@%2Frun%2Fmysqld.sock/db
        t.socket = t.host;
        t.host.clear();
    }
    t.database = percentDecode(p.path, "database name");
    if (t.database.find('/') != std::string::npos)
        bad("the MySQL database name '" + t.database + "' contains '/' (expected mysql://user@host:port/database)");
    for (auto [key, value] : splitQuery(p.query)) {
        std::replace(key.begin(), key.end(), '_', '-');
        key = lower(key);
        if (key == "sslmode")
            key = "ssl-mode";
        if (std::find(kMySqlOptions.begin(), kMySqlOptions.end(), key) == kMySqlOptions.end()) {
            std::string known;
            for (const char* k : kMySqlOptions)
                known += (known.empty() ? "" : ", ") + std::string(k);
            bad("unknown MySQL URI parameter '" + key + "' (known: " + known + ")");
        }
        if (key == "ssl-mode") {
            value = upper(value);
            std::replace(value.begin(), value.end(), '-', '_');
            if (std::find(kSslModes.begin(), kSslModes.end(), value) == kSslModes.end())
                bad("unknown ssl-mode '" + value + "' (expected DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY)");
            t.sslMode = value;
        } else if (key == "socket") {
            t.socket = value;
        } else if (key == "user") {
            t.user = value;
        } else if (key == "password") {
            t.password = value;
        } else if (key == "database") {
            t.database = value;
        }
        t.options[key] = value;
    }
    return t;
}

// Takes a const reference, not a moved-from value: GCC 12 reports the moved
// string's buffer as maybe-uninitialized at -O2 (a false positive).
std::string expandHome(const std::string& path)
{
    if (path.rfind("~/", 0) == 0)
        if (const char* home = std::getenv("HOME"))
            return std::string(home) + path.substr(1);
    return path;
}

ConnectionTarget sqliteTarget(std::string path, std::string_view original)
{
    if (path.empty())
        bad("'" + std::string(original) + "' names no SQLite file (expected sqlite:PATH or sqlite:///absolute/path)");
    ConnectionTarget t;
    t.engine = Engine::SQLite;
    t.path = expandHome(path);
    return t;
}

} // namespace

const char* engineName(Engine engine)
{
    switch (engine) {
    case Engine::PostgreSQL: return "PostgreSQL";
    case Engine::MySQL: return "MySQL/MariaDB";
    case Engine::SQLite: return "SQLite";
    }
    return "database";
}

ConnectionTarget parseConnectionTarget(std::string_view input)
{
    const std::string_view text = trim(input);
    if (text.empty())
        bad("empty connection string (expected postgresql://…, mysql://…, mariadb://…, sqlite:PATH or a .sqlite/.db file)");

    const std::string scheme = schemeOf(text);
    auto requireSlashes = [&] {
        if (text.substr(scheme.size(), 3) != "://")
            bad("'" + scheme + ":' must be followed by // (e.g. " + scheme + "://user@host:port/database)");
    };
    if (scheme == "postgresql" || scheme == "postgres") {
        requireSlashes();
        return parsePostgres(text, true);
    }
    if (scheme == "mysql" || scheme == "mariadb") {
        requireSlashes();
        return parseMySql(text, scheme == "mariadb");
    }
    if (scheme == "sqlite" || scheme == "sqlite3") {
        std::string_view rest = text.substr(scheme.size() + 1);
        if (rest.substr(0, 2) == "//")   // sqlite:///abs → /abs, sqlite://rel.db → rel.db
            rest.remove_prefix(2);
        return sqliteTarget(std::string(rest), text);
    }

    const bool looksLikePath = text.front() == '/' || text.front() == '.' || text.front() == '~';
    const bool sqliteExtension = endsWithI(text, ".sqlite") || endsWithI(text, ".sqlite3") || endsWithI(text, ".db");
    if (sqliteExtension && (looksLikePath || scheme.empty()) && text.find('=') == std::string_view::npos)
        return sqliteTarget(std::string(text), text);
    if (!scheme.empty())
        bad("unsupported scheme '" + scheme + ":' (expected postgresql://, postgres://, mysql://, mariadb:// or sqlite:)");
    if (!looksLikePath) {
        // libpq keywords are words of letters and underscores: "host=x", "host = x".
        size_t i = 0;
        while (i < text.size() && (std::isalpha(static_cast<unsigned char>(text[i])) || text[i] == '_'))
            ++i;
        const size_t wordEnd = i;
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
            ++i;
        if (wordEnd > 0 && i < text.size() && text[i] == '=') {
            splitConninfo(text);   // reject what libpq would reject, with a clearer message
            return parsePostgres(text, false);
        }
    }
    bad("cannot tell which database '" + std::string(text) +
        "' names (expected postgresql://…, key=value conninfo, mysql://…, mariadb://…, sqlite:PATH, "
        "or a file ending in .sqlite, .sqlite3 or .db)");
}

std::string redactPgConninfo(std::string_view conninfo)
{
    std::string out(conninfo);
    const std::string_view text = trim(conninfo);
    const size_t lead = size_t(text.data() - conninfo.data());
    const std::string scheme = schemeOf(text);
    if (scheme == "postgresql" || scheme == "postgres") {
        if (text.find("://") == std::string_view::npos)
            return out;
        const UriParts p = splitUri(text);
        // Replace from the back so earlier offsets stay valid.
        if (p.hasQuery) {
            std::string rebuilt;
            std::string_view query = p.query;
            while (true) {
                const size_t amp = query.find('&');
                std::string_view pair = query.substr(0, amp);
                const size_t eq = pair.find('=');
                if (eq != std::string_view::npos && lower(pair.substr(0, eq)) == "password")
                    rebuilt += std::string(pair.substr(0, eq)) + "=***";
                else
                    rebuilt += std::string(pair);
                if (amp == std::string_view::npos)
                    break;
                rebuilt += '&';
                query = query.substr(amp + 1);
            }
            out.replace(lead + p.queryBegin, p.query.size(), rebuilt);
        }
        if (p.hasUserinfo) {
            const size_t colon = p.userinfo.find(':');
            if (colon != std::string_view::npos)
                out.replace(lead + p.authorityBegin + colon + 1, p.userinfo.size() - colon - 1, "***");
        }
        return out;
    }
    try {
        auto items = splitConninfo(conninfo);
        for (auto it = items.rbegin(); it != items.rend(); ++it)
            if (it->key == "password")
                out.replace(it->valueBegin, it->valueEnd - it->valueBegin, "***");
    } catch (const ConnectorError&) {
        // Unparseable: hide everything after the first "password" rather than leak it.
        const size_t pos = lower(out).find("password");
        if (pos != std::string::npos)
            out = out.substr(0, pos) + "password=***";
    }
    return out;
}

std::string withPgParameter(std::string_view conninfo, std::string_view key, std::string_view value)
{
    const std::string_view text = trim(conninfo);
    const std::string scheme = schemeOf(text);
    if (scheme == "postgresql" || scheme == "postgres") {
        const UriParts p = splitUri(text);
        for (const auto& [k, v] : splitQuery(p.query))
            if (k == key)
                return std::string(conninfo);
        std::string out(text);
        out += p.hasQuery ? (p.query.empty() || p.query.back() == '&' ? "" : "&") : "?";
        out += percentEncode(key) + "=" + percentEncode(value);
        return out;
    }
    for (const auto& item : splitConninfo(text))
        if (item.key == key)
            return std::string(conninfo);
    std::string quoted = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\')
            quoted += '\\';
        quoted += c;
    }
    quoted += '\'';
    std::string out(text);
    if (!out.empty())
        out += ' ';
    out += std::string(key) + "=" + quoted;
    return out;
}

std::string ConnectionTarget::redacted() const
{
    switch (engine) {
    case Engine::PostgreSQL:
        return redactPgConninfo(conninfo);
    case Engine::SQLite:
        return "sqlite:" + path;
    case Engine::MySQL: {
        std::string out = mariadbScheme ? "mariadb://" : "mysql://";
        if (!user.empty() || password) {
            out += user;
            if (password && !options.count("password"))   // shown once, where it was written
                out += ":***";
            out += '@';
        }
        out += host.find(':') != std::string::npos ? "[" + host + "]" : host;
        if (port)
            out += ":" + std::to_string(*port);
        if (!database.empty())
            out += "/" + database;
        char sep = '?';
        for (const auto& [k, v] : options) {
            out += sep + k + "=" + (k == "password" ? std::string("***") : v);
            sep = '&';
        }
        return out;
    }
    }
    return {};
}

} // namespace planwise::connectors
