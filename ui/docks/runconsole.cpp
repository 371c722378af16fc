// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "docks/runconsole.h"

#include "common/shellwords.h"

#include <QApplication>
#include <QCheckBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTabWidget>
#include <QTextCursor>
#include <QTimer>
#include <QVBoxLayout>

namespace sociscope::ui {

RunTab::RunTab(JobPool& jobs, RunSpec spec, QWidget* parent)
    : QWidget(parent)
    , m_spec(std::move(spec))
    , m_session(new RunSession(jobs, this))
    , m_command(new QLineEdit(this))
    , m_env(new QLineEdit(this))
    , m_start(new QPushButton(tr("&Start"), this))
    , m_record(new QCheckBox(tr("&Record startup"), this))
    , m_output(new QPlainTextEdit(this))
    , m_input(new QLineEdit(this))
    , m_send(new QPushButton(tr("Se&nd"), this))
    , m_closeInput(new QPushButton(tr("&Close Input"), this))
    , m_stop(new QPushButton(tr("S&top"), this))
    , m_status(new QLabel(this))
    , m_appendTimer(new QTimer(this))
{
    m_command->setText(ShellWords::join(m_spec.argv));
    m_command->setCursorPosition(0); // the program, not the end of its arguments
    m_command->setToolTip(tr("The image's entrypoint and command; edit them to run something else. Quote words with "
                             "spaces as a shell would."));
    m_env->setText(ShellWords::join(m_spec.env));
    m_env->setPlaceholderText(tr("NAME=value …, added to the image's environment"));
    m_start->setDefault(true);
    m_record->setChecked(m_spec.recordStartup);
    m_record->setToolTip(tr("Record which spans of which layers the run reads until its first output, and save them "
                            "as the image's startup profile (its Startup tab), to publish as SOCI prefetch artifacts"));
    auto* form = new QFormLayout;
    form->addRow(tr("Co&mmand:"), m_command);
    auto* envRow = new QHBoxLayout;
    envRow->addWidget(m_env, 1);
    envRow->addWidget(m_record);
    envRow->addWidget(m_start);
    auto* envLabel = new QLabel(tr("&Environment:"), this);
    envLabel->setBuddy(m_env);
    form->addRow(envLabel, envRow);

    m_output->setReadOnly(true);
    m_output->setMaximumBlockCount(MaxLines);
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setPlaceholderText(tr("The run's output appears here; its errors in red."));
    m_output->setUndoRedoEnabled(false);

    m_input->setPlaceholderText(tr("A line for the run's standard input"));
    m_closeInput->setToolTip(tr("End the run's input (as Ctrl+D would)"));
    m_stop->setToolTip(tr("Stop the run: SIGTERM, then SIGKILL after 3 seconds"));
    auto* inputRow = new QHBoxLayout;
    inputRow->addWidget(m_input, 1);
    inputRow->addWidget(m_send);
    inputRow->addWidget(m_closeInput);
    inputRow->addSpacing(12);
    inputRow->addWidget(m_stop);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* l = new QVBoxLayout(this);
    l->setContentsMargins(6, 6, 6, 6);
    l->addLayout(form);
    l->addWidget(m_output, 1);
    l->addLayout(inputRow);
    l->addWidget(m_status);

    m_appendTimer->setInterval(AppendMs);
    m_appendTimer->setSingleShot(true);
    connect(m_appendTimer, &QTimer::timeout, this, &RunTab::drain);
    // Appends wait for the timer: a burst of output is one append.
    connect(m_session, &RunSession::outputReady, this, [this] {
        if (!m_appendTimer->isActive())
            m_appendTimer->start();
    });
    connect(m_session, &RunSession::started, this, [this](const QString& id, const QString& name) {
        m_runTime.start();
        setStatus(tr("Running %1 (run %2)").arg(name, id.left(12)));
        emit titleChanged(name);
        emit runStarted(id);
        updateButtons();
    });
    connect(m_session, &RunSession::exited, this, [this](int code) {
        drain();
        // After Stop the code is the signal's (137, 143): the user's doing, not a failure.
        const bool failed = code != 0 && !m_stopped;
        if (m_stopped)
            setStatus(tr("Stopped · %1").arg(m_session->statsText()));
        else
            setStatus(tr("Exited with code %1 · %2").arg(code).arg(m_session->statsText()), failed);
        updateButtonsKeepingFocus();
        emit runEnded(failed, statusText(), m_runTime.isValid() ? m_runTime.elapsed() : 0);
    });
    connect(m_session, &RunSession::startupSaved, this, [this](const QString& path) {
        setStatus(tr("%1 · startup profile saved to %2").arg(statusText(), path));
        emit startupSaved(path);
    });
    connect(m_session, &RunSession::startupFailed, this, [this](const QString& error) {
        setStatus(tr("%1 · the startup profile could not be made: %2").arg(statusText(), error), true);
    });
    connect(m_session, &RunSession::failed, this, [this](const QString& error) {
        drain();
        setStatus(tr("The run failed: %1").arg(error), true);
        updateButtonsKeepingFocus();
        emit runEnded(true, statusText(), m_runTime.isValid() ? m_runTime.elapsed() : 0);
    });
    connect(m_start, &QPushButton::clicked, this, &RunTab::start);
    connect(m_command, &QLineEdit::returnPressed, this, &RunTab::start);
    connect(m_env, &QLineEdit::returnPressed, this, &RunTab::start);
    connect(m_send, &QPushButton::clicked, this, [this] { sendLine(m_input->text()); });
    connect(m_input, &QLineEdit::returnPressed, this, [this] { sendLine(m_input->text()); });
    connect(m_closeInput, &QPushButton::clicked, this, [this] {
        m_session->closeInput();
        m_closeInput->setEnabled(false);
        m_input->setEnabled(false);
        m_send->setEnabled(false);
    });
    connect(m_stop, &QPushButton::clicked, this, &RunTab::stop);
    setStatus(tr("Edit the command if you like, then press Start. The run is lazy: only the bytes it reads are "
                 "fetched."));
    updateButtons();
    setFocusProxy(m_command);
}

RunTab::~RunTab() = default;

bool RunTab::isRunning() const
{
    const auto s = m_session->state();
    return s == RunSession::State::Starting || s == RunSession::State::Running;
}

void RunTab::updateButtons()
{
    const bool idle = m_session->state() == RunSession::State::Idle;
    const bool running = isRunning();
    m_command->setReadOnly(!idle);
    m_env->setReadOnly(!idle);
    m_record->setEnabled(idle);
    m_start->setEnabled(idle);
    m_input->setEnabled(running);
    m_send->setEnabled(running);
    m_closeInput->setEnabled(running);
    m_stop->setEnabled(running);
}

void RunTab::setStatus(const QString& text, bool error)
{
    m_status->setText(text);
    m_status->setForegroundRole(error ? QPalette::BrightText : QPalette::WindowText);
    QPalette p = m_status->palette();
    p.setColor(QPalette::BrightText, QColor(0xc0, 0x39, 0x2b));
    m_status->setPalette(p);
}

QString RunTab::statusText() const
{
    return m_status->text();
}

bool RunTab::start()
{
    if (m_session->state() != RunSession::State::Idle)
        return false;
    const auto command = ShellWords::split(m_command->text());
    if (!command.error.isEmpty()) {
        setStatus(tr("The command does not parse: %1").arg(command.error), true);
        return false;
    }
    if (command.words.isEmpty()) {
        setStatus(tr("Type a command to run: this image has no default entrypoint or command."), true);
        return false;
    }
    const auto env = ShellWords::split(m_env->text());
    if (!env.error.isEmpty()) {
        setStatus(tr("The environment does not parse: %1").arg(env.error), true);
        return false;
    }
    static const QRegularExpression name(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*="));
    for (const QString& kv : env.words)
        if (!name.match(kv).hasMatch()) {
            setStatus(
                tr("“%1” is not NAME=value: environment overrides are NAME=value words separated by spaces.").arg(kv),
                true);
            return false;
        }
    m_spec.argv = command.words;
    m_spec.env = env.words;
    m_spec.recordStartup = m_record->isChecked();
    m_session->start(m_spec);
    setStatus(tr("Mounting %1 and starting the run…").arg(QString::fromStdString(m_spec.ref.str())));
    updateButtonsKeepingFocus();
    return true;
}

void RunTab::updateButtonsKeepingFocus()
{
    // The command line turns read-only (no cursor) when the run starts, and the
    // input line is disabled when it ends (Qt then moves the focus anywhere):
    // the focus goes where it shows, if it was in this tab.
    const bool hadFocus = isAncestorOf(QApplication::focusWidget());
    updateButtons();
    if (!hadFocus)
        return;
    if (m_input->isEnabled())
        m_input->setFocus(Qt::OtherFocusReason);
    else
        m_output->setFocus(Qt::OtherFocusReason);
}

void RunTab::stop()
{
    if (!isRunning())
        return;
    m_session->stop(3);
    m_stopped = true;
    m_stop->setEnabled(false);
    setStatus(tr("Stopping…"));
}

void RunTab::sendLine(const QString& line)
{
    if (!isRunning())
        return;
    m_session->sendLine(line);
    m_input->clear();
}

void RunTab::drain()
{
    const auto chunks = m_session->takeOutput(AppendBytes);
    if (chunks.empty())
        return;
    std::size_t taken = 0;
    for (const auto& c : chunks)
        taken += c.bytes.size();
    // A full slice: more may be waiting, and the session posts nothing new
    // until all of it was taken.
    if (taken == AppendBytes)
        m_appendTimer->start();
    QScrollBar* bar = m_output->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    QTextCursor cursor(m_output->document());
    cursor.movePosition(QTextCursor::End);
    cursor.beginEditBlock();
    QTextCharFormat out, err;
    err.setForeground(QColor(0xc0, 0x39, 0x2b));
    for (const auto& c : chunks) {
        QStringDecoder& decoder = c.isError ? m_errDecoder : m_outDecoder;
        cursor.insertText(decoder.decode(QByteArrayView(c.bytes.data(), static_cast<qsizetype>(c.bytes.size()))),
            c.isError ? err : out);
    }
    cursor.endEditBlock();
    if (atEnd)
        bar->setValue(bar->maximum());
}

RunConsole::RunConsole(JobPool& jobs, QWidget* parent)
    : QWidget(parent)
    , m_jobs(jobs)
    , m_tabs(new QTabWidget(this))
    , m_empty(new QLabel(this))
{
    m_tabs->setTabsClosable(true);
    m_tabs->setDocumentMode(true);
    m_tabs->setMovable(true);
    m_empty->setText(tr("No runs yet. Open an image and press Run to start one; several runs show side by side "
                        "in tabs."));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    auto* l = new QVBoxLayout(this);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(m_empty, 1);
    l->addWidget(m_tabs, 1);
    m_tabs->hide();
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int i) {
        // Destroying the tab cancels a live run's call: the daemon stops it.
        QWidget* w = m_tabs->widget(i);
        m_tabs->removeTab(i);
        delete w;
        m_tabs->setVisible(m_tabs->count() > 0);
        m_empty->setVisible(m_tabs->count() == 0);
    });
}

