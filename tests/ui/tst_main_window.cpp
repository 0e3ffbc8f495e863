// The main window on the demo: panels show what the controller loaded, the
// selection drives the sample and the plan, the progress widget's Cancel
// cancels, and Export SQL is enabled once the advisor produced a script.
#include "ui/class_table_panel.h"
#include "ui/load_progress_widget.h"
#include "ui/main_window.h"
#include "ui/plan_tree_model.h"
#include "ui/query_class_model.h"
#include "ui/query_detail_panel.h"
#include "ui/recommendation_model.h"
#include "ui/recommendations_panel.h"
#include "ui/workspace_controller.h"

#include "analyzer/workload/query_class.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QThreadPool>
#include <QTreeView>
#include <QtTest>

using namespace planwise::ui;

namespace {

constexpr int kTimeoutMs = 60000;

QString demoDir()
{
    return QStringLiteral(PLANWISE_DEMO_DIR);
}

QAction* findAction(QWidget* window, const QString& textStart)
{
    for (QAction* a : window->findChildren<QAction*>())
        if (a->text().remove(QLatin1Char('&')).startsWith(textStart))
            return a;
    return nullptr;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void showsTheDemo()
    {
        MainWindow window;
        window.setDemoDir(demoDir());
        window.show();
        auto* c = window.controller();
        QAction* exportAction = findAction(&window, QStringLiteral("Export SQL"));
        QVERIFY(exportAction);
        QVERIFY(!exportAction->isEnabled());
        QVERIFY(findAction(&window, QStringLiteral("Open Slow Log")));
        QVERIFY(findAction(&window, QStringLiteral("About Planwise")));

        QSignalSpy loaded(c, &WorkspaceController::loadFinished);
        QSignalSpy planned(c, &WorkspaceController::planFinished);
        QSignalSpy advised(c, &WorkspaceController::adviceFinished);
        findAction(&window, QStringLiteral("Open Demo"))->trigger();
        QVERIFY(window.progressWidget()->isVisible());
        QVERIFY(loaded.wait(kTimeoutMs));
        QVERIFY(!window.progressWidget()->isVisible());
        QVERIFY(window.windowTitle().contains(QStringLiteral("demo-slow.log")));

        // The table shows every class and the costliest one is selected.
        auto* table = window.classPanel()->view();
        QCOMPARE(table->model()->rowCount(), c->classModel()->rowCount());
        QCOMPARE(c->selectedClass(), 0);
        const auto* top = c->classModel()->queryClass(0);
        QCOMPARE(window.detailPanel()->sampleView()->toPlainText(), QString::fromStdString(top->example.query));

        // Its plan arrives from the worker thread into the tree; columns EXPLAIN QUERY PLAN lacks are hidden.
        QTRY_VERIFY_WITH_TIMEOUT(!planned.isEmpty(), kTimeoutMs);
        auto* planView = window.detailPanel()->planView();
        QVERIFY(planView->model()->rowCount() > 0);
        QVERIFY(!planView->isColumnHidden(PlanTreeModel::Operation));
        QVERIFY(planView->isColumnHidden(PlanTreeModel::Cost));

        // Clicking another row shows that class.
        planned.clear();
        table->selectRow(1);
        const int selected = c->selectedClass();
        QVERIFY(selected >= 0);
        QCOMPARE(window.detailPanel()->sampleView()->toPlainText(),
                 QString::fromStdString(c->classModel()->queryClass(selected)->example.query));
        QTRY_VERIFY_WITH_TIMEOUT(!planned.isEmpty(), kTimeoutMs);
        QCOMPARE(planned.last().first().toInt(), selected);

        // The advisor's recommendations, the first one's evidence shown, and the export enabled.
        QTRY_VERIFY_WITH_TIMEOUT(!advised.isEmpty(), kTimeoutMs);
        QVERIFY(exportAction->isEnabled());
        QVERIFY(window.recommendationsPanel()->view()->model()->rowCount() > 0);
        // The evidence shown is the selected recommendation's.
        const int shownRow = window.recommendationsPanel()->view()->selectionModel()->currentIndex().row();
        const auto* shown = c->recommendationModel()->recommendation(shownRow);
        QVERIFY(shown);
        QVERIFY(window.recommendationsPanel()->evidenceView()->toPlainText().contains(
            QString::fromStdString(shown->ddl)));

        // Selecting a class that a later recommendation serves selects that recommendation.
        const auto* recs = c->recommendationModel();
        const auto servedBy = [&](int row, const std::string& checksum) {
            const auto& qs = recs->recommendation(row)->queries;
            return std::any_of(qs.begin(), qs.end(), [&](const auto& q) { return q.checksum == checksum; });
        };
        std::string checksum;
        int expectedRec = -1;
        for (int row = 1; row < recs->rowCount() && expectedRec < 0; ++row)
            for (const auto& q : recs->recommendation(row)->queries)
                if (!servedBy(0, q.checksum)) {
                    checksum = q.checksum;
                    expectedRec = row;
                    break;
                }
        QVERIFY2(expectedRec > 0, "the demo's recommendations serve different classes");
        int classRow = -1;
        for (int row = 0; row < c->classModel()->rowCount(); ++row)
            if (c->classModel()->queryClass(row)->checksum == checksum)
                classRow = row;
        QVERIFY2(classRow >= 0, "a recommendation's query is one of the workload's classes");
        auto* recView = window.recommendationsPanel()->view();
        recView->selectRow(0);
        window.classPanel()->selectClass(classRow);
        QCOMPARE(recView->selectionModel()->currentIndex().row(), expectedRec);
    }

    void filterNarrowsTheTable()
    {
        MainWindow window;
        auto* c = window.controller();
        QSignalSpy loaded(c, &WorkspaceController::loadFinished);
        c->openDemo(demoDir());
        QVERIFY(loaded.wait(kTimeoutMs));
        auto* panel = window.classPanel();
        const int all = panel->proxy()->rowCount();
        auto* filter = panel->findChild<QLineEdit*>();
        QVERIFY(filter);
        filter->setText(QStringLiteral("order_items"));
        const int some = panel->proxy()->rowCount();
        QVERIFY(some > 0 && some < all);
        for (int row = 0; row < some; ++row)
            QVERIFY(panel->proxy()->index(row, QueryClassModel::Fingerprint).data().toString().contains(
                QStringLiteral("order_items")));
        filter->setText(QStringLiteral("no such table anywhere"));
        QCOMPARE(panel->proxy()->rowCount(), 0);
    }

    void cancelButtonCancels()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        QFile demo(WorkspaceController::demoLogPath(demoDir()));
        QVERIFY(demo.open(QIODevice::ReadOnly));
        const QByteArray log = demo.readAll();
        const QString bigLog = tmp.filePath(QStringLiteral("big.log"));
        QFile big(bigLog);
        QVERIFY(big.open(QIODevice::WriteOnly));
        for (int i = 0; i < 100; ++i)
            big.write(log);
        big.close();

        MainWindow window;
        window.show();
        auto* c = window.controller();
        QSignalSpy progress(c, &WorkspaceController::loadProgress);
        QSignalSpy cancelled(c, &WorkspaceController::loadCancelled);
        QSignalSpy loaded(c, &WorkspaceController::loadFinished);
        c->openLogs(QStringList(40, bigLog));   // read in ~0.15 s each by a Release build: cancelled long before the end
        QVERIFY(progress.wait(kTimeoutMs));
        QVERIFY(window.progressWidget()->isVisible());
        // The bar counts bytes; the label gives the throughput in bytes and events.
        QTRY_VERIFY_WITH_TIMEOUT(window.progressWidget()->bar()->text().endsWith(QStringLiteral(" MB")), kTimeoutMs);
        QVERIFY(window.progressWidget()->rateLabel()->text().contains(QStringLiteral("events/s")));
        QTest::mouseClick(window.progressWidget()->cancelButton(), Qt::LeftButton);
        QCOMPARE(cancelled.count(), 1);
        QVERIFY(!window.progressWidget()->isVisible());
        QThreadPool::globalInstance()->waitForDone();
        QTest::qWait(50);
        QCOMPARE(loaded.count(), 0);
        QCOMPARE(c->classModel()->rowCount(), 0);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
