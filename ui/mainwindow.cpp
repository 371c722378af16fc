// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "mainwindow.h"

#include <QLabel>

namespace sociscope::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Sociscope"));
    auto* label = new QLabel(tr("Sociscope — open an image with sociscopectl for now."), this);
    label->setAlignment(Qt::AlignCenter);
    setCentralWidget(label);
    resize(1100, 720);
}

} // namespace sociscope::ui
