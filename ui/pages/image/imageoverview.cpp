// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/image/imageoverview.h"

#include "common/qtformat.h"
#include "models/configmodel.h"
#include "models/layermodel.h"
#include "models/platformmodel.h"
#include "widgets/coveragebar.h"
#include "widgets/views.h"

#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTreeView>
#include <QVBoxLayout>

namespace sociscope::ui {

namespace {

QFrame* card(QWidget* parent)
{
    auto* f = new QFrame(parent);
    f->setFrameShape(QFrame::StyledPanel);
    f->setAutoFillBackground(true);
    f->setBackgroundRole(QPalette::AlternateBase);
    return f;
}

QLabel* heading(const QString& text, QWidget* parent)
{
    auto* l = new QLabel(text, parent);
    QFont f = l->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.1);
    l->setFont(f);
    return l;
}

QLabel* value(QWidget* parent)
{
    auto* l = new QLabel(parent);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->setWordWrap(true);
    return l;
}

} // namespace

ImageOverview::ImageOverview(PlatformModel* platforms, QWidget* parent)
    : QWidget(parent),
      m_sociTitle(heading({}, this)),
      m_sociText(value(this)),
      m_bar(new CoverageBar(this)),
      m_coverage(value(this)),
      m_created(value(this)),
      m_command(value(this)),
      m_layers(value(this)),
      m_wasted(value(this)),
      m_workdir(value(this)),
      m_config(value(this)),
      m_entries(new QTreeView(this))
{
    m_sociText->setForegroundRole(QPalette::PlaceholderText);
    m_coverage->setForegroundRole(QPalette::PlaceholderText);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_command->setFont(mono);

    auto* soci = card(this);
    auto* sl = new QVBoxLayout(soci);
    sl->setContentsMargins(14, 12, 14, 12);
    sl->setSpacing(6);
    sl->addWidget(m_sociTitle);
    sl->addWidget(m_sociText);
    sl->addSpacing(6);
    sl->addWidget(m_bar);
    sl->addWidget(m_coverage);
    sl->addStretch(1);

    auto* image = card(this);
    auto* il = new QVBoxLayout(image);
    il->setContentsMargins(14, 12, 14, 12);
    il->setSpacing(6);
    il->addWidget(heading(tr("Image"), image));
    auto* form = new QFormLayout;
    form->setHorizontalSpacing(14);
    form->setVerticalSpacing(4);
    form->setLabelAlignment(Qt::AlignLeft);
    const auto label = [image](const QString& t) {
        auto* l = new QLabel(t, image);
        l->setForegroundRole(QPalette::PlaceholderText);
        return l;
    };
    form->addRow(label(tr("Created")), m_created);
    form->addRow(label(tr("Runs")), m_command);
    form->addRow(label(tr("Layers")), m_layers);
    m_wasted->setObjectName(QStringLiteral("wastedLabel"));
    form->addRow(label(tr("Wasted")), m_wasted);
    form->addRow(label(tr("Working dir")), m_workdir);
    form->addRow(label(tr("Config")), m_config);
    il->addLayout(form);
    il->addStretch(1);

    auto* cards = new QHBoxLayout;
    cards->setSpacing(12);
    cards->addWidget(soci, 3);
    cards->addWidget(image, 2);

    m_entries->setObjectName(QStringLiteral("platformsView")); // for tests
    m_entries->setModel(platforms);
    Views::setUpTable(m_entries);
    m_entries->setFrameShape(QFrame::StyledPanel);
    QHeaderView* h = m_entries->header();
    h->resizeSection(PlatformModel::ColumnPlatform, 170);
    h->resizeSection(PlatformModel::ColumnKind, 190);
    h->resizeSection(PlatformModel::ColumnSize, 100);
    h->resizeSection(PlatformModel::ColumnDigest, 180);

    auto* l = new QVBoxLayout(this);
    l->setContentsMargins(0, 12, 0, 0);
    l->setSpacing(8);
    l->addLayout(cards);
    l->addSpacing(6);
    auto* entriesTitle = new QLabel(tr("Contents of this reference"), this);
    QFont bold = entriesTitle->font();
    bold.setBold(true);
    entriesTitle->setFont(bold);
    l->addWidget(entriesTitle);
    l->addWidget(m_entries, 1);

    connect(m_entries, &QTreeView::activated, this, [this](const QModelIndex& i) {
        const int img = i.siblingAtColumn(0).data(PlatformModel::ImageIndexRole).toInt();
        if (img >= 0)
            emit platformActivated(img);
    });
    clear();
}

