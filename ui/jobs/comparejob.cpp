// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "jobs/comparejob.h"

#include "app/services.h"
#include "common/qtformat.h"

#include <algorithm>
#include <utility>

namespace sociscope::ui {

namespace {

QString hostOf(const oci::Reference& r) { return r.isLayout ? QString() : qs(r.registry); }

std::uint64_t costOf(const Comparison& c)
{
    std::uint64_t n = 0;
    for (lazy::LazyImage* img : {c.a.get(), c.b.get()})
        if (img)
            n += img->stats().networkBytes();
    return n;
}

Result<std::shared_ptr<lazy::LazyImage>> openLazy(const std::shared_ptr<registry::Session>& session,
                                                 const oci::Reference& ref, std::shared_ptr<lazy::DiskCache> cache)
{
    auto src = Services::open(session, ref);
    if (!src)
        return src.error();
    lazy::LazyOptions o;
    o.cache = std::move(cache); // the folder and cap of the preferences
    return lazy::LazyImage::open(std::shared_ptr<registry::Source>(std::move(*src)), ref.tagOrDigest(), o);
}

// One side of a file: its text up to the cap; binary when a NUL shows.
Status readSide(lazy::LazyImage& img, const std::string& path, QString& text, bool& binary, bool& truncated)
{
    auto tree = img.tree();
    if (!tree)
        return tree.error();
    auto ino = (*tree)->resolve(path, false);
    if (!ino)
        return {}; // not on this side
    auto attr = (*tree)->getattr(*ino);
    if (!attr)
        return attr.error();
    if (attr->type != fs::FileType::Regular)
        return {};
    const auto size = std::min<std::int64_t>(attr->size, CompareJob::TextCap);
    truncated = truncated || attr->size > CompareJob::TextCap;
    auto bytes = img.read(**tree, *ino, 0, static_cast<std::size_t>(size));
    if (!bytes)
        return bytes.error();
    if (bytes->find('\0') != std::string::npos)
        binary = true;
    text = QString::fromUtf8(bytes->data(), static_cast<qsizetype>(bytes->size()));
    return {};
}

} // namespace

CompareJob::CompareJob(Services& services, QObject* parent) : QObject(parent), m_services(services) {}

CompareJob::~CompareJob()
{
    cancel();
    release(std::exchange(m_result, nullptr));
}

void CompareJob::cancel()
{
    m_job.cancel();
    m_read.cancel();
    ++m_generation;
    ++m_readGeneration;
    m_running = false;
}

// Runs work(comparison, context) -> Status on a copy of the result, which
// replaces it when the work succeeds.
template <typename Work>
void CompareJob::runStep(Work work)
{
    m_job.cancel();
    m_running = true;
    const std::uint64_t generation = ++m_generation;
    auto current = m_result ? std::make_shared<Comparison>(*m_result) : std::make_shared<Comparison>();
    const QString host = hostOf(current->refA);
    m_job = m_services.jobs().run(
        JobPool::Lane::Long, this,
        [current, work = std::move(work)](const JobContext& context) -> Result<std::shared_ptr<const Comparison>> {
            Status s = work(*current, context);
            current->costBytes = costOf(*current);
            if (!s)
                return s.error();
            return std::shared_ptr<const Comparison>(current);
        },
        [this, generation, host](Result<std::shared_ptr<const Comparison>> r) {
            if (generation != m_generation) {
                if (r)
                    release(std::move(*r));
                return;
            }
            m_running = false;
            m_services.noteActivity(host);
            if (!r) {
                if (r.error().code != ErrorCode::Cancelled)
                    emit failed(UserMessages::fromError(r.error(), tr("compare the images"), host));
                return;
            }
            release(std::exchange(m_result, std::move(*r)));
            emit compared();
        });
}

Result<diff::ImageDiff> CompareJob::diffOf(Comparison& c, bool content, const JobContext& context)
{
    diff::Options o;
    o.compareContent = content;
    o.cancel = context.flag();
    o.progress = [this, &context](const std::string& stage, std::size_t done, std::size_t total) {
        context.report([this, stage = qs(stage), done, total] { emit progressed(stage, qint64(done), qint64(total)); });
    };
    return diff::diffImages(*c.a, *c.b, o);
}

void CompareJob::release(std::shared_ptr<const Comparison> comparison)
{
    // The last owner of a LazyImage joins its fetch threads, which may wait
    // on the network: never on the GUI thread.
    if (comparison)
        m_services.jobs().post([c = std::move(comparison)]() mutable { c.reset(); });
}

void CompareJob::start(const oci::Reference& a, const oci::Reference& b)
{
    release(std::exchange(m_result, nullptr));
    auto sa = m_services.session(hostOf(a));
    auto sb = m_services.session(hostOf(b));
    runStep([this, a, b, sa, sb, cache = m_services.cache()](Comparison& c, const JobContext& context) -> Status {
        c.refA = a;
        c.refB = b;
        {
            // The same manifest on both sides: nothing else is fetched.
            auto srcA = Services::open(sa, a);
            if (!srcA)
                return srcA.error();
            auto srcB = Services::open(sb, b);
            if (!srcB)
                return srcB.error();
            auto both = diff::resolveBoth(**srcA, a.tagOrDigest(), **srcB, b.tagOrDigest());
            if (!both)
                return both.error();
            c.digestA = both->first.digest;
            c.digestB = both->second.digest;
            if (c.digestA == c.digestB) {
                c.diff.sameImage = true;
                return {};
            }
        }
        auto ia = openLazy(sa, a, cache);
        if (!ia)
            return ia.error();
        auto ib = openLazy(sb, b, cache);
        if (!ib)
            return ib.error();
        c.a = *ia;
        c.b = *ib;
        auto d = diffOf(c, false, context);
        if (!d)
            return d.error();
        c.diff = std::move(*d);
        const auto& la = c.a->image().manifest.layers;
        for (std::size_t i = 0; i < c.diff.sharedLayers && i < la.size(); ++i)
            c.sharedBytes += static_cast<std::uint64_t>(la[i].size);
        return {};
    });
}

void CompareJob::compareContents()
{
    if (!m_result || !m_result->a)
        return;
    runStep([this](Comparison& c, const JobContext& context) -> Status {
        auto d = diffOf(c, true, context);
        if (!d)
            return d.error();
        c.diff = std::move(*d);
        c.contentsCompared = true;
        return {};
    });
}

void CompareJob::readPackages()
{
    if (!m_result || !m_result->a)
        return;
    runStep([this](Comparison& c, const JobContext& context) -> Status {
        std::vector<inventory::Package> lists[2];
        lazy::LazyImage* images[2] = {c.a.get(), c.b.get()};
        for (int side = 0; side < 2; ++side) {
            inventory::InventoryOptions o;
            o.cancel = context.flag();
            o.progress = [&, side](const std::string&, std::size_t done, std::size_t total) {
                context.report([this, side, done, total] {
                    emit progressed(side ? tr("packages of B") : tr("packages of A"), qint64(done), qint64(total));
                });
            };
            auto inv = diff::readImageInventory(*images[side], o);
            if (!inv)
                return inv.error();
            lists[side] = std::move(inv->packages);
        }
        c.packages = diff::diffPackages(lists[0], lists[1]);
        return {};
    });
}

void CompareJob::readSides(const QString& path)
{
    if (!m_result || !m_result->a)
        return;
    m_read.cancel();
    const std::uint64_t generation = ++m_readGeneration;
    auto c = m_result;
    m_read = m_services.jobs().run(
        this,
        [c, path]() {
            FileSides s;
            s.path = path;
            const std::string p = path.toStdString();
            Status st = readSide(*c->a, p, s.a, s.binary, s.truncated);
            if (st)
                st = readSide(*c->b, p, s.b, s.binary, s.truncated);
            if (!st)
                s.error = qs(st.error().text());
            return s;
        },
        [this, generation](FileSides s) {
            if (generation == m_readGeneration)
                emit sidesRead(s);
        });
}

} // namespace sociscope::ui
