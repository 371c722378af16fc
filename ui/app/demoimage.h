// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "common/usermessage.h"

#include <QObject>
#include <QString>

namespace sociscope::ui {

class JobPool;

// The demo image every first start makes, so a person sees something real
// without a network: core's buildDemoImage into an OCI layout under
// $XDG_DATA_HOME/sociscope/demo (tag "latest"), then soci::convertImage to
// "latest-soci" with the CLI's default options (the demo's 14 MiB layer
// qualifies). Deterministic: the same digests as `sociscopectl demo` plus
// `sociscopectl index convert`. Built on a job thread in a temporary folder
// that is renamed into place, so a half-built demo is never seen; later
// starts only check that the tag is there.
class DemoImage final : public QObject {
    Q_OBJECT
public:
    explicit DemoImage(JobPool& jobs, QString folder = defaultFolder(), QObject* parent = nullptr);

    // $XDG_DATA_HOME/sociscope/demo (or ~/.local/share/sociscope/demo).
    static QString defaultFolder();
    [[nodiscard]] QString folder() const { return m_folder; }
    // "oci:<folder>:latest-soci".
    [[nodiscard]] QString reference() const;
    [[nodiscard]] bool isReady() const { return m_ready; }

    // Reuses the demo, or builds it. ready() or failed() follows.
    void ensure();

signals:
    // percent < 0 while the end is unknown.
    void progressed(const QString& phase, int percent);
    // created: built now (false: an earlier start had made it).
    void ready(const QString& reference, bool created);
    void failed(const sociscope::ui::UserMessage& message);

private:
    JobPool& m_jobs;
    QString m_folder;
    bool m_ready = false;
    bool m_running = false;
};

} // namespace sociscope::ui
