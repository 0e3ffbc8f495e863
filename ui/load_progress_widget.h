#pragma once
// Progress of a running load, for the status bar: a bar over the input bytes,
// the throughput (bytes and events per second) and a Cancel button.
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace planwise::ui {

class LoadProgressWidget : public QWidget {
    Q_OBJECT
public:
    explicit LoadProgressWidget(QWidget* parent = nullptr);

    void start();
    void setProgress(qint64 bytesDone, qint64 bytesTotal, quint64 events, double seconds);
    void stop();

    QProgressBar* bar() const { return m_bar; }
    QLabel* rateLabel() const { return m_rate; }
    QPushButton* cancelButton() const { return m_cancel; }

signals:
    void cancelRequested();

private:
    QProgressBar* m_bar;
    QLabel* m_rate;
    QPushButton* m_cancel;
};

// "12.3 MB" / "850 kB": decimal units, as file managers show sizes.
QString formatBytes(double bytes);

} // namespace planwise::ui
