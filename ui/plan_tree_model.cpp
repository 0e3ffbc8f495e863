#include "ui/plan_tree_model.h"

#include "ui/query_class_model.h"

#include <QBrush>
#include <QColor>
#include <QFont>

#include <algorithm>

namespace planwise::ui {

namespace {

// The condition that explains how a node picks its rows, the most telling first.
std::string conditionOf(const plan::PlanNode& n)
{
    for (const std::string* s : {&n.indexCond, &n.hashCond, &n.mergeCond, &n.joinFilter, &n.filter, &n.recheckCond})
        if (!s->empty())
            return *s;
    return {};
}

QVariant optionalNumber(const std::optional<double>& v)
{
    return v ? QVariant(*v) : QVariant();
}

} // namespace

PlanTreeModel::PlanTreeModel(QObject* parent) : QAbstractItemModel(parent) {}

void PlanTreeModel::setPlan(std::shared_ptr<const plan::Plan> plan)
{
    beginResetModel();
    m_plan = std::move(plan);
    endResetModel();
}

const plan::PlanNode* PlanTreeModel::node(const QModelIndex& index) const
{
    if (!m_plan || !index.isValid() || index.model() != this)
        return nullptr;
    return m_plan->node(int(index.internalId()));
}

const std::vector<int>* PlanTreeModel::childIds(const QModelIndex& parent) const
{
    if (!m_plan)
        return nullptr;
    if (!parent.isValid())
        return &m_plan->roots;
    // Only column 0 has children, as views and QAbstractItemModelTester expect.
    if (parent.column() != 0)
        return nullptr;
    const auto* n = node(parent);
    return n ? &n->children : nullptr;
}

QModelIndex PlanTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    const auto* ids = childIds(parent);
    if (!ids || row < 0 || row >= int(ids->size()) || column < 0 || column >= ColumnCount)
        return {};
    return createIndex(row, column, quintptr((*ids)[size_t(row)]));
}

QModelIndex PlanTreeModel::parent(const QModelIndex& child) const
{
    const auto* n = node(child);
    if (!n || n->parentId < 0)
        return {};
    const auto* p = m_plan->node(n->parentId);
    if (!p)
        return {};
    const auto* grandparent = m_plan->node(p->parentId);
    if (p->parentId >= 0 && !grandparent)
        return {};
    const auto& siblings = grandparent ? grandparent->children : m_plan->roots;
    const auto it = std::find(siblings.begin(), siblings.end(), p->id);
    if (it == siblings.end())
        return {};
    return createIndex(int(it - siblings.begin()), 0, quintptr(p->id));
}

int PlanTreeModel::rowCount(const QModelIndex& parent) const
{
    const auto* ids = childIds(parent);
    return ids ? int(ids->size()) : 0;
}

int PlanTreeModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant PlanTreeModel::rawValue(const plan::PlanNode& n, int column) const
{
    const auto text = [](const std::string& s) { return s.empty() ? QVariant() : QVariant(QString::fromStdString(s)); };
    switch (column) {
    case Operation: return text(n.subplanName.empty() ? n.operation : n.subplanName + ": " + n.operation);
    case Access: return n.access == plan::AccessKind::Other ? QVariant() : text(std::string(plan::accessKindName(n.access)));
    case Relation: return text(n.alias.empty() || n.alias == n.relation ? n.relation : n.relation + " " + n.alias);
    case Index: return text(n.index);
    case Condition: return text(conditionOf(n));
    case EstimatedRows: return optionalNumber(n.planRows);
    case Cost: return optionalNumber(n.totalCost);
    case ActualRows: return optionalNumber(n.actualRows);
    case Loops: return optionalNumber(n.loops);
    case TimeMs: return optionalNumber(n.derived.inclusiveMs ? n.derived.inclusiveMs : n.actualTotalMs);
    default: return {};
    }
}

bool PlanTreeModel::columnHasData(int column) const
{
    if (!m_plan)
        return false;
    return std::any_of(m_plan->nodes.begin(), m_plan->nodes.end(),
                       [&](const plan::PlanNode& n) { return rawValue(n, column).isValid(); });
}

QVariant PlanTreeModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const auto* n = node(index);
    if (!n)
        return {};
    const bool fullScan = n->access == plan::AccessKind::FullScan;
    switch (role) {
    case Qt::DisplayRole: {
        const QVariant raw = rawValue(*n, index.column());
        if (raw.typeId() == QMetaType::Double) {
            if (index.column() == Cost || index.column() == TimeMs)
                return QString::number(raw.toDouble(), 'f', 2);
            return formatCount(raw.toDouble());
        }
        return raw;
    }
    case SortRole: return rawValue(*n, index.column());
    case NodeIdRole: return n->id;
    case AccessKindRole: return int(n->access);
    case Qt::ToolTipRole: {
        const QString label = QString::fromStdString(n->label());
        const QString cond = QString::fromStdString(conditionOf(*n));
        return cond.isEmpty() ? label : label + QLatin1Char('\n') + cond;
    }
    case Qt::ForegroundRole:
        // A full table scan is what the advisor exists to remove: make it stand out.
        if (fullScan && (index.column() == Operation || index.column() == Access))
            return QBrush(QColor(0xb0, 0x20, 0x20));
        return {};
    case Qt::FontRole:
        if (fullScan && index.column() == Operation) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() >= EstimatedRows)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default: return {};
    }
}

QVariant PlanTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractItemModel::headerData(section, orientation, role);
    switch (section) {
    case Operation: return tr("Operation");
    case Access: return tr("Access");
    case Relation: return tr("Relation");
    case Index: return tr("Index");
    case Condition: return tr("Condition");
    case EstimatedRows: return tr("Est. rows");
    case Cost: return tr("Cost");
    case ActualRows: return tr("Rows");
    case Loops: return tr("Loops");
    case TimeMs: return tr("Time (ms)");
    default: return {};
    }
}

} // namespace planwise::ui
