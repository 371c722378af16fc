// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// A main window of its own showing one image's Files tab, for the GUI suites
// of daily use (test_ui_daily, test_ui_habits).
#pragma once

#include "app/mainwindow.h"
#include "app/services.h"
#include "findchild.h"
#include "jobs/imagesession.h"
#include "pages/files/filespage.h"
#include "pages/files/filetreeview.h"
#include "pages/image/imagepage.h"
#include "widgets/messagebar.h"

#include "oci/reference.h"

#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QString>
#include <QtTest>

namespace sociscope::test {

struct Window {
    ui::Services services;
    ui::MainWindow window{services};
    ui::ImagePage* page = child<ui::ImagePage>(window, "imagePage");
    ui::ImageSession* session = page->session();
    ui::FilesPage* files = page->filesPage();
    ui::MessageBar* bar = child<ui::MessageBar>(window, "messageBar");

    Window() { window.show(); }
    ~Window()
    {
        files->cancelExtract();
        window.hide();
    }
    // Opens ref and waits until its verified tree is shown.
    bool open(const QString& ref)
    {
        if (!QTest::qWaitForWindowExposed(&window))
            return false;
        QSignalSpy verified(session, &ui::ImageSession::verified);
        window.openImage(*oci::Reference::parse(ref.toStdString()));
        page->showTab(ui::ImagePage::TabFiles);
        return verified.wait(60000) && files->isTreeShown();
    }
    // Reveals path in the tree and selects its row.
    bool select(const QString& path)
    {
        if (!files->reveal(path))
            return false;
        files->treeView()->selectionModel()->select(files->treeView()->currentIndex(),
                                                    QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        return true;
    }
};

} // namespace sociscope::test
