// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "dialogs/createindexdialog.h"

#include "common/qtformat.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <limits>

namespace sociscope::ui {

namespace {

enum Page { PageSettings, PageProgress, PageResult };

constexpr std::int64_t KiB = 1024;

QSpinBox* kibBox(std::int64_t bytes, int least, QWidget* parent)
{
    auto* box = new QSpinBox(parent);
    box->setRange(least, std::numeric_limits<int>::max());
    box->setSuffix(QStringLiteral(" KiB"));
    box->setGroupSeparatorShown(true);
    box->setValue(static_cast<int>(bytes / KiB));
    return box;
}

QLabel* noteLabel(QWidget* parent)
{
    auto* l = new QLabel(parent);
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

} // namespace

CreateIndexDialog::CreateIndexDialog(Services& services, const oci::Reference& image, QWidget* parent)
    : QDialog(parent),
      m_image(image),
      m_job(new CreateIndexJob(services, this)),
      m_pages(new QStackedWidget(this)),
      m_span(kibBox(CreateIndexJob::defaultSpanSize(), 1, this)),
      m_min(kibBox(CreateIndexJob::defaultMinLayerSize(), 0, this)),
      m_twin(new QRadioButton(tr("Push a SOCI-enabled &copy as a tag of its own (index v2, like soci convert)"), this)),
      m_indexOnly(new QRadioButton(tr("Push only the &index, beside this image (v1; the image stays as it is)"), this)),
      m_target(new QLineEdit(defaultTarget(image), this)),
      m_error(noteLabel(this)),
      m_stage(noteLabel(this)),
      m_progress(new QProgressBar(this)),
      m_summary(noteLabel(this)),
      m_result(new QTreeWidget(this)),
      m_create(nullptr),
      m_cancel(nullptr),
      m_openTwin(new QPushButton(this))
{
    setObjectName(QStringLiteral("createIndexDialog"));
    setWindowTitle(tr("Create SOCI Index"));
    const std::pair<QObject*, const char*> names[] = {
        {m_span, "spanSize"},          {m_min, "minLayerSize"},     {m_target, "targetTag"},
        {m_twin, "pushTwin"},          {m_indexOnly, "pushIndexOnly"}, {m_error, "createIndexError"},
        {m_stage, "createIndexStage"}, {m_progress, "createIndexProgress"}, {m_summary, "createIndexSummary"},
        {m_result, "createIndexResult"}, {m_openTwin, "openCreated"},
    };
    for (const auto& [child, name] : names)
        child->setObjectName(QLatin1String(name));

    // Settings.
    auto* intro = noteLabel(this);
    intro->setText(tr("Build the zTOCs of %1's layers and push a SOCI index, so that it can be browsed and run "
                      "lazily. Each layer is read once, whole.")
                       .arg(qs(image.str())));
    m_span->setToolTip(tr("The compressed bytes per span: smaller spans make reads of single files cheaper and the "
                          "index bigger. sociscopectl uses %1.")
                           .arg(Format::bytes(CreateIndexJob::defaultSpanSize())));
    m_min->setToolTip(tr("Layers smaller than this get no zTOC and are read whole. sociscopectl uses %1.")
                          .arg(Format::bytes(CreateIndexJob::defaultMinLayerSize())));
    m_target->setToolTip(tr("The tag the SOCI-enabled copy is pushed to, in %1").arg(qs(image.name())));
    auto* mode = new QButtonGroup(this);
    mode->addButton(m_twin);
    mode->addButton(m_indexOnly);
    m_twin->setChecked(true);
    connect(m_twin, &QRadioButton::toggled, m_target, &QLineEdit::setEnabled);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->hide();
    auto* settings = new QWidget(this);
    auto* form = new QFormLayout;
    form->addRow(tr("&Span size:"), m_span);
    form->addRow(tr("&Minimum layer size:"), m_min);
    auto* sl = new QVBoxLayout(settings);
    sl->setContentsMargins(0, 0, 0, 0);
    sl->addWidget(intro);
    sl->addLayout(form);
    sl->addWidget(m_twin);
    auto* targetRow = new QFormLayout;
    targetRow->setContentsMargins(24, 0, 0, 0);
    targetRow->addRow(tr("&Target tag:"), m_target);
    sl->addLayout(targetRow);
    sl->addWidget(m_indexOnly);
    sl->addWidget(m_error);
    sl->addStretch(1);

    // Progress.
    auto* running = new QWidget(this);
    auto* rl = new QVBoxLayout(running);
    rl->setContentsMargins(0, 0, 0, 0);
    rl->addStretch(1);
    rl->addWidget(m_stage);
    rl->addWidget(m_progress);
    rl->addStretch(1);
    m_progress->setTextVisible(true);

    // Result.
    m_result->setRootIsDecorated(false);
    m_result->setAlternatingRowColors(true);
    m_result->setHeaderLabels({tr("Layer"), tr("Size"), tr("zTOC"), tr("Spans"), tr("Files"), tr("Note")});
    m_result->header()->setStretchLastSection(true);
    auto* result = new QWidget(this);
    auto* resl = new QVBoxLayout(result);
    resl->setContentsMargins(0, 0, 0, 0);
    resl->addWidget(m_summary);
    resl->addWidget(m_result, 1);
    resl->addWidget(m_openTwin, 0, Qt::AlignLeft);
    m_openTwin->hide();
    connect(m_openTwin, &QPushButton::clicked, this, [this] {
        if (m_outcome)
            m_open = m_outcome->request.convert ? m_outcome->request.target : m_outcome->request.source;
        accept();
    });

    m_pages->addWidget(settings);
    m_pages->addWidget(running);
    m_pages->addWidget(result);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_create = buttons->button(QDialogButtonBox::Ok);
    m_create->setText(tr("C&reate"));
    m_create->setObjectName(QStringLiteral("createButton"));
    m_cancel = buttons->button(QDialogButtonBox::Cancel);
    auto* l = new QVBoxLayout(this);
    l->addWidget(m_pages, 1);
    l->addWidget(buttons);
    resize(720, 420);

    connect(m_create, &QPushButton::clicked, this, &CreateIndexDialog::create);
    connect(buttons, &QDialogButtonBox::rejected, this, &CreateIndexDialog::reject);
    connect(m_job, &CreateIndexJob::copying, this, [this] {
        m_stage->setText(tr("Copying the image's blobs to the target where they are missing…"));
    });
    connect(m_job, &CreateIndexJob::progressed, this, &CreateIndexDialog::onProgress);
    connect(m_job, &CreateIndexJob::finished, this, &CreateIndexDialog::onFinished);
}

std::optional<oci::Reference> CreateIndexDialog::ask(Services& services, const oci::Reference& image, QWidget* parent)
{
    CreateIndexDialog dialog(services, image, parent);
    dialog.exec();
    return dialog.openRequested();
}

QString CreateIndexDialog::defaultTarget(const oci::Reference& image)
{
    if (!image.tag.empty())
        return qs(image.tag) + QStringLiteral("-soci");
    const std::string hex = image.digest.substr(image.digest.find(':') + 1, 12);
    return QStringLiteral("soci-") + qs(hex);
}

std::optional<CreateIndexRequest> CreateIndexDialog::request()
{
    CreateIndexRequest r;
    r.source = m_image;
    r.convert = m_twin->isChecked();
    r.spanSize = std::int64_t(m_span->value()) * KiB;
    r.minLayerSize = std::int64_t(m_min->value()) * KiB;
    if (r.convert) {
        static const QRegularExpression tag(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"));
        const QString t = m_target->text().trimmed();
        if (!tag.match(t).hasMatch()) {
            m_error->setText(tr("“%1” is not a tag: use letters, digits, “_”, “.” and “-”, up to 128, not starting "
                                "with “.” or “-”.")
                                 .arg(t));
            return std::nullopt;
        }
        if (m_image.tag == t.toStdString()) {
            m_error->setText(tr("The target tag is the image's own tag: choose another (%1 is the usual one).")
                                 .arg(defaultTarget(m_image)));
            return std::nullopt;
        }
        r.target = m_image.withTag(t.toStdString());
    }
    return r;
}

void CreateIndexDialog::create()
{
    if (m_pages->currentIndex() == PageResult)
        return accept(); // the button reads "Close" there
    auto r = request();
    m_error->setVisible(!r);
    if (!r)
        return;
    m_outcome.reset();
    m_pages->setCurrentIndex(PageProgress);
    m_create->setEnabled(false);
    m_stage->setText(tr("Reading %1…").arg(qs(m_image.str())));
    m_progress->setRange(0, 0);
    m_job->start(*r);
}

void CreateIndexDialog::onProgress(int layer, int layers, qint64 read, qint64 size)
{
    m_stage->setText(tr("Layer %1 of %2: building its zTOC, %3 of %4 read")
                         .arg(layer + 1)
                         .arg(layers)
                         .arg(Format::bytes(read), Format::bytes(size)));
    // The whole build: layers before this one are done.
    const double part = size > 0 ? double(read) / double(size) : 1.0;
    m_progress->setRange(0, 1000);
    m_progress->setValue(layers > 0 ? int((layer + part) * 1000 / layers) : 0);
    m_progress->setFormat(tr("%1 of %2 layers done").arg(read >= size ? layer + 1 : layer).arg(layers));
}

void CreateIndexDialog::onFinished(const CreateIndexOutcome& outcome)
{
    m_outcome = outcome;
    m_cancelling = false;
    m_create->setEnabled(true);
    if (outcome.ok) {
        showResult(outcome);
    } else {
        // Back to the settings as they were, with what went wrong.
        m_pages->setCurrentIndex(PageSettings);
        m_error->setText(outcome.cancelled ? tr("Cancelled. Nothing was tagged; blobs already pushed stay unreferenced.")
                                           : outcome.error.textAndCause());
        m_error->show();
    }
    emit jobEnded(outcome);
}

void CreateIndexDialog::showResult(const CreateIndexOutcome& outcome)
{
    m_pages->setCurrentIndex(PageResult);
    m_create->setText(tr("&Close"));
    m_cancel->hide();
    int indexed = 0, layers = 0;
    m_result->clear();
    const bool several = outcome.platforms.size() > 1;
    for (const auto& p : outcome.platforms) {
        QTreeWidgetItem* parent = nullptr;
        if (several) {
            parent = new QTreeWidgetItem(m_result, {p.platform, QString(), QString(), QString(), QString(),
                                                    tr("SOCI index %1").arg(p.index)});
            m_result->setRootIsDecorated(true);
        }
        for (const auto& l : p.layers) {
            ++layers;
            indexed += l.indexed ? 1 : 0;
            const QString unknown = QStringLiteral("–");
            const QStringList cells{QString::number(l.index), Format::bytes(l.size),
                                    l.ztocSize >= 0 ? Format::bytes(l.ztocSize) : tr("none"),
                                    l.spans >= 0 ? QLocale().toString(l.spans) : unknown,
                                    l.files >= 0 ? QLocale().toString(l.files) : unknown,
                                    l.indexed ? l.reason : tr("No zTOC: %1").arg(l.reason)};
            auto* item = parent ? new QTreeWidgetItem(parent, cells) : new QTreeWidgetItem(m_result, cells);
            item->setToolTip(0, l.digest);
            for (const int c : {1, 2, 3, 4})
                item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
        }
    }
    m_result->expandAll();
    for (int c = 0; c < 5; ++c)
        m_result->resizeColumnToContents(c);
    const auto& r = outcome.request;
    if (r.convert) {
        m_summary->setText(tr("Pushed %1 (%2), a SOCI-enabled copy: %3 of %4 layers indexed.")
                               .arg(qs(r.target.str()), outcome.digest)
                               .arg(indexed)
                               .arg(layers));
        m_openTwin->setText(tr("&Open %1").arg(qs(r.target.tag)));
        m_openTwin->show();
    } else {
        m_summary->setText(tr("Pushed SOCI index %1 for %2: %3 of %4 layers indexed.")
                               .arg(outcome.digest, qs(r.source.str()))
                               .arg(indexed)
                               .arg(layers));
        m_openTwin->setText(tr("&Reopen %1 with its index").arg(qs(r.source.str())));
        m_openTwin->show();
    }
}

void CreateIndexDialog::reject()
{
    // Cancel while building ends the job first; the settings come back.
    // A transfer notices its job's flag within a second; should anything
    // take longer, a second Cancel closes at once and drops the job with
    // this dialog.
    if (m_job->isRunning() && !m_cancelling) {
        m_cancelling = true;
        m_stage->setText(tr("Cancelling…"));
        m_job->cancel();
        return;
    }
    QDialog::reject();
}

} // namespace sociscope::ui
