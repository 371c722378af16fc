// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/files/previewpane.h"

#include "common/icons.h"
#include "common/qtformat.h"

#include <QButtonGroup>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

namespace sociscope::ui {

namespace {

QLabel* muted(QWidget* parent)
{
    auto* l = new QLabel(parent);
    l->setForegroundRole(QPalette::PlaceholderText);
    l->setWordWrap(true);
    return l;
}

QString esc(const std::string& s) { return qs(s).toHtmlEscaped(); }

} // namespace

PreviewPane::PreviewPane(QWidget* parent)
    : QWidget(parent),
      m_icon(new QLabel(this)),
      m_title(new QLabel(this)),
      m_path(muted(this)),
      m_facts(new QLabel(this)),
      m_cost(new QLabel(this)),
      m_statusRow(new QWidget(this)),
      m_busy(new QProgressBar(this)),
      m_status(muted(this)),
      m_cancel(new QToolButton(this)),
      m_auto(new QToolButton(this)),
      m_hex(new QToolButton(this)),
      m_extract(new QToolButton(this)),
      m_stack(new QStackedWidget(this)),
      m_text(new QPlainTextEdit(this)),
      m_imageArea(new QScrollArea(this)),
      m_image(new QLabel(this)),
      m_elf(new QTextBrowser(this)),
      m_message(muted(this)),
      m_footer(muted(this)),
      m_note(new QLabel(this)),
      m_header(new QWidget(this))
{
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_path->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_path->setWordWrap(true);
    m_facts->setWordWrap(true);
    m_facts->setTextFormat(Qt::RichText);
    m_cost->setWordWrap(true);
    m_cost->setTextFormat(Qt::RichText);
    m_cost->setObjectName(QStringLiteral("costPreview"));
    m_cost->setAutoFillBackground(true);
    m_cost->setBackgroundRole(QPalette::AlternateBase);
    m_cost->setMargin(8);
    m_cost->setToolTip(tr("What reading or extracting the selection fetches: the compressed spans holding its data, "
                          "minus those already in memory or in the disk cache"));
    m_note->setWordWrap(true);
    m_note->setForegroundRole(QPalette::Link);
    m_note->hide();

    auto* titleRow = new QHBoxLayout;
    titleRow->setSpacing(10);
    titleRow->addWidget(m_icon, 0, Qt::AlignTop);
    auto* titles = new QVBoxLayout;
    titles->setSpacing(1);
    titles->addWidget(m_title);
    titles->addWidget(m_path);
    titleRow->addLayout(titles, 1);

    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setMaximumWidth(90);
    m_busy->setMaximumHeight(8);
    auto* status = new QHBoxLayout(m_statusRow);
    status->setContentsMargins(0, 0, 0, 0);
    status->addWidget(m_busy);
    status->addWidget(m_status, 1);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setObjectName(QStringLiteral("cancelPreview"));
    m_cancel->setToolButtonStyle(Qt::ToolButtonTextOnly);
    status->addWidget(m_cancel);
    connect(m_cancel, &QToolButton::clicked, this, &PreviewPane::cancelRequested);
    m_statusRow->hide(); // until something is fetched (isFetching() says no before the first preview)

    m_auto->setText(tr("Preview"));
    m_hex->setText(tr("Hex"));
    for (QToolButton* b : {m_auto, m_hex}) {
        b->setCheckable(true);
        b->setAutoRaise(true);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    }
    auto* group = new QButtonGroup(this);
    group->setExclusive(true);
    group->addButton(m_auto);
    group->addButton(m_hex);
    m_auto->setChecked(true);
    m_auto->setToolTip(tr("Text, image or ELF summary, as the content suggests"));
    m_hex->setToolTip(tr("The first %1 as a hex dump").arg(Format::bytes(PreviewLoader::HexCap)));
    m_extract->setIcon(Icons::get(Icons::Extract));
    m_extract->setText(tr("Extract to…"));
    m_extract->setToolTip(tr("Write the selection to a folder (Ctrl+E)"));
    m_extract->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_extract->setAutoRaise(true);
    auto* modes = new QHBoxLayout;
    modes->setSpacing(2);
    modes->addWidget(m_auto);
    modes->addWidget(m_hex);
    modes->addStretch(1);
    modes->addWidget(m_extract);

    auto* header = new QVBoxLayout(m_header);
    header->setContentsMargins(0, 0, 0, 0);
    header->setSpacing(6);
    header->addLayout(titleRow);
    header->addWidget(m_facts);
    header->addWidget(m_cost);
    header->addWidget(m_note);
    header->addWidget(m_statusRow);
    header->addLayout(modes);

    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_text->setFont(mono);
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setObjectName(QStringLiteral("previewText"));
    m_image->setAlignment(Qt::AlignCenter);
    m_imageArea->setWidget(m_image);
    m_imageArea->setWidgetResizable(true);
    m_imageArea->setAlignment(Qt::AlignCenter);
    m_elf->setOpenLinks(false);
    m_message->setAlignment(Qt::AlignCenter);
    m_stack->addWidget(m_text);
    m_stack->addWidget(m_imageArea);
    m_stack->addWidget(m_elf);
    m_stack->addWidget(m_message);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 4, 4);
    layout->setSpacing(8);
    layout->addWidget(m_header);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_footer);

    connect(m_auto, &QToolButton::clicked, this, [this] { setMode(Preview::Mode::Auto); });
    connect(m_hex, &QToolButton::clicked, this, [this] { setMode(Preview::Mode::Hex); });
    connect(m_extract, &QToolButton::clicked, this, &PreviewPane::extractRequested);
    showMessage(tr("Select a file to see what is in it."));
}

