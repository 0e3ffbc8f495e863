// Conformance of the PtQueryDigest fingerprints with pt-query-digest 3.2.1 on
// Percona Toolkit's sample slow logs (../shared/corpus/slowlogs): for every
// log that has a *.ptqd.tsv, the set of (query ID, fingerprint, count) must be
// exactly the one pt-query-digest printed.
//
// The statements are extracted by a test-local port of pt-query-digest's
// SlowLogParser::parse_event (records split on ";\n#", header lines dropped,
// "use"/"SET timestamp" lines skipped, administrator commands, the entries
// without a statement), independent of Planwise's own slow-log reader so that
// this test checks the fingerprints alone.
//
// Counting follows pt-query-digest's aggregator and report: a class's count is
// the number of its events (query_count: every event has a pos_in_log), but a
// class is reported only when some event of it has a Query_time, the
// attribute its ranking is built on; an event whose Query_time is not a number
// is not aggregated at all (its handler fails to compile). That is why
// slow006-session-*.txt (query lists without attributes) and slow017.txt (a
// garbled Query_time) have no classes, and why slow041.txt's first
// "administrator command: Quit", which has no attributes, still counts.
//
// Known exceptions: none. Logs without a .ptqd.tsv (slow039.txt.gz and
// slow040.txt.gz, compressed) are not compared.
#include "analyzer/sql/fingerprint.h"
#include "common/test_env.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

using namespace planwise;
using namespace planwise::sql;

namespace {

bool isPerlSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool isWordChar(char c) { return isDigit(c) || isUpper(c) || (c >= 'a' && c <= 'z') || c == '_'; }
bool startsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Perl's readline with a record separator: the next chunk including the separator.
class RecordReader {
public:
    explicit RecordReader(std::string_view data) : m_data(data) {}
    std::optional<std::string> next(std::string_view separator)
    {
        if (m_pos >= m_data.size())
            return std::nullopt;
        const size_t e = m_data.find(separator, m_pos);
        const size_t end = e == std::string_view::npos ? m_data.size() : e + separator.size();
        std::string record(m_data.substr(m_pos, end - m_pos));
        m_pos = end;
        return record;
    }

private:
    std::string_view m_data;
    size_t m_pos = 0;
};

// ^(?:T[cC][pP]\s[pP]ort:\s+\d+|[/A-Z].*mysqld,\sVersion.*(?:started\swith:|embedded\slibrary)|Time\s+Id\s+Command).*\n
bool isHeaderLine(std::string_view line)
{
    auto skipSpaces = [&](size_t i) {
        size_t j = i;
        while (j < line.size() && isPerlSpace(line[j]))
            ++j;
        return j;
    };
    if (line.size() >= 9 && line[0] == 'T' && (line[1] == 'c' || line[1] == 'C') && (line[2] == 'p' || line[2] == 'P')
        && isPerlSpace(line[3]) && (line[4] == 'p' || line[4] == 'P') && line.substr(5, 4) == "ort:") {
        size_t j = skipSpaces(9);
        if (j > 9 && j < line.size() && isDigit(line[j]))
            return true;
    }
    if (!line.empty() && (line[0] == '/' || isUpper(line[0]))) {
        for (size_t p = line.find("mysqld,", 1); p != std::string_view::npos; p = line.find("mysqld,", p + 1)) {
            if (p + 14 <= line.size() && isPerlSpace(line[p + 7]) && line.substr(p + 8, 7) == "Version") {
                const std::string_view rest = line.substr(p + 15);
                for (size_t q = 0; q < rest.size(); ++q) {
                    if ((rest.substr(q, 7) == "started" && q + 12 <= rest.size() && isPerlSpace(rest[q + 7])
                         && rest.substr(q + 8, 5) == "with:")
                        || (rest.substr(q, 8) == "embedded" && q + 16 <= rest.size() && isPerlSpace(rest[q + 8])
                            && rest.substr(q + 9, 7) == "library"))
                        return true;
                }
            }
        }
    }
    if (startsWith(line, "Time")) {
        size_t j = skipSpaces(4);
        if (j > 4 && line.substr(j, 2) == "Id") {
            size_t k = skipSpaces(j + 2);
            if (k > j + 2 && line.substr(k, 7) == "Command")
                return true;
        }
    }
    return false;
}

// s/$slow_log_hd_line//g: drops whole header lines (only those ending in "\n").
bool dropHeaderLines(std::string& stmt)
{
    std::string out;
    bool dropped = false;
    size_t start = 0;
    while (start < stmt.size()) {
        const size_t nl = stmt.find('\n', start);
        if (nl == std::string::npos) {
            out.append(stmt, start);
            break;
        }
        const std::string_view line(stmt.data() + start, nl - start);
        if (isHeaderLine(line))
            dropped = true;
        else
            out.append(stmt, start, nl + 1 - start);
        start = nl + 1;
    }
    if (dropped)
        stmt = out;
    return dropped;
}

// Perl's split(/;\n#/, $s): fields without the separator, trailing empty fields dropped.
std::vector<std::string> splitRecords(const std::string& s)
{
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
        const size_t p = s.find(";\n#", start);
        if (p == std::string::npos) {
            out.push_back(s.substr(start));
            break;
        }
        out.push_back(s.substr(start, p - start));
        start = p + 3;
    }
    while (!out.empty() && out.back().empty())
        out.pop_back();
    return out;
}

