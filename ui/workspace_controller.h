#pragma once
// The workspace: what is loaded (logs, a database), the models the views show,
// and the background work that fills them. Loading runs on the thread pool
// (QtConcurrent::run(...).then(this, ...)); EXPLAINs and the advisor run on one
// worker thread that owns the database connection. Every job carries an id
// from a JobTracker, and a result whose id is no longer current is dropped.
#include "ui/job_tracker.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QObject>
#include <QStringList>

#include <memory>

class QThread;
class QTimer;

namespace planwise::advisor {
struct AdviceResult;
}
namespace planwise::plan {
struct Plan;
}
namespace planwise::workload {
struct Workload;
}

namespace planwise::ui {

class PlanTreeModel;
class QueryClassModel;
class RecommendationModel;
class DatabaseWorker;
struct LoadCounters;

class WorkspaceController : public QObject {
    Q_OBJECT
public:
    explicit WorkspaceController(QObject* parent = nullptr);
    ~WorkspaceController() override;

    QueryClassModel* classModel() const { return m_classModel; }
    PlanTreeModel* planModel() const { return m_planModel; }
    RecommendationModel* recommendationModel() const { return m_recommendationModel; }

    QStringList logPaths() const { return m_logPaths; }
    // The database plans and advice use, as the user named it; empty when none.
    QString database() const { return m_database; }
    // The database for display: a SQLite file name, or the target with its password redacted.
    QString databaseLabel() const { return m_databaseLabel; }
    static QString labelFor(const QString& target);
    bool isLoading() const { return m_loadJobs.isRunning(); }
    bool isAdvising() const { return m_adviceJobs.isRunning(); }
    int selectedClass() const { return m_selectedClass; }

    // The advisor's reviewed script for the current recommendations; empty before advice.
    QString sqlScript() const { return m_sqlScript; }
    bool hasSqlScript() const { return !m_sqlScript.isEmpty(); }
    bool writeSqlScript(const QString& path, QString* error) const;

    // How often a running load shows its ranking so far (seconds); 0: at every progress report.
    void setPreviewInterval(double seconds) { m_previewInterval = seconds; }

    // Where the bundled demo lives: next to the build, else the installed copy; empty when neither exists.
    static QString findDemoDir(const QStringList& candidates);
    static QString demoLogPath(const QString& demoDir);
    static QString demoDatabasePath(const QString& demoDir);

public slots:
    // The demo database and its slow log.
    void openDemo(const QString& demoDir);
    // Starts reading slow logs; a load already running is cancelled and its result dropped.
    void openLogs(const QStringList& paths);
    // Connects on a worker thread of its own (a connection string, or a SQLite
    // path); plans and advice use it from then on.
    void setDatabase(const QString& target);
    void cancelLoad();
    // Shows a class (workload index) and EXPLAINs its slowest sample; -1 clears.
    void selectClass(int classIndex);

signals:
    void loadStarted();
    void loadProgress(qint64 bytesDone, qint64 bytesTotal, quint64 events, double seconds);
    void loadPreview(quint64 events);   // a load is running: classModel() holds the ranking so far
    void loadFinished();   // classModel() holds the new workload
    void loadCancelled();
    void loadFailed(const QString& message);
    void loadWarning(const QString& message);   // after loadFinished: files that could not be read

    void classSelected(int classIndex);
    void planStatusChanged(const QString& text);
    void planFinished(int classIndex);     // planModel() holds its plan
    void planFailed(int classIndex, const QString& message);

    void adviceStarted();
    void adviceStatusChanged(const QString& text);
    void adviceFinished();                 // recommendationModel() and sqlScript() are current
    void adviceFailed(const QString& message);

    void databaseChanged();
    void databaseFailed(const QString& message);

private:
    struct LoadResult;
    void onLoadDone(quint64 id, LoadResult result);
    void onLoadPreview(quint64 id, std::shared_ptr<const workload::Workload> partial);
    void startAdvice();
    void onPlanReady(quint64 jobId, int classIndex, std::shared_ptr<const plan::Plan> plan);
    void onPlanFailed(quint64 jobId, int classIndex, const QString& message);
    void onAdviceReady(quint64 jobId, std::shared_ptr<const advisor::AdviceResult> advice, const QString& script);
    void onAdviceFailed(quint64 jobId, const QString& message);
    void stopWorker();
    void track(QFuture<void> future);
    void emitLoadProgress();

    QueryClassModel* m_classModel;
    PlanTreeModel* m_planModel;
    RecommendationModel* m_recommendationModel;

    QStringList m_logPaths;
    QString m_database;
    QString m_databaseLabel;
    std::shared_ptr<const workload::Workload> m_workload;
    double m_previewInterval = 1.0;
    QString m_sqlScript;
    int m_selectedClass = -1;

    JobTracker m_loadJobs, m_planJobs, m_adviceJobs;
    // Every background job still running, waited for on destruction; pruned as they finish.
    QList<QFuture<void>> m_futures;
    // Progress counters a load's worker writes and a UI-thread timer reads, so the
    // worker never calls into this object.
    std::shared_ptr<LoadCounters> m_loadCounters;
    QTimer* m_progressTimer;
    QElapsedTimer m_loadClock;
    QStringList m_pendingLogPaths;
    DatabaseWorker* m_worker = nullptr;              // lives in m_workerThread
    QThread* m_workerThread = nullptr;
};

} // namespace planwise::ui
