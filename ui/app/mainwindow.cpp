// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "app/mainwindow.h"

#include "app/colorscheme.h"
#include "app/demoimage.h"
#include "app/notifier.h"
#include "app/services.h"
#include "common/icons.h"
#include "common/qtformat.h"
#include "common/usermessage.h"
#include "dialogs/comparedialog.h"
#include "dialogs/createindexdialog.h"
#include "dialogs/mountdialog.h"
#include "dialogs/preferencesdialog.h"
#include "docks/fetchpanel.h"
#include "docks/mountspanel.h"
#include "docks/runconsole.h"
#include "jobs/extractjob.h"
#include "models/layermodel.h"
#include "models/tagfamilymodel.h"
#include "pages/compare/comparepage.h"
#include "pages/files/filespage.h"
#include "pages/image/imagepage.h"
#include "pages/tagspage.h"
#include "pages/welcomepage.h"
#include "widgets/messagebar.h"
#include "widgets/referenceinput.h"
#include "widgets/registrystatus.h"
#include "widgets/sourcessidebar.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QDockWidget>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

#include <utility>

namespace sociscope::ui {

MainWindow::MainWindow(Services& services, QWidget* parent)
    : QMainWindow(parent),
      m_services(services),
      m_sidebar(new SourcesSidebar(services, this)),
      m_stack(new QStackedWidget(this)),
      m_welcome(new WelcomePage(this)),
      m_tags(new TagsPage(services, this)),
      m_image(new ImagePage(services, this)),
      m_compare(new ComparePage(services, this)),
      m_messages(new MessageBar(this)),
      m_registryStatus(new RegistryStatus(services, this)),
      m_demoProgress(new QProgressBar(this)),
      m_splitter(new QSplitter(Qt::Horizontal, this)),
      m_demo(new DemoImage(services.jobs(), DemoImage::defaultFolder(), this)),
      m_scheme(new ColorSchemeWatcher(services.jobs(), this)),
      m_notifier(new Notifier(this)),
      m_mounts(new MountsPanel(services.jobs(), this)),
      m_console(new RunConsole(services.jobs(), this)),
      m_fetches(new FetchPanel(this))
{
    setWindowTitle(tr("Sociscope"));
    setObjectName(QStringLiteral("mainWindow"));
    const std::pair<QObject*, const char*> names[] = {
        {m_sidebar, "sourcesSidebar"}, {m_tags, "tagsPage"},       {m_image, "imagePage"},
        {m_demo, "demoImage"},         {m_notifier, "notifier"},   {m_mounts, "mountsPanel"},
        {m_console, "runConsole"},     {m_fetches, "fetchPanel"},   {m_compare, "comparePage"},
    };
    for (const auto& [child, name] : names)
        child->setObjectName(QLatin1String(name));

    m_stack->addWidget(m_welcome);
    m_stack->addWidget(m_tags);
    m_stack->addWidget(m_image);
    m_stack->addWidget(m_compare);
    m_splitter->addWidget(m_sidebar);
    m_splitter->addWidget(m_stack);
    // The page gives way when a dock opens, not the sidebar (it went to
    // ~100 px with the Fetches dock open).
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setCollapsible(0, false);
    m_splitter->setCollapsible(1, false);
    m_sidebar->setMinimumWidth(SidebarMinWidth);
    m_splitter->setSizes({290, 990});

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_splitter, 1);
    setCentralWidget(central);
    m_messages->floatOver(central);

    m_demoProgress->setMaximumWidth(180);
    m_demoProgress->setMaximumHeight(14);
    m_demoProgress->hide();
    statusBar()->addPermanentWidget(m_demoProgress);
    statusBar()->addPermanentWidget(m_registryStatus);

    createDocks();
    createActions();

