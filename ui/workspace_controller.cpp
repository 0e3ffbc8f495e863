#include "ui/workspace_controller.h"

#include "analyzer/advisor/recommendation.h"
#include "analyzer/plan/plan.h"
#include "analyzer/workload/ingest.h"
#include "analyzer/workload/query_class.h"
#include "connectors/common/connection_uri.h"
#include "ui/database_worker.h"
#include "ui/plan_tree_model.h"
#include "ui/query_class_model.h"
#include "ui/recommendation_model.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QSaveFile>
#include <QThread>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <atomic>

namespace planwise::ui {

// What a load's worker reports while it runs; read by the UI thread's timer.
struct LoadCounters {
    std::atomic<int64_t> bytesDone{0};
    std::atomic<int64_t> bytesTotal{0};
    std::atomic<uint64_t> events{0};
};

namespace {

constexpr int kProgressIntervalMs = 100;

} // namespace

struct WorkspaceController::LoadResult {
    std::shared_ptr<const workload::Workload> workload;
    QStringList problems;   // files that could not be read, one line each
};

WorkspaceController::WorkspaceController(QObject* parent)
    : QObject(parent), m_classModel(new QueryClassModel(this)), m_planModel(new PlanTreeModel(this)),
      m_recommendationModel(new RecommendationModel(this)), m_progressTimer(new QTimer(this))
{
    qRegisterMetaType<std::shared_ptr<const plan::Plan>>();
    qRegisterMetaType<std::shared_ptr<const advisor::AdviceResult>>();
    m_progressTimer->setInterval(kProgressIntervalMs);
    connect(m_progressTimer, &QTimer::timeout, this, &WorkspaceController::emitLoadProgress);
}

WorkspaceController::~WorkspaceController()
{
    // Make every job stale so workers stop at their next check, then wait for them:
    // none may outlive the state it reads.
    m_loadJobs.cancel();
    m_adviceJobs.cancel();
    m_planJobs.cancel();
    for (auto& f : m_futures)
        f.waitForFinished();
    stopWorker();
}

QString WorkspaceController::findDemoDir(const QStringList& candidates)
{
    for (const QString& dir : candidates)
        if (!dir.isEmpty() && QFileInfo::exists(demoLogPath(dir)) && QFileInfo::exists(demoDatabasePath(dir)))
            return dir;
    return {};
}

QString WorkspaceController::demoLogPath(const QString& demoDir)
{
    return QDir(demoDir).filePath(QStringLiteral("demo-slow.log"));
}

QString WorkspaceController::demoDatabasePath(const QString& demoDir)
{
    return QDir(demoDir).filePath(QStringLiteral("demo.sqlite"));
}

void WorkspaceController::track(QFuture<void> future)
{
    m_futures.removeIf([](const QFuture<void>& f) { return f.isFinished(); });
    m_futures.append(future);
}

void WorkspaceController::openDemo(const QString& demoDir)
{
    setDatabase(QStringLiteral("sqlite:") + demoDatabasePath(demoDir));
    openLogs({demoLogPath(demoDir)});
}

void WorkspaceController::openLogs(const QStringList& paths)
{
    if (paths.isEmpty())
        return;
    const JobTracker::JobId id = m_loadJobs.start();   // a load still running becomes stale and stops
    m_pendingLogPaths = paths;
    m_loadCounters = std::make_shared<LoadCounters>();
    m_loadClock.start();
    m_progressTimer->start();
    emit loadStarted();

    std::vector<std::string> files;
    for (const QString& p : paths)
        files.push_back(QFile::encodeName(p).toStdString());

    auto future = QtConcurrent::run([files = std::move(files), counters = m_loadCounters,
                                     wanted = m_loadJobs.stillWanted(id), self = QPointer<WorkspaceController>(this),
                                     id, previewInterval = m_previewInterval]() -> LoadResult {
        workload::IngestOptions options;
        options.snapshotIntervalSeconds = previewInterval;
        options.progressIntervalSeconds = std::min(options.progressIntervalSeconds, previewInterval);
        options.progress = [&](const workload::IngestProgress& p) {
            counters->bytesDone = int64_t(p.bytesDone);
            counters->bytesTotal = int64_t(p.bytesTotal);
            counters->events = uint64_t(p.events);
            if (p.partial && wanted()) {
                // The ranking so far, shown while the rest is read; `partial` lives only during this call.
                auto snapshot = std::make_shared<const workload::Workload>(*p.partial);
                QMetaObject::invokeMethod(
                    qApp,
                    [self, id, snapshot]() mutable {
                        if (self)
                            self->onLoadPreview(id, std::move(snapshot));
                    },
                    Qt::QueuedConnection);
            }
            return wanted();   // false stops the reader: the load was cancelled or superseded
        };
        LoadResult result;
        try {
            workload::IngestResult ingested = workload::ingest(files, options);
            if (ingested.cancelled)
                return result;   // dropped by the continuation anyway
            for (const auto& f : ingested.files) {
                if (!f.error.empty())
                    result.problems << QStringLiteral("%1: %2").arg(QString::fromStdString(f.path),
                                                                    QString::fromStdString(f.error));
                else if (f.unrecognised())
                    result.problems << tr("%1: not a slow log Planwise can read").arg(QString::fromStdString(f.path));
            }
            result.workload = std::make_shared<const workload::Workload>(std::move(ingested.workload));
        } catch (const std::exception& e) {
            result.problems << QString::fromStdString(e.what());
        }
        return result;
    });
    track(QFuture<void>(future));
    // The continuation's context is the application, not this controller: Qt 6.4
    // asserts that the context is alive when the job ends, and a window closed
    // mid-load destroys the controller first. The QPointer, read on the UI
    // thread that also deletes the controller, tells whether it is still there.
    future.then(qApp, [self = QPointer<WorkspaceController>(this), id](LoadResult result) {
        if (self)
            self->onLoadDone(id, std::move(result));
    });
}

void WorkspaceController::onLoadDone(quint64 id, LoadResult result)
{
    if (!m_loadJobs.isCurrent(id))
        return;   // cancelled or superseded: drop it, the cancel already told the UI
    m_loadJobs.finish(id);
    m_progressTimer->stop();
    if (!result.workload || result.workload->classes.empty()) {
        QStringList lines = result.problems;
        if (lines.isEmpty())
            lines << tr("No queries found in %1.").arg(m_pendingLogPaths.join(QStringLiteral(", ")));
        if (result.workload && !result.workload->diagnostics.empty())
            lines << QString::fromStdString(result.workload->diagnostics.front().format());
        emit loadFailed(lines.join(QLatin1Char('\n')));
        return;
    }
    emitLoadProgress();   // the final figures
    m_logPaths = m_pendingLogPaths;
    m_workload = result.workload;
    m_classModel->setWorkload(m_workload);
    selectClass(-1);
    emit loadFinished();
    if (!result.problems.isEmpty())   // some files were read, others not: say which
        emit loadWarning(result.problems.join(QLatin1Char('\n')));
    startAdvice();
}

void WorkspaceController::onLoadPreview(quint64 id, std::shared_ptr<const workload::Workload> partial)
{
    if (!m_loadJobs.isCurrent(id) || !m_loadJobs.isRunning() || !partial || partial->classes.empty())
        return;   // finished, cancelled or superseded meanwhile
    m_classModel->setWorkload(std::move(partial));
    emit loadPreview(m_classModel->workload()->events);
}

void WorkspaceController::cancelLoad()
{
    if (!m_loadJobs.isRunning())
        return;
    m_loadJobs.cancel();
    if (m_classModel->workload() != m_workload.get())
        m_classModel->setWorkload(m_workload);   // a preview of the cancelled load was showing
    m_progressTimer->stop();
    emit loadCancelled();
}

void WorkspaceController::emitLoadProgress()
{
    if (!m_loadCounters)
        return;
    emit loadProgress(m_loadCounters->bytesDone.load(), m_loadCounters->bytesTotal.load(),
                      m_loadCounters->events.load(), double(m_loadClock.elapsed()) / 1000.0);
}

QString WorkspaceController::labelFor(const QString& target)
{
    // Never the raw string: it may hold a password.
    try {
        const auto parsed = connectors::parseConnectionTarget(target.toStdString());
        if (parsed.engine == connectors::Engine::SQLite)
            return QFileInfo(QString::fromStdString(parsed.path)).fileName();
        return QString::fromStdString(parsed.redacted());
    } catch (const std::exception&) {
        return tr("(unusable connection string)");
    }
}

void WorkspaceController::setDatabase(const QString& target)
{
    stopWorker();
    m_database = target;
    m_databaseLabel = labelFor(target);
    m_workerThread = new QThread(this);
    m_workerThread->setObjectName(QStringLiteral("planwise-db"));
    m_worker = new DatabaseWorker;
    m_worker->moveToThread(m_workerThread);
    connect(m_workerThread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &DatabaseWorker::planReady, this, &WorkspaceController::onPlanReady);
    connect(m_worker, &DatabaseWorker::planFailed, this, &WorkspaceController::onPlanFailed);
    connect(m_worker, &DatabaseWorker::adviceReady, this, &WorkspaceController::onAdviceReady);
    connect(m_worker, &DatabaseWorker::adviceFailed, this, &WorkspaceController::onAdviceFailed);
    connect(m_worker, &DatabaseWorker::openFailed, this, [this](const QString& message) {
        emit databaseFailed(tr("Cannot open %1: %2").arg(m_databaseLabel, message));
    });
    m_workerThread->start();
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, target] { worker->open(target); });
    emit databaseChanged();
    if (m_selectedClass >= 0)
        selectClass(m_selectedClass);
    startAdvice();
}

