// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "jobs/createindexjob.h"

#include "app/services.h"
#include "common/qtformat.h"

#include "registry/inspect.h"
#include "soci/index.h"
#include "soci/ztoc.h"

#include <chrono>

namespace sociscope::ui {

namespace {

QString hostOf(const oci::Reference& r) { return r.isLayout ? QString() : qs(r.registry); }

// A zTOC is read back for its counts only up to this size (they are KiB to a
// few MiB; a bigger one is shown without counts).
constexpr std::uint64_t kZtocReadCap = 64ull << 20;

CreatedLayer layerOf(const soci::LayerCoverage& c)
{
    CreatedLayer l;
    l.index = c.index;
    l.digest = qs(c.layer.digest.str());
    l.size = c.layer.size;
    l.indexed = c.lazy();
    l.reason = qs(c.reason);
    if (c.ztoc)
        l.ztocSize = c.ztoc->size;
    return l;
}

// Spans and files of a zTOC from its bytes; left unknown (-1) when they do not parse.
void countZtoc(CreatedLayer& l, const std::string& bytes)
{
    auto z = soci::parseZtoc(bytes);
    if (!z)
        return;
    l.spans = z->maxSpanId + 1;
    l.files = static_cast<int>(z->entries.size());
}

} // namespace

CreateIndexJob::CreateIndexJob(Services& services, QObject* parent) : QObject(parent), m_services(services) {}

CreateIndexJob::~CreateIndexJob() { m_job.cancel(); }

std::int64_t CreateIndexJob::defaultSpanSize() { return soci::IndexBuildOptions{}.spanSize; }

std::int64_t CreateIndexJob::defaultMinLayerSize() { return soci::IndexBuildOptions{}.minLayerSize; }

void CreateIndexJob::cancel() { m_job.cancel(); }

void CreateIndexJob::start(const CreateIndexRequest& request)
{
    m_job.cancel();
    m_running = true;
    const std::uint64_t generation = ++m_generation;
    const QString host = hostOf(request.source);
    const auto session = m_services.session(host);
    const auto targetSession = m_services.session(hostOf(request.target));
    m_job = m_services.jobs().run(
        JobPool::Lane::Long, this,
        [this, request, session, targetSession, host](const JobContext& context) {
            CreateIndexOutcome out;
            out.request = request;
            soci::IndexBuildOptions o;
            o.spanSize = request.spanSize;
            o.minLayerSize = request.minLayerSize;
            o.ztocBuildTool = o.indexBuildTool = std::string("sociscope ") + SOCISCOPE_VERSION; // as the CLI
            o.cancel = context.flag();
            auto last = std::chrono::steady_clock::time_point();
            o.progress = [&](int layer, int layers, std::int64_t done, std::int64_t total) {
                // At most ten reports a second, and every layer's end.
                const auto now = std::chrono::steady_clock::now();
                if (now - last < std::chrono::milliseconds(100) && done < total)
                    return;
                last = now;
                context.report([this, layer, layers, done, total] { emit progressed(layer, layers, done, total); });
            };
            const Status s = [&]() -> Status {
                auto src = Services::open(session, request.source);
                if (!src)
                    return src.error();
                if (request.convert) {
                    auto dst = Services::open(targetSession, request.target);
                    if (!dst)
                        return dst.error();
                    context.report([this] { emit copying(); });
                    soci::ConvertOptions co;
                    co.build = o;
                    auto r = soci::convertImage(**src, request.source.tagOrDigest(), **dst, request.target.tag, co);
                    if (!r) {
                        (*dst)->abandonWrites();
                        return r.error();
                    }
                    out.digest = qs(r->digest.str());
                    for (const auto& p : r->platforms) {
                        CreatedPlatform cp{qs(p.platform.str()), qs(p.index.str()), {}};
                        for (const auto& c : p.coverage) {
                            CreatedLayer l = layerOf(c);
                            // convertImage keeps the zTOCs in the target only: read them back.
                            if (c.ztoc && !context.cancelled())
                                if (auto bytes = (*dst)->fetchBlobBytes(*c.ztoc, kZtocReadCap))
                                    countZtoc(l, *bytes);
                            cp.layers << l;
                        }
                        out.platforms << cp;
                    }
                    return {};
                }
                auto image = registry::resolvePlatformImage(**src, request.source.tagOrDigest());
                if (!image)
                    return image.error();
                auto built = soci::buildIndex(**src, *image, 1, o);
                if (!built)
                    return built.error();
                if (auto pushed = soci::pushIndexV1(**src, *built); !pushed)
                    return pushed;
                out.digest = qs(built->index.digest.str());
                CreatedPlatform cp{qs(image->platform().str()), out.digest, {}};
                for (const auto& c : built->coverage) {
                    CreatedLayer l = layerOf(c);
                    for (const auto& z : built->ztocs)
                        if (c.ztoc && z.descriptor.digest == c.ztoc->digest)
                            countZtoc(l, z.bytes);
                    cp.layers << l;
                }
                out.platforms << cp;
                return {};
            }();
            if (s) {
                out.ok = true;
            } else if (s.error().code == ErrorCode::Cancelled || context.cancelled()) {
                out.cancelled = true;
            } else {
                const QString what = request.convert ? tr("create a SOCI-enabled copy of %1 as %2")
                                                           .arg(qs(request.source.str()), qs(request.target.str()))
                                                     : tr("create and push a SOCI index for %1").arg(qs(request.source.str()));
                out.error = UserMessages::fromError(s.error(), what, host);
            }
            return out;
        },
        [this, generation, host](CreateIndexOutcome out) {
            if (generation != m_generation)
                return;
            m_running = false;
            m_services.noteActivity(host);
            emit finished(out);
        });
}

} // namespace sociscope::ui