struct Event {
    std::string arg;
    std::optional<std::string> queryTime;
};

// A port of pt-query-digest 3.2.1's SlowLogParser::parse_event.
class PtSlowLogParser {
public:
    explicit PtSlowLogParser(std::string_view data) : m_reader(data) {}

    std::optional<Event> next()
    {
        for (;;) {
            std::string stmt;
            if (!m_pending.empty()) {
                stmt = m_pending.front();
                m_pending.erase(m_pending.begin());
            } else if (auto r = m_reader.next(";\n#")) {
                stmt = *r;
            } else {
                return std::nullopt;
            }
            if (dropHeaderLines(stmt)) {
                auto chunks = splitRecords(stmt);
                if (chunks.size() > 1) {
                    stmt = chunks.front();
                    m_pending.insert(m_pending.begin(), chunks.begin() + 1, chunks.end());
                }
            }
            if (!startsWith(stmt, "#"))
                stmt.insert(stmt.begin(), '#');
            // s/;\n#?\Z//
            for (std::string_view tail : {";\n#\n", ";\n#", ";\n\n", ";\n"}) {
                if (stmt.size() >= tail.size() && std::string_view(stmt).substr(stmt.size() - tail.size()) == tail) {
                    const bool keepNewline = tail.back() == '\n' && tail.size() > 2;
                    stmt.erase(stmt.size() - tail.size(), tail.size() - (keepNewline ? 1 : 0));
                    break;
                }
            }
            if (auto e = parseLines(stmt))
                return e;
        }
    }

private:
    // The LINE loop; nullopt means "next EVENT" (the entry is dropped).
    std::optional<Event> parseLines(const std::string& stmt)
    {
        Event event;
        bool gotTs = false, gotUh = false, gotAc = false, gotDb = false, gotSet = false, foundArg = false;
        const size_t len = stmt.size();
        size_t start = 0;
        bool first = true;
        // ^(.*)$ with /mg: a line at 0 and after every "\n" except a final one.
        while (first || start < len) {
            first = false;
            size_t nl = stmt.find('\n', start);
            const size_t end = nl == std::string::npos ? len : nl;
            const std::string_view line(stmt.data() + start, end - start);
            const size_t pos = end;
            const size_t next = nl == std::string::npos ? len + 1 : nl + 1;

            const bool meta = startsWith(line, "#") || startsWith(line, "use ") || startsWith(line, "SET last_insert_id")
                || startsWith(line, "SET insert_id") || startsWith(line, "SET timestamp");
            if (!meta) {
                event.arg = stmt.substr(pos - line.size());
                return event;
            }
            if (!gotTs && isTimeLine(line)) {
                gotTs = true;
                if (!gotUh && line.find("# User@Host: ") != std::string_view::npos)
                    gotUh = true;
            } else if (!gotUh && line.find("# User@Host: ") != std::string_view::npos) {
                gotUh = true;
            } else if (!gotAc && startsWith(line, "# administrator command:")) {
                size_t i = 1;
                while (i < line.size() && isPerlSpace(line[i]))
                    ++i;
                event.arg = std::string(line.substr(i));
                foundArg = true;
                gotAc = true;
            } else if (isPropertyLine(line)) {
                readProperties(line, event);
            } else if (!gotDb && startsWith(line, "use ") && line.size() > 4 && line[4] != ';') {
                gotDb = true;
            } else if (!gotSet && startsWith(line, "SET") && line.size() > 3 && isPerlSpace(line[3])) {
                gotSet = true;
            }
            if (!foundArg && pos == len) {
                // An entry that ends with its attributes: the statement, if any,
                // is the next ";\n"-terminated record.
                auto l = m_reader.next(";\n");
                if (!l)
                    return std::nullopt;
                if (startsWithAttribute(*l)) {
                    auto rest = m_reader.next(";\n#");
                    m_pending.push_back(*l + rest.value_or(std::string()));
                    event.arg = "/* No query */";
                } else {
                    std::string s = *l;
                    if (s.size() >= 2 && s.compare(s.size() - 2, 2, ";\n") == 0)
                        s.resize(s.size() - 2);   // chomp with $/ = ";\n"
                    size_t i = 0;
                    while (i < s.size() && isPerlSpace(s[i]))
                        ++i;
                    event.arg = s.substr(i);
                }
                foundArg = true;
            }
            start = next;
        }
        return event;
    }