void WorkspaceController::stopWorker()
{
    if (!m_workerThread)
        return;
    m_planJobs.cancel();
    m_workerThread->quit();
    m_workerThread->wait();   // the worker finishes the EXPLAIN it is running; they take milliseconds
    delete m_workerThread;    // the worker itself was deleted by deleteLater on finished
    m_workerThread = nullptr;
    m_worker = nullptr;
}

void WorkspaceController::selectClass(int classIndex)
{
    const auto* c = m_classModel->queryClass(classIndex);
    m_selectedClass = c ? classIndex : -1;
    m_planModel->clear();
    emit classSelected(m_selectedClass);
    if (!c) {
        m_planJobs.cancel();
        emit planStatusChanged({});
        return;
    }
    if (!m_worker) {
        emit planStatusChanged(tr("No database: open one (File → Open SQLite Database…) to see plans."));
        return;
    }
    const JobTracker::JobId id = m_planJobs.start();
    emit planStatusChanged(tr("Running EXPLAIN for the slowest sample…"));
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, id, classIndex, sql = QString::fromStdString(c->example.query),
                                         wanted = m_planJobs.stillWanted(id)] {
        worker->explain(id, classIndex, sql, wanted);
    });
}

void WorkspaceController::onPlanReady(quint64 jobId, int classIndex, std::shared_ptr<const plan::Plan> plan)
{
    if (!m_planJobs.isCurrent(jobId))
        return;   // the user selected another class meanwhile
    m_planJobs.finish(jobId);
    m_planModel->setPlan(std::move(plan));
    emit planStatusChanged(tr("Estimated plan of the slowest sample, from %1").arg(m_databaseLabel));
    emit planFinished(classIndex);
}

