#pragma once
// A PostgreSQL log_line_prefix given by the user (`--prefix '%t:%r:%u@%d:[%p]: '`),
// compiled once and matched against each entry's prefix, so user, database,
// pid and time come out right whatever the prefix looks like — the reason
// pgBadger's users most often see "0 queries".
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planwise::log {

struct PrefixMatch {
    std::string_view ts, pid, user, db, app, host;
};

class LinePrefix {
public:
    // nullopt with `error` set for an escape PostgreSQL does not know.
    static std::optional<LinePrefix> compile(std::string_view spec, std::string* error = nullptr);

    // The fields of `prefix` (an entry's text before its severity); false when it does not fit the spec.
    bool match(std::string_view prefix, PrefixMatch& out) const;

    const std::string& spec() const { return m_spec; }

private:
    struct Segment {
        char escape = 0;     // 0: literal
        std::string literal;
    };
    std::string m_spec;
    std::vector<Segment> m_segments;
};

} // namespace planwise::log
