#include "ui/recommendations_panel.h"

#include "ui/recommendation_model.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace planwise::ui {

RecommendationsPanel::RecommendationsPanel(RecommendationModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_status(new QLabel(this)), m_view(new QTableView(this)),
      m_evidence(new QTextBrowser(this))
{
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);

    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RecommendationsPanel::showEvidence);
    connect(m_model, &QAbstractItemModel::modelReset, this, &RecommendationsPanel::onModelReset);

    m_evidence->setOpenLinks(false);
    m_evidence->setPlaceholderText(tr("Select a recommendation to see its evidence."));

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_evidence);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_status);
    layout->addWidget(splitter, 1);
    setStatus({});
}

void RecommendationsPanel::setStatus(const QString& text)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

bool RecommendationsPanel::selectForQuery(const QString& checksum)
{
    const std::string wanted = checksum.toStdString();
    for (int row = 0; row < m_model->rowCount(); ++row) {
        for (const auto& q : m_model->recommendation(row)->queries) {
            if (q.checksum == wanted) {
                m_view->selectRow(row);
                return true;
            }
        }
    }
    return false;
}

void RecommendationsPanel::showEvidence()
{
    const auto* r = m_model->recommendation(m_view->selectionModel()->currentIndex().row());
    if (r)
        m_evidence->setHtml(recommendationHtml(*r));
    else
        m_evidence->clear();
}

void RecommendationsPanel::onModelReset()
{
    m_view->resizeColumnsToContents();
    // The first recommendation is the one with the most benefit: show its evidence at once.
    if (m_model->rowCount() > 0)
        m_view->selectRow(0);
    else
        m_evidence->clear();
}

} // namespace planwise::ui