RunTab* RunConsole::addRun(const RunSpec& spec, const QString& title)
{
    auto* tab = new RunTab(m_jobs, spec, m_tabs);
    const int i = m_tabs->addTab(tab, title);
    m_tabs->setTabToolTip(i, QString::fromStdString(spec.ref.str()));
    m_tabs->setCurrentIndex(i);
    m_tabs->show();
    m_empty->hide();
    connect(tab, &RunTab::titleChanged, this, [this, tab, title](const QString& name) {
        const int at = m_tabs->indexOf(tab);
        if (at >= 0)
            m_tabs->setTabText(at, tr("%1 · %2").arg(title, name));
    });
    connect(tab, &RunTab::runStarted, this, &RunConsole::runStarted);
    connect(tab, &RunTab::runEnded, this, [this, tab](bool failed, const QString& status, qint64 elapsedMs) {
        const int at = m_tabs->indexOf(tab);
        emit runEnded(at >= 0 ? m_tabs->tabText(at) : QString(), failed, status, elapsedMs);
    });
    return tab;
}

int RunConsole::count() const
{
    return m_tabs->count();
}

RunTab* RunConsole::tab(int i) const
{
    return qobject_cast<RunTab*>(m_tabs->widget(i));
}

RunTab* RunConsole::currentTab() const
{
    return qobject_cast<RunTab*>(m_tabs->currentWidget());
}

} // namespace sociscope::ui
