#include "ui/query_detail_panel.h"

#include "analyzer/workload/query_class.h"
#include "ui/plan_tree_model.h"
#include "ui/query_class_model.h"

#include <QFileInfo>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

namespace planwise::ui {

QueryDetailPanel::QueryDetailPanel(PlanTreeModel* planModel, QWidget* parent)
    : QWidget(parent), m_planModel(planModel), m_header(new QLabel(this)), m_sample(new QPlainTextEdit(this)),
      m_planStatus(new QLabel(this)), m_planView(new QTreeView(this))
{
    m_header->setTextFormat(Qt::PlainText);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setWordWrap(true);

    m_sample->setReadOnly(true);
    m_sample->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_sample->setPlaceholderText(tr("Select a query class to see its slowest sample."));

    m_planStatus->setTextFormat(Qt::PlainText);
    m_planStatus->setWordWrap(true);

    m_planView->setModel(m_planModel);
    m_planView->setUniformRowHeights(true);
    m_planView->setAlternatingRowColors(true);
    m_planView->header()->setStretchLastSection(true);
    connect(m_planModel, &QAbstractItemModel::modelReset, this, &QueryDetailPanel::onPlanReset);

    auto* sampleBox = new QWidget(this);
    auto* sampleLayout = new QVBoxLayout(sampleBox);
    sampleLayout->setContentsMargins(0, 0, 0, 0);
    sampleLayout->addWidget(m_header);
    sampleLayout->addWidget(m_sample, 1);

    auto* planBox = new QWidget(this);
    auto* planLayout = new QVBoxLayout(planBox);
    planLayout->setContentsMargins(0, 0, 0, 0);
    planLayout->addWidget(m_planStatus);
    planLayout->addWidget(m_planView, 1);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(sampleBox);
    splitter->addWidget(planBox);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter, 1);
    showClass(nullptr);
}

void QueryDetailPanel::showClass(const workload::QueryClass* c)
{
    if (!c) {
        m_header->setText(tr("No query class selected."));
        m_sample->clear();
        setPlanStatus({});
        return;
    }
    const auto& s = c->example;
    QStringList facts;
    facts << tr("Slowest sample: %1").arg(formatSeconds(s.queryTime));
    if (!s.database.empty())
        facts << tr("database %1").arg(QString::fromStdString(s.database));
    if (!s.timestamp.empty())
        facts << QString::fromStdString(s.timestamp);
    QString where;
    if (!s.file.empty()) {
        // The file name keeps the line short; the full path is in the tooltip.
        where = QStringLiteral("%1:%2").arg(QString::fromStdString(s.file)).arg(s.line);
        facts << QStringLiteral("%1:%2").arg(QFileInfo(QString::fromStdString(s.file)).fileName()).arg(s.line);
    }
    m_header->setText(facts.join(QStringLiteral(" · ")));
    m_header->setToolTip(where);
    m_sample->setPlainText(QString::fromStdString(s.query));
}

void QueryDetailPanel::setPlanStatus(const QString& text)
{
    m_planStatus->setText(text);
    m_planStatus->setVisible(!text.isEmpty());
}

void QueryDetailPanel::onPlanReset()
{
    // Each engine fills different figures; show only the columns this plan has.
    for (int c = 0; c < PlanTreeModel::ColumnCount; ++c)
        m_planView->setColumnHidden(c, c != PlanTreeModel::Operation && !m_planModel->columnHasData(c));
    m_planView->expandAll();
    for (int c = 0; c < PlanTreeModel::ColumnCount; ++c)
        m_planView->resizeColumnToContents(c);
}

} // namespace planwise::ui