void WorkspaceController::onPlanFailed(quint64 jobId, int classIndex, const QString& message)
{
    if (!m_planJobs.isCurrent(jobId))
        return;
    m_planJobs.finish(jobId);
    emit planStatusChanged(tr("No plan: %1").arg(message));
    emit planFailed(classIndex, message);
}

void WorkspaceController::startAdvice()
{
    if (!m_workload || !m_worker)
        return;
    const JobTracker::JobId id = m_adviceJobs.start();
    m_recommendationModel->setAdvice(nullptr);
    m_sqlScript.clear();
    emit adviceStarted();
    emit adviceStatusChanged(tr("Running the index advisor…"));
    // On the database's own thread: the what-if needs the connection, and a
    // connection is never shared across threads.
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, id, workload = m_workload, sources = m_logPaths,
                                         wanted = m_adviceJobs.stillWanted(id)] {
        worker->advise(id, workload, sources, wanted);
    });
}

void WorkspaceController::onAdviceReady(quint64 jobId, std::shared_ptr<const advisor::AdviceResult> advice,
                                        const QString& script)
{
    if (!m_adviceJobs.isCurrent(jobId))
        return;   // a newer workload or database made it stale
    m_adviceJobs.finish(jobId);
    m_sqlScript = script;
    const auto n = advice->recommendations.size();
    m_recommendationModel->setAdvice(std::move(advice));
    emit adviceStatusChanged(n == 0 ? tr("No index would help this workload on this database.")
                                    : tr("%n recommendation(s) for %1, each checked by the planner", nullptr, int(n)).arg(m_databaseLabel));
    emit adviceFinished();
}

void WorkspaceController::onAdviceFailed(quint64 jobId, const QString& message)
{
    if (!m_adviceJobs.isCurrent(jobId))
        return;
    m_adviceJobs.finish(jobId);
    emit adviceStatusChanged(tr("The advisor failed: %1").arg(message));
    emit adviceFailed(message);
}

bool WorkspaceController::writeSqlScript(const QString& path, QString* error) const
{
    if (m_sqlScript.isEmpty()) {
        if (error)
            *error = tr("There is no script yet: the advisor has not produced recommendations.");
        return false;
    }
    // QSaveFile: a failed write leaves any earlier file at that path intact.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || file.write(m_sqlScript.toUtf8()) < 0 || !file.commit()) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

} // namespace planwise::ui
