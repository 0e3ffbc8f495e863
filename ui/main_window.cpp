#include "ui/main_window.h"

#include "ui/class_table_panel.h"
#include "ui/load_progress_widget.h"
#include "ui/plan_tree_model.h"
#include "ui/query_class_model.h"
#include "ui/query_detail_panel.h"
#include "ui/recommendation_model.h"
#include "ui/recommendations_panel.h"
#include "ui/workspace_controller.h"

#include "analyzer/workload/query_class.h"

#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStatusBar>

namespace planwise::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_controller(new WorkspaceController(this)),
      m_classes(new ClassTablePanel(m_controller->classModel(), this)),
      m_detail(new QueryDetailPanel(m_controller->planModel(), this)),
      m_recommendations(new RecommendationsPanel(m_controller->recommendationModel(), this)),
      m_progress(new LoadProgressWidget(this)), m_summary(new QLabel(this))
{
    // The classes on top, full width for the fingerprints; below, the selected
    // query with its plan beside the recommendations that would change it.
    auto* lower = new QSplitter(Qt::Horizontal, this);
    lower->addWidget(m_detail);
    lower->addWidget(m_recommendations);
    lower->setStretchFactor(0, 1);
    lower->setStretchFactor(1, 1);

    auto* central = new QSplitter(Qt::Vertical, this);
    central->addWidget(m_classes);
    central->addWidget(lower);
    central->setStretchFactor(0, 2);
    central->setStretchFactor(1, 3);
    setCentralWidget(central);

    statusBar()->addWidget(m_summary, 1);
    statusBar()->addPermanentWidget(m_progress);

    createMenus();
    connectController();
    connect(m_classes, &ClassTablePanel::classSelected, m_controller, &WorkspaceController::selectClass);
    connect(m_progress, &LoadProgressWidget::cancelRequested, m_controller, &WorkspaceController::cancelLoad);

    // There may be no window manager (Xvfb screenshots): start at a sensible size.
    resize(1360, 860);
    updateTitleAndStatus();
}

void MainWindow::setDemoDir(const QString& dir)
{
    m_demoDir = dir;
    m_demoAction->setEnabled(!dir.isEmpty());
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open Slow Log…"), QKeySequence::Open, this, &MainWindow::openLog);
    file->addAction(tr("Open SQLite &Database…"), this, &MainWindow::openDatabase);
    m_demoAction = file->addAction(tr("Open &Demo"), this, &MainWindow::openDemo);
    m_demoAction->setEnabled(false);
    file->addSeparator();
    m_exportAction = file->addAction(tr("&Export SQL…"), QKeySequence(tr("Ctrl+E")), this, &MainWindow::exportSql);
    m_exportAction->setEnabled(false);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::closeAllWindows);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Planwise"), this, &MainWindow::about);
}

