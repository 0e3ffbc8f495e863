#pragma once
// The advisor's recommendations as a table, one row per recommendation in the
// advisor's rank order. The evidence of the selected one is rendered by
// RecommendationsPanel from recommendation(row).
#include "analyzer/advisor/recommendation.h"

#include <QAbstractTableModel>

#include <memory>

namespace planwise::ui {

class RecommendationModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, Action, Table, Columns, Benefit, Queries, Validated, Ddl, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1 };

    explicit RecommendationModel(QObject* parent = nullptr);

    void setAdvice(std::shared_ptr<const advisor::AdviceResult> advice);
    const advisor::AdviceResult* advice() const { return m_advice.get(); }
    const advisor::Recommendation* recommendation(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const advisor::AdviceResult> m_advice;
};

// "customer_id, created_at" (expressions as written, DESC marked).
QString indexColumnsText(const catalog::Index& index);
// The evidence of one recommendation as HTML for a QTextBrowser: rationale,
// headline figures, the queries it serves with their plans before and after.
QString recommendationHtml(const advisor::Recommendation& r);

} // namespace planwise::ui