void PreviewPane::setMode(Preview::Mode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    m_auto->setChecked(mode != Preview::Mode::Hex);
    m_hex->setChecked(mode == Preview::Mode::Hex);
    emit modeRequested(mode);
}

void PreviewPane::showContent(QWidget* page) { m_stack->setCurrentWidget(page); }

void PreviewPane::showMessage(const QString& text)
{
    m_header->hide();
    m_footer->clear();
    m_kind = Preview::Kind::None;
    m_message->setText(text);
    showContent(m_message);
}

void PreviewPane::showEntry(const FileEntry::Context& c, fs::Ino ino, const QString& path)
{
    const fs::Inode& n = c.tree->inode(ino);
    const QString name = path == QLatin1String("/") ? path : path.section(QLatin1Char('/'), -1);
    m_header->show();
    m_icon->setPixmap(FileEntry::icon(n, name).pixmap(32, 32));
    m_title->setText(name);
    m_path->setText(path);
    QStringList facts;
    facts << QStringLiteral("<b>%1</b>").arg(FileEntry::typeName(n).toHtmlEscaped());
    if (n.type == fs::FileType::Regular)
        facts << Format::bytes(n.size).toHtmlEscaped();
    facts << QStringLiteral("<code>%1</code>").arg(FileEntry::modeString(n));
    facts << FileEntry::owner(*c.tree, ino).toHtmlEscaped();
    const QString modified = FileEntry::data(c, ino, name, path, FileEntry::ColumnModified, Qt::DisplayRole).toString();
    if (!modified.isEmpty())
        facts << modified;
    if (n.layer >= 0)
        facts << tr("layer %1").arg(n.layer);
    const QString spans = FileEntry::spansText(c, ino);
    if (!spans.isEmpty())
        facts << (spans.at(0).isDigit() ? tr("spans %1").arg(spans) : spans);
    if (n.type == fs::FileType::Symlink)
        facts << QStringLiteral("→ %1").arg(qs(c.tree->readlink(ino).valueOr({})).toHtmlEscaped());
    m_facts->setText(facts.join(QStringLiteral("  ·  ")));
    m_note->hide();
    m_statusRow->hide();
    m_footer->clear();
    m_kind = Preview::Kind::None;
    const bool file = n.type == fs::FileType::Regular && !n.whiteout;
    m_auto->setVisible(file);
    m_hex->setVisible(file);
    m_extract->setVisible(!n.whiteout);
    if (file) {
        m_text->clear();
        showContent(m_text);
    } else if (n.whiteout) {
        m_message->setText(tr("A whiteout: this layer deletes “%1” from the layers below it.").arg(name));
        showContent(m_message);
    } else if (n.type == fs::FileType::Directory) {
        m_message->setText(tr("A folder of %n entry(s).", "", static_cast<int>(c.tree->children(ino).size())));
        showContent(m_message);
    } else if (n.type == fs::FileType::Symlink) {
        m_message->setText(tr("A symbolic link to %1").arg(qs(c.tree->readlink(ino).valueOr({}))));
        showContent(m_message);
    } else {
        m_message->setText(FileEntry::typeName(n));
        showContent(m_message);
    }
}

