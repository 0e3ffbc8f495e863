#include "ui/recommendation_model.h"

#include "ui/query_class_model.h"

namespace planwise::ui {

namespace {

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

QString esc(const std::string& s)
{
    return qs(s).toHtmlEscaped();
}

// " (cost 12.50)", or nothing where the engine gives no costs (SQLite).
QString costText(const std::optional<double>& cost)
{
    return cost ? QObject::tr(" (cost %1)").arg(*cost, 0, 'f', 2) : QString();
}

} // namespace

QString indexColumnsText(const catalog::Index& index)
{
    QStringList parts;
    for (const auto& c : index.columns) {
        QString part = qs(c.column.empty() ? c.expression : c.column);
        if (c.descending)
            part += QStringLiteral(" DESC");
        parts << part;
    }
    return parts.join(QStringLiteral(", "));
}

QString recommendationHtml(const advisor::Recommendation& r)
{
    QString html;
    html += QStringLiteral("<h3>%1 — %2</h3>").arg(esc(r.id), esc(r.title));
    if (!r.rationale.empty())
        html += QStringLiteral("<p>%1</p>").arg(esc(r.rationale));
    html += QStringLiteral("<pre>%1</pre>").arg(esc(r.ddl));
    html += QStringLiteral("<p><b>%1</b> %2</p>")
                .arg(r.validated ? QObject::tr("Validated:") : QObject::tr("Not validated:"),
                     r.validation.empty() ? QObject::tr("no what-if was run") : esc(r.validation));
    if (!r.evidence.empty()) {
        html += QStringLiteral("<table cellspacing='0' cellpadding='2'>");
        for (const auto& e : r.evidence)
            html += QStringLiteral("<tr><td><i>%1</i></td><td>%2</td></tr>").arg(esc(e.label), esc(e.value));
        html += QStringLiteral("</table>");
    }
    for (const auto& q : r.queries) {
        html += QStringLiteral("<hr><p><b>%1</b> — %2 executions, %3 in the log%4</p>")
                    .arg(esc(q.checksum), formatCount(double(q.count)), formatSeconds(q.totalTime),
                         q.usesIndex ? QObject::tr(", the planner uses the index") : QString());
        html += QStringLiteral("<pre>%1</pre>").arg(esc(q.sample));
        html += QStringLiteral("<table cellspacing='0' cellpadding='2'><tr><th align='left'>%1%2</th>"
                               "<th align='left'>%3%4</th></tr>"
                               "<tr><td valign='top'><pre>%5</pre></td><td valign='top'><pre>%6</pre></td></tr></table>")
                    .arg(QObject::tr("Plan before"), costText(q.costBefore), QObject::tr("Plan after"),
                         costText(q.costAfter), esc(q.planBefore), esc(q.planAfter));
    }
    for (const auto& f : r.findings)
        html += QStringLiteral("<p><b>[%1] %2</b><br>%3</p>")
                    .arg(esc(f.ruleId), esc(f.title), esc(f.detail));
    return html;
}

RecommendationModel::RecommendationModel(QObject* parent) : QAbstractTableModel(parent) {}

void RecommendationModel::setAdvice(std::shared_ptr<const advisor::AdviceResult> advice)
{
    beginResetModel();
    m_advice = std::move(advice);
    endResetModel();
}

const advisor::Recommendation* RecommendationModel::recommendation(int row) const
{
    if (!m_advice || row < 0 || row >= int(m_advice->recommendations.size()))
        return nullptr;
    return &m_advice->recommendations[size_t(row)];
}

int RecommendationModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_advice ? 0 : int(m_advice->recommendations.size());
}

int RecommendationModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RecommendationModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto* r = recommendation(index.row());
    if (!r)
        return {};
    if (role == Qt::DisplayRole || role == SortRole) {
        const bool sort = role == SortRole;
        switch (index.column()) {
        case Id: return qs(r->id);
        case Action: return qs(advisor::recommendationKindName(r->kind));
        case Table: return qs(r->index.table);
        case Columns: return indexColumnsText(r->index);
        case Benefit: return sort ? QVariant(r->benefitSeconds) : QVariant(formatSeconds(r->benefitSeconds));
        case Queries: return qulonglong(r->queries.size());
        case Validated:
            if (sort)
                return r->validated;
            return r->validated ? tr("yes") : tr("no");
        case Ddl: return qs(r->ddl);
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole)
        return qs(r->rationale.empty() ? r->title : r->rationale);
    if (role == Qt::TextAlignmentRole && (index.column() == Benefit || index.column() == Queries))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant RecommendationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Id: return tr("ID");
    case Action: return tr("Action");
    case Table: return tr("Table");
    case Columns: return tr("Columns");
    case Benefit: return tr("Benefit");
    case Queries: return tr("Queries");
    case Validated: return tr("Validated");
    case Ddl: return tr("Statement");
    default: return {};
    }
}

} // namespace planwise::ui
