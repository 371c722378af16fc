// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/inventorypage.h"

#include "app/services.h"
#include "common/qtformat.h"
#include "jobs/imagesession.h"
#include "models/inventorymodel.h"
#include "widgets/placeholderstack.h"
#include "widgets/views.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTreeView>
#include <QVBoxLayout>

#include <map>

namespace sociscope::ui {

namespace {

struct Loaded {
    inventory::Inventory inventory;
    QString os; // PRETTY_NAME from os-release
    qint64 millis = 0;
};

// PRETTY_NAME of /etc/os-release (or /usr/lib/os-release), when there is one.
QString osName(lazy::LazyImage& image, const fs::ImageTree& tree)
{
    for (const char* path : {"/etc/os-release", "/usr/lib/os-release"}) {
        auto ino = tree.resolve(path, true);
        if (!ino || tree.inode(*ino).type != fs::FileType::Regular || tree.inode(*ino).size > 64 * 1024)
            continue;
        auto text = image.read(tree, *ino, 0, 64 * 1024);
        if (!text)
            continue;
        for (const QString& line : qs(*text).split(QLatin1Char('\n')))
            if (line.startsWith(QLatin1String("PRETTY_NAME="))) {
                QString v = line.mid(12).trimmed();
                if (v.size() >= 2 && (v.front() == QLatin1Char('"') || v.front() == QLatin1Char('\'')))
                    v = v.mid(1, v.size() - 2);
                return v;
            }
    }
    return {};
}

} // namespace

InventoryPage::InventoryPage(ImageSession& session, QWidget* parent)
    : QWidget(parent),
      m_session(session),
      m_model(new InventoryModel(this)),
      m_proxy(new InventoryProxy(this)),
      m_highlights(new QLabel(this)),
      m_filter(new QLineEdit(this)),
      m_kind(new QComboBox(this)),
      m_view(new QTreeView(this)),
      m_stack(new PlaceholderStack(m_view, this)),
      m_footer(new QLabel(this))
{
    QFont big = m_highlights->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    m_highlights->setFont(big);
    m_highlights->setWordWrap(true);
    m_highlights->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_highlights->setObjectName(QStringLiteral("inventoryHighlights"));
    m_filter->setPlaceholderText(tr("Filter packages… (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_kind->addItem(tr("All kinds"), QString());
    const std::pair<inventory::Kind, QString> kinds[] = {
        {inventory::Kind::Deb, tr("Debian packages")}, {inventory::Kind::Apk, tr("Alpine packages")},
        {inventory::Kind::Rpm, tr("RPM packages")},    {inventory::Kind::Python, tr("Python packages")},
        {inventory::Kind::Conda, tr("Conda packages")}, {inventory::Kind::Cuda, tr("NVIDIA CUDA")}};
    for (const auto& [k, text] : kinds)
        m_kind->addItem(text, QString::fromLatin1(inventory::kindName(k)));
    m_footer->setForegroundRole(QPalette::PlaceholderText);
    m_footer->setWordWrap(true);

    m_proxy->setSourceModel(m_model);
    m_view->setModel(m_proxy);
    Views::setUpTable(m_view);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // the engine's order: by kind, then name
    const int widths[InventoryModel::ColumnCount] = {210, 150, 130, 320, 90, 110, 300};
    for (int c = 0; c < InventoryModel::ColumnCount; ++c)
        m_view->header()->resizeSection(c, widths[c]);
    m_view->header()->setSectionHidden(InventoryModel::ColumnArchitecture, true);
    m_view->header()->setSectionHidden(InventoryModel::ColumnOrigin, true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_kind);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 12, 0, 0);
    layout->setSpacing(8);
    layout->addWidget(m_highlights);
    layout->addLayout(bar);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_footer);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_kind, &QComboBox::activated, this, [this] {
        const QString k = m_kind->currentData().toString();
        m_proxy->setKind(k.isEmpty() ? std::nullopt : inventory::kindFromName(k.toStdString()));
    });
    connect(&m_session, &ImageSession::reset, this, &InventoryPage::onReset);
    connect(&m_session, &ImageSession::opened, this, [this] {
        if (m_wanted)
            start();
    });
    connect(&m_session, &ImageSession::opening, this, [this] {
        if (m_wanted)
            m_stack->showPlaceholder(tr("Reading the file list from the zTOCs…"), true);
    });
    connect(&m_session, &ImageSession::consentNeeded, this, [this](qint64 bytes) {
        m_stack->showPlaceholder(tr("Listing this image's files fetches %1 of layers without a zTOC; "
                           "allow it on the Files tab.")
                            .arg(Format::bytes(bytes)),
                        false);
    });
    connect(&m_session, &ImageSession::openFailed, this,
            [this](const UserMessage& m) { m_stack->showPlaceholder(m.textAndCause(), false); });
    onReset();
}

