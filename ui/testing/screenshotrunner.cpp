// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "testing/screenshotrunner.h"

#include "app/mainwindow.h"
#include "common/qtformat.h"
#include "dialogs/createindexdialog.h"
#include "docks/fetchpanel.h"
#include "docks/runconsole.h"
#include "jobs/imagesession.h"
#include "models/filetreemodel.h"
#include "models/searchresultmodel.h"
#include "models/tagfamilymodel.h"
#include "models/tagfamilyproxy.h"
#include "pages/files/filefilterbar.h"
#include "pages/files/filespage.h"
#include "pages/files/filetreeview.h"
#include "pages/files/previewpane.h"
#include "pages/image/imagepage.h"
#include "pages/image/spacetab.h"
#include "pages/inventorypage.h"
#include "pages/tagspage.h"
#include "widgets/sourcessidebar.h"
#include "widgets/spanmapview.h"

#include <QDir>
#include <QDockWidget>
#include <QLineEdit>
#include <QPixmap>
#include <QPushButton>
#include <QSpinBox>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTimer>
#include <QTreeView>

#include <algorithm>
#include <cstdio>

namespace sociscope::ui {

namespace {
constexpr int SettleMs = 250; // one layout and paint pass after a view switch
}

template <class T> T* ScreenshotRunner::child(const char* name)
{
    T* found = m_window.findChild<T*>(QLatin1String(name));
    if (!found)
        m_missing << QLatin1String(name);
    return found;
}

ScreenshotRunner::ScreenshotRunner(MainWindow& window, QString dir, QString tagsRepository, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_image(child<ImagePage>("imagePage"))
    , m_inventory(child<InventoryPage>("inventoryPage"))
    , m_runButton(child<QPushButton>("runButton"))
    , m_tags(child<TagsPage>("tagsPage"))
    , m_sidebar(child<SourcesSidebar>("sourcesSidebar"))
    , m_console(child<RunConsole>("runConsole"))
    , m_fetches(child<FetchPanel>("fetchPanel"))
    , m_consoleDock(child<QDockWidget>("consoleDock"))
    , m_fetchesDock(child<QDockWidget>("fetchesDock"))
    , m_mountsDock(child<QDockWidget>("mountsDock"))
    , m_dir(std::move(dir))
    , m_tagsRepository(std::move(tagsRepository))
    , m_watchdog(new QTimer(this))
{
    m_watchdog->setSingleShot(true);
    m_watchdog->setInterval(180000);
    connect(m_watchdog, &QTimer::timeout, this, [this] { fail(tr("the views did not load within 3 minutes")); });
}

void ScreenshotRunner::start()
{
    if (!m_missing.isEmpty()) {
        fail(QStringLiteral("the window has no child named %1").arg(m_missing.join(QStringLiteral(", "))));
        return;
    }
    if (!QDir().mkpath(m_dir)) {
        fail(tr("cannot create %1").arg(m_dir));
        return;
    }
    m_watchdog->start();
    // A common laptop size; settings are ignored so every run looks the same.
    m_window.resize(1440, 900);
    connect(m_image, &ImagePage::settled, this, [this] {
        if (!m_imageDone) {
            m_imageDone = true;
            QTimer::singleShot(SettleMs, this, &ScreenshotRunner::shootImagePage);
        }
    });
}

void ScreenshotRunner::grab(const QString& name)
{
    const QString path = m_dir + QLatin1Char('/') + name;
    m_window.statusBar()->clearMessage(); // "demo ready" shows only on a first run
    if (!m_window.grab().save(path)) {
        fail(tr("cannot write %1").arg(path));
        return;
    }
    m_written << path;
}

void ScreenshotRunner::next()
{
    if (m_steps.empty())
        return;
    auto step = std::move(m_steps.front());
    m_steps.erase(m_steps.begin());
    step();
    if (!m_steps.empty())
        QTimer::singleShot(SettleMs, this, &ScreenshotRunner::next);
}

void ScreenshotRunner::shootImagePage()
{
    ImagePage* page = m_image;
    const struct {
        ImagePage::Tab tab;
        const char* file;
    } shots[] = { { ImagePage::TabLayers, "image-layers.png" }, { ImagePage::TabOverview, "image-overview.png" },
        { ImagePage::TabHistory, "image-history.png" }, { ImagePage::TabConfig, "image-config.png" } };
    m_steps.clear();
    for (const auto& s : shots) {
        m_steps.push_back([page, tab = s.tab] { page->showTab(tab); });
        m_steps.push_back([this, file = QString::fromLatin1(s.file)] { grab(file); });
    }
    m_steps.push_back([this] { shootFiles(); });
    next();
}

void ScreenshotRunner::when(std::function<bool()> ready, std::function<void()> then)
{
    if (ready()) {
        // One more turn for layout and paint.
        QTimer::singleShot(SettleMs, this, std::move(then));
        return;
    }
    QTimer::singleShot(20, this, [this, ready = std::move(ready), then = std::move(then)]() mutable {
        when(std::move(ready), std::move(then));
    });
}

void ScreenshotRunner::shootFiles()
{
    ImagePage* page = m_image;
    FilesPage* files = page->filesPage();
    ImageSession* session = page->session();
    page->showTab(ImagePage::TabFiles);
    const auto previewed = [files] { return files->isPreviewSettled() && !files->preview()->isFetching(); };
    // The tree, verified, with a text file shown.
    when([files, session] { return files->isTreeShown() && session->isVerified(); },
        [this, files, previewed] {
            files->treeView()->expand(files->treeModel()->indexOfPath(QStringLiteral("/usr")));
            files->treeView()->expand(files->treeModel()->indexOfPath(QStringLiteral("/opt")));
            files->reveal(QStringLiteral("/etc/os-release"));
            when(previewed, [this, files, previewed] {
                grab(QStringLiteral("files-tree.png"));
                // An ELF binary's summary.
                files->reveal(QStringLiteral("/bin/busybox"));
                when(previewed, [this, files, previewed] {
                    grab(QStringLiteral("files-elf.png"));
                    // A search, its results streamed in.
                    files->search(QStringLiteral("module-00"));
                    when([files] { return !files->isSearching(); },
                        [this, files, previewed] {
                            files->resultsView()->setCurrentIndex(files->searchModel()->index(3, 0));
                            when(previewed, [this, files] {
                                grab(QStringLiteral("files-search.png"));
                                files->filterBar()->clearSearch();
                                shootLayerChanges();
                            });
                        });
                });
            });
        });
}

void ScreenshotRunner::shootLayerChanges()
{
    // The top layer alone: what it adds, modifies and removes (a whiteout,
    // an opaque folder), as dive shows a layer.
    ImagePage* page = m_image;
    FilesPage* files = page->filesPage();
    const int top = page->session()->layerCount() - 1;
    files->showLayer(top);
    when([files, top] { return files->shownLayer() == top && files->isTreeShown(); },
        [this, files, top] {
            for (const char* path : { "/usr/share/doc/sociscope-demo/OLD-NOTES", "/opt/app/cache/fresh.txt" })
                files->reveal(QLatin1String(path));
            when([files] { return files->isPreviewSettled() && !files->preview()->isFetching(); },
                [this, files, top] {
                    grab(QStringLiteral("files-layer-changes.png"));
                    files->showLayer(-1);
                    when([files] { return files->shownLayer() < 0 && files->isTreeShown(); },
                        [this] { shootSpace(); });
                });
        });
}

void ScreenshotRunner::shootSpace()
{
    m_image->showTab(ImagePage::TabSpace);
    auto* space = m_image->findChild<SpaceTab*>(QStringLiteral("spaceTab"));
    if (!space) {
        fail(tr("the image page has no Space tab"));
        return;
    }
    when([space] { return space->tree() != nullptr; },
        [this] {
            grab(QStringLiteral("image-space.png"));
            shootInventory();
        });
}

void ScreenshotRunner::shootCreateIndex()
{
    // The dialog's result page, for the demo's image without an index,
    // pushed as a twin of its own into the demo's layout (its -soci twin is
    // left as it is).
    oci::Reference image = m_image->reference();
    image.tag = "latest";
    image.digest.clear();
    auto* dialog = new CreateIndexDialog(m_image->session()->services(), image, &m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (auto* target = dialog->findChild<QLineEdit*>(QStringLiteral("targetTag")))
        target->setText(QStringLiteral("latest-soci-screenshot"));
    if (auto* min = dialog->findChild<QSpinBox*>(QStringLiteral("minLayerSize")))
        min->setValue(64); // KiB: the demo's small layers get zTOCs too, one stays below
    dialog->resize(900, 620);
    dialog->show();
    connect(dialog, &CreateIndexDialog::jobEnded, this, [this, dialog](const CreateIndexOutcome&) {
        QTimer::singleShot(SettleMs, this, [this, dialog] {
            const QString path = m_dir + QStringLiteral("/create-index.png");
            if (!dialog->grab().save(path)) {
                fail(tr("cannot write %1").arg(path));
                return;
            }
            m_written << path;
            dialog->close();
            m_window.showWelcome();
            QTimer::singleShot(SettleMs, this, [this] {
                grab(QStringLiteral("welcome.png"));
                m_watchdog->stop();
                emit finished(true, {});
            });
        });
    });
    for (auto* b : dialog->findChildren<QPushButton*>())
        if (b->objectName() == QLatin1String("createButton")) {
            b->click();
            return;
        }
    fail(tr("the Create SOCI Index dialog has no Create button"));
}

void ScreenshotRunner::shootInventory()
{
    m_image->showTab(ImagePage::TabInventory);
    InventoryPage* inventory = m_inventory;
    when([inventory] { return inventory->isLoaded(); },
        [this] {
            grab(QStringLiteral("inventory.png"));
            shootRun();
        });
}

void ScreenshotRunner::shootRun()
{
    ImagePage* page = m_image;
    page->showTab(ImagePage::TabLayers);
    when([page] { return page->isRunAbilityKnown(); },
        [this, page] {
            // Screenshots never leave a system daemon behind: tools/screenshots brings its own.
            if (!m_runButton->isEnabled() || page->runStartsDaemon()) {
                std::fprintf(stderr, "sociscope: no run console shots: %s\n",
                    page->runStartsDaemon() ? "no daemon is running (tools/screenshots starts one)"
                                            : qPrintable(m_runButton->toolTip()));
                page->showTab(ImagePage::TabOverview);
                shootTags();
                return;
            }
            // The docks need the room the sources sidebar takes.
            m_sidebar->hide();
            m_window.runShownImage();
            RunTab* tab = m_console->currentTab();
            // The image's command, then a little more: the model's config
            // and one module read lazily, an override from the environment, and
            // a line on stderr.
            tab->commandEdit()->setText(
                QStringLiteral("/bin/sh -c 'cat /etc/os-release; cat /srv/greeting; echo \"$GREETING\"; "
                               "cat /opt/models/config.json; head -n 2 /opt/app/src/module-0042.txt; "
                               "echo \"no GPU found: running on the CPU\" >&2'"));
            tab->commandEdit()->setCursorPosition(0);
            tab->envEdit()->setText(QStringLiteral("GREETING='Hello from the run console'"));
            if (!tab->start()) {
                fail(tr("the run did not start: %1").arg(tab->statusText()));
                return;
            }
            m_window.resizeDocks({ m_consoleDock }, { 330 }, Qt::Vertical);
            // Wide enough for the chart's legend in full, next to the image page.
            m_window.resize(1600, 900);
            m_window.resizeDocks({ m_fetchesDock }, { 640 }, Qt::Horizontal);
            when([tab] { return !tab->isRunning(); },
                [this] {
                    m_fetches->sample();
                    grab(QStringLiteral("run-console.png"));
                    QDockWidget* fetches = m_fetchesDock;
                    QTimer::singleShot(SettleMs, this, [this, fetches] {
                        m_fetches->sample();
                        const QString path = m_dir + QStringLiteral("/fetch-chart.png");
                        // Down to the last layer of the span map, not the empty rest of the dock.
                        SpanMapView* map = m_fetches->spanMapView();
                        const int bottom = map->mapTo(fetches, QPoint(0, map->heightForWidth(map->width()))).y() + 12;
                        if (!fetches->grab(QRect(0, 0, fetches->width(), std::min(bottom, fetches->height())))
                                 .save(path)) {
                            fail(tr("cannot write %1").arg(path));
                            return;
                        }
                        m_written << path;
                        for (QDockWidget* d : { m_consoleDock, m_fetchesDock, m_mountsDock })
                            d->hide();
                        m_sidebar->show();
                        m_window.resize(1440, 900); // the docks widened it
                        m_image->showTab(ImagePage::TabOverview);
                        shootTags();
                    });
                });
        });
}

void ScreenshotRunner::shootTags()
{
    QString repo = m_tagsRepository;
    if (repo.isEmpty()) {
        const oci::Reference& shown = m_image->reference();
        repo = qs(shown.name());
    }
    auto ref = oci::Reference::parse(repo.toStdString(), false);
    if (!ref) {
        fail(tr("bad repository %1").arg(repo));
        return;
    }
    TagsPage* tags = m_tags;
    connect(tags, &TagsPage::settled, this, [this, tags] {
        if (m_tagsDone)
            return;
        m_tagsDone = true;
        // Select an image that has a SOCI twin (on its row), so the details line shows something.
        QTreeView* view = tags->view();
        QModelIndex pick = view->model()->index(0, 0);
        const auto* proxy = qobject_cast<const QSortFilterProxyModel*>(view->model());
        for (int r = 0; proxy && r < proxy->rowCount(); ++r) {
            const QModelIndex i = proxy->index(r, 0);
            if (!tags->model()->twinRows(proxy->mapToSource(i).row()).isEmpty()) {
                pick = i;
                break;
            }
        }
        view->setCurrentIndex(pick);
        view->setFocus();
        QTimer::singleShot(SettleMs, this, [this] {
            grab(QStringLiteral("tag-families.png"));
            shootCreateIndex();
        });
    });
    m_window.openRepository(*ref);
}

void ScreenshotRunner::fail(const QString& error)
{
    m_watchdog->stop();
    m_steps.clear();
    emit finished(false, error);
}

} // namespace sociscope::ui
