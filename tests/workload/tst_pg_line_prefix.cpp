// PostgreSQL stderr logs read with the server's own log_line_prefix (--prefix):
// the fields come out right where the shape heuristics guess wrong.
#include "analyzer/log/pg_line_prefix.h"
#include "analyzer/workload/digest_command.h"
#include "analyzer/workload/ingest.h"

#include <QTest>

#include <sstream>

using namespace planwise;

class TestPgLinePrefix : public QObject {
    Q_OBJECT
private slots:
    void compileRejectsUnknownEscapes()
    {
        std::string why;
        QVERIFY(!log::LinePrefix::compile("%m [%z] ", &why));
        QVERIFY(QString::fromStdString(why).contains("%z"));
        QVERIFY(!log::LinePrefix::compile("%m %", &why));
        QVERIFY(log::LinePrefix::compile("%m [%p] %q%u@%d %%", &why));
        QVERIFY(log::LinePrefix::compile("%-10u %5p ", &why)); // padding is allowed
    }

    void match_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<bool>("fits");
        QTest::addColumn<QString>("ts");
        QTest::addColumn<QString>("pid");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("db");
        QTest::newRow("debian default") << "%m [%p] %q%u@%d " << "2026-11-25 16:45:24.318 UTC [28408] app@shop "
                                        << true << "2026-11-25 16:45:24.318" << "28408" << "app" << "shop";
        QTest::newRow("background process stops at %q")
            << "%m [%p] %q%u@%d " << "2026-11-25 16:46:06.750 UTC [12284] " << true << "2026-11-25 16:46:06.750"
            << "12284" << "" << "";
        QTest::newRow("pgbadger's recommended")
            << "%t:%r:%u@%d:[%p]: " << "2026-11-25 16:45:24 UTC:10.0.0.7(51234):app@shop:[4242]: " << true
            << "2026-11-25 16:45:24" << "4242" << "app" << "shop";
        QTest::newRow("key=value")
            << "%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h "
            << "2026-11-25 16:45:24 UTC [77]: [3-1] user=rep,db=sales,app=psql,client=[local] " << true
            << "2026-11-25 16:45:24" << "77" << "rep" << "sales";
        QTest::newRow("does not fit") << "%m [%p] %u@%d " << "garbage without brackets " << false << "" << ""
                                      << "" << "";
    }

    void match()
    {
        QFETCH(QString, spec);
        QFETCH(QString, prefix);
        QFETCH(bool, fits);
        const auto p = log::LinePrefix::compile(spec.toStdString());
        QVERIFY(p);
        const std::string text = prefix.toStdString();
        log::PrefixMatch m;
        QCOMPARE(p->match(text, m), fits);
        if (!fits)
            return;
        QTEST(QString::fromUtf8(m.ts.data(), qsizetype(m.ts.size())), "ts");
        QTEST(QString::fromUtf8(m.pid.data(), qsizetype(m.pid.size())), "pid");
        QTEST(QString::fromUtf8(m.user.data(), qsizetype(m.user.size())), "user");
        QTEST(QString::fromUtf8(m.db.data(), qsizetype(m.db.size())), "db");
    }

    void ingestWithAndWithoutThePrefix()
    {
        // A prefix the heuristics misread: the last '@' sits after the client address and the pid.
        const std::string log =
            "2026-11-25 16:45:24 UTC:10.0.0.7(51234):app@shop:[4242]: LOG:  duration: 2.500 ms  statement: "
            "SELECT * FROM orders WHERE id = 1\n"
            "2026-11-25 16:45:25 UTC:10.0.0.8(51240):report@shop:[4243]: LOG:  duration: 7.500 ms  statement: "
            "SELECT * FROM orders WHERE id = 2\n";
        workload::IngestOptions opts;
        opts.format = *workload::parseLogFormat("stderr");
        opts.pgLinePrefix = "%t:%r:%u@%d:[%p]: ";
        const auto with = workload::ingestText(log, "custom.log", opts);
        QCOMPARE(with.workload.classes.size(), size_t(1));
        const auto& qc = with.workload.classes.front();
        QCOMPARE(qc.count, uint64_t(2));
        QCOMPARE(qc.users, (std::set<std::string>{"app", "report"}));
        QCOMPARE(qc.databases, (std::set<std::string>{"shop"}));
        QVERIFY(with.workload.diagnostics.empty());

        opts.pgLinePrefix.clear();
        const auto guessed = workload::ingestText(log, "custom.log", opts);
        QCOMPARE(guessed.workload.classes.size(), size_t(1));
        QVERIFY(guessed.workload.classes.front().users != qc.users); // what --prefix is for
    }

    void mismatchWarnsWithTheLine()
    {
        const std::string log = "2026-11-25 16:45:24.318 UTC [28408] app@shop LOG:  duration: 1.000 ms  statement: "
                                "SELECT 1\n";
        workload::IngestOptions opts;
        opts.format = *workload::parseLogFormat("stderr");
        opts.pgLinePrefix = "%t:%r:%u@%d:[%p]: ";
        const auto r = workload::ingestText(log, "other.log", opts);
        QCOMPARE(r.workload.events, uint64_t(1)); // still read, by its shape
        QVERIFY(!r.workload.diagnostics.empty());
        const QString msg = QString::fromStdString(r.workload.diagnostics.front().format());
        QVERIFY2(msg.startsWith("other.log:1:") && msg.contains("--prefix"), qPrintable(msg));
    }

    void digestRejectsABadPrefix()
    {
        workload::DigestCommandOptions o;
        o.files = {"-"};
        o.prefix = "%m [%y] ";
        std::ostringstream out, err;
        QCOMPARE(workload::runDigestCommand(o, out, err), 2);
        QVERIFY(QString::fromStdString(err.str()).contains("%y"));
    }
};

QTEST_GUILESS_MAIN(TestPgLinePrefix)
#include "tst_pg_line_prefix.moc"
