// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "jobs/imagesession.h"

#include "app/services.h"
#include "common/qtformat.h"

#include "util/files.h"

namespace sociscope::ui {

namespace {

struct Opened {
    std::shared_ptr<lazy::LazyImage> image;
    std::int64_t wholeBytes = 0;
    int wholeLayers = 0;
};

} // namespace

ImageSession::ImageSession(Services& services, QObject* parent) : QObject(parent), m_services(services) {}

ImageSession::~ImageSession() { release(); }

template <typename Work, typename Done>
void ImageSession::start(Work work, Done done)
{
    m_jobs.push_back(m_services.jobs().run(this, std::move(work), std::move(done)));
}

void ImageSession::release()
{
    for (const JobHandle& job : m_jobs)
        job.cancel();
    m_jobs.clear();
    // The last owner joins the image's fetch threads: let that be a pool thread.
    if (m_image)
        m_services.jobs().post([image = std::move(m_image)]() mutable { image.reset(); });
    m_image.reset();
    m_tree.reset();
    m_spans.reset();
    m_changes.reset();
}

QString ImageSession::host() const { return m_ref.isLayout ? QString() : qs(m_ref.registry); }

void ImageSession::setImage(const oci::Reference& ref, const registry::PlatformImage& image)
{
    ++m_generation;
    release();
    m_ref = ref;
    m_platformImage = image;
    m_hasImage = true;
    m_state = State::Closed;
    m_wholeBytes = 0;
    m_wholeLayers = 0;
    emit reset();
}

void ImageSession::clear()
{
    ++m_generation;
    release();
    m_hasImage = false;
    m_state = State::Closed;
    emit reset();
}

QString ImageSession::layerLabel(int layer) const
{
    if (layer < 0 || layer >= layerCount())
        return tr("No layer");
    const auto& d = m_platformImage.manifest.layers[static_cast<size_t>(layer)];
    return tr("Layer %1 · %2 · %3").arg(layer).arg(Format::shortDigest(d.digest), Format::bytes(d.size));
}

void ImageSession::open()
{
    if (!m_hasImage || m_state != State::Closed)
        return;
    m_state = State::Opening;
    emit opening();
    const auto session = m_services.session(host());
    const oci::Reference ref = m_ref;
    const oci::Platform platform = m_platformImage.platform();
    const std::uint64_t generation = m_generation;
    start(
        [session, ref, platform, cache = m_services.cache()]() -> Result<Opened> {
            auto src = Services::open(session, ref);
            if (!src)
                return src.error();
            lazy::LazyOptions o;
            o.platform = platform;
            o.cache = cache; // the folder and cap of the preferences
            const bool local = (*src)->isLayout();
            auto img = lazy::LazyImage::open(std::shared_ptr<registry::Source>(std::move(*src)), ref.tagOrDigest(), o);
            if (!img)
                return img.error();
            Opened out;
            out.image = *img;
            // Layers without a zTOC are fetched whole to list them (unless here already).
            if (!local)
                for (const auto& c : (*img)->coverage())
                    if (!c.lazy() && !files::exists((*img)->cache()->areaPath(lazy::DiskCache::Area::Blobs, c.layer.digest))) {
                        out.wholeBytes += c.layer.size;
                        ++out.wholeLayers;
                    }
            return out;
        },
        [this, generation](Result<Opened> r) {
            if (generation != m_generation) {
                if (r)
                    m_services.jobs().post([image = std::move(r->image)]() mutable { image.reset(); });
                return;
            }
            m_services.noteActivity(host());
            if (!r) {
                m_state = State::Failed;
                emit openFailed(UserMessages::fromError(r.error(), tr("open %1").arg(qs(m_ref.str())), host()));
                return;
            }
            m_image = std::move(r->image);
            m_wholeBytes = r->wholeBytes;
            m_wholeLayers = r->wholeLayers;
            if (m_wholeBytes > ConsentBytes) {
                m_state = State::NeedsConsent;
                emit consentNeeded(m_wholeBytes, m_wholeLayers);
                return;
            }
            readTree();
        });
}

void ImageSession::openAnyway()
{
    if (m_state == State::NeedsConsent) {
        m_state = State::Opening;
        emit opening();
        readTree();
    }
}

void ImageSession::readTree()
{
    const std::uint64_t generation = m_generation;
    auto image = m_image;
    start(
        [image]() { return image->previewTree(); },
        [this, generation](Result<std::shared_ptr<const fs::ImageTree>> tree) {
            if (generation != m_generation)
                return;
            m_services.noteActivity(host());
            if (!tree) {
                m_state = State::Failed;
                emit openFailed(
                    UserMessages::fromError(tree.error(), tr("read the file list of %1").arg(qs(m_ref.str())), host()));
                return;
            }
            m_tree = *tree;
            m_state = State::Open;
            emit opened();
            verify();
        });
}

void ImageSession::verify()
{
    const std::uint64_t generation = m_generation;
    auto image = m_image;
    start(
        [image]() -> Result<Verified> {
            auto tree = image->tree();
            if (!tree)
                return tree.error();
            auto spans = SpanTable::build(*image);
            if (!spans)
                return spans.error();
            return Verified{*tree, *spans};
        },
        [this, generation](Result<Verified> v) {
            if (generation != m_generation)
                return;
            if (!v) {
                // The list shown was never confirmed: it goes, the error stays.
                m_tree.reset();
                m_state = State::Failed;
                emit verifyFailed(UserMessages::fromError(
                    v.error(), tr("check the file list of %1 against its zTOCs").arg(qs(m_ref.str())), host()));
                return;
            }
            // The same object when the preview was what the zTOCs hold.
            const bool replaced = v->tree != m_tree;
            m_tree = v->tree;
            m_spans = v->spans;
            emit verified(replaced);
            loadChanges();
        });
}

void ImageSession::loadLayerTree(int layer)
{
    if (!m_image || layer < 0 || layer >= layerCount())
        return;
    const std::uint64_t generation = m_generation;
    auto image = m_image;
    start(
        [image, layer]() { return image->layerTree(static_cast<std::size_t>(layer)); },
        [this, generation, layer](Result<std::shared_ptr<const fs::ImageTree>> tree) {
            if (generation != m_generation)
                return;
            if (!tree) {
                emit layerTreeFailed(layer, UserMessages::fromError(tree.error(), tr("list layer %1").arg(layer), host()));
                return;
            }
            emit layerTreeReady(layer, *tree);
        });
}

std::shared_ptr<const diff::LayerChanges> LayerChangeSet::of(const std::shared_ptr<const LayerChangeSet>& set, int layer)
{
    if (!set || layer < 0 || static_cast<std::size_t>(layer) >= set->changes.layers.size())
        return {};
    return {set, &set->changes.layers[static_cast<std::size_t>(layer)]};
}

void ImageSession::loadChanges()
{
    if (!m_image || m_changes)
        return;
    const std::uint64_t generation = m_generation;
    auto image = m_image;
    const int layers = layerCount();
    start(
        [image, layers]() -> Result<std::shared_ptr<const LayerChangeSet>> {
            auto set = std::make_shared<LayerChangeSet>();
            std::vector<const fs::ImageTree*> views;
            for (int i = 0; i < layers; ++i) {
                auto tree = image->layerTree(static_cast<std::size_t>(i));
                if (!tree)
                    return tree.error();
                set->views.push_back(*tree);
                views.push_back(tree->get());
            }
            set->changes = diff::layerChanges(views);
            return std::shared_ptr<const LayerChangeSet>(std::move(set));
        },
        [this, generation](Result<std::shared_ptr<const LayerChangeSet>> set) {
            if (generation != m_generation)
                return;
            if (!set) {
                // The marks are an extra: the tree stays, the reason goes to the log.
                qWarning("layer changes of %s: %s", m_ref.str().c_str(), set.error().message.c_str());
                return;
            }
            m_changes = *set;
            emit changesReady();
        });
}

} // namespace sociscope::ui
