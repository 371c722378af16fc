// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/files/selectionpreview.h"

#include "app/services.h"
#include "common/qtformat.h"
#include "jobs/fetchprogress.h"
#include "jobs/imagesession.h"
#include "pages/files/previewpane.h"

#include "common/lazycore.h"

namespace sociscope::ui {

SelectionPreview::SelectionPreview(ImageSession& session, PreviewPane* pane, QObject* parent)
    : QObject(parent), m_session(session), m_pane(pane), m_fetch(new FetchProgress(this))
{
    connect(m_pane, &PreviewPane::modeRequested, this, &SelectionPreview::onModeRequested);
    connect(m_pane, &PreviewPane::cancelRequested, this, &SelectionPreview::cancelPreview);
    connect(m_fetch, &FetchProgress::changed, this,
            [this] { m_pane->setFetchProgress(m_fetch->text(), m_fetch->permille()); });
}

void SelectionPreview::cancelPreview()
{
    if (m_settled)
        return;
    // The job's flag stops its fetch; its result (cancelled) shows as such.
    m_previewJob.cancel();
    ++m_previewGeneration;
    m_fetch->stop();
    m_settled = true;
    Preview p;
    p.kind = Preview::Kind::Error;
    p.text = tr("Preview cancelled: nothing more is fetched for it. Select the file again to fetch it.");
    p.cancelled = true;
    m_pane->setPreview(p);
    emit previewLoaded();
}

SelectionPreview::~SelectionPreview() { stop(); }

void SelectionPreview::stop()
{
    ++m_previewGeneration;
    ++m_costGeneration;
    m_previewJob.cancel();
    m_costJob.cancel();
    m_fetch->stop();
    m_settled = true;
    m_previewIno = 0;
}

void SelectionPreview::show(std::shared_ptr<const fs::ImageTree> tree, fs::Ino ino, const std::vector<fs::Ino>& inos)
{
    stop();
    m_tree = std::move(tree);
    startPreview(ino, m_pane->mode());
    startCost(m_tree, inos);
}

void SelectionPreview::showCost(std::shared_ptr<const fs::ImageTree> tree, const std::vector<fs::Ino>& inos)
{
    stop();
    m_tree = std::move(tree);
    startCost(m_tree, inos);
}

void SelectionPreview::startPreview(fs::Ino ino, Preview::Mode mode)
{
    auto image = m_session.image();
    auto tree = m_tree;
    if (!image || !tree || !tree->valid(ino))
        return;
    const fs::Inode& n = tree->inode(ino);
    if (n.type != fs::FileType::Regular || n.whiteout)
        return;
    const std::uint64_t generation = ++m_previewGeneration;
    m_previewJob.cancel(); // a preview replaced by another stops fetching for the old one
    m_settled = false;
    m_previewIno = ino;
    m_previewJob = m_session.services().jobs().run(
        this,
        [this, image, tree, ino, mode, generation](const JobContext& job) {
            return PreviewLoader::load(*image, *tree, ino, mode, *job.flag(), [&](std::uint64_t bytes, int spans) {
                // `this` only inside reports: they run on the GUI thread while it lives.
                job.report([this, generation, bytes, spans, image] {
                    if (generation != m_previewGeneration)
                        return;
                    m_pane->setFetching(bytes, spans);
                    m_fetch->start(image, bytes);
                });
            });
        },
        [this, generation](Preview p) {
            if (generation != m_previewGeneration)
                return;
            m_fetch->stop();
            m_settled = true;
            m_lastPreview = p;
            m_pane->setPreview(p);
            // What the preview fetched is here now: the cost went down.
            if (!p.cancelled)
                refreshCost();
            emit previewLoaded();
        });
}

void SelectionPreview::onModeRequested(Preview::Mode mode)
{
    if (!m_previewIno)
        return;
    // The bytes are here already: show them another way without fetching again.
    if (mode == Preview::Mode::Hex && m_settled && !m_lastPreview.head.isEmpty()) {
        m_pane->setPreview(PreviewLoader::fromBytes(m_lastPreview.head, m_lastPreview.fileSize, Preview::Mode::Hex));
        return;
    }
    startPreview(m_previewIno, mode);
}

void SelectionPreview::startCost(std::shared_ptr<const fs::ImageTree> tree, const std::vector<fs::Ino>& inos)
{
    m_costInos = inos;
    auto image = m_session.image();
    const std::uint64_t generation = ++m_costGeneration;
    m_costJob.cancel();
    if (!image || !tree)
        return;
    m_pane->setCostPending();
    m_costJob = m_session.services().jobs().run(
        this,
        [image, tree, inos](const JobContext& job) { return lazy::costOfSelection(*image, *tree, inos, job.flag()); },
        [this, generation](Result<lazy::SelectionCost> cost) {
            if (generation != m_costGeneration)
                return;
            if (cost)
                m_pane->setCost(*cost);
            else if (cost.error().code != ErrorCode::Cancelled)
                m_pane->setCostUnknown(tr("Cannot tell what extracting fetches: %1").arg(qs(cost.error().message)));
            emit costLoaded();
        });
}

} // namespace sociscope::ui
