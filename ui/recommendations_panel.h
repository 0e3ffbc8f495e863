#pragma once
// The advisor's recommendations (a table) and the evidence of the selected one.
#include <QWidget>

class QLabel;
class QTableView;
class QTextBrowser;

namespace planwise::ui {

class RecommendationModel;

class RecommendationsPanel : public QWidget {
    Q_OBJECT
public:
    explicit RecommendationsPanel(RecommendationModel* model, QWidget* parent = nullptr);

    // A line above the table: "Running the advisor…", errors, notes.
    void setStatus(const QString& text);

    QTableView* view() const { return m_view; }
    QTextBrowser* evidenceView() const { return m_evidence; }

private:
    void showEvidence();
    void onModelReset();

    RecommendationModel* m_model;
    QLabel* m_status;
    QTableView* m_view;
    QTextBrowser* m_evidence;
};

} // namespace planwise::ui
