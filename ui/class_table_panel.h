#pragma once
// The query classes: a filter box over a sortable table. Emits the workload
// index of the selected class, whatever the sort and filter.
#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace planwise::ui {

class QueryClassModel;

class ClassTablePanel : public QWidget {
    Q_OBJECT
public:
    explicit ClassTablePanel(QueryClassModel* model, QWidget* parent = nullptr);

    QTableView* view() const { return m_view; }
    QSortFilterProxyModel* proxy() const { return m_proxy; }
    // Selects the class at `classIndex` in the workload (no-op when filtered out).
    void selectClass(int classIndex);

signals:
    void classSelected(int classIndex);   // -1 when the selection is cleared

private:
    void onCurrentChanged();

    QueryClassModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QLineEdit* m_filter;
    QTableView* m_view;
};

} // namespace planwise::ui
