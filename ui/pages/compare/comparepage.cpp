// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/compare/comparepage.h"

#include "app/services.h"
#include "common/qtformat.h"
#include "jobs/comparejob.h"
#include "pages/compare/comparemodel.h"
#include "pages/compare/textdiffview.h"
#include "widgets/views.h"

#include <algorithm>

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace sociscope::ui {

ComparePage::ComparePage(Services& services, QWidget* parent)
    : QWidget(parent),
      m_services(services),
      m_job(new CompareJob(services, this)),
      m_model(new CompareModel(this)),
      m_filter(new CompareFilter(this)),
      m_packages(new PackageChangeModel(this)),
      m_title(new QLabel(this)),
      m_summary(new QLabel(this)),
      m_progress(new QProgressBar(this)),
      m_kind(new QComboBox(this)),
      m_text(new QLineEdit(this)),
      m_contents(new QPushButton(tr("Compare &Contents"), this)),
      m_readPackages(new QPushButton(tr("Read &Packages"), this)),
      m_view(new QTreeView(this)),
      m_diff(new TextDiffView(this))
{
    const std::pair<QObject*, const char*> names[] = {
        {m_view, "compareView"},         {m_summary, "compareSummary"}, {m_kind, "compareKind"},
        {m_text, "compareFilter"},       {m_contents, "compareContents"}, {m_progress, "compareProgress"},
        {m_diff, "textDiff"},            {m_readPackages, "readPackages"},
    };
    for (const auto& [child, name] : names)
        child->setObjectName(QLatin1String(name));
    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.2);
    m_title->setFont(bold);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setWordWrap(true);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_kind->addItem(tr("All changes"), -1);
    m_kind->addItem(tr("Added"), int(diff::Kind::Added));
    m_kind->addItem(tr("Removed"), int(diff::Kind::Removed));
    m_kind->addItem(tr("Changed"), int(diff::Kind::Changed));
    m_text->setPlaceholderText(tr("Filter paths"));
    m_text->setClearButtonEnabled(true);
    m_contents->setToolTip(tr("Read the changed files whose content is not known from the indexes (their spans only) "
                              "and compare their bytes"));
    m_progress->setMaximumHeight(14);
    m_progress->hide();

    m_filter->setSourceModel(m_model);
    m_view->setModel(m_filter);
    Views::setUpTable(m_view);
    m_view->setSortingEnabled(true);
    m_view->setRootIsDecorated(true);
    m_view->sortByColumn(CompareModel::ColumnName, Qt::AscendingOrder);
    // Interactive, not stretched: the names can be widened and narrowed (a
    // double-click on the divider fits them, as QTreeView does); fitColumns()
    // sizes them to the names whenever other rows show.
    QHeaderView* h = m_view->header();
    h->setSectionResizeMode(CompareModel::ColumnName, QHeaderView::Interactive);
    h->resizeSection(CompareModel::ColumnName, MinNameWidth);
    h->resizeSection(CompareModel::ColumnChange, std::max(170, h->sectionSizeHint(CompareModel::ColumnChange)));
    h->resizeSection(CompareModel::ColumnBelow, std::max(200, h->sectionSizeHint(CompareModel::ColumnBelow)));
    connect(m_view, &QTreeView::expanded, this, [this] { QTimer::singleShot(0, this, &ComparePage::fitColumns); });

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_kind);
    filters->addWidget(m_text, 1);
    filters->addWidget(m_contents);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(m_diff);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* files = new QWidget(this);
    auto* fl = new QVBoxLayout(files);
    fl->setContentsMargins(0, 8, 0, 0);
    fl->addLayout(filters);
    fl->addWidget(split, 1);

    auto* packagesView = new QTreeView(this);
    packagesView->setObjectName(QStringLiteral("packagesView"));
    packagesView->setModel(m_packages);
    Views::setUpTable(packagesView);
    auto* packages = new QWidget(this);
    auto* pl = new QVBoxLayout(packages);
    pl->setContentsMargins(0, 8, 0, 0);
    pl->addWidget(m_readPackages, 0, Qt::AlignLeft);
    pl->addWidget(packagesView, 1);
    m_readPackages->setToolTip(tr("Read both images' package lists (dpkg, rpm, apk, Python, conda, CUDA) lazily"));

    auto* tabs = new QTabWidget(this);
    tabs->setDocumentMode(true);
    tabs->addTab(files, tr("&Files"));
    tabs->addTab(packages, tr("&Packages"));

    auto* l = new QVBoxLayout(this);
    l->setContentsMargins(16, 14, 16, 12);
    l->addWidget(m_title);
    l->addWidget(m_summary);
    l->addWidget(m_progress);
    l->addWidget(tabs, 1);

    connect(m_kind, &QComboBox::activated, this, [this](int i) {
        m_filter->setKind(m_kind->itemData(i).toInt());
        expandIfSmall();
    });
    connect(m_text, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_filter->setText(text);
        expandIfSmall();
    });
    connect(m_contents, &QPushButton::clicked, this, [this] {
        setBusy(true);
        m_job->compareContents();
    });
    connect(m_readPackages, &QPushButton::clicked, this, [this] {
        setBusy(true);
        m_job->readPackages();
    });
    connect(m_job, &CompareJob::compared, this, &ComparePage::onCompared);
    connect(m_job, &CompareJob::progressed, this, &ComparePage::onProgress);
    connect(m_job, &CompareJob::failed, this, [this](const UserMessage& m) {
        setBusy(false);
        m_summary->setText(m.textAndCause());
        emit messageRaised(m);
    });
    connect(m_job, &CompareJob::sidesRead, m_diff, &TextDiffView::showSides);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ComparePage::showSelected);
    setBusy(false);
}