void PreviewPane::showSelection(int entries)
{
    m_header->show();
    m_icon->setPixmap(Icons::get(Icons::Folder).pixmap(32, 32));
    m_title->setText(tr("%n entry(s) selected", "", entries));
    m_path->clear();
    m_facts->clear();
    m_note->hide();
    m_statusRow->hide();
    m_auto->hide();
    m_hex->hide();
    m_extract->show();
    m_kind = Preview::Kind::None;
    m_footer->clear();
    m_message->setText(tr("Drag them out, or extract them with Ctrl+E."));
    showContent(m_message);
}

QString PreviewPane::fetchingText(quint64 bytes, int spans)
{
    return tr("Fetching %1 (%n span(s))…", "", spans).arg(Format::bytes(static_cast<std::int64_t>(bytes)));
}

void PreviewPane::setFetching(quint64 bytes, int spans)
{
    m_fetching = fetchingText(bytes, spans);
    m_status->setText(m_fetching);
    m_busy->setRange(0, 0);
    m_busy->show();
    m_statusRow->show();
}

void PreviewPane::setFetchProgress(const QString& text, int permille)
{
    if (m_statusRow->isHidden())
        return;
    m_status->setText(m_fetching + QLatin1Char(' ') + text);
    if (permille >= 0) {
        m_busy->setRange(0, 1000);
        m_busy->setValue(permille);
    }
}

bool PreviewPane::isFetching() const { return !m_statusRow->isHidden(); }

QString PreviewPane::statusText() const { return m_statusRow->isHidden() ? QString() : m_status->text(); }

QString PreviewPane::elfHtml(const fs::ElfSummary& e) const
{
    QString h = QStringLiteral("<table cellspacing='6'>");
    const auto row = [&](const QString& k, const QString& v) {
        h += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(k.toHtmlEscaped(), v);
    };
    row(tr("Type"), esc(e.type));
    row(tr("Architecture"), tr("%1, %2-bit, %3 endian")
                                .arg(esc(e.machine))
                                .arg(e.bits)
                                .arg(e.littleEndian ? tr("little") : tr("big")));
    row(tr("OS/ABI"), esc(e.osAbi));
    row(tr("Linking"), e.dynamic ? tr("dynamic") : tr("static"));
    if (!e.interpreter.empty())
        row(tr("Interpreter"), QStringLiteral("<code>%1</code>").arg(esc(e.interpreter)));
    if (!e.soname.empty())
        row(tr("Soname"), QStringLiteral("<code>%1</code>").arg(esc(e.soname)));
    if (!e.runpath.empty())
        row(tr("Run path"), QStringLiteral("<code>%1</code>").arg(esc(e.runpath)));
    row(tr("Entry point"), QStringLiteral("<code>0x%1</code>").arg(e.entry, 0, 16));
    h += QStringLiteral("</table>");
    if (!e.needed.empty()) {
        h += QStringLiteral("<p><b>%1</b></p><ul>").arg(tr("Needed libraries (%1)").arg(e.needed.size()));
        for (const auto& n : e.needed)
            h += QStringLiteral("<li><code>%1</code></li>").arg(esc(n));
        h += QStringLiteral("</ul>");
    } else if (e.dynamic) {
        h += QStringLiteral("<p>%1</p>").arg(tr("Needs no shared libraries."));
    }
    for (const auto& w : e.warnings)
        h += QStringLiteral("<p><i>%1</i></p>").arg(esc(w));
    return h;
}

