#include "ui/database_worker.h"

#include "analyzer/workload/query_class.h"
#include "connectors/advise.h"
#include "connectors/database.h"

namespace planwise::ui {

DatabaseWorker::DatabaseWorker() = default;
DatabaseWorker::~DatabaseWorker() = default;   // closes the connection on the worker's thread (deleteLater)

void DatabaseWorker::open(const QString& target)
{
    try {
        const auto parsed = connectors::parseConnectionTarget(target.toStdString());
        m_target = parsed.redacted();
        m_db = connectors::openDatabase(parsed);
        m_catalog = m_db->readCatalog();
        m_openError.clear();
        emit opened(QString::fromStdString(m_db->describe()));
    } catch (const std::exception& e) {
        m_db.reset();
        m_openError = QString::fromStdString(e.what());
        emit openFailed(m_openError);
    }
}

void DatabaseWorker::explain(quint64 jobId, int classIndex, const QString& sql, const std::function<bool()>& stillWanted)
{
    // Clicking through the class table queues one request per row; only the last one matters.
    if (stillWanted && !stillWanted())
        return;
    if (!m_db) {
        emit planFailed(jobId, classIndex, tr("the database could not be opened: %1").arg(m_openError));
        return;
    }
    try {
        auto plan = std::make_shared<plan::Plan>(m_db->explain(sql.toStdString()));
        plan->queryText = sql.toStdString();
        emit planReady(jobId, classIndex, std::move(plan));
    } catch (const std::exception& e) {
        emit planFailed(jobId, classIndex, QString::fromStdString(e.what()));
    }
}

void DatabaseWorker::advise(quint64 jobId, std::shared_ptr<const workload::Workload> workload, const QStringList& sources,
                            const std::function<bool()>& stillWanted)
{
    if (stillWanted && !stillWanted())
        return;
    if (!m_db) {
        emit adviceFailed(jobId, tr("the database could not be opened: %1").arg(m_openError));
        return;
    }
    try {
        advisor::AdvisorOptions options;
        options.cancelled = [stillWanted] { return stillWanted && !stillWanted(); };
        auto advice = std::make_shared<advisor::AdviceResult>(
            connectors::adviseWorkload(*m_db, m_catalog, *workload, options));
        std::vector<std::string> files;
        for (const QString& s : sources)
            files.push_back(s.toStdString());
        const std::string script = connectors::scriptFor(*advice, m_catalog.dialect, m_target, files);
        emit adviceReady(jobId, std::move(advice), QString::fromStdString(script));
    } catch (const std::exception& e) {
        emit adviceFailed(jobId, QString::fromStdString(e.what()));
    }
}

} // namespace planwise::ui