void ComparePage::compare(const oci::Reference& a, const oci::Reference& b)
{
    m_a = a;
    m_b = b;
    m_title->setText(tr("%1  ⇄  %2").arg(qs(a.str()), qs(b.str())));
    m_summary->setText(tr("Comparing…"));
    m_model->clear();
    m_packages->clear();
    m_diff->showNote(tr("Select a changed file to see both sides."));
    setBusy(true);
    m_job->start(a, b);
}

void ComparePage::setBusy(bool busy)
{
    m_progress->setVisible(busy);
    m_progress->setRange(0, 0);
    const auto& r = m_job->result();
    m_contents->setEnabled(!busy && r && r->a && !r->contentsCompared);
    m_readPackages->setEnabled(!busy && r && r->a && !r->packages);
}

void ComparePage::onProgress(const QString& stage, qint64 done, qint64 total)
{
    m_progress->setRange(0, total > 0 ? 1000 : 0);
    m_progress->setValue(total > 0 ? int(done * 1000 / total) : 0);
    m_progress->setFormat(tr("%1: %L2 of %L3").arg(stageText(stage)).arg(done).arg(total));
    m_progress->setTextVisible(true);
}

void ComparePage::onCompared()
{
    setBusy(false);
    const auto& c = *m_job->result();
    const auto& d = c.diff;
    m_model->setEntries(d.entries);
    expandIfSmall();
    if (c.packages)
        m_packages->setChanges(*c.packages);
    if (d.sameImage) {
        m_summary->setText(tr("No differences: both name the same image %1.").arg(qs(c.digestA.str())));
        return;
    }
    int counts[5] = {};
    for (const auto& e : d.entries)
        ++counts[static_cast<int>(e.kind)];
    QString s = tr("%L1 added, %L2 removed, %L3 changed, %L4 with content not compared, %L5 equal")
                    .arg(counts[int(diff::Kind::Added)])
                    .arg(counts[int(diff::Kind::Removed)])
                    .arg(counts[int(diff::Kind::Changed)])
                    .arg(counts[int(diff::Kind::Unknown)])
                    .arg(d.same);
    s += QStringLiteral(" · ") + tr("%n shared layer(s) skipped (%1 both images share)", nullptr, int(d.sharedLayers))
                                     .arg(Format::bytes(static_cast<std::int64_t>(c.sharedBytes)));
    s += QStringLiteral(" · ") + tr("the comparison fetched %1").arg(Format::bytes(static_cast<std::int64_t>(c.costBytes)));
    if (c.contentsCompared)
        s += QStringLiteral(" · ") +
             tr("%1 of file contents compared").arg(Format::bytes(static_cast<std::int64_t>(d.contentBytesRead)));
    if (c.packages)
        s += QStringLiteral(" · ") + tr("%n package change(s)", nullptr, int(c.packages->size()));
    m_summary->setText(s);
}

void ComparePage::showSelected()
{
    const QModelIndex i = m_filter->mapToSource(m_view->currentIndex());
    if (!i.isValid())
        return;
    const diff::Entry* e = m_model->entry(i);
    const QString path = i.data(CompareModel::PathRole).toString();
    if (!e) {
        m_diff->showNote(tr("%1 did not change itself; below it: %2.")
                             .arg(path, CompareModel::countsText(m_model->countsBelow(i))));
        return;
    }
    const bool regular = (!e->a || e->a->type == fs::FileType::Regular) && (!e->b || e->b->type == fs::FileType::Regular);
    if (!regular) {
        m_diff->showNote(tr("%1 is not a regular file on both sides: the reason column says what changed.").arg(path));
        return;
    }
    m_diff->showNote(tr("Reading %1…").arg(path));
    m_job->readSides(qs(e->path));
}

void ComparePage::expandIfSmall()
{
    // Opened whole when it fits on a few screens; a big tree stays folded.
    if (m_model->nodeCount() <= ExpandAllLimit)
        m_view->expandAll();
    fitColumns();
}

void ComparePage::fitColumns()
{
    // QTreeView's fit covers the rows laid out now, with their indentation.
    // The Reason column, last, stretches into what is left.
    const std::pair<int, int> least[] = {
        {CompareModel::ColumnName, MinNameWidth}, {CompareModel::ColumnChange, 150}, {CompareModel::ColumnBelow, 200}};
    for (const auto& [column, width] : least) {
        m_view->resizeColumnToContents(column);
        m_view->header()->resizeSection(column, std::max(width, m_view->header()->sectionSize(column)));
    }
}

QString ComparePage::stageText(const QString& stage)
{
    // core/diff names its stages in English ids; the words shown are ours.
    if (stage == QLatin1String("layers"))
        return tr("Reading the layers' file lists");
    if (stage == QLatin1String("shared layers"))
        return tr("Reading the shared layers");
    if (stage == QLatin1String("comparing"))
        return tr("Comparing paths");
    if (stage == QLatin1String("content"))
        return tr("Comparing contents");
    return stage;
}

} // namespace sociscope::ui
