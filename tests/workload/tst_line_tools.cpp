// The small pieces under the ingestion's hot path, against the obvious
// implementations they replace: NewlineScanner vs memchr/std::count,
// CappedStringSet vs std::set with the same cap rules.
#include "analyzer/core/newline_scanner.h"
#include "analyzer/workload/capped_string_set.h"

#include <QtTest>

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>

using planwise::NewlineScanner;
using planwise::workload::CappedStringSet;

class TestLineTools : public QObject {
    Q_OBJECT

private slots:
    void scannerMatchesMemchrAndCount()
    {
        std::mt19937 rng(7);
        for (int round = 0; round < 200; ++round) {
            // Lengths around the 64-byte chunks, newlines dense and sparse.
            const size_t size = rng() % 300;
            const unsigned density = 1 + rng() % 20;
            std::string text(size, 'x');
            for (char& c : text)
                if (rng() % density == 0)
                    c = '\n';
            NewlineScanner scanner(text);
            for (size_t pos = 0; pos <= size; ++pos) {
                const size_t expected = text.find('\n', pos);
                QCOMPARE(scanner.next(pos), expected);
            }
            // Out of order, as a parser that jumps back asks.
            for (int k = 0; k < 50; ++k) {
                const size_t from = size ? rng() % (size + 1) : 0;
                const size_t to = from + (size ? rng() % (size + 1 - from + 10) : 0);
                QCOMPARE(scanner.next(from), text.find('\n', from));
                const size_t clamped = std::min(to, size);
                QCOMPARE(scanner.count(from, to), size_t(std::count(text.begin() + long(from), text.begin() + long(clamped), '\n')));
                const size_t bounded = scanner.next(from, clamped);
                const size_t plain = text.find('\n', from);
                QCOMPARE(bounded, plain < clamped ? plain : std::string::npos);
            }
        }
    }

    void scannerHandlesNulAndHighBytes()
    {
        std::string text = std::string("a\0b\n", 4) + std::string(70, '\xff') + "\n\x80\n";
        NewlineScanner scanner(text);
        QCOMPARE(scanner.next(0), size_t(3));
        QCOMPARE(scanner.next(4), size_t(74));
        QCOMPARE(scanner.next(75), size_t(76));
        QCOMPARE(scanner.next(77), std::string::npos);
        QCOMPARE(scanner.count(0, text.size()), size_t(3));
    }

    void setKeepsDistinctValuesUpToTheCap()
    {
        CappedStringSet set;
        std::set<std::string> expected;
        std::mt19937 rng(3);
        for (int i = 0; i < 5000; ++i) {
            const std::string v = fmt::format("10.0.{}.{}", rng() % 3, rng() % 200);
            set.insert(v);
            if (expected.size() < CappedStringSet::kCap)
                expected.insert(v);
        }
        set.insert("");
        QCOMPARE(set.size(), CappedStringSet::kCap);
        QCOMPARE(std::set<std::string>(set.values().begin(), set.values().end()), expected);
        for (const std::string& v : expected)
            QVERIFY(set.contains(v));
        QVERIFY(!set.contains("10.0.9.9"));
        QVERIFY(!set.contains(""));
    }

    void mergeAtTheCapTakesTheSmallestValues()
    {
        // Whatever order the blocks met the values in, a cut keeps the same ones.
        CappedStringSet a, b;
        for (int i = 0; i < 200; ++i)
            a.insert(fmt::format("a{}", 1000 + i));
        for (int i = 199; i >= 0; --i)
            b.insert(fmt::format("b{}", 1000 + i));
        a.merge(b);
        QCOMPARE(a.size(), CappedStringSet::kCap);
        for (int i = 0; i < 56; ++i)
            QVERIFY(a.contains(fmt::format("b{}", 1000 + i)));
        QVERIFY(!a.contains("b1056"));

        CappedStringSet small, other;
        small.insert("x");
        other.insert("y");
        other.insert("x");
        small.merge(other);
        QCOMPARE(small.size(), size_t(2));
    }
};

QTEST_GUILESS_MAIN(TestLineTools)
#include "tst_line_tools.moc"