void PreviewPane::setPreview(const Preview& p)
{
    m_statusRow->hide();
    m_kind = p.kind;
    QString footer;
    switch (p.kind) {
    case Preview::Kind::None: break;
    case Preview::Kind::Text:
        m_text->setPlainText(p.text);
        showContent(m_text);
        if (p.fileSize == 0)
            footer = tr("Empty file");
        else if (p.truncated)
            footer = tr("Showing the first %1 of %2 · %3").arg(Format::bytes(p.shown), Format::bytes(p.fileSize), p.encoding);
        else
            footer = tr("%1 · %2").arg(p.encoding, Format::bytes(p.fileSize));
        break;
    case Preview::Kind::Hex:
        m_text->setPlainText(p.text);
        showContent(m_text);
        footer = p.truncated ? tr("The first %1 of %2, in hex").arg(Format::bytes(p.shown), Format::bytes(p.fileSize))
                             : tr("%1, in hex").arg(Format::bytes(p.fileSize));
        break;
    case Preview::Kind::Image: {
        QPixmap pix = QPixmap::fromImage(p.image);
        const QSize room = m_imageArea->viewport()->size() - QSize(16, 16);
        if (pix.width() > room.width() || pix.height() > room.height())
            pix = pix.scaled(room.expandedTo(QSize(64, 64)), Qt::KeepAspectRatio, Qt::SmoothTransformation);
        m_image->setPixmap(pix);
        showContent(m_imageArea);
        footer = tr("%1 image, %2 × %3 pixels")
                     .arg(QString::fromLatin1(p.imageFormat).toUpper())
                     .arg(p.imageSize.width())
                     .arg(p.imageSize.height());
        break;
    }
    case Preview::Kind::Elf:
        m_elf->setHtml(elfHtml(p.elf));
        showContent(m_elf);
        footer = tr("ELF summary read from the headers; Hex shows the bytes");
        break;
    case Preview::Kind::Special: break;
    case Preview::Kind::Error:
        // Cancelled by the user (Cancel): the text says so; by a newer selection: nothing.
        if (p.cancelled && p.text.isEmpty())
            return;
        m_message->setText(p.cancelled ? p.text : tr("Could not read this file: %1").arg(p.error));
        showContent(m_message);
        break;
    }
    if (!p.error.isEmpty() && p.kind != Preview::Kind::Error)
        footer = p.error;
    m_footer->setText(footer);
}

void PreviewPane::setCostPending()
{
    m_cost->setText(tr("Working out what extracting this fetches…"));
    m_cost->show();
}

QString PreviewPane::costSentence(const lazy::SelectionCost& c)
{
    QString s;
    if (c.files == 0)
        return tr("No file data: nothing to fetch.");
    const QString own = tr("%n file(s), %1", "", static_cast<int>(c.files)).arg(Format::bytes(static_cast<std::int64_t>(c.bytes)));
    if (c.fetchBytes() == 0) {
        if (c.spans > 0)
            return tr("<b>Nothing to fetch</b>: %1, all in %n cached span(s).", "", static_cast<int>(c.spans)).arg(own);
        return tr("<b>Nothing to fetch</b>: %1, already here.").arg(own);
    }
    const int toFetch = static_cast<int>(c.spans - c.cachedSpans);
    s = tr("Extracting fetches <b>%1</b> (%n span(s))", "", toFetch).arg(Format::bytes(static_cast<std::int64_t>(c.fetchBytes())));
    s += tr(" for %1").arg(own);
    if (c.cachedBytes > 0)
        s += tr("; %1 already cached").arg(Format::bytes(static_cast<std::int64_t>(c.cachedBytes)));
    return s + QLatin1Char('.');
}

void PreviewPane::setCost(const lazy::SelectionCost& cost)
{
    m_cost->setText(costSentence(cost));
    m_cost->show();
}

void PreviewPane::setCostUnknown(const QString& why)
{
    if (why.isEmpty())
        m_cost->hide();
    else
        m_cost->setText(why.toHtmlEscaped());
}

void PreviewPane::setNote(const QString& text)
{
    m_note->setText(text);
    m_note->setVisible(!text.isEmpty());
}

QString PreviewPane::shownText() const
{
    switch (m_kind) {
    case Preview::Kind::Text:
    case Preview::Kind::Hex: return m_text->toPlainText();
    case Preview::Kind::Elf: return m_elf->toPlainText();
    default: return m_message->text();
    }
}

QString PreviewPane::costText() const { return m_cost->isHidden() ? QString() : m_cost->text(); }

} // namespace sociscope::ui
