// planwise-cli rules: every registered rule has a stable kebab-case ID and its doc page.
#include "common/cli_runner.h"
#include "common/test_env.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using planwise::testenv::runCli;

class TestCliRules : public QObject {
    Q_OBJECT
private slots:
    void everyRuleIsDocumented()
    {
        const auto r = runCli({"rules", "--json"});
        QCOMPARE(r.exitCode, 0);
        const auto rules = QJsonDocument::fromJson(r.out).object()["rules"].toArray();
        QVERIFY(rules.size() >= 19);
        const QRegularExpression idPattern(QStringLiteral("^[a-z]+\\.[a-z0-9]+(-[a-z0-9]+)*$"));
        QStringList ids;
        for (const auto& v : rules) {
            const auto rule = v.toObject();
            const QString id = rule["id"].toString();
            QVERIFY2(idPattern.match(id).hasMatch(), qPrintable(id));
            QVERIFY2(!ids.contains(id), qPrintable("duplicate rule ID " + id));
            ids << id;
            QVERIFY(!rule["summary"].toString().isEmpty());
            const QString doc = QStringLiteral(PLANWISE_SOURCE_DIR "/") + rule["doc"].toString();
            QVERIFY2(QFile::exists(doc), qPrintable("no doc page " + doc));
        }
        QVERIFY(ids.contains("index.filter-without-index"));
        QVERIFY(ids.contains("plan.sort-spill"));
    }

    void textListing()
    {
        const auto r = runCli({"rules"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("index.filter-without-index"));
    }
};

QTEST_GUILESS_MAIN(TestCliRules)
#include "tst_cli_rules.moc"
