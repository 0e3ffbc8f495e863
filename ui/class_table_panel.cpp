#include "ui/class_table_panel.h"

#include "ui/query_class_model.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace planwise::ui {

ClassTablePanel::ClassTablePanel(QueryClassModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_proxy(new QSortFilterProxyModel(this)), m_filter(new QLineEdit(this)),
      m_view(new QTableView(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(QueryClassModel::SortRole);
    m_proxy->setFilterKeyColumn(QueryClassModel::Fingerprint);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_filter->setPlaceholderText(tr("Filter by fingerprint (e.g. orders, join, order by)"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(QueryClassModel::Rank, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);   // the fingerprint takes what is left
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);

    // The model is reset on every load; size the columns to the new contents then.
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_view->resizeColumnsToContents();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ClassTablePanel::onCurrentChanged);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);
}

void ClassTablePanel::selectClass(int classIndex)
{
    const QModelIndex source = m_model->index(classIndex, 0);
    const QModelIndex proxied = m_proxy->mapFromSource(source);
    if (!proxied.isValid())
        return;
    m_view->selectionModel()->setCurrentIndex(proxied, QItemSelectionModel::ClearAndSelect |
                                                           QItemSelectionModel::Rows);
    m_view->scrollTo(proxied);
}

void ClassTablePanel::onCurrentChanged()
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    const QModelIndex source = m_proxy->mapToSource(current);
    emit classSelected(source.isValid() ? source.row() : -1);
}

} // namespace planwise::ui
