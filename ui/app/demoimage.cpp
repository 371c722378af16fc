// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "app/demoimage.h"

#include "common/qtformat.h"
#include "jobs/jobpool.h"

#include "image/demo_image.h"
#include "registry/source.h"
#include "soci/index.h"
#include "util/files.h"
#include "util/strings.h"

#include <QPointer>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace sociscope::ui {

namespace {

constexpr const char* SociTag = "latest-soci";

struct Outcome {
    Status status;
    bool created = false;
};

// True when folder holds a complete demo (the SOCI tag is written last).
bool complete(const std::string& folder)
{
    if (!files::isDirectory(folder))
        return false;
    auto src = registry::makeLayoutSource(folder, false);
    return src && (*src)->resolve(SociTag).ok();
}

} // namespace

DemoImage::DemoImage(JobPool& jobs, QString folder, QObject* parent)
    : QObject(parent), m_jobs(jobs), m_folder(std::move(folder))
{
}

QString DemoImage::defaultFolder() { return qs(files::dataDir()) + QStringLiteral("/demo"); }

QString DemoImage::reference() const { return QStringLiteral("oci:") + m_folder + QLatin1Char(':') + QLatin1String(SociTag); }

void DemoImage::ensure()
{
    if (m_running)
        return;
    m_running = true;
    const std::string folder = m_folder.toStdString();
    // Progress comes from the job thread: post it to the pool (which outlives
    // every job) and check on the GUI thread that we still exist.
    QPointer<DemoImage> guard(this);
    JobPool* pool = &m_jobs;
    auto report = [guard, pool](const QString& phase, int percent) {
        QMetaObject::invokeMethod(
            pool,
            [guard, phase, percent] {
                if (guard)
                    emit guard->progressed(phase, percent);
            },
            Qt::QueuedConnection);
    };
    m_jobs.run(
        this,
        [folder, report]() -> Outcome {
            if (complete(folder))
                return {{}, false};
            const auto slash = folder.find_last_of('/');
            if (slash != std::string::npos)
                if (auto s = files::makeDirs(folder.substr(0, slash)); !s)
                    return {s, false};
            const std::string tmp = files::temporaryName(folder);
            auto src = registry::makeLayoutSource(tmp, true);
            if (!src)
                return {src.error(), false};
            report(tr("Building the demo image…"), -1);
            if (auto d = image::buildDemoImage(**src, "latest"); !d) {
                (void)files::removeAll(tmp);
                return {d.error(), false};
            }
            soci::ConvertOptions co;
            const std::string tool = std::string("sociscope ") + SOCISCOPE_VERSION;
            co.build.ztocBuildTool = tool;
            co.build.indexBuildTool = tool;
            co.build.progress = [report](int layer, int layers, std::int64_t done, std::int64_t total) {
                const int perLayer = total > 0 ? static_cast<int>(done * 100 / total) : 100;
                report(tr("Indexing layer %1 of %2 of the demo image…").arg(layer + 1).arg(layers),
                       layers > 0 ? (layer * 100 + perLayer) / layers : -1);
            };
            if (auto r = soci::convertImage(**src, "latest", **src, SociTag, co); !r) {
                (void)files::removeAll(tmp);
                return {r.error(), false};
            }
            // Into place in one step; a broken leftover is replaced, a
            // complete demo another instance made just now is kept.
            if (std::rename(tmp.c_str(), folder.c_str()) != 0) {
                if (complete(folder)) {
                    (void)files::removeAll(tmp);
                    return {{}, false};
                }
                (void)files::removeAll(folder);
                if (std::rename(tmp.c_str(), folder.c_str()) != 0) {
                    const int err = errno;
                    (void)files::removeAll(tmp);
                    return {makeError(ErrorCode::Io, std::string("cannot move the demo into place: ") + std::strerror(err),
                                      folder),
                            false};
                }
            }
            return {{}, true};
        },
        [this](Outcome o) {
            m_running = false;
            if (!o.status) {
                emit progressed({}, 0);
                emit failed(UserMessages::fromError(o.status.error(), tr("make the demo image in %1").arg(m_folder)));
                return;
            }
            m_ready = true;
            emit progressed({}, 100);
            emit ready(reference(), o.created);
        });
}

} // namespace sociscope::ui
