// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace sociscope::ui {

// The page shown before anything is open: what Sociscope does, where to
// start, and the progress of the demo image being built on first start.
class WelcomePage final : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(QWidget* parent = nullptr);

    // percent < 0: busy without a known end; an empty phase hides the progress.
    void setProgress(const QString& phase, int percent);

signals:
    void openFolderRequested();
    void addRegistryRequested();
    void openDemoRequested();

private:
    QLabel* m_phase;
    QProgressBar* m_progress;
    QPushButton* m_demo;
};

} // namespace sociscope::ui
