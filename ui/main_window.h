#pragma once
// The main window only lays out the panels and turns menu actions and the
// controller's signals into calls on them; the work lives in WorkspaceController.
#include <QMainWindow>

class QAction;
class QLabel;

namespace planwise::ui {

class ClassTablePanel;
class LoadProgressWidget;
class QueryDetailPanel;
class RecommendationsPanel;
class WorkspaceController;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

    WorkspaceController* controller() const { return m_controller; }
    // Where File → Open Demo looks; empty disables the action.
    void setDemoDir(const QString& dir);

    ClassTablePanel* classPanel() const { return m_classes; }
    QueryDetailPanel* detailPanel() const { return m_detail; }
    RecommendationsPanel* recommendationsPanel() const { return m_recommendations; }
    LoadProgressWidget* progressWidget() const { return m_progress; }

private:
    void createMenus();
    void connectController();
    void openLog();
    void openDatabase();
    void openDemo();
    void exportSql();
    void about();
    void updateTitleAndStatus();

    WorkspaceController* m_controller;
    ClassTablePanel* m_classes;
    QueryDetailPanel* m_detail;
    RecommendationsPanel* m_recommendations;
    LoadProgressWidget* m_progress;
    QLabel* m_summary;
    QAction* m_exportAction = nullptr;
    QAction* m_demoAction = nullptr;
    QString m_demoDir;
};

} // namespace planwise::ui