    // ^# Time: ((?:[0-9: ]{15})|(?:[-0-9: T]{19}))
    static bool isTimeLine(std::string_view line)
    {
        if (!startsWith(line, "# Time: "))
            return false;
        const std::string_view v = line.substr(8);
        auto all = [&](size_t n, std::string_view allowed) {
            if (v.size() < n)
                return false;
            for (size_t i = 0; i < n; ++i)
                if (!isDigit(v[i]) && allowed.find(v[i]) == std::string_view::npos)
                    return false;
            return true;
        };
        return all(15, ": ") || all(19, "-: T");
    }

    // ^# +[A-Z][A-Za-z_]+: \S+
    static bool isPropertyLine(std::string_view line)
    {
        size_t i = 1;
        while (i < line.size() && line[i] == ' ')
            ++i;
        if (i == 1 || i >= line.size() || !isUpper(line[i]))
            return false;
        size_t j = i + 1;
        while (j < line.size() && (isUpper(line[j]) || (line[j] >= 'a' && line[j] <= 'z') || line[j] == '_'))
            ++j;
        return j > i + 1 && line.substr(j, 2) == ": " && j + 2 < line.size() && !isPerlSpace(line[j + 2]);
    }

    // /^\s*[A-Z][a-z_]+: /
    static bool startsWithAttribute(std::string_view s)
    {
        size_t i = 0;
        while (i < s.size() && isPerlSpace(s[i]))
            ++i;
        if (i >= s.size() || !isUpper(s[i]))
            return false;
        size_t j = i + 1;
        while (j < s.size() && ((s[j] >= 'a' && s[j] <= 'z') || s[j] == '_'))
            ++j;
        return j > i + 1 && s.substr(j, 2) == ": ";
    }

