// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "jobs/layerexportjob.h"

#include "app/services.h"
#include "common/qtformat.h"

#include "registry/layer_export.h"

#include <QFile>

#include <chrono>

namespace sociscope::ui {

LayerExportJob::LayerExportJob(Services& services, QObject* parent) : QObject(parent), m_services(services) {}

LayerExportJob::~LayerExportJob() { m_job.cancel(); }

void LayerExportJob::start(const oci::Reference& ref, const registry::PlatformImage& image, int index,
                           const QString& path, bool uncompressed, bool replace)
{
    m_job.cancel();
    m_running = true;
    const std::uint64_t generation = ++m_generation;
    const QString host = ref.isLayout ? QString() : qs(ref.registry);
    const auto session = m_services.session(host);
    m_job = m_services.jobs().run(
        JobPool::Lane::Long, this,
        [session, ref, image, index, path, uncompressed, replace, host, this](const JobContext& context) {
            LayerExportOutcome out;
            out.path = path;
            auto r = [&]() -> Result<registry::LayerExport> {
                auto src = Services::open(session, ref);
                if (!src)
                    return src.error();
                registry::LayerExportOptions o;
                o.uncompressed = uncompressed;
                o.replace = replace;
                o.cancel = context.flag();
                auto last = std::chrono::steady_clock::time_point();
                o.progress = [&](std::uint64_t received, std::uint64_t total) {
                    const auto now = std::chrono::steady_clock::now();
                    if (now - last < std::chrono::milliseconds(100) && received < total)
                        return;
                    last = now;
                    context.report([this, received, total] { emit progressed(received, total); });
                };
                return registry::exportLayer(**src, image, static_cast<std::size_t>(index),
                                             QFile::encodeName(path).toStdString(), o);
            }();
            if (r) {
                out.ok = true;
                out.bytesWritten = r->bytesWritten;
                out.verified = qs(r->verified.str());
            } else if (r.error().code == ErrorCode::Cancelled || context.cancelled()) {
                out.cancelled = true;
            } else {
                out.error = UserMessages::fromError(
                    r.error(), tr("save layer %1 of %2 to %3").arg(index).arg(qs(ref.str()), path), host);
            }
            return out;
        },
        [this, generation, host](LayerExportOutcome out) {
            if (generation != m_generation)
                return;
            m_running = false;
            m_services.noteActivity(host);
            emit finished(out);
        });
}

void LayerExportJob::cancel()
{
    // The outcome still arrives (JobPool delivers a cancelled job's result),
    // once core has removed the partial file on the job's thread.
    m_job.cancel();
}

} // namespace sociscope::ui
