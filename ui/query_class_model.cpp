#include "ui/query_class_model.h"

#include <QLocale>

#include <cmath>

namespace planwise::ui {

namespace {

// pt-query-digest's attribute names, which the workload keeps.
constexpr const char* kQueryTime = "Query_time";
constexpr const char* kRowsExamined = "Rows_examined";
constexpr const char* kRowsSent = "Rows_sent";

} // namespace

QString formatSeconds(double seconds)
{
    const double abs = std::fabs(seconds);
    if (abs >= 1.0)
        return QStringLiteral("%1 s").arg(seconds, 0, 'f', abs >= 100 ? 1 : 3);
    if (abs >= 1e-3)
        return QStringLiteral("%1 ms").arg(seconds * 1e3, 0, 'f', 1);
    if (abs == 0)
        return QStringLiteral("0");
    return QStringLiteral("%1 µs").arg(seconds * 1e6, 0, 'f', 0);
}

QString formatCount(double value)
{
    return QLocale().toString(value, 'f', std::floor(value) == value ? 0 : 1);
}

QueryClassModel::QueryClassModel(QObject* parent) : QAbstractTableModel(parent) {}

void QueryClassModel::setWorkload(std::shared_ptr<const workload::Workload> workload)
{
    beginResetModel();
    m_workload = std::move(workload);
    m_totalTime = 0;
    if (m_workload)
        for (const auto& c : m_workload->classes)
            m_totalTime += c.totalTime();
    endResetModel();
}

const workload::QueryClass* QueryClassModel::queryClass(int row) const
{
    if (!m_workload || row < 0 || row >= int(m_workload->classes.size()))
        return nullptr;
    return &m_workload->classes[size_t(row)];
}

int QueryClassModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() || !m_workload)
        return 0;
    return int(m_workload->classes.size());
}

int QueryClassModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant QueryClassModel::sortValue(const workload::QueryClass& c, int row, int column) const
{
    const auto metricSum = [&c](const char* name) -> QVariant {
        const auto* m = c.metric(name);
        return m ? QVariant(m->sum()) : QVariant();   // unknown stays unknown, not 0
    };
    const auto* qt = c.metric(kQueryTime);
    switch (column) {
    case Rank: return row + 1;
    case QueryId: return QString::fromStdString(c.checksum);
    case Count: return qulonglong(c.count);
    case TotalTime: return qt ? QVariant(qt->sum()) : QVariant();
    case TimeShare: return qt && m_totalTime > 0 ? QVariant(qt->sum() / m_totalTime * 100.0) : QVariant();
    case AvgTime: return qt ? QVariant(qt->avg()) : QVariant();
    case P95Time: return qt ? QVariant(qt->pct95()) : QVariant();
    case MaxTime: return qt ? QVariant(qt->max()) : QVariant();
    case RowsExamined: return metricSum(kRowsExamined);
    case RowsSent: return metricSum(kRowsSent);
    case Fingerprint: return QString::fromStdString(c.fingerprint);
    default: return {};
    }
}

QVariant QueryClassModel::displayValue(const workload::QueryClass& c, int row, int column) const
{
    const QVariant raw = sortValue(c, row, column);
    if (!raw.isValid())
        return {};
    switch (column) {
    case TotalTime:
    case AvgTime:
    case P95Time:
    case MaxTime: return formatSeconds(raw.toDouble());
    case TimeShare: return QStringLiteral("%1 %").arg(raw.toDouble(), 0, 'f', 1);
    case Count:
    case RowsExamined:
    case RowsSent: return formatCount(raw.toDouble());
    case QueryId: {
        // pt-query-digest prints the last 16 hex digits as 0x...; the full ID is in the tooltip.
        const QString id = raw.toString();
        return id.size() > 16 ? QStringLiteral("0x") + id.right(16) : id;
    }
    case Fingerprint: return raw.toString().simplified();
    default: return raw;
    }
}

QVariant QueryClassModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto* c = queryClass(index.row());
    if (!c)
        return {};
    switch (role) {
    case Qt::DisplayRole: return displayValue(*c, index.row(), index.column());
    case SortRole: return sortValue(*c, index.row(), index.column());
    case ClassIndexRole: return index.row();
    case Qt::ToolTipRole:
        if (index.column() == QueryId)
            return QString::fromStdString(c->checksum);
        if (index.column() == Fingerprint)
            return QString::fromStdString(c->fingerprint);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == QueryId || index.column() == Fingerprint)
            return int(Qt::AlignLeft | Qt::AlignVCenter);
        return int(Qt::AlignRight | Qt::AlignVCenter);
    default: return {};
    }
}

QVariant QueryClassModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Rank: return tr("Rank");
        case QueryId: return tr("Query ID");
        case Count: return tr("Count");
        case TotalTime: return tr("Total time");
        case TimeShare: return tr("Share");
        case AvgTime: return tr("Avg");
        case P95Time: return tr("p95");
        case MaxTime: return tr("Max");
        case RowsExamined: return tr("Rows examined");
        case RowsSent: return tr("Rows sent");
        case Fingerprint: return tr("Fingerprint");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case TimeShare: return tr("Share of the workload's total query time");
        case P95Time: return tr("95th percentile of the query time");
        case RowsExamined: return tr("Rows examined, summed over every execution");
        case RowsSent: return tr("Rows sent, summed over every execution");
        default: return {};
        }
    }
    return {};
}

} // namespace planwise::ui