    // Pages and the sidebar talk through the window only.
    connect(m_sidebar, &SourcesSidebar::repositoryActivated, this, &MainWindow::openRepository);
    connect(m_sidebar, &SourcesSidebar::imageActivated, this, &MainWindow::openImage);
    connect(m_sidebar, &SourcesSidebar::sourcesChanged, this, &MainWindow::saveSettings);
    connect(m_tags, &TagsPage::imageActivated, this, &MainWindow::openImage);
    connect(m_sidebar, &SourcesSidebar::messageRaised, m_messages, &MessageBar::showMessage);
    connect(m_tags, &TagsPage::messageRaised, m_messages, &MessageBar::showMessage);
    connect(m_image, &ImagePage::messageRaised, m_messages, &MessageBar::showMessage);
    connect(m_image, &ImagePage::mountRequested, this, &MainWindow::mountShownImage);
    connect(m_image, &ImagePage::runRequested, this, &MainWindow::runShownImage);
    connect(m_compare, &ComparePage::messageRaised, m_messages, &MessageBar::showMessage);
    connect(m_tags, &TagsPage::compareRequested, this, &MainWindow::askCompare);
    const auto createIndex = [this](const oci::Reference& image) {
        if (auto twin = CreateIndexDialog::ask(m_services, image, this))
            openImage(*twin);
    };
    connect(m_tags, &TagsPage::createIndexRequested, this, createIndex);
    connect(m_image, &ImagePage::createIndexRequested, this, [this, createIndex] { createIndex(m_image->reference()); });
    connect(m_image, &ImagePage::compareRequested, this, [this] {
        // The tags listed, when the tags page shows this image's repository.
        QStringList tags;
        if (m_tags->repository().name() == m_image->reference().name())
            for (int r = 0; r < m_tags->model()->rowCount(); ++r)
                tags << m_tags->model()->index(r, 0).data(TagFamilyModel::TagsRole).toStringList();
        tags.sort();
        askCompare(m_image->reference(), tags);
    });
    connect(m_mounts, &MountsPanel::messageRaised, m_messages, &MessageBar::showMessage);
    // Mounts and runs fetch in the daemon: the chart listens to its events.
    connect(m_mounts, &MountsPanel::mounted, m_fetches, &FetchPanel::listenToDaemon);
    connect(m_console, &RunConsole::runStarted, m_fetches, &FetchPanel::listenToDaemon);
    connect(m_console, &RunConsole::runStarted, m_mounts, &MountsPanel::refresh);
    m_fetches->follow(m_image->session(), m_image->layerModel());
    connect(m_demo, &DemoImage::failed, m_messages, &MessageBar::showMessage);
    connect(m_messages, &MessageBar::retryRequested, this, &MainWindow::refresh);
    connect(m_image->filesPage(), &FilesPage::extractFinished, this, [this](const ExtractOutcome& out) {
        if (out.cancelled)
            return; // the user was here to cancel it
        if (out.error.isEmpty())
            m_notifier->notifyIfUnattended(this, out.elapsedMs, tr("Extraction finished"),
                                           tr("Extracted %n file(s), %1.", "", static_cast<int>(out.result.files))
                                               .arg(Format::bytes(static_cast<qint64>(out.result.bytes))));
        else
            m_notifier->notifyIfUnattended(this, out.elapsedMs, tr("Extraction failed"), out.error);
    });
    connect(m_console, &RunConsole::runEnded, this,
            [this](const QString& title, bool failed, const QString& status, qint64 elapsedMs) {
                m_notifier->notifyIfUnattended(this, elapsedMs,
                                               failed ? tr("Run failed: %1").arg(title) : tr("Run finished: %1").arg(title),
                                               status);
            });
    connect(m_welcome, &WelcomePage::openFolderRequested, this, &MainWindow::openFolderDialog);
    connect(m_welcome, &WelcomePage::addRegistryRequested, m_sidebar, &SourcesSidebar::showAddRegistryDialog);
    connect(m_welcome, &WelcomePage::openDemoRequested, this, [this] {
        if (m_demo->isReady())
            m_sidebar->goTo(m_demo->reference());
        else
            m_openDemoWhenReady = true;
    });

