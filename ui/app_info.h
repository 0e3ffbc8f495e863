#pragma once
// Facts about the build the GUI shows (About box, --version).
#include <QString>

namespace planwise::ui {

QString planwiseVersion();

} // namespace planwise::ui
