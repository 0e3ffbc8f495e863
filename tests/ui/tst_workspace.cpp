// The controller the main window uses, driven as the window drives it and
// observed through its signals: the demo loads into the models, plans come
// from the SQLite connector off the UI thread, cancel and stale results work.
#include "analyzer/plan/plan.h"
#include "analyzer/workload/query_class.h"
#include "ui/plan_tree_model.h"
#include "ui/query_class_model.h"
#include "ui/recommendation_model.h"
#include "ui/workspace_controller.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QtTest>

using planwise::ui::PlanTreeModel;
using planwise::ui::QueryClassModel;
using planwise::ui::RecommendationModel;
using planwise::ui::WorkspaceController;

namespace {

constexpr int kTimeoutMs = 60000;

QString demoDir()
{
    return QStringLiteral(PLANWISE_DEMO_DIR);
}

// Every node of the plan model, depth first.
QList<QModelIndex> allNodes(const QAbstractItemModel& model, const QModelIndex& parent = {})
{
    QList<QModelIndex> out;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex child = model.index(row, 0, parent);
        out << child << allNodes(model, child);
    }
    return out;
}

// Waits until every background job of the test is done and their continuations ran.
void drainBackgroundWork()
{
    QThreadPool::globalInstance()->waitForDone();
    QTest::qWait(50);
    QCoreApplication::processEvents();
}

} // namespace

