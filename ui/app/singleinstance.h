// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

class QLocalServer;

namespace sociscope::ui {

// One window per user: the first `sociscope` listens on a local socket in the
// user's runtime folder; a later one hands its references (maybe none: then
// the window is only raised) to it and exits. A socket left by a crashed
// instance is noticed (nobody answers) and replaced. A lock file beside the
// socket makes two starts at once agree on which one stays.
class SingleInstance final : public QObject {
    Q_OBJECT
public:
    enum class Role {
        Primary,    // listening: this process shows the window
        HandedOver, // a running instance took the references: exit
        Alone,      // neither worked (no runtime folder, …): show a window anyway
    };

    // socketPath: defaultSocketPath() unless a test says otherwise.
    explicit SingleInstance(QString socketPath = defaultSocketPath(), QObject* parent = nullptr);
    ~SingleInstance() override;

    // $XDG_RUNTIME_DIR/sociscope/gui.sock (Qt's per-user runtime location).
    static QString defaultSocketPath();

    // Hands references to a running instance, or becomes it. Blocks for at
    // most about timeoutMs (a hung instance counts as none).
    Role claim(const QStringList& references, int timeoutMs = 3000);
    [[nodiscard]] QString socketPath() const { return m_path; }
    // Why claim() returned Alone, in English for stderr.
    [[nodiscard]] QString error() const { return m_error; }

signals:
    // Another start asked for these (possibly none) to be opened.
    void referencesReceived(const QStringList& references);

private:
    bool handOver(const QStringList& references, int timeoutMs);
    bool listen();
    void accept();

    QString m_path;
    QString m_error;
    QLocalServer* m_server = nullptr;
};

} // namespace sociscope::ui