InventoryPage::~InventoryPage() { m_job.cancel(); }

QString InventoryPage::highlightsText() const { return m_highlights->text(); }

void InventoryPage::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void InventoryPage::onReset()
{
    ++m_generation;
    m_job.cancel();
    m_wanted = false;
    m_running = false;
    m_loaded = false;
    m_model->clear();
    m_highlights->clear();
    m_highlights->hide();
    m_footer->clear();
    m_stack->showPlaceholder(tr("The inventory is read when you open this tab."), false);
}

void InventoryPage::load()
{
    m_wanted = true;
    if (m_session.state() == ImageSession::State::Open)
        start();
    else
        m_session.open();
}

void InventoryPage::start()
{
    if (m_running || m_loaded)
        return;
    auto image = m_session.image();
    if (!image || !m_session.mergedTree())
        return;
    m_running = true;
    const std::uint64_t generation = ++m_generation;
    m_stack->showPlaceholder(tr("Looking for package databases and version files…"), true);
    m_job = m_session.services().jobs().run(
        this,
        [this, image, generation](const JobContext& job) -> Result<Loaded> {
            QElapsedTimer timer;
            timer.start();
            // Names found here are shown: only from the verified tree.
            auto verified = image->tree();
            if (!verified)
                return verified.error();
            const auto tree = *verified;
            const fs::FileReader reader = [image, tree](fs::Ino ino, std::int64_t off, std::size_t len) {
                return image->read(*tree, ino, off, len);
            };
            inventory::InventoryOptions o;
            o.cancel = job.flag();
            o.progress = [&](const std::string& path, std::size_t done, std::size_t total) {
                // `this` only inside reports: they run on the GUI thread while it lives.
                job.report([this, generation, path = qs(path), done, total] {
                    if (generation == m_generation)
                        m_stack->setPlaceholderText(tr("Reading %1 of %2: %3").arg(done).arg(total).arg(path));
                });
            };
            auto inv = inventory::readInventory(*tree, reader, o);
            if (!inv)
                return inv.error();
            Loaded out;
            out.inventory = std::move(*inv);
            out.os = osName(*image, *tree);
            out.millis = timer.elapsed();
            return out;
        },
        [this, generation](Result<Loaded> r) {
            if (generation != m_generation)
                return;
            m_running = false;
            if (!r) {
                m_stack->showPlaceholder(tr("Could not read the inventory: %1").arg(qs(r.error().message)), false);
                emit messageRaised(UserMessages::fromError(r.error(), tr("read the inventory"), m_session.host()));
                return;
            }
            m_loaded = true;
            const auto& inv = r->inventory;
            QStringList top = InventoryModel::highlights(inv.packages);
            if (!r->os.isEmpty())
                top.prepend(r->os);
            m_highlights->setText(top.join(QStringLiteral("  ·  ")));
            m_highlights->setVisible(!top.isEmpty());
            std::map<inventory::Kind, int> counts;
            for (const auto& p : inv.packages)
                ++counts[p.kind];
            QStringList parts;
            for (const auto& [kind, n] : counts)
                parts << InventoryModel::kindCount(kind, n);
            QString footer = parts.isEmpty() ? tr("No package database or version file found.") : parts.join(QStringLiteral(" · "));
            footer += QStringLiteral(" — ") + tr("read %n file(s), %1, in %2 s", "", static_cast<int>(inv.filesRead))
                                                  .arg(Format::bytes(static_cast<qint64>(inv.bytesRead)))
                                                  .arg(static_cast<double>(r->millis) / 1000.0, 0, 'f', 2);
            if (!inv.problems.empty())
                footer += QLatin1Char('\n') + tr("Not read: %1 (%2)").arg(qs(inv.problems.front().first), qs(inv.problems.front().second));
            m_footer->setText(footer);
            m_model->setPackages(inv.packages);
            if (inv.packages.empty())
                m_stack->showPlaceholder(tr("No packages found: no dpkg, apk or RPM database, no Python or conda packages, no "
                                   "CUDA version files."),
                                false);
            else
                m_stack->showContent();
            emit loaded();
        });
}

} // namespace sociscope::ui
