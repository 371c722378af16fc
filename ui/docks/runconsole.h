// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "jobs/runsession.h"

#include <QElapsedTimer>
#include <QStringDecoder>
#include <QWidget>

#include <cstddef>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTimer;

namespace sociscope::ui {

class JobPool;

// One run in the console: the command line (the image's entrypoint and
// command, editable) and environment overrides, then live output (stderr
// in another colour), a line of input, Stop, and the exit code. Output is
// appended in batches on a timer into a QPlainTextEdit that keeps a bounded
// number of lines, so a run printing thousands of lines a second leaves the
// window responsive.
class RunTab final : public QWidget {
    Q_OBJECT
public:
    RunTab(JobPool& jobs, RunSpec spec, QWidget* parent = nullptr);
    ~RunTab() override;

    // Starts the run with the command line and environment as edited; false
    // (and the reason shown) when they do not parse.
    bool start();
    void stop();
    void sendLine(const QString& line);

    [[nodiscard]] RunSession* session() const { return m_session; }
    [[nodiscard]] QLineEdit* commandEdit() const { return m_command; }
    [[nodiscard]] QLineEdit* envEdit() const { return m_env; }
    [[nodiscard]] QLineEdit* inputEdit() const { return m_input; }
    [[nodiscard]] QPlainTextEdit* output() const { return m_output; }
    [[nodiscard]] QPushButton* stopButton() const { return m_stop; }
    // "Record startup": the run's spans read until its first output, saved as a startup profile.
    [[nodiscard]] QCheckBox* recordStartupBox() const { return m_record; }
    [[nodiscard]] QString statusText() const;
    [[nodiscard]] const RunSpec& spec() const { return m_spec; }
    [[nodiscard]] bool isRunning() const;

    static constexpr int MaxLines = 20000;
    static constexpr int AppendMs = 50;
    // At most this much output is appended per turn of the event loop (a
    // flood of output is appended in slices AppendMs apart, so the window
    // keeps answering while it is shown).
    static constexpr std::size_t AppendBytes = 256 * 1024;

signals:
    void titleChanged(const QString& title);
    void runStarted(const QString& runId);
    // The run exited (failed = a non-zero code, or it could not run at all);
    // status is the line the tab shows, elapsedMs the time since it started.
    void runEnded(bool failed, const QString& status, qint64 elapsedMs);
    // The run's startup profile was saved (Record startup): the image page shows it.
    void startupSaved(const QString& path);

private:
    void drain();
    void setStatus(const QString& text, bool error = false);
    void updateButtons();
    // updateButtons(), and the focus off a field that no longer shows it
    // (read-only, disabled) when it was in this tab.
    void updateButtonsKeepingFocus();

    RunSpec m_spec;
    QElapsedTimer m_runTime; // since the run started
    bool m_stopped = false;  // Stop was pressed: the signal's exit code is ours, not the command's
    RunSession* m_session;
    QLineEdit* m_command;
    QLineEdit* m_env;
    QPushButton* m_start;
    QCheckBox* m_record;
    QPlainTextEdit* m_output;
    QLineEdit* m_input;
    QPushButton* m_send;
    QPushButton* m_closeInput;
    QPushButton* m_stop;
    QLabel* m_status;
    QTimer* m_appendTimer;
    QStringDecoder m_outDecoder { QStringDecoder::Utf8 };
    QStringDecoder m_errDecoder { QStringDecoder::Utf8 };
};

// The Run console dock's content: runs side by side in tabs. Closing the tab
// of a live run stops it.
class RunConsole final : public QWidget {
    Q_OBJECT
public:
    explicit RunConsole(JobPool& jobs, QWidget* parent = nullptr);

    // A new tab for spec, its command line prefilled; not started yet.
    RunTab* addRun(const RunSpec& spec, const QString& title);
    [[nodiscard]] int count() const;
    [[nodiscard]] RunTab* tab(int i) const;
    [[nodiscard]] RunTab* currentTab() const;
    [[nodiscard]] QTabWidget* tabs() const { return m_tabs; }

signals:
    // A run started (its image's events are then worth listening to).
    void runStarted(const QString& runId);
    // A run ended: its tab's title, and RunTab::runEnded's arguments.
    void runEnded(const QString& title, bool failed, const QString& status, qint64 elapsedMs);

private:
    JobPool& m_jobs;
    QTabWidget* m_tabs;
    QLabel* m_empty;
};

} // namespace sociscope::ui