class TestWorkspace : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(!WorkspaceController::findDemoDir({demoDir()}).isEmpty(),
                 qPrintable(QStringLiteral("demo files missing in %1 (build planwise_demo_data)").arg(demoDir())));
        // A log big enough that a load is still running when a test looks at it: the demo log 100 times
        // (93 MB; a Release build reads it in ~0.15 s, so the cancel tests open it many times over).
        QVERIFY(m_tmp.isValid());
        QFile demo(WorkspaceController::demoLogPath(demoDir()));
        QVERIFY(demo.open(QIODevice::ReadOnly));
        const QByteArray log = demo.readAll();
        m_bigLog = m_tmp.filePath(QStringLiteral("big-slow.log"));
        QFile big(m_bigLog);
        QVERIFY(big.open(QIODevice::WriteOnly));
        for (int i = 0; i < 100; ++i)
            QVERIFY(big.write(log) == log.size());
    }

    void loadsTheDemoRanked()
    {
        WorkspaceController c;
        QAbstractItemModelTester tester(c.classModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy started(&c, &WorkspaceController::loadStarted);
        QSignalSpy finished(&c, &WorkspaceController::loadFinished);
        QSignalSpy failed(&c, &WorkspaceController::loadFailed);
        c.openDemo(demoDir());
        QCOMPARE(started.count(), 1);
        QVERIFY(c.isLoading());
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(failed.count(), 0);
        QVERIFY(!c.isLoading());
        QCOMPARE(c.logPaths(), QStringList{WorkspaceController::demoLogPath(demoDir())});
        QCOMPARE(c.database(), QStringLiteral("sqlite:") + WorkspaceController::demoDatabasePath(demoDir()));

        const auto* model = c.classModel();
        QVERIFY(model->workload());
        QCOMPARE(model->workload()->events, 3000u);   // the generator writes 3000 events
        QVERIFY2(model->rowCount() >= 5, "the demo has several query shapes");
        // Ranked by total time: rank 1 is the costliest class, and no later class costs more.
        double previous = std::numeric_limits<double>::infinity();
        for (int row = 0; row < model->rowCount(); ++row) {
            QCOMPARE(model->index(row, QueryClassModel::Rank).data().toInt(), row + 1);
            const double total = model->index(row, QueryClassModel::TotalTime).data(QueryClassModel::SortRole).toDouble();
            QVERIFY(total <= previous);
            previous = total;
        }
        QVERIFY(model->index(0, QueryClassModel::TotalTime).data(QueryClassModel::SortRole).toDouble() > 0);
        // Fingerprints have their literals replaced.
        const QString top = model->index(0, QueryClassModel::Fingerprint).data().toString();
        QVERIFY2(top.contains(QLatin1Char('?')), qPrintable(top));
    }

    void plansTheSlowestSampleWithTheConnector()
    {
        WorkspaceController c;
        QAbstractItemModelTester tester(c.planModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy finished(&c, &WorkspaceController::loadFinished);
        c.openDemo(demoDir());
        QVERIFY(finished.wait(kTimeoutMs));

        // Every class's sample is EXPLAINed; the demo's unindexed filters show up as SCANs.
        int scans = 0, planned = 0;
        for (int row = 0; row < c.classModel()->rowCount(); ++row) {
            QSignalSpy done(&c, &WorkspaceController::planFinished);
            QSignalSpy planFailed(&c, &WorkspaceController::planFailed);
            c.selectClass(row);
            QCOMPARE(c.selectedClass(), row);
            QTRY_VERIFY_WITH_TIMEOUT(done.count() + planFailed.count() == 1, kTimeoutMs);
            if (done.isEmpty())
                continue;   // e.g. a statement SQLite does not accept; the status says why
            QCOMPARE(done.first().first().toInt(), row);
            ++planned;
            const auto* plan = c.planModel()->plan();
            QVERIFY(plan);
            QCOMPARE(plan->queryText, c.classModel()->queryClass(row)->example.query);
            for (const QModelIndex& node : allNodes(*c.planModel())) {
                if (node.data(PlanTreeModel::AccessKindRole).toInt() == int(planwise::plan::AccessKind::FullScan) &&
                    node.data().toString() == QStringLiteral("SCAN")) {
                    QVERIFY(!node.siblingAtColumn(PlanTreeModel::Relation).data().toString().isEmpty());
                    ++scans;
                }
            }
        }
        QVERIFY2(planned >= c.classModel()->rowCount() / 2, "most demo statements are plannable by SQLite");
        QVERIFY2(scans > 0, "some demo query scans a table for lack of an index");
    }

    void advisesAndExportsTheScript()
    {
        WorkspaceController c;
        QAbstractItemModelTester tester(c.recommendationModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy advised(&c, &WorkspaceController::adviceFinished);
        QSignalSpy adviceFailed(&c, &WorkspaceController::adviceFailed);
        c.openDemo(demoDir());
        QTRY_VERIFY_WITH_TIMEOUT(advised.count() + adviceFailed.count() > 0, kTimeoutMs);
        QVERIFY2(adviceFailed.isEmpty(), adviceFailed.isEmpty() ? "" : qPrintable(adviceFailed.first().first().toString()));
        QCOMPARE(advised.count(), 1);

        const auto* model = c.recommendationModel();
        QVERIFY2(model->rowCount() >= 1, "the demo lacks indexes its workload needs");
        const auto* first = model->recommendation(0);
        QVERIFY(first);
        QCOMPARE(model->index(0, RecommendationModel::Ddl).data().toString(), QString::fromStdString(first->ddl));
        QVERIFY(!first->queries.empty());
        QVERIFY(c.hasSqlScript());
        QVERIFY(c.sqlScript().contains(QString::fromStdString(first->ddl)));

        const QString out = m_tmp.filePath(QStringLiteral("advice.sql"));
        QString error;
        QVERIFY2(c.writeSqlScript(out, &error), qPrintable(error));
        QFile written(out);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(written.readAll()), c.sqlScript());
        QVERIFY(!c.writeSqlScript(m_tmp.filePath(QStringLiteral("no/such/dir/advice.sql")), &error));
        QVERIFY(!error.isEmpty());
    }

    void staleAdviceIsDropped()
    {
        WorkspaceController c;
        QSignalSpy loaded(&c, &WorkspaceController::loadFinished);
        QSignalSpy started(&c, &WorkspaceController::adviceStarted);
        QSignalSpy advised(&c, &WorkspaceController::adviceFinished);
        c.openDemo(demoDir());
        QVERIFY(loaded.wait(kTimeoutMs));
        QCOMPARE(started.count(), 1);
        // Reconnecting while the first advice runs starts a second one; only its result may land.
        c.setDatabase(QStringLiteral("sqlite:") + WorkspaceController::demoDatabasePath(demoDir()));
        QCOMPARE(started.count(), 2);
        QVERIFY(advised.wait(kTimeoutMs));
        QTest::qWait(300);   // time for a stale result to (wrongly) arrive
        QCOMPARE(advised.count(), 1);
        QVERIFY(c.recommendationModel()->rowCount() > 0);
        QVERIFY(!c.isAdvising());
    }

    void staleplanIsDropped()
    {
        WorkspaceController c;
        QSignalSpy finished(&c, &WorkspaceController::loadFinished);
        c.openDemo(demoDir());
        QVERIFY(finished.wait(kTimeoutMs));
        QVERIFY(c.classModel()->rowCount() >= 3);

        QSignalSpy done(&c, &WorkspaceController::planFinished);
        // Three quick selections: only the last one's plan may reach the model.
        c.selectClass(0);
        c.selectClass(1);
        c.selectClass(2);
        QVERIFY(done.wait(kTimeoutMs));
        QTest::qWait(200);   // time for any stale result to (wrongly) arrive
        QCOMPARE(done.count(), 1);
        QCOMPARE(done.first().first().toInt(), 2);
        QCOMPARE(c.planModel()->plan()->queryText, c.classModel()->queryClass(2)->example.query);
    }

    void cancelStopsTheLoadAndKeepsTheOldWorkload()
    {
        WorkspaceController c;
        QSignalSpy finished(&c, &WorkspaceController::loadFinished);
        c.openLogs({WorkspaceController::demoLogPath(demoDir())});
        QVERIFY(finished.wait(kTimeoutMs));
        const auto* before = c.classModel()->workload();

        QSignalSpy progress(&c, &WorkspaceController::loadProgress);
        QSignalSpy cancelled(&c, &WorkspaceController::loadCancelled);
        c.openLogs(manyBigLogs());
        QVERIFY(c.isLoading());
        // A running load reports its progress: bytes of the files opened so far and events.
        const qint64 size = QFileInfo(m_bigLog).size();
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.last().at(1).toLongLong() >= size &&
                                     progress.last().at(1).toLongLong() % size == 0 &&
                                     progress.last().at(2).toULongLong() > 0,
                                 kTimeoutMs);
        QVERIFY(c.isLoading());
        c.cancelLoad();
        QCOMPARE(cancelled.count(), 1);
        QVERIFY(!c.isLoading());
        drainBackgroundWork();
        QCOMPARE(finished.count(), 1);                 // only the first load finished
        QCOMPARE(c.classModel()->workload(), before);  // the cancelled result never replaced it
        QCOMPARE(c.logPaths(), QStringList{WorkspaceController::demoLogPath(demoDir())});
    }

    void rankingShowsWhileTheRestIsRead()
    {
        WorkspaceController c;
        c.setPreviewInterval(0);   // every progress report carries the ranking so far
        // What the model shows at the moment of the first preview, read in the signal itself.
        bool loadingAtPreview = false;
        int rowsAtPreview = 0;
        connect(&c, &WorkspaceController::loadPreview, this, [&] {
            if (rowsAtPreview == 0) {
                loadingAtPreview = c.isLoading();
                rowsAtPreview = c.classModel()->rowCount();
            }
        });
        QSignalSpy preview(&c, &WorkspaceController::loadPreview);
        QSignalSpy finished(&c, &WorkspaceController::loadFinished);
        c.openLogs({m_bigLog, m_bigLog, m_bigLog, m_bigLog});   // ~0.5 s in a Release build: several progress reports
        QVERIFY(finished.wait(kTimeoutMs));
        // Shown while the load still ran, and covering only part of the files.
        QVERIFY(!preview.isEmpty());
        QVERIFY(loadingAtPreview);
        QVERIFY(rowsAtPreview > 0);
        QVERIFY(preview.first().first().toULongLong() < 1200000u);
        QCOMPARE(c.classModel()->workload()->events, 1200000u);   // the final ranking replaced the preview
    }

    void cancelAfterPreviewRestoresTheOldWorkload()
    {
        WorkspaceController c;
        QSignalSpy finished(&c, &WorkspaceController::loadFinished);
        c.openLogs({WorkspaceController::demoLogPath(demoDir())});
        QVERIFY(finished.wait(kTimeoutMs));
        const auto* before = c.classModel()->workload();
        c.setPreviewInterval(0);
        QSignalSpy preview(&c, &WorkspaceController::loadPreview);
        c.openLogs(manyBigLogs());
        QVERIFY(preview.wait(kTimeoutMs));
        QVERIFY(c.classModel()->workload() != before);
        c.cancelLoad();
        QCOMPARE(c.classModel()->workload(), before);
        drainBackgroundWork();
        QCOMPARE(c.classModel()->workload(), before);
    }

    void newerLoadMakesTheOlderStale()
    {
        WorkspaceController c;
        QSignalSpy finished(&c, &WorkspaceController::loadFinished);
        c.openLogs({m_bigLog});
        c.openLogs({WorkspaceController::demoLogPath(demoDir())});   // supersedes the big load
        QVERIFY(finished.wait(kTimeoutMs));
        drainBackgroundWork();
        QCOMPARE(finished.count(), 1);
        QCOMPARE(c.logPaths(), QStringList{WorkspaceController::demoLogPath(demoDir())});
        QCOMPARE(c.classModel()->workload()->events, 3000u);   // the demo's, not 100 × as many
    }

    void unreadableLogFails()
    {
        WorkspaceController c;
        QSignalSpy failed(&c, &WorkspaceController::loadFailed);
        c.openLogs({m_tmp.filePath(QStringLiteral("does-not-exist.log"))});
        QVERIFY(failed.wait(kTimeoutMs));
        QVERIFY2(failed.first().first().toString().contains(QStringLiteral("does-not-exist.log")),
                 qPrintable(failed.first().first().toString()));
        QVERIFY(!c.isLoading());
        QVERIFY(!c.classModel()->workload());
    }

    void partlyReadableLoadWarns()
    {
        WorkspaceController c;
        QSignalSpy finished(&c, &WorkspaceController::loadFinished);
        QSignalSpy warned(&c, &WorkspaceController::loadWarning);
        c.openLogs({WorkspaceController::demoLogPath(demoDir()), m_tmp.filePath(QStringLiteral("missing.log"))});
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(warned.count(), 1);
        QVERIFY(warned.first().first().toString().contains(QStringLiteral("missing.log")));
        QCOMPARE(c.classModel()->workload()->events, 3000u);
    }

    void noDatabaseMeansNoPlan()
    {
        WorkspaceController c;
        QSignalSpy finished(&c, &WorkspaceController::loadFinished);
        QSignalSpy status(&c, &WorkspaceController::planStatusChanged);
        c.openLogs({WorkspaceController::demoLogPath(demoDir())});
        QVERIFY(finished.wait(kTimeoutMs));
        c.selectClass(0);
        QVERIFY(!c.planModel()->plan());
        QVERIFY(status.last().first().toString().contains(QStringLiteral("No database")));
    }

private:
    QTemporaryDir m_tmp;
    QString m_bigLog;
    // Enough reading that a load is surely still running when a test cancels it
    // (the tests cancel within a progress report or two, so it is never all read).
    QStringList manyBigLogs() const { return QStringList(40, m_bigLog); }
};

QTEST_MAIN(TestWorkspace)
#include "tst_workspace.moc"