void MainWindow::connectController()
{
    auto* c = m_controller;
    connect(c, &WorkspaceController::loadStarted, this, [this] {
        m_progress->start();
        statusBar()->showMessage(tr("Reading %1…").arg(m_controller->logPaths().join(QStringLiteral(", "))));
    });
    connect(c, &WorkspaceController::loadProgress, m_progress, &LoadProgressWidget::setProgress);
    connect(c, &WorkspaceController::loadPreview, this, [this](quint64 events) {
        statusBar()->showMessage(tr("Reading… the ranking so far covers %L1 events").arg(events));
    });
    connect(c, &WorkspaceController::loadFinished, this, [this] {
        m_progress->stop();
        statusBar()->clearMessage();
        updateTitleAndStatus();
        m_classes->selectClass(0);   // the most expensive class: what a DBA looks at first
    });
    connect(c, &WorkspaceController::loadCancelled, this, [this] {
        m_progress->stop();
        statusBar()->showMessage(tr("Loading cancelled; the previous workload is kept."), 5000);
    });
    connect(c, &WorkspaceController::loadFailed, this, [this](const QString& message) {
        m_progress->stop();
        statusBar()->clearMessage();
        QMessageBox::warning(this, tr("Cannot read the log"), message);
    });

    connect(c, &WorkspaceController::loadWarning, this, [this](const QString& message) {
        QMessageBox::warning(this, tr("Some files were not read"), message);
    });

    connect(c, &WorkspaceController::classSelected, this, [this](int classIndex) {
        const auto* queryClass = m_controller->classModel()->queryClass(classIndex);
        m_detail->showClass(queryClass);
        if (queryClass)
            m_recommendations->selectForQuery(QString::fromStdString(queryClass->checksum));
    });
    connect(c, &WorkspaceController::planStatusChanged, m_detail, &QueryDetailPanel::setPlanStatus);

    connect(c, &WorkspaceController::adviceStatusChanged, m_recommendations, &RecommendationsPanel::setStatus);
    connect(c, &WorkspaceController::adviceFinished, this, [this] {
        m_exportAction->setEnabled(m_controller->hasSqlScript());
        if (const auto* queryClass = m_controller->classModel()->queryClass(m_controller->selectedClass()))
            m_recommendations->selectForQuery(QString::fromStdString(queryClass->checksum));
    });
    connect(c, &WorkspaceController::databaseChanged, this, &MainWindow::updateTitleAndStatus);
    connect(c, &WorkspaceController::databaseFailed, this, [this](const QString& message) {
        QMessageBox::warning(this, tr("Cannot open the database"), message);
    });
}

void MainWindow::openLog()
{
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Open Slow Log"), QString(),
        tr("Logs (*.log *.txt *.gz *.xz *.zst *.bz2);;All files (*)"));
    if (!paths.isEmpty())
        m_controller->openLogs(paths);
}

void MainWindow::openDatabase()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open SQLite Database"), QString(),
                                                      tr("SQLite databases (*.sqlite *.sqlite3 *.db);;All files (*)"));
    if (!path.isEmpty())
        m_controller->setDatabase(QStringLiteral("sqlite:") + path);
}

void MainWindow::openDemo()
{
    if (!m_demoDir.isEmpty())
        m_controller->openDemo(m_demoDir);
}

void MainWindow::exportSql()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export SQL Script"),
                                                      QDir::home().filePath(QStringLiteral("planwise-indexes.sql")),
                                                      tr("SQL scripts (*.sql);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (m_controller->writeSqlScript(path, &error))
        statusBar()->showMessage(tr("Wrote %1").arg(QDir::toNativeSeparators(path)), 5000);
    else
        QMessageBox::warning(this, tr("Cannot write the script"), error);
}

void MainWindow::about()
{
    QMessageBox::about(this, tr("About Planwise"),
                       tr("<h3>Planwise %1</h3>"
                          "<p>A query analyzer and index advisor for DBAs: it reads MySQL/MariaDB slow logs "
                          "and PostgreSQL logs, shows the plans of the costliest queries, and recommends "
                          "indexes validated by what-if costs.</p>"
                          "<p>Built with Qt %2.</p>")
                           .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion())));
}

void MainWindow::updateTitleAndStatus()
{
    const QStringList logs = m_controller->logPaths();
    const QString db = m_controller->databaseLabel();
    QStringList names;
    for (const QString& p : logs)
        names << QFileInfo(p).fileName();
    if (!db.isEmpty())
        names << db;
    setWindowTitle(names.isEmpty() ? tr("Planwise") : tr("%1 — Planwise").arg(names.join(QStringLiteral(", "))));

    const auto* w = m_controller->classModel()->workload();
    if (!w) {
        m_summary->setText(tr("No workload: File → Open Slow Log…"));
        return;
    }
    QString text = tr("%1 events · %2 classes").arg(formatCount(double(w->events)), formatCount(double(w->classes.size())));
    if (!w->diagnostics.empty())
        text += tr(" · %1 warnings").arg(formatCount(double(w->diagnostics.size() + w->diagnosticsDropped)));
    text += db.isEmpty() ? tr(" · no database: plans and advice need one (File → Open SQLite Database…)")
                         : tr(" · database %1").arg(db);
    m_summary->setText(text);
}

} // namespace planwise::ui
