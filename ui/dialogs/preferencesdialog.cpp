// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "dialogs/preferencesdialog.h"

#include "app/language.h"
#include "app/services.h"
#include "common/qtformat.h"

#include "client.h"
#include "lazy/background_fetcher.h"
#include "lazy/disk_cache.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace sociscope::ui {

namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
constexpr std::uint64_t kMiB = 1ull << 20;

// What a read or a clear of the cache folder found (on a job thread).
struct CacheOutcome {
    lazy::DiskCache::Usage usage;
    QString error;
    // The daemon reads from this folder for its mounts and runs: not cleared.
    std::uint32_t daemonMounts = 0;
    std::uint32_t daemonRuns = 0;
};

std::uint64_t totalOf(const lazy::DiskCache::Usage& u)
{
    return u.spanBytes + u.objectBytes + u.blobBytes + u.localBytes + u.inflatedBytes;
}

std::uint64_t filesOf(const lazy::DiskCache::Usage& u)
{
    return u.spanFiles + u.objectFiles + u.blobFiles + u.localFiles + u.inflatedFiles;
}

bool sameFolder(const QString& a, const QString& b)
{
    const QString ca = QFileInfo(a).canonicalFilePath();
    return !ca.isEmpty() && ca == QFileInfo(b).canonicalFilePath();
}

// A folder field with a Browse… button beside it.
QWidget* withBrowse(QLineEdit* edit, const QString& title, QWidget* parent)
{
    auto* row = new QWidget(parent);
    auto* l = new QHBoxLayout(row);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(edit, 1);
    auto* browse = new QPushButton(PreferencesDialog::tr("Browse…"), row);
    l->addWidget(browse);
    row->setFocusProxy(edit); // the row's label is the field's buddy
    QObject::connect(browse, &QPushButton::clicked, edit, [edit, title, parent] {
        const QString start = edit->text().isEmpty() ? edit->placeholderText() : edit->text();
        const QString dir
            = QFileDialog::getExistingDirectory(parent, title, QDir(start).exists() ? start : QDir::homePath());
        if (!dir.isEmpty()) {
            edit->setText(dir);
            emit edit->editingFinished();
        }
    });
    return row;
}

} // namespace