    connect(m_demo, &DemoImage::progressed, this, [this](const QString& phase, int percent) {
        m_welcome->setProgress(phase, percent);
        m_demoProgress->setVisible(!phase.isEmpty());
        m_demoProgress->setRange(0, percent < 0 ? 0 : 100);
        m_demoProgress->setValue(std::max(percent, 0));
        if (!phase.isEmpty())
            statusBar()->showMessage(phase);
        else
            statusBar()->clearMessage();
    });
    connect(m_demo, &DemoImage::ready, this, [this](const QString& reference, bool created) {
        m_sidebar->addFolder(m_demo->folder(), tr("Demo image"), false);
        if (created)
            statusBar()->showMessage(tr("Demo image ready in %1").arg(m_demo->folder()), 6000);
        if (m_openDemoWhenReady) {
            m_openDemoWhenReady = false;
            m_sidebar->goTo(reference);
        }
    });
    // SOCISCOPE_COLOR_SCHEME=dark|light overrides the desktop (no portal, or to try the other one).
    const QByteArray forced = qgetenv("SOCISCOPE_COLOR_SCHEME").toLower();
    if (forced == "dark" || forced == "light")
        ColorSchemeWatcher::apply(forced == "dark" ? ColorSchemeWatcher::Scheme::Dark : ColorSchemeWatcher::Scheme::Light);
    else
        connect(m_scheme, &ColorSchemeWatcher::schemeChanged, this, &ColorSchemeWatcher::apply);

    setAcceptDrops(true);
    resize(1280, 800);
    restoreSettings();
    if (forced != "dark" && forced != "light")
        m_scheme->start();
    updateNavigation();
}

MainWindow::~MainWindow() = default;

QDockWidget* MainWindow::addDock(QWidget* content, const QString& title, const QString& name, Qt::DockWidgetArea area)
{
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(name);
    dock->setWidget(content);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                      QDockWidget::DockWidgetFloatable);
    addDockWidget(area, dock);
    dock->hide();
    return dock;
}

void MainWindow::createDocks()
{
    // The Fetches dock takes the right side whole; the console sits under the page.
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);
    m_consoleDock = addDock(m_console, tr("Run Console"), QStringLiteral("consoleDock"), Qt::BottomDockWidgetArea);
    m_mountsDock = addDock(m_mounts, tr("Mounts"), QStringLiteral("mountsDock"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(m_consoleDock, m_mountsDock);
    m_fetchesDock = addDock(m_fetches, tr("Fetches"), QStringLiteral("fetchesDock"), Qt::RightDockWidgetArea);
    connect(m_mountsDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible)
            m_mounts->refresh();
    });
    connect(m_fetchesDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible)
            m_fetches->listenToDaemon();
    });
}

