// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "jobs/extractjob.h"

#include "common/qtformat.h"
#include "jobs/fetchprogress.h"

#include <algorithm>
#include <chrono>

namespace sociscope::ui {

ExtractJob::ExtractJob(JobPool& jobs, std::shared_ptr<lazy::LazyImage> image, std::shared_ptr<const fs::ImageTree> tree,
                       QStringList paths, QString destination, QObject* parent)
    : QObject(parent),
      m_jobs(jobs),
      m_image(std::move(image)),
      m_tree(std::move(tree)),
      m_paths(std::move(paths)),
      m_destination(std::move(destination)),
      m_fetch(new FetchProgress(this))
{
    connect(m_fetch, &FetchProgress::changed, this, &ExtractJob::fetchProgressed);
}

ExtractJob::~ExtractJob() { m_job.cancel(); }

void ExtractJob::cancel() { m_job.cancel(); }

QString ExtractJob::targetOf(const QString& path, const QString& destination)
{
    const QString name = path.section(QLatin1Char('/'), -1, -1, QString::SectionSkipEmpty);
    return destination + QLatin1Char('/') + name;
}

ExtractOutcome ExtractJob::extract(lazy::LazyImage& image, const std::shared_ptr<const fs::ImageTree>& tree,
                                   const QStringList& paths, const QString& destination, const std::atomic<bool>* cancel,
                                   const Progress& progress)
{
    ExtractOutcome out;
    const std::string dest = destination.toStdString();
    const auto began = std::chrono::steady_clock::now();
    const fs::FileReader reader = [&image, tree](fs::Ino ino, std::int64_t off, std::size_t len) {
        return image.read(*tree, ino, off, len);
    };
    quint64 files = 0, bytes = 0;
    // Nothing of a list read before its zTOCs were verified is written.
    const Status verified = image.ensureVerified(*tree);
    if (!verified)
        out.error = qs(verified.error().text());
    for (const QString& path : verified ? paths : QStringList()) {
        const std::string p = path.toStdString();
        fs::ExtractOptions o;
        o.cancel = cancel;
        // Keep the selected entry's own name: drop the folders above it.
        o.stripComponents = std::max(0, static_cast<int>(path.split(QLatin1Char('/'), Qt::SkipEmptyParts).size()) - 1);
        o.progress = [&](const std::string& file, std::uint64_t n) {
            ++files;
            bytes += n;
            if (progress)
                progress(files, bytes, qs(file));
        };
        auto r = fs::extract(*tree, reader, {p}, dest, o);
        if (!r) {
            out.cancelled = r.error().code == ErrorCode::Cancelled;
            out.error = qs(r.error().text());
            break;
        }
        out.result.files += r->files;
        out.result.folders += r->folders;
        out.result.links += r->links;
        out.result.nodes += r->nodes;
        out.result.bytes += r->bytes;
        const auto append = [](auto& to, const auto& from) { to.insert(to.end(), from.begin(), from.end()); };
        append(out.result.skipped, r->skipped);
        append(out.result.devicesSkipped, r->devicesSkipped);
        append(out.result.failed, r->failed);
        append(out.result.notFound, r->notFound);
        out.written << targetOf(path, destination);
    }
    out.elapsedMs = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began).count();
    return out;
}

void ExtractJob::start(quint64 totalBytes)
{
    if (m_running || m_job.isValid())
        return;
    m_running = true;
    m_fetch->start(m_image);
    m_job = m_jobs.run(
        JobPool::Lane::Long, this,
        [this, totalBytes, image = m_image, tree = m_tree, paths = m_paths, dest = m_destination](const JobContext& job) {
            auto last = std::chrono::steady_clock::now() - std::chrono::seconds(1);
            // What the selection needs from the network, for the progress's
            // percentage and time left (each span once; cached ones not).
            std::vector<fs::Ino> roots;
            for (const QString& p : paths)
                if (auto ino = tree->resolve(p.toStdString(), false))
                    roots.push_back(*ino);
            if (auto cost = lazy::costOfSelection(*image, *tree, roots, job.flag())) {
                const std::uint64_t need = cost->fetchBytes();
                job.report([this, need] {
                    m_fetch->setTotal(need);
                    emit fetchProgressed();
                });
            }
            // `this` only inside reports: they run on the GUI thread while it lives.
            return extract(*image, tree, paths, dest, job.flag(), [&](quint64 files, quint64 bytes, const QString& file) {
                const auto now = std::chrono::steady_clock::now();
                if (now - last < std::chrono::milliseconds(100))
                    return;
                last = now;
                job.report([this, files, bytes, totalBytes, file] { emit progressed(files, bytes, totalBytes, file); });
            });
        },
        [this](ExtractOutcome out) {
            m_running = false;
            m_fetch->stop();
            emit finished(out);
        });
}

} // namespace sociscope::ui