void ImageOverview::clear()
{
    m_sociTitle->setText(tr("Looking for a SOCI index…"));
    m_sociText->clear();
    m_coverage->clear();
    m_bar->hide();
    for (QLabel* l : {m_created, m_command, m_layers, m_workdir, m_config})
        l->clear();
    m_wasted->setText(tr("counted when the file list is read (Files tab)"));
}

QString ImageOverview::wasteText(qint64 bytes, qint64 files)
{
    if (files == 0)
        return tr("nothing: no layer overwrites or removes a file of a lower one");
    return tr("%1 in %n file(s) overwritten or removed by upper layers", "", static_cast<int>(files))
        .arg(Format::bytes(bytes));
}

void ImageOverview::setWaste(qint64 bytes, qint64 files)
{
    m_wasted->setText(wasteText(bytes, files));
    m_wasted->setToolTip(tr("%L1 bytes shipped and stored in lower layers but never seen in the image").arg(bytes));
}

void ImageOverview::setImage(const registry::PlatformImage& img)
{
    const auto& c = img.config;
    m_created->setText(c.created.empty() ? tr("unknown") : Format::time(c.created));
    std::vector<std::string> run = c.entrypoint;
    run.insert(run.end(), c.cmd.begin(), c.cmd.end());
    m_command->setText(run.empty() ? tr("nothing set") : ConfigModel::shellJoin(run));
    m_layers->setText(tr("%1 · %2 compressed")
                          .arg(static_cast<int>(img.manifest.layers.size()))
                          .arg(Format::bytes(img.layersSize())));
    m_workdir->setText(c.workingDir.empty() ? QStringLiteral("/") : qs(c.workingDir));
    m_config->setText(Format::shortDigest(img.manifest.config.digest) + QStringLiteral(" · ") +
                      Format::bytes(img.manifest.config.size));
    m_config->setToolTip(qs(img.manifest.config.digest.str()));
}

QString ImageOverview::coverageText(const ImageDetails& d)
{
    const std::int64_t covered = d.coveredBytes(), total = d.totalBytes();
    const int percent = total > 0 ? static_cast<int>((covered * 100 + total / 2) / total) : 0;
    return tr("%1 of %2 covered by SOCI (%3 %)").arg(Format::bytes(covered), Format::bytes(total)).arg(percent);
}

QString ImageOverview::lazyText(const ImageDetails& d)
{
    int lazy = 0;
    for (const auto& c : d.coverage)
        lazy += c.lazy() ? 1 : 0;
    return tr("%1 of %n layer(s) read lazily", "", static_cast<int>(d.coverage.size())).arg(lazy);
}

void ImageOverview::fillBar(CoverageBar* bar, const ImageDetails& d)
{
    std::vector<CoverageBar::Segment> segments;
    for (const auto& c : d.coverage)
        segments.push_back({c.layer.size, c.lazy(),
                            tr("Layer %1: %2, %3").arg(c.index).arg(Format::bytes(c.layer.size),
                                                                   LayerModel::coverageText(c.kind))});
    bar->setSegments(std::move(segments));
    bar->show();
}

void ImageOverview::setDetails(const ImageDetails& d, const QString& convertHint)
{
    fillBar(m_bar, d);
    m_coverage->setText(coverageText(d));
    if (!d.index) {
        m_sociTitle->setText(tr("No SOCI index"));
        m_sociText->setText(tr("Every layer is fetched whole before a container can start. Make a SOCI-enabled "
                               "copy with “%1”.")
                                .arg(convertHint));
        return;
    }
    const soci::SociIndex& idx = d.index->index;
    m_sociTitle->setText(tr("SOCI index v%1  ·  %2").arg(idx.version).arg(lazyText(d)));
    // Core names the way it found the index in English.
    const QString via = d.index->via == "manifest annotation" ? tr("manifest annotation")
                        : d.index->via == "referrers"         ? tr("referrers")
                                                              : qs(d.index->via);
    QString text = tr("Found through the %1 · %n zTOC(s) · index %2", "", static_cast<int>(idx.manifest.layers.size()))
                       .arg(via, Format::shortDigest(idx.digest));
    if (!idx.buildTool().empty())
        text += tr(" · built by %1").arg(qs(idx.buildTool()));
    m_sociText->setText(text);
}

void ImageOverview::setError(const QString& error)
{
    m_sociTitle->setText(tr("Could not read the SOCI index"));
    m_sociText->setText(error);
}

} // namespace sociscope::ui