void MainWindow::mountShownImage()
{
    const auto spec = m_image->runSpec();
    if (!spec)
        return;
    MountDialog dialog(qs(spec->ref.str()), MountsPanel::defaultFolder(spec->ref), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_fetches->listenToDaemon(); // before the mount fetches its first bytes
    m_mountsDock->show();
    m_mountsDock->raise();
    // Not the whole image: the budget of the preferences ("" leaves it to the daemon).
    const QString background = dialog.background().isEmpty() ? m_services.preferences().mountBackground
                                                              : dialog.background();
    m_mounts->mountImage(spec->ref, spec->platform, spec->plainHttp, spec->insecure, dialog.folder(), background);
}

void MainWindow::runShownImage()
{
    const auto spec = m_image->runSpec();
    if (!spec)
        return;
    const oci::Reference& ref = spec->ref;
    const QString title = qs(ref.isLayout ? ref.layoutPath.substr(ref.layoutPath.rfind('/') + 1) : ref.repository) +
                          (ref.tag.empty() ? QString() : QLatin1Char(':') + qs(ref.tag));
    RunTab* tab = m_console->addRun(*spec, title);
    m_fetches->listenToDaemon(); // before the run fetches its first bytes
    m_consoleDock->show();
    m_consoleDock->raise();
    m_fetchesDock->show();
    tab->setFocus();
}

void MainWindow::createActions()
{
    auto* file = menuBar()->addMenu(tr("&File"));
    auto* openFolder = file->addAction(Icons::get(Icons::Open), tr("&Open OCI Layout…"), this,
                                       &MainWindow::openFolderDialog);
    openFolder->setShortcut(QKeySequence::Open);
    auto* goTo = file->addAction(Icons::get(Icons::Find), tr("&Go to Repository…"), m_sidebar,
                                 &SourcesSidebar::focusGoTo);
    goTo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    auto* addRegistry = file->addAction(Icons::get(Icons::Registry), tr("Add &Registry…"), m_sidebar,
                                        &SourcesSidebar::showAddRegistryDialog);
    file->addSeparator();
    auto* quit = file->addAction(Icons::get(Icons::Quit), tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    auto* view = menuBar()->addMenu(tr("&View"));
    m_back = view->addAction(Icons::get(Icons::Back), tr("&Back"), this, [this] { go(-1); });
    m_back->setShortcut(QKeySequence::Back);
    m_forward = view->addAction(Icons::get(Icons::Forward), tr("&Forward"), this, [this] { go(1); });
    m_forward->setShortcut(QKeySequence::Forward);
    m_refresh = view->addAction(Icons::get(Icons::Refresh), tr("&Refresh"), this, &MainWindow::refresh);
    m_refresh->setShortcut(QKeySequence::Refresh);
    view->addAction(m_sidebar->bookmarkAction());
    view->addSeparator();
    auto* find = view->addAction(Icons::get(Icons::Find), tr("&Find"), this, [this] {
        if (m_stack->currentWidget() == m_tags)
            m_tags->focusFilter();
        else if (m_stack->currentWidget() == m_image)
            m_image->focusFilter();
    });
    find->setShortcut(QKeySequence::Find);
    auto* sources = view->addAction(tr("Show &Sources"));
    sources->setCheckable(true);
    sources->setChecked(true);
    sources->setShortcut(QKeySequence(Qt::Key_F9));
    connect(sources, &QAction::toggled, m_sidebar, &QWidget::setVisible);
    view->addSeparator();
    for (QDockWidget* dock : {m_fetchesDock, m_consoleDock, m_mountsDock})
        view->addAction(dock->toggleViewAction());
    m_fetchesDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    m_consoleDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_mountsDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));

    auto* settingsMenu = menuBar()->addMenu(tr("&Settings"));
    auto* preferences = settingsMenu->addAction(tr("&Preferences…"), this, &MainWindow::showPreferences);
    preferences->setShortcut(QKeySequence::Preferences);
    preferences->setMenuRole(QAction::PreferencesRole);

    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(Icons::get(Icons::App), tr("&About Sociscope"), this, [this] {
        QMessageBox::about(this, tr("About Sociscope"),
                           tr("<h3>Sociscope %1</h3><p>Look inside, mount and run huge container images without "
                              "pulling them.</p><p>Reads SOCI indexes and zTOCs to fetch only the bytes a file "
                              "needs.</p>")
                               .arg(QStringLiteral(SOCISCOPE_VERSION)));
    });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    auto* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(20, 20));
    bar->addAction(m_back);
    bar->addAction(m_forward);
    bar->addAction(m_refresh);
    bar->addSeparator();
    bar->addAction(openFolder);
    bar->addAction(addRegistry);
    for (QAction* a : {m_back, m_forward})
        a->setPriority(QAction::LowPriority); // icon only beside text buttons
}

void MainWindow::start(const QString& reference, bool ignoreLastLocation)
{
    m_demo->ensure();
    if (!reference.isEmpty()) {
        if (!openReference(reference))
            m_stack->setCurrentWidget(m_welcome);
        return;
    }
    QSettings settings;
    const QString last = settings.value(QStringLiteral("last/reference")).toString();
    const bool lastImage = settings.value(QStringLiteral("last/image")).toBool();
    if (!ignoreLastLocation && !last.isEmpty()) {
        if (auto ref = oci::Reference::parse(last.toStdString(), false)) {
            showLocation({lastImage, *ref}, true);
            return;
        }
    }
    showWelcome();
    m_openDemoWhenReady = true;
}