PreferencesDialog::PreferencesDialog(Services& services, QWidget* parent)
    : QDialog(parent)
    , m_services(services)
    , m_language(new QComboBox(this))
    , m_cacheFolder(new QLineEdit(this))
    , m_cacheLimit(new QDoubleSpinBox(this))
    , m_cacheUsage(new QLabel(this))
    , m_clearCache(new QPushButton(tr("Clea&r Cache"), this))
    , m_proxy(new QComboBox(this))
    , m_proxyUrl(new QLineEdit(this))
    , m_extractFolder(new QLineEdit(this))
    , m_background(new QComboBox(this))
    , m_backgroundBudget(new QSpinBox(this))
    , m_note(new QLabel(this))
    , m_error(new QLabel(this))
{
    setWindowTitle(tr("Preferences"));
    setObjectName(QStringLiteral("preferencesDialog"));
    const std::pair<QObject*, const char*> names[] = {
        { m_language, "languageCombo" },
        { m_cacheFolder, "cacheFolderEdit" },
        { m_cacheLimit, "cacheLimitSpin" },
        { m_cacheUsage, "cacheUsageLabel" },
        { m_clearCache, "clearCacheButton" },
        { m_proxy, "proxyCombo" },
        { m_proxyUrl, "proxyUrlEdit" },
        { m_extractFolder, "extractFolderEdit" },
        { m_background, "backgroundCombo" },
        { m_backgroundBudget, "backgroundBudgetSpin" },
        { m_error, "preferencesError" },
    };
    for (const auto& [child, name] : names)
        child->setObjectName(QLatin1String(name));

    m_language->addItem(
        tr("System default (%1)").arg(Language::nativeName(Language::catalogueFor(QLocale::system()))), QString());
    for (const QString& name : Language::available())
        m_language->addItem(Language::nativeName(name), name);

    m_cacheFolder->setPlaceholderText(Preferences::defaultCacheFolder());
    m_cacheFolder->setToolTip(tr("Where the spans, zTOCs and layers this window fetches are kept. Images opened "
                                 "from now on use it; the daemon keeps its own (sociscoped --cache-dir)."));
    m_cacheLimit->setDecimals(1);
    m_cacheLimit->setRange(0.1, 1024.0 * 1024.0);
    m_cacheLimit->setSuffix(tr(" GiB"));
    m_cacheLimit->setToolTip(tr("Spans, whole layers and local files past this are evicted, least recently used "
                                "first; decompressed spans kept beside them may add an eighth."));
    m_cacheUsage->setWordWrap(true);
    m_cacheUsage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_proxy->addItem(
        tr("From the environment (http_proxy, https_proxy, no_proxy)"), static_cast<int>(Preferences::Proxy::System));
    m_proxy->addItem(tr("None"), static_cast<int>(Preferences::Proxy::None));
    m_proxy->addItem(tr("Manual"), static_cast<int>(Preferences::Proxy::Manual));
    m_proxyUrl->setPlaceholderText(QStringLiteral("http://proxy.example.com:3128"));
    m_extractFolder->setPlaceholderText(tr("The folder used last, else Downloads, else home"));
    m_background->addItem(tr("The daemon's default"), QString());
    m_background->addItem(tr("Off"), QStringLiteral("off"));
    m_background->addItem(tr("Up to a budget"), QStringLiteral("budget"));
    m_background->addItem(tr("The whole image"), QStringLiteral("all"));
    m_background->setToolTip(
        tr("What a mount made with Mount… fetches into the daemon's cache while nothing reads it."));
    m_backgroundBudget->setRange(1, 1024 * 1024);
    m_backgroundBudget->setSuffix(tr(" MiB"));
    m_backgroundBudget->setValue(64);
    for (QLabel* l : { m_note, m_error })
        l->setWordWrap(true);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    QFont bold = m_error->font();
    bold.setBold(true);
    m_error->setFont(bold);
    m_error->hide();

    auto* general = new QFormLayout;
    general->addRow(tr("&Language:"), m_language);

    auto* cacheBox = new QGroupBox(tr("Cache"), this);
    auto* cache = new QFormLayout(cacheBox);
    cache->addRow(tr("&Folder:"), withBrowse(m_cacheFolder, tr("Cache Folder"), this));
    cache->addRow(tr("&Size limit:"), m_cacheLimit);
    auto* usageRow = new QHBoxLayout;
    usageRow->addWidget(m_cacheUsage, 1);
    usageRow->addWidget(m_clearCache);
    cache->addRow(tr("In use:"), usageRow);

    auto* networkBox = new QGroupBox(tr("Network"), this);
    auto* network = new QFormLayout(networkBox);
    network->addRow(tr("&Proxy:"), m_proxy);
    network->addRow(tr("Proxy &URL:"), m_proxyUrl);
    auto* proxyNote = new QLabel(tr("For this window's requests. The daemon's mounts and runs use the proxy of "
                                    "the daemon's environment."),
        this);
    proxyNote->setWordWrap(true);
    proxyNote->setForegroundRole(QPalette::PlaceholderText);
    network->addRow(proxyNote);

    auto* filesBox = new QGroupBox(tr("Files and mounts"), this);
    auto* files = new QFormLayout(filesBox);
    files->addRow(tr("&Extract to:"), withBrowse(m_extractFolder, tr("Default Extract Folder"), this));
    auto* backgroundRow = new QHBoxLayout;
    backgroundRow->addWidget(m_background, 1);
    backgroundRow->addWidget(m_backgroundBudget);
    auto* backgroundLabel = new QLabel(tr("&Background fetch:"), this);
    backgroundLabel->setBuddy(m_background); // a row of two: QFormLayout sets no buddy itself
    files->addRow(backgroundLabel, backgroundRow);
    auto* backgroundNote
        = new QLabel(tr("For mounts made here with Mount…; how fast, and how soon after a read, the daemon "
                        "fetches in the background is set when it starts (sociscoped "
                        "--background-rate, --background-quiet)."),
            this);
    backgroundNote->setWordWrap(true);
    backgroundNote->setForegroundRole(QPalette::PlaceholderText);
    files->addRow(backgroundNote);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(general);
    layout->addWidget(cacheBox);
    layout->addWidget(networkBox);
    layout->addWidget(filesBox);
    layout->addWidget(m_note);
    layout->addWidget(m_error);
    layout->addStretch(1);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_language, &QComboBox::currentIndexChanged, this, &PreferencesDialog::updateNote);
    connect(m_proxy, &QComboBox::currentIndexChanged, this, &PreferencesDialog::updateEnabled);
    connect(m_background, &QComboBox::currentIndexChanged, this, &PreferencesDialog::updateEnabled);
    connect(m_cacheFolder, &QLineEdit::editingFinished, this, &PreferencesDialog::showUsage);
    connect(m_clearCache, &QPushButton::clicked, this, &PreferencesDialog::clearCache);

    m_initial = Language::choice(QSettings());
    setLanguage(m_initial);
    setFields(m_services.preferences());
    setMinimumWidth(560);
    showUsage();
}

