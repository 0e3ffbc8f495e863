#pragma once
// The workload's query classes as a flat table, one row per class in the
// workload's rank order (total time, descending). Sorting and filtering are
// left to a QSortFilterProxyModel reading SortRole, so numbers sort as numbers.
#include "analyzer/workload/query_class.h"

#include <QAbstractTableModel>

#include <memory>

namespace planwise::ui {

class QueryClassModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Rank,
        QueryId,
        Count,
        TotalTime,
        TimeShare,
        AvgTime,
        P95Time,
        MaxTime,
        RowsExamined,
        RowsSent,
        Fingerprint,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1,   // raw number (or string) to sort by
        ClassIndexRole,                // index into Workload::classes
    };

    explicit QueryClassModel(QObject* parent = nullptr);

    void setWorkload(std::shared_ptr<const workload::Workload> workload);
    const workload::Workload* workload() const { return m_workload.get(); }
    // The class behind a source row; nullptr when out of range.
    const workload::QueryClass* queryClass(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant sortValue(const workload::QueryClass& c, int row, int column) const;
    QVariant displayValue(const workload::QueryClass& c, int row, int column) const;

    std::shared_ptr<const workload::Workload> m_workload;
    double m_totalTime = 0;   // sum over classes, the base of TimeShare
};

// "1.234 s", "12.3 ms", "850 µs": durations given in seconds, for people.
QString formatSeconds(double seconds);
// "1,234,567" in the user's locale.
QString formatCount(double value);

} // namespace planwise::ui