bool MainWindow::openReference(const QString& reference)
{
    // As the CLI reads it: a repository without tag or digest means :latest.
    auto ref = oci::Reference::parse(reference.toStdString(), true);
    if (!ref) {
        UserMessage m;
        m.text = tr("“%1” is not an image reference: %2").arg(reference, qs(ref.error().message));
        m.hint = tr("Type HOST/REPOSITORY[:TAG], e.g. 127.0.0.1:5000/foo:1.0, or oci:/path/to/folder:TAG.");
        m_messages->showMessage(m);
        return false;
    }
    if (ref->isLayout)
        m_sidebar->addFolder(qs(ref->layoutPath));
    // A folder without a tag may hold many images: show them all.
    if (ref->isLayout && ref->tag.empty() && ref->digest.empty())
        openRepository(*ref);
    else
        openImage(*ref);
    return true;
}

void MainWindow::present()
{
    if (isHidden())
        show();
    setWindowState((windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    raise();
    activateWindow();
}

void MainWindow::openRepository(const oci::Reference& repository) { showLocation({false, repository.withTag({})}, true); }

void MainWindow::askCompare(const oci::Reference& image, const QStringList& tags)
{
    CompareDialog dialog(image, tags, this);
    if (dialog.exec() == QDialog::Accepted && dialog.other())
        compareImages(image, *dialog.other());
}

void MainWindow::compareImages(const oci::Reference& a, const oci::Reference& b)
{
    m_stack->setCurrentWidget(m_compare);
    m_sidebar->showImage({});
    m_compare->compare(a, b);
    updateNavigation();
}

void MainWindow::openImage(const oci::Reference& image) { showLocation({true, image}, true); }

void MainWindow::showWelcome()
{
    m_messages->dismiss(); // about the page left
    m_stack->setCurrentWidget(m_welcome);
    m_sidebar->showCurrent({});
    m_sidebar->showImage({});
    m_registryStatus->setHost({}, false);
    setWindowTitle(tr("Sociscope"));
    updateNavigation();
}

void MainWindow::showLocation(const Location& l, bool record)
{
    // A message about the reference or page shown before goes with it.
    const bool image = m_stack->currentWidget() == m_image;
    if (image != l.image || m_stack->currentWidget() == m_welcome ||
        (l.image ? m_image->reference().str() != l.ref.str() : m_tags->repository().name() != l.ref.name()))
        m_messages->dismiss();
    if (l.image) {
        m_stack->setCurrentWidget(m_image);
        if (m_image->reference().str() != l.ref.str() || !record)
            m_image->open(l.ref);
    } else {
        m_stack->setCurrentWidget(m_tags);
        if (m_tags->repository().name() != l.ref.name() || !record)
            m_tags->open(l.ref);
    }
    if (record) {
        const bool same = m_historyIndex >= 0 && m_history[static_cast<size_t>(m_historyIndex)].image == l.image &&
                          m_history[static_cast<size_t>(m_historyIndex)].ref.str() == l.ref.str();
        if (!same) {
            m_history.resize(static_cast<size_t>(m_historyIndex + 1));
            m_history.push_back(l);
            m_historyIndex = static_cast<int>(m_history.size()) - 1;
        }
    }
    if (l.ref.isLayout)
        m_sidebar->addFolder(qs(l.ref.layoutPath)); // every folder visited stays at hand
    m_sidebar->showCurrent(l.ref.isLayout ? QStringLiteral("oci:") + qs(l.ref.layoutPath) : qs(l.ref.name()));
    m_sidebar->showImage(l.image ? qs(l.ref.str()) : QString()); // to Recent
    m_registryStatus->setHost(l.ref.isLayout ? QString() : qs(l.ref.registry), l.ref.isLayout);
    const QString name = qs(l.image ? l.ref.str() : l.ref.name());
    setWindowTitle(tr("%1 — Sociscope").arg(name));
    QSettings settings;
    settings.setValue(QStringLiteral("last/reference"), qs(l.ref.str()));
    settings.setValue(QStringLiteral("last/image"), l.image);
    updateNavigation();
}

void MainWindow::go(int delta)
{
    // The compare page is not in the history: Back from it returns to the page it was opened from.
    if (m_stack->currentWidget() == m_compare && delta < 0 && m_historyIndex >= 0)
        ++delta;
    const int next = m_historyIndex + delta;
    if (next < 0 || next >= static_cast<int>(m_history.size()))
        return;
    m_historyIndex = next;
    m_messages->dismiss(); // about the page left
    const Location l = m_history[static_cast<size_t>(next)];
    // Revisiting: reopen only when the page shows something else.
    if (l.image ? m_image->reference().str() != l.ref.str() : m_tags->repository().name() != l.ref.name())
        showLocation(l, false);
    else {
        m_stack->setCurrentWidget(l.image ? static_cast<QWidget*>(m_image) : m_tags);
        setWindowTitle(tr("%1 — Sociscope").arg(qs(l.image ? l.ref.str() : l.ref.name())));
        m_sidebar->showCurrent(l.ref.isLayout ? QStringLiteral("oci:") + qs(l.ref.layoutPath) : qs(l.ref.name()));
        m_sidebar->showImage(l.image ? qs(l.ref.str()) : QString());
        m_registryStatus->setHost(l.ref.isLayout ? QString() : qs(l.ref.registry), l.ref.isLayout);
    }
    updateNavigation();
}

void MainWindow::updateNavigation()
{
    m_back->setEnabled(m_historyIndex > 0 || (m_stack->currentWidget() == m_compare && m_historyIndex >= 0));
    m_forward->setEnabled(m_historyIndex + 1 < static_cast<int>(m_history.size()));
    m_refresh->setEnabled(m_stack->currentWidget() != m_welcome);
}

void MainWindow::refresh()
{
    if (m_stack->currentWidget() == m_tags)
        m_tags->refresh();
    else if (m_stack->currentWidget() == m_image)
        m_image->refresh();
}

void MainWindow::openFolderDialog()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open OCI Layout"), QDir::homePath());
    if (dir.isEmpty())
        return;
    m_sidebar->addFolder(dir);
    m_sidebar->goTo(QStringLiteral("oci:") + dir);
}

void MainWindow::showPreferences()
{
    PreferencesDialog dialog(m_services, this);
    if (m_image->filesPage()->isExtracting())
        dialog.setCacheBusy(tr("An extraction is running: clear the cache once it is done or cancelled."));
    if (dialog.exec() == QDialog::Accepted && dialog.save())
        statusBar()->showMessage(tr("The new language applies when Sociscope is started again."), 8000);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    m_sidebar->save(settings);
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    m_sidebar->restore(settings);
    if (settings.contains(QStringLiteral("window/geometry")))
        restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    if (settings.contains(QStringLiteral("window/splitter")))
        m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    // Files dragged out of our own views are not references.
    if (!event->source() && !ReferenceInput::fromMimeData(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QString reference = ReferenceInput::fromMimeData(event->mimeData());
    if (event->source() || reference.isEmpty())
        return;
    event->acceptProposedAction();
    openReference(reference);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    // An extraction lives on a pool thread: closing without a word would
    // leave it half done, and the process waiting on its span in flight.
    FilesPage* files = m_image->filesPage();
    if (files->isExtracting()) {
        QMessageBox ask(QMessageBox::Question, tr("An extraction is running"),
                        tr("Files are still being extracted. Quitting now cancels the extraction; files already "
                           "written stay, none is left half-written."),
                        QMessageBox::NoButton, this);
        ask.setObjectName(QStringLiteral("quitWhileExtracting"));
        QPushButton* quit = ask.addButton(tr("Cancel Extraction and Quit"), QMessageBox::DestructiveRole);
        QPushButton* keep = ask.addButton(tr("Keep Working"), QMessageBox::RejectRole);
        quit->setObjectName(QStringLiteral("cancelAndQuit"));
        keep->setObjectName(QStringLiteral("keepWorking"));
        ask.setDefaultButton(keep);
        ask.setEscapeButton(keep);
        ask.exec();
        if (ask.clickedButton() != quit) {
            event->ignore();
            return;
        }
        // The job's stop flag is the ambient CancelToken: a transfer in flight
        // ends within a second, and JobPool::shutdown() (bounded) follows in main().
        files->cancelExtract();
    }
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace sociscope::ui
