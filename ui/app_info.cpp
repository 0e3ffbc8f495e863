#include "ui/app_info.h"

namespace planwise::ui {

QString planwiseVersion()
{
    return QStringLiteral(PLANWISE_VERSION);   // the project version, set by ui/CMakeLists.txt
}

} // namespace planwise::ui
