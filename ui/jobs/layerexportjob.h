// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "jobs/jobpool.h"

#include "common/usermessage.h"
#include "oci/reference.h"
#include "registry/inspect.h"

#include <QObject>
#include <QString>

#include <memory>

namespace sociscope::ui {

class Services;

// What saving a layer did.
struct LayerExportOutcome {
    bool ok = false;
    bool cancelled = false;
    QString path;
    quint64 bytesWritten = 0;
    QString verified;    // the digest the file was checked against
    UserMessage error;   // when !ok and !cancelled
};

// Saves one layer blob of an image to a file as a job on the pool's Long
// lane (it lasts as long as the layer is big), with core's exportLayer: the
// blob streamed to a temporary file beside the target, verified against its
// digest (or, uncompressed, the tar against its diff_id), renamed only then.
// Cancelled or failed, nothing is left on disk. Progress at most ten times a
// second. Destroying the object cancels the job without waiting for it.
class LayerExportJob final : public QObject {
    Q_OBJECT
public:
    explicit LayerExportJob(Services& services, QObject* parent = nullptr);
    ~LayerExportJob() override;

    // Starts saving layer index of image (from ref) to path. replace: an
    // existing file is replaced once the new one is verified (the user
    // agreed); otherwise an existing file is an error and stays as it was.
    void start(const oci::Reference& ref, const registry::PlatformImage& image, int index, const QString& path,
               bool uncompressed, bool replace);
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_running; }

signals:
    void progressed(quint64 received, quint64 total);
    void finished(const sociscope::ui::LayerExportOutcome& outcome);

private:
    Services& m_services;
    JobHandle m_job;
    bool m_running = false;
    std::uint64_t m_generation = 0;
};

} // namespace sociscope::ui
