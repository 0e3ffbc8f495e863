#pragma once
// A plan::Plan as a tree: one row per plan node, children under their parent,
// the roots at the top level. The internal id of an index is the node id, so
// parent() needs no pointer chasing into the value type.
#include "analyzer/plan/plan.h"

#include <QAbstractItemModel>

#include <memory>

namespace planwise::ui {

class PlanTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column {
        Operation,
        Access,
        Relation,
        Index,
        Condition,
        EstimatedRows,
        Cost,
        ActualRows,
        Loops,
        TimeMs,
        ColumnCount
    };
    enum Role {
        NodeIdRole = Qt::UserRole + 1,
        AccessKindRole,   // plan::AccessKind as int
        SortRole,         // raw number for numeric columns
    };

    explicit PlanTreeModel(QObject* parent = nullptr);

    void setPlan(std::shared_ptr<const plan::Plan> plan);
    void clear() { setPlan(nullptr); }
    const plan::Plan* plan() const { return m_plan.get(); }
    const plan::PlanNode* node(const QModelIndex& index) const;
    // Whether any node has a value in `column`: views hide columns a format never fills.
    bool columnHasData(int column) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const std::vector<int>* childIds(const QModelIndex& parent) const;
    QVariant rawValue(const plan::PlanNode& node, int column) const;

    std::shared_ptr<const plan::Plan> m_plan;
};

} // namespace planwise::ui
