// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "jobs/jobpool.h"

#include "common/usermessage.h"
#include "oci/reference.h"

#include <QObject>
#include <QString>
#include <QVector>

#include <cstdint>

namespace sociscope::ui {

class Services;

// What the user asked for in "Create SOCI Index…".
struct CreateIndexRequest {
    oci::Reference source;
    // convert: a SOCI-enabled copy (index v2) pushed to target, as
    // `sociscopectl index convert SRC TARGET`; otherwise only a v1 index
    // pushed beside the source image, as `sociscopectl index push SRC`.
    bool convert = true;
    oci::Reference target;
    std::int64_t spanSize = 0;
    std::int64_t minLayerSize = 0;
};

// One layer as the new index covers it.
struct CreatedLayer {
    int index = 0;
    QString digest;
    std::int64_t size = 0;
    bool indexed = false;
    QString reason;             // core's words: "lazy: 3 spans of 64 KiB", "smaller than 10 MiB"
    std::int64_t ztocSize = -1; // -1: no zTOC
    int spans = -1;
    int files = -1;
};

struct CreatedPlatform {
    QString platform;
    QString index; // the SOCI index manifest's digest
    QVector<CreatedLayer> layers;
};

// What "Create SOCI Index…" did.
struct CreateIndexOutcome {
    bool ok = false;
    bool cancelled = false;
    CreateIndexRequest request;
    QString digest; // convert: the new image index; else the (first) SOCI index
    QVector<CreatedPlatform> platforms;
    UserMessage error; // when !ok and !cancelled
};

// Builds a SOCI index with core's convertImage / buildIndex + pushIndexV1
// (what the CLI's `index convert` and `index push` call) on the pool's Long
// lane, reports each layer's progress, and reads the new zTOCs back for their
// span and file counts. Cancel stops a layer's fetch (the pool's ambient
// cancel token) or its zTOC build (IndexBuildOptions::cancel); nothing
// half-pushed is tagged (the target tag is the last write). Destroying the
// object cancels the job.
class CreateIndexJob final : public QObject {
    Q_OBJECT
public:
    explicit CreateIndexJob(Services& services, QObject* parent = nullptr);
    ~CreateIndexJob() override;

    void start(const CreateIndexRequest& request);
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_running; }

    // The defaults of the CLI (core's IndexBuildOptions).
    static std::int64_t defaultSpanSize();
    static std::int64_t defaultMinLayerSize();

signals:
    // Copying the image's blobs before the first layer (convert only).
    void copying();
    // layer of layers (0-based) has had read of its size bytes read.
    void progressed(int layer, int layers, qint64 read, qint64 size);
    void finished(const sociscope::ui::CreateIndexOutcome& outcome);

private:
    Services& m_services;
    JobHandle m_job;
    bool m_running = false;
    std::uint64_t m_generation = 0;
};

} // namespace sociscope::ui
