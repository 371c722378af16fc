// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

// ui/pages/image/: the page of one image. ImagePage (this file) loads the
// image and its chosen platform off the GUI thread and wires the rest: a
// header (title, platform, Mount…, Run…) over seven tabs, each a widget of
// its own: ImageOverview, FilesPage and InventoryPage (pages/files/, pages/)
// on the page's platform list and image session, and LayersTab, HistoryTab,
// ConfigTab and ReferrersTab (on TableTab), which own their model and view.
//
// Tests find the children by object name, without getters: "platformBox",
// "mountButton", "runButton", "imageTabs", the tabs "imageOverview",
// "filesPage", "inventoryPage", "layersTab", "historyTab", "configTab",
// "referrersTab", and the tables "platformsView", "layersView",
// "historyView", "configView", "referrersView" (their models through them).

#include "common/usermessage.h"
#include "jobs/imageloader.h"
#include "jobs/runsession.h"
#include "oci/reference.h"

#include <QWidget>

#include <cstdint>
#include <optional>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QToolButton;

namespace sociscope::ui {

class ConfigTab;
class FilesPage;
class HistoryTab;
class ImageOverview;
class ImageSession;
class LayerSaver;
class InventoryPage;
class LayerModel;
class LayersTab;
class SpaceTab;
class StartupProfileTab;
class PlatformModel;
class ReferrersTab;
class Services;

// One image: the entries of its index (platforms, SOCI indexes), and for
// the chosen platform its layers with their SOCI coverage, build history,
// configuration and referrers. Owns the platform list and the tabs; every
// read runs as a job whose result is dropped when the user has moved on
// (generation ids).
class ImagePage final : public QWidget {
    Q_OBJECT
public:
    enum Tab { TabOverview, TabFiles, TabInventory, TabLayers, TabHistory, TabConfig, TabReferrers, TabSpace, TabStartup };

    explicit ImagePage(Services& services, QWidget* parent = nullptr);
    ~ImagePage() override;

    void open(const oci::Reference& image);
    void refresh();
    [[nodiscard]] const oci::Reference& reference() const { return m_ref; }
    // Shows the platform image at index (into the loaded ImageInfo::images).
    void selectPlatform(int image);
    // The platform image shown (index into ImageInfo::images), or -1.
    [[nodiscard]] int currentPlatform() const { return m_platform; }
    void showTab(Tab tab);

    // What the window's Fetches dock follows: the layers shown and the
    // chosen platform image opened for lazy reading (Files, Inventory).
    [[nodiscard]] LayerModel* layerModel() const;
    [[nodiscard]] ImageSession* session() const { return m_session; }
    // Its extractions end in the window's desktop notifications.
    [[nodiscard]] FilesPage* filesPage() const { return m_files; }
    // Ctrl+F: the search of the tab shown.
    void focusFilter();
    // "14.0 MiB of 15.2 MiB covered by SOCI (92 %)".
    [[nodiscard]] QString coverageText() const;
    // Loaded and every zTOC read: nothing left to fill in.
    [[nodiscard]] bool isSettled() const;
    // What Run starts for the platform shown: its reference, platform and
    // connection flags, the image's entrypoint and command; nullopt before
    // a platform is shown.
    [[nodiscard]] std::optional<RunSpec> runSpec() const;
    // Whether runs are possible here, and if not why (the Run button's tooltip).
    void setRunAbility(bool canRun, const QString& reason);
    // Asks the daemon again whether runs are possible (a job).
    void checkRunAbility();
    // The daemon answered since the image was opened.
    [[nodiscard]] bool isRunAbilityKnown() const { return m_runAbilityKnown; }
    // Run would first start the system daemon (root, and none is there).
    [[nodiscard]] bool runStartsDaemon() const { return m_runStartsDaemon; }

signals:
    void messageRaised(const sociscope::ui::UserMessage& message);
    // The image's document and platforms are in.
    void imageLoaded();
    // The chosen platform's coverage and referrers are in.
    void detailsLoaded();
    // Details loaded and every zTOC read.
    void settled();
    // Mount… and Run… were pressed (the window asks where, or opens a console tab).
    void mountRequested();
    // Compare With… was pressed (the window asks for the other image).
    void compareRequested();
    // Create SOCI Index… was pressed (shown for an image without an index).
    void createIndexRequested();
    void runRequested();

private:
    void onInfo(std::uint64_t generation, Result<registry::ImageInfo> info);
    void onDetails(std::uint64_t generation, Result<ImageDetails> details);
    void loadZtocStats();
    // Wasted bytes on the Layers and Overview tabs, once the session compared the layers.
    void showWaste();
    QToolButton* makeCopyButton();
    void showPlaceholder(const QString& text, bool busy);
    void checkSettled();
    void onTabChanged(int tab);
    QString host() const;

    Services& m_services;
    oci::Reference m_ref;
    std::uint64_t m_generation = 0;       // the image being shown
    std::uint64_t m_detailGeneration = 0; // the platform being shown
    std::optional<registry::ImageInfo> m_info;
    std::optional<ImageDetails> m_details;
    int m_platform = -1;
    int m_ztocPending = 0;
    std::uint64_t m_settledGeneration = 0;

    PlatformModel* m_platforms;
    ImageSession* m_session;

    QLabel* m_title;
    QLabel* m_subtitle;
    QComboBox* m_platformBox;
    QStackedWidget* m_stack;
    QLabel* m_placeholder;
    QProgressBar* m_busy;
    QTabWidget* m_tabs;
    ImageOverview* m_overview;
    FilesPage* m_files;
    InventoryPage* m_inventory;
    LayersTab* m_layers;
    SpaceTab* m_space;
    StartupProfileTab* m_startup;
    HistoryTab* m_history;
    ConfigTab* m_config;
    ReferrersTab* m_referrers;
    LayerSaver* m_saver;
    QLabel* m_platformLabel = nullptr;
    QPushButton* m_mount;
    QPushButton* m_run;
    QPushButton* m_compare;
    QPushButton* m_createIndex;
    bool m_canRun = false;
    bool m_runAbilityKnown = false;
    bool m_runStartsDaemon = false;
};

} // namespace sociscope::ui
