// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// ui/app: the application around the pages — the main window, what every page
// shares (Services: the job pool, registry sessions, settings), one window per
// user, the command line, language, notifications, colours, the demo image.
#pragma once

#include "oci/reference.h"

#include <QMainWindow>

#include <vector>

class QAction;
class QDockWidget;
class QProgressBar;
class QSplitter;
class QStackedWidget;

namespace sociscope::ui {

class ColorSchemeWatcher;
class DemoImage;
class FetchPanel;
class MountsPanel;
class RunConsole;
class ComparePage;
class ImagePage;
class MessageBar;
class Notifier;
class RegistryStatus;
class Services;
class SourcesSidebar;
class TagsPage;
class WelcomePage;

// The main window: wires the sources sidebar, the pages (welcome, tags,
// image), the message bar and the status bar together, keeps the
// back/forward history and the settings. Owns no models itself. Its
// children carry object names ("sourcesSidebar", "tagsPage", "imagePage",
// "messageBar", "demoImage", "notifier", "mountsPanel", "runConsole",
// "fetchPanel" and the docks "mountsDock", "consoleDock", "fetchesDock"):
// tests and the screenshot runner reach them with findChild.
class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    // The sidebar never gets narrower than this, docks open or not.
    static constexpr int SidebarMinWidth = 200;

    explicit MainWindow(Services& services, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens reference (an image) when given; else where the user left off,
    // or the demo image once it is ready. Ensures the demo image either way.
    void start(const QString& reference, bool ignoreLastLocation = false);
    // Opens what a user typed, dropped or passed to a second start: an
    // image, or a layout folder without a tag (its images). A bad reference
    // is reported in the message bar. Returns whether it parsed.
    bool openReference(const QString& reference);
    // Brings the window to the front (un-minimised), for another start.
    void present();
    void openRepository(const oci::Reference& repository);
    void openImage(const oci::Reference& image);
    // The page shown before anything is open.
    void showWelcome();

    // Mount…: asks where (MountDialog), then mounts the image shown.
    void mountShownImage();
    // Run…: a new console tab for the image shown, its command prefilled.
    void runShownImage();
    // Compare With…: asks for the other image (a tag of tags, or any reference), then compares.
    void askCompare(const oci::Reference& image, const QStringList& tags);
    // The compare page for a and b.
    void compareImages(const oci::Reference& a, const oci::Reference& b);

protected:
    void closeEvent(QCloseEvent* event) override;
    // An image reference dropped as text, or a layout folder as a file URL.
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    struct Location {
        bool image = false;
        oci::Reference ref;
    };
    void createActions();
    void createDocks();
    QDockWidget* addDock(QWidget* content, const QString& title, const QString& name, Qt::DockWidgetArea area);
    void showLocation(const Location& location, bool record);
    void go(int delta);
    void refresh();
    void openFolderDialog();
    void showPreferences();
    void saveSettings() const;
    void restoreSettings();
    void updateNavigation();

    Services& m_services;
    SourcesSidebar* m_sidebar;
    QStackedWidget* m_stack;
    WelcomePage* m_welcome;
    TagsPage* m_tags;
    ImagePage* m_image;
    ComparePage* m_compare;
    MessageBar* m_messages;
    RegistryStatus* m_registryStatus;
    QProgressBar* m_demoProgress;
    QSplitter* m_splitter;
    DemoImage* m_demo;
    ColorSchemeWatcher* m_scheme;
    Notifier* m_notifier;
    MountsPanel* m_mounts;
    RunConsole* m_console;
    FetchPanel* m_fetches;
    QDockWidget* m_mountsDock = nullptr;
    QDockWidget* m_consoleDock = nullptr;
    QDockWidget* m_fetchesDock = nullptr;

    std::vector<Location> m_history;
    int m_historyIndex = -1;
    bool m_openDemoWhenReady = false;

    QAction* m_back = nullptr;
    QAction* m_forward = nullptr;
    QAction* m_refresh = nullptr;
};

} // namespace sociscope::ui
