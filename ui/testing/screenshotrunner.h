// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

// ui/testing/: what drives the GUI for pictures and tests, never the
// product. The library sociscope_ui_testing is linked only into tests and
// the sociscope-screenshots tool (app/sociscope-screenshots); the sociscope
// binary does not contain it. It reaches the window's children by their
// object names, as the tests do.

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

class QDockWidget;
class QPushButton;
class QTimer;

namespace sociscope::ui {

class FetchPanel;
class ImagePage;
class InventoryPage;
class MainWindow;
class RunConsole;
class SourcesSidebar;
class TagsPage;

// Drives the window through its main views once they have loaded and grabs
// each into a PNG (QWidget::grab, no window manager needed): the image
// page's tabs on the image being shown, then the tag families of a
// repository. For tools/screenshots (through sociscope-screenshots) and
// test_ui_app; deterministic, no sleeps but short settling turns of the
// event loop.
class ScreenshotRunner final : public QObject {
    Q_OBJECT
public:
    // tagsRepository: a repository or oci: folder for the tag families shot
    // (empty: the folder of the image being shown).
    ScreenshotRunner(MainWindow& window, QString dir, QString tagsRepository, QObject* parent = nullptr);

    // Waits for the image page to settle, then shoots. Fails at once when
    // the window lacks a child the shots need.
    void start();
    [[nodiscard]] QStringList written() const { return m_written; }

signals:
    void finished(bool ok, const QString& error);

private:
    void shootImagePage();
    void shootFiles();
    void shootInventory();
    // A layer's own changes (the top layer of the demo), then the Space tab.
    void shootLayerChanges();
    void shootSpace();
    // Create SOCI Index…'s result page, after the tag families.
    void shootCreateIndex();
    // The run console and the Fetches dock after a lazy run of the image
    // (skipped, with a note, unless a daemon that runs containers is there).
    void shootRun();
    void shootTags();
    // Runs then() once ready() holds (checked every few milliseconds; the
    // watchdog bounds the wait).
    void when(std::function<bool()> ready, std::function<void()> then);
    void grab(const QString& name);
    void next();
    void fail(const QString& error);
    // window's child named name, or nullptr after a note in m_missing.
    template <class T> T* child(const char* name);

    MainWindow& m_window;
    QStringList m_missing;
    ImagePage* m_image;
    InventoryPage* m_inventory;
    QPushButton* m_runButton;
    TagsPage* m_tags;
    SourcesSidebar* m_sidebar;
    RunConsole* m_console;
    FetchPanel* m_fetches;
    QDockWidget* m_consoleDock;
    QDockWidget* m_fetchesDock;
    QDockWidget* m_mountsDock;
    QString m_dir;
    QString m_tagsRepository;
    QStringList m_written;
    std::vector<std::function<void()>> m_steps;
    QTimer* m_watchdog;
    bool m_imageDone = false;
    bool m_tagsDone = false;
};

} // namespace sociscope::ui