QString PreferencesDialog::language() const
{
    return m_language->currentData().toString();
}

void PreferencesDialog::setLanguage(const QString& name)
{
    const int i = m_language->findData(name);
    m_language->setCurrentIndex(i < 0 ? 0 : i);
    updateNote();
}

void PreferencesDialog::setFields(const Preferences& p)
{
    m_cacheFolder->setText(p.cacheFolder);
    m_cacheLimit->setValue(static_cast<double>(p.effectiveCacheCap()) / kGiB);
    m_proxy->setCurrentIndex(std::max(0, m_proxy->findData(static_cast<int>(p.proxy))));
    m_proxyUrl->setText(p.proxyUrl);
    m_extractFolder->setText(p.extractFolder);
    const QString& b = p.mountBackground;
    if (b.isEmpty() || b == QLatin1String("off") || b == QLatin1String("all")) {
        m_background->setCurrentIndex(m_background->findData(b));
    } else if (auto policy = lazy::parseBackgroundPolicy(b.toStdString()); policy && *policy) {
        m_background->setCurrentIndex(m_background->findData(QStringLiteral("budget")));
        m_backgroundBudget->setValue(static_cast<int>(std::max<std::uint64_t>(1, (*policy)->byteBudget / kMiB)));
    }
    updateEnabled();
}

Preferences PreferencesDialog::preferences() const
{
    Preferences p;
    p.cacheFolder
        = m_cacheFolder->text().trimmed().isEmpty() ? QString() : QDir::cleanPath(m_cacheFolder->text().trimmed());
    // The limit shown for the default stays the default (it follows $SOCISCOPE_CACHE_MAX_BYTES).
    const double shownDefault = std::round(static_cast<double>(Preferences::defaultCacheCap()) / kGiB * 10) / 10;
    if (std::abs(m_cacheLimit->value() - shownDefault) > 0.01)
        p.cacheMaxBytes = static_cast<std::uint64_t>(std::llround(m_cacheLimit->value() * kGiB));
    p.proxy = static_cast<Preferences::Proxy>(m_proxy->currentData().toInt());
    p.proxyUrl = m_proxyUrl->text().trimmed();
    p.extractFolder
        = m_extractFolder->text().trimmed().isEmpty() ? QString() : QDir::cleanPath(m_extractFolder->text().trimmed());
    const QString b = m_background->currentData().toString();
    p.mountBackground
        = b == QLatin1String("budget") ? QString::number(m_backgroundBudget->value()) + QStringLiteral("MiB") : b;
    return p;
}

QString PreferencesDialog::check() const
{
    const Preferences p = preferences();
    if (!p.cacheFolder.isEmpty())
        if (QString why = Preferences::checkCacheFolder(p.cacheFolder); !why.isEmpty())
            return why;
    if (p.proxy == Preferences::Proxy::Manual)
        if (QString why = Preferences::checkProxyUrl(p.proxyUrl); !why.isEmpty())
            return why;
    if (QString why = Preferences::checkExtractFolder(p.extractFolder); !why.isEmpty())
        return why;
    return Preferences::checkBackground(p.mountBackground);
}

bool PreferencesDialog::save() const
{
    QSettings settings;
    Language::setChoice(settings, language());
    const Preferences p = preferences();
    p.save(settings);
    m_services.applyPreferences(p);
    return language() != m_initial;
}

