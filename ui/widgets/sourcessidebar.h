// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "common/usermessage.h"
#include "oci/reference.h"

#include <QPersistentModelIndex>
#include <QWidget>

class QAction;
class QLineEdit;
class QSettings;
class QToolButton;
class QTreeView;

namespace sociscope::ui {

class AddRegistryDialog;
class Services;
class SourcesModel;

// The sources sidebar: a "go to repository" box, the tree of registries,
// presets, local folders, bookmarked and recent images, and buttons to add
// and remove sources. Owns the SourcesModel and the Bookmark Image action
// (the window puts it in its menu); lists catalogs and stores credentials as
// jobs.
class SourcesSidebar final : public QWidget {
    Q_OBJECT
public:
    explicit SourcesSidebar(Services& services, QWidget* parent = nullptr);

    [[nodiscard]] SourcesModel* model() const { return m_model; }
    [[nodiscard]] QTreeView* view() const { return m_view; }

    // Sources the user added, from and to the settings.
    void restore(QSettings& settings);
    void save(QSettings& settings) const;

    // Adds a registry the user typed and, when given, stores its credentials.
    void addRegistry(const QString& host, bool plainHttp, bool insecure, const QString& user = {},
                     const QString& password = {});
    // Adds an oci: folder.
    void addFolder(const QString& path, const QString& title = {}, bool removable = true);
    // Marks the source or repository showing reference as the current one.
    void showCurrent(const QString& reference);
    // The image page shows reference ("" when another page is shown): it
    // goes to the top of Recent, and the bookmark action follows it.
    void showImage(const QString& reference);
    // Adds or removes the bookmark of an image.
    void setBookmarked(const QString& reference, bool bookmarked);
    // Bookmark Image (Ctrl+D): checked while the image shown is bookmarked,
    // enabled while an image is shown.
    [[nodiscard]] QAction* bookmarkAction() const { return m_bookmark; }
    // Focuses the "go to" box.
    void focusGoTo();
    // Opens what the box holds: a repository (tags) or an image (tag or digest).
    void goTo(const QString& text);

public slots:
    // Shows the Add Registry dialog; credentials given are tried before it closes.
    void showAddRegistryDialog();
    // Shows the credentials of a registry, its stored user filled in; they
    // are tried before they are stored.
    void showCredentialsDialog(const QString& host);

signals:
    void repositoryActivated(const sociscope::oci::Reference& repository);
    void imageActivated(const sociscope::oci::Reference& image);
    void messageRaised(const sociscope::ui::UserMessage& message);
    // The list of sources changed (save it).
    void sourcesChanged();

private:
    void activate(const QModelIndex& index);
    // Selects the row of the page shown (m_current), or its registry's.
    void followCurrent();
    void listCatalog(const QString& host);
    void storeCredentials(const QString& host, const QString& user, const QString& password);
    // Makes the dialog try its credentials against the registry before it closes.
    void checkCredentialsIn(AddRegistryDialog& dialog);
    void eraseCredentials(const QString& host);
    void showContextMenu(const QPoint& pos);
    void removeCurrent();

    Services& m_services;
    SourcesModel* m_model;
    QLineEdit* m_goTo;
    QTreeView* m_view;
    QString m_current; // the page shown: "HOST/REPOSITORY" or "oci:/path"; "" for none
    QPersistentModelIndex m_followed; // the row followCurrent() selected for it
    QToolButton* m_add;
    QToolButton* m_remove;
    QAction* m_bookmark;
    QString m_image; // the image shown, for m_bookmark
};

} // namespace sociscope::ui
