#include "ui/load_progress_widget.h"

#include "ui/query_class_model.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

#include <cmath>

namespace planwise::ui {

QString formatBytes(double bytes)
{
    if (bytes >= 1e9)
        return QStringLiteral("%1 GB").arg(bytes / 1e9, 0, 'f', 2);
    if (bytes >= 1e6)
        return QStringLiteral("%1 MB").arg(bytes / 1e6, 0, 'f', 1);
    if (bytes >= 1e3)
        return QStringLiteral("%1 kB").arg(bytes / 1e3, 0, 'f', 0);
    return QStringLiteral("%1 B").arg(bytes, 0, 'f', 0);
}

LoadProgressWidget::LoadProgressWidget(QWidget* parent)
    : QWidget(parent), m_bar(new QProgressBar(this)), m_rate(new QLabel(this)), m_cancel(new QPushButton(tr("Cancel"), this))
{
    // QProgressBar holds ints; per mille of the bytes keeps multi-GB logs in range.
    m_bar->setRange(0, 1000);
    m_bar->setMaximumWidth(220);
    m_bar->setTextVisible(true);
    m_rate->setMinimumWidth(m_rate->fontMetrics().horizontalAdvance(QStringLiteral("000.0 MB/s · 000,000 events/s")));
    connect(m_cancel, &QPushButton::clicked, this, &LoadProgressWidget::cancelRequested);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_bar);
    layout->addWidget(m_rate);
    layout->addWidget(m_cancel);
    hide();
}

void LoadProgressWidget::start()
{
    m_bar->setValue(0);
    m_bar->setFormat(tr("Reading…"));
    m_rate->clear();
    m_cancel->setEnabled(true);
    show();
}

void LoadProgressWidget::setProgress(qint64 bytesDone, qint64 bytesTotal, quint64 events, double seconds)
{
    if (bytesTotal > 0) {
        m_bar->setRange(0, 1000);   // leaves the busy state of a tick before the size was known
        m_bar->setValue(int(double(bytesDone) * 1000.0 / double(bytesTotal)));
        m_bar->setFormat(QStringLiteral("%1 / %2").arg(formatBytes(double(bytesDone)), formatBytes(double(bytesTotal))));
    } else {
        m_bar->setRange(0, 0);   // size unknown (compressed input): a busy bar
    }
    if (seconds > 0)
        m_rate->setText(tr("%1/s · %2 events/s")
                            .arg(formatBytes(double(bytesDone) / seconds), formatCount(std::floor(double(events) / seconds))));
}

void LoadProgressWidget::stop()
{
    m_bar->setRange(0, 1000);
    hide();
}

} // namespace planwise::ui
