// Placeholder until the UI lands (owned by the GUI work).
#include <QApplication>
int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    return 0;
}
