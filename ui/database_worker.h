#pragma once
// Owns one live database connection and uses it only from its own thread (the
// Qt worker-object pattern: moved to a QThread, driven by queued calls). It
// EXPLAINs samples and runs the advisor, whose what-if needs the same engine.
// Requests carry a job id and a "still wanted" predicate, so requests made
// stale by a newer one are skipped instead of run.
#include "analyzer/advisor/recommendation.h"
#include "analyzer/catalog/catalog.h"
#include "analyzer/plan/plan.h"

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace planwise::connectors {
class Database;
}
namespace planwise::workload {
struct Workload;
}

namespace planwise::ui {

class DatabaseWorker : public QObject {
    Q_OBJECT
public:
    DatabaseWorker();
    ~DatabaseWorker() override;

    // All of these run on the worker's thread: post them with QMetaObject::invokeMethod.
    // `target`: a connection string or a SQLite path (connectors::parseConnectionTarget).
    void open(const QString& target);
    void explain(quint64 jobId, int classIndex, const QString& sql, const std::function<bool()>& stillWanted);
    void advise(quint64 jobId, std::shared_ptr<const workload::Workload> workload, const QStringList& sources,
                const std::function<bool()>& stillWanted);

signals:
    void opened(const QString& description);
    void openFailed(const QString& message);
    void planReady(quint64 jobId, int classIndex, std::shared_ptr<const planwise::plan::Plan> plan);
    void planFailed(quint64 jobId, int classIndex, const QString& message);
    void adviceReady(quint64 jobId, std::shared_ptr<const planwise::advisor::AdviceResult> advice, const QString& script);
    void adviceFailed(quint64 jobId, const QString& message);

private:
    std::unique_ptr<connectors::Database> m_db;
    catalog::Catalog m_catalog;   // read once on open; the advisor needs it for every run
    std::string m_target;         // redacted, for the script header
    QString m_openError;
};

} // namespace planwise::ui

Q_DECLARE_METATYPE(std::shared_ptr<const planwise::plan::Plan>)
Q_DECLARE_METATYPE(std::shared_ptr<const planwise::advisor::AdviceResult>)