void PreferencesDialog::accept()
{
    const QString why = check();
    m_error->setText(why);
    m_error->setVisible(!why.isEmpty());
    if (!why.isEmpty())
        return; // stays open, nothing stored
    QDialog::accept();
}

void PreferencesDialog::updateNote()
{
    m_note->setText(
        language() == m_initial ? QString() : tr("The new language applies when Sociscope is started again."));
}

void PreferencesDialog::updateEnabled()
{
    m_proxyUrl->setEnabled(m_proxy->currentData().toInt() == static_cast<int>(Preferences::Proxy::Manual));
    m_backgroundBudget->setEnabled(m_background->currentData().toString() == QLatin1String("budget"));
}

QString PreferencesDialog::cacheFolder() const
{
    const QString t = m_cacheFolder->text().trimmed();
    return t.isEmpty() ? Preferences::defaultCacheFolder() : QDir::cleanPath(t);
}

void PreferencesDialog::showUsage()
{
    const QString folder = cacheFolder();
    if (!QDir::isAbsolutePath(folder)) {
        m_cacheUsage->setText(tr("Not an absolute path."));
        m_clearCache->setEnabled(false);
        return;
    }
    m_cacheUsage->setText(tr("Reading…"));
    m_clearCache->setEnabled(false);
    m_services.jobs().run(
        this,
        [folder]() {
            CacheOutcome out;
            out.usage = lazy::DiskCache(folder.toStdString()).usage();
            return out;
        },
        [this, folder](CacheOutcome out) {
            if (folder != cacheFolder())
                return; // another folder was typed since
            m_cacheUsage->setText(tr("%1 in %n file(s)", "", static_cast<int>(filesOf(out.usage)))
                                      .arg(Format::bytes(static_cast<qint64>(totalOf(out.usage)))));
            m_clearCache->setEnabled(filesOf(out.usage) > 0);
            emit cacheUsageShown();
        });
}

void PreferencesDialog::clearCache()
{
    if (!m_cacheBusy.isEmpty()) {
        m_cacheUsage->setText(m_cacheBusy);
        return;
    }
    const QString folder = cacheFolder();
    // Images open in this window hold the cache in force (Services keeps one
    // reference, this copy another): what they read is fetched again.
    const auto inForce = m_services.cache();
    if (qs(inForce->root()) == folder && inForce.use_count() > 2) {
        QMessageBox ask(QMessageBox::Question, tr("Clear Cache"),
            tr("Images open in this window read from this cache. Clearing it makes them fetch again "
               "what they read."),
            QMessageBox::NoButton, this);
        ask.setObjectName(QStringLiteral("clearCacheInUse"));
        QPushButton* clear = ask.addButton(tr("Clear Cache"), QMessageBox::DestructiveRole);
        ask.addButton(QMessageBox::Cancel);
        ask.exec();
        if (ask.clickedButton() != clear)
            return;
    }
    m_clearCache->setEnabled(false);
    m_cacheUsage->setText(tr("Clearing…"));
    m_services.jobs().run(
        this,
        [folder]() {
            CacheOutcome out;
            // The daemon serving us may read from the same folder for its
            // mounts and runs: their files would vanish under them.
            if (auto conn = client::connectAny())
                if (auto v = (*conn)->version(); v && sameFolder(qs(v->cacheDir), folder) && v->mounts + v->runs > 0) {
                    out.daemonMounts = v->mounts;
                    out.daemonRuns = v->runs;
                    return out;
                }
            lazy::DiskCache cache(folder.toStdString());
            if (auto s = cache.clear(); !s)
                out.error = qs(s.error().text());
            out.usage = cache.usage();
            return out;
        },
        [this, folder](CacheOutcome out) {
            if (out.daemonMounts + out.daemonRuns > 0) {
                m_error->setText(tr("The cache was not cleared: the daemon reads from %1 for its mounts and runs "
                                    "(mounts: %2, runs: %3). Unmount them in the Mounts dock and end the runs first.")
                                     .arg(folder)
                                     .arg(out.daemonMounts)
                                     .arg(out.daemonRuns));
                m_error->show();
            } else if (!out.error.isEmpty()) {
                m_error->setText(tr("The cache could not be cleared: %1").arg(out.error));
                m_error->show();
            }
            showUsage();
        });
}

} // namespace sociscope::ui