    // m/(\w+):\s+(\S+|\Z)/g — only Query_time is needed here.
    static void readProperties(std::string_view line, Event& event)
    {
        size_t i = 0;
        while (i < line.size()) {
            if (!isWordChar(line[i])) {
                ++i;
                continue;
            }
            size_t s = i;
            while (i < line.size() && isWordChar(line[i]))
                ++i;
            const std::string_view name = line.substr(s, i - s);
            if (i < line.size() && line[i] == ':' && i + 1 < line.size() && isPerlSpace(line[i + 1])) {
                size_t v = i + 1;
                while (v < line.size() && isPerlSpace(line[v]))
                    ++v;
                size_t e = v;
                while (e < line.size() && !isPerlSpace(line[e]))
                    ++e;
                if (name == "Query_time")
                    event.queryTime = std::string(line.substr(v, e - v));
                i = e;
            }
        }
    }

    RecordReader m_reader;
    std::vector<std::string> m_pending;
};

bool isNumber(const std::string& v)
{
    if (v.empty())
        return false;
    size_t i = 0, digits = 0;
    while (i < v.size() && isDigit(v[i]))
        ++i, ++digits;
    if (i < v.size() && v[i] == '.') {
        ++i;
        while (i < v.size() && isDigit(v[i]))
            ++i, ++digits;
    }
    return digits > 0 && i == v.size();
}

using ClassKey = std::tuple<std::string, std::string>;   // checksum, fingerprint

} // namespace

class TestFingerprintConformance : public QObject {
    Q_OBJECT

private slots:
    void samples_data()
    {
        QTest::addColumn<QString>("log");
        QTest::addColumn<QString>("tsv");
        PW_REQUIRE_SHARED();
        planwise::testenv::addPtQueryDigestSampleRows();
    }
    void samples()
    {
        QFETCH(QString, log);
        QFETCH(QString, tsv);
        QFile logFile(log), tsvFile(tsv);
        QVERIFY(logFile.open(QIODevice::ReadOnly));
        QVERIFY(tsvFile.open(QIODevice::ReadOnly));
        const QByteArray data = logFile.readAll();

        std::map<ClassKey, int> expected;
        const QList<QByteArray> lines = tsvFile.readAll().split('\n');
        QVERIFY(!lines.isEmpty() && lines.front().startsWith("checksum\tfingerprint\tcount"));
        for (qsizetype i = 1; i < lines.size(); ++i) {
            if (lines[i].isEmpty())
                continue;
            const QList<QByteArray> cols = lines[i].split('\t');
            QVERIFY(cols.size() >= 3);
            expected[{cols[0].toStdString(), cols[1].toStdString()}] = cols[2].toInt();
        }

        std::map<ClassKey, int> actual;
        std::map<ClassKey, bool> timed;
        PtSlowLogParser parser(std::string_view(data.constData(), size_t(data.size())));
        std::string fp;
        while (auto event = parser.next()) {
            if (event->arg.empty() || event->arg == "0")   // Perl: a false arg is no statement
                continue;
            if (event->queryTime && !isNumber(*event->queryTime))
                continue;
            fingerprintInto(event->arg, fp, FingerprintCompat::PtQueryDigest);
            const ClassKey key{queryChecksum(fp), fp};
            ++actual[key];
            timed[key] = timed[key] || event->queryTime.has_value();
        }
        for (auto it = actual.begin(); it != actual.end();)
            it = timed[it->first] ? std::next(it) : actual.erase(it);

        for (const auto& [key, count] : expected) {
            auto it = actual.find(key);
            const QByteArray what = QByteArray::fromStdString(std::get<0>(key) + " " + std::get<1>(key));
            QVERIFY2(it != actual.end(), "missing class: " + what);
            QVERIFY2(it->second == count, "count differs for " + what + ": " + QByteArray::number(it->second)
                                             + " instead of " + QByteArray::number(count));
        }
        for (const auto& [key, count] : actual)
            QVERIFY2(expected.count(key), "extra class: " + QByteArray::fromStdString(std::get<1>(key)));
    }
};

QTEST_APPLESS_MAIN(TestFingerprintConformance)
#include "tst_fingerprint_conformance.moc"
