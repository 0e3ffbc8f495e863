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
    // Selects the first recommendation that serves the query class with this
    // checksum, so the evidence beside its plan is the one that would change it.
    // Returns false (selection unchanged) when none does.
    bool selectForQuery(const QString& checksum);

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
