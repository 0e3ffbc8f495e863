#pragma once
// The selected class: its slowest sample (the statement that gets EXPLAINed),
// where it came from, and its plan as a tree.
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTreeView;

namespace planwise::workload {
struct QueryClass;
}

namespace planwise::ui {

class PlanTreeModel;

class QueryDetailPanel : public QWidget {
    Q_OBJECT
public:
    explicit QueryDetailPanel(PlanTreeModel* planModel, QWidget* parent = nullptr);

    // Shows the class's sample; nullptr clears the panel.
    void showClass(const workload::QueryClass* queryClass);
    // A line above the plan: "Running EXPLAIN QUERY PLAN…", an error, or where the plan came from.
    void setPlanStatus(const QString& text);

    QPlainTextEdit* sampleView() const { return m_sample; }
    QTreeView* planView() const { return m_planView; }
    QLabel* planStatus() const { return m_planStatus; }

private:
    void onPlanReset();

    PlanTreeModel* m_planModel;
    QLabel* m_header;
    QPlainTextEdit* m_sample;
    QLabel* m_planStatus;
    QTreeView* m_planView;
};

} // namespace planwise::ui
