// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// ui/pages: what the main window's stack shows — welcome, tags (this
// file), inventory; pages with several files have a folder (image/, files/).
#pragma once

#include "common/usermessage.h"
#include "oci/reference.h"

#include <QSet>
#include <QStringList>
#include <QWidget>

#include <cstdint>
#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QStackedWidget;
class QPushButton;
class QTimer;
class QMenu;
class QTreeView;

namespace sociscope::registry {
struct ResolverBatch;
}

namespace sociscope::ui {

class Services;
class TagFamilyModel;
class TagFamilyProxy;
class TagStream;

// The tags of one repository (or OCI layout folder), grouped into images.
// Owns its model, the proxy and the TagStream that fills them; checks the
// SOCI index version of each -soci twin in the background, visible rows first.
class TagsPage final : public QWidget {
    Q_OBJECT
public:
    explicit TagsPage(Services& services, QWidget* parent = nullptr);
    ~TagsPage() override;

    // Lists and resolves the tags of repo (tag and digest ignored).
    void open(const oci::Reference& repo);
    // Lists the current repository again, asking the registry afresh.
    void refresh();
    [[nodiscard]] const oci::Reference& repository() const { return m_repo; }
    [[nodiscard]] bool isLoading() const { return m_stream != nullptr; }
    // No listing running and no twin left to check.
    [[nodiscard]] bool isSettled() const;

    [[nodiscard]] TagFamilyModel* model() const { return m_model; }
    [[nodiscard]] TagFamilyProxy* proxy() const { return m_proxy; }
    [[nodiscard]] QTreeView* view() const { return m_view; }
    // Puts the keyboard focus in the filter box.
    void focusFilter();

    // The row's context menu: Open, Compare With…, then the copy actions
    // (reference, digest, pull and run commands) for the image the row names.
    void fillContextMenu(QMenu* menu, const QModelIndex& proxyIndex);

signals:
    // The user opened an image: repo pinned to the digest, tag kept for display.
    void imageActivated(const sociscope::oci::Reference& image);
    // "Compare With…" on an image row: the image, and every tag listed (to pick the other).
    void compareRequested(const sociscope::oci::Reference& image, const QStringList& tags);
    // "Create SOCI Index…" on an image row without a -soci twin.
    void createIndexRequested(const sociscope::oci::Reference& image);
    void messageRaised(const sociscope::ui::UserMessage& message);
    // Every tag is resolved or failed (or the listing failed).
    void loadingFinished();
    // Loading finished and every twin's SOCI version is known.
    void settled();

private:
    void start(bool forgetCache);
    void stopStream();
    void onBatch(std::uint64_t generation, const registry::ResolverBatch& batch);
    void updateSummary();
    void updateEmptyState();
    void updateDetails();
    void activateRow(const QModelIndex& proxyIndex);
    [[nodiscard]] oci::Reference imageOf(const QModelIndex& proxyIndex) const;
    void queueVisibleTwins();
    void queueAllTwins();
    void pumpVersionChecks();
    void checkSettled();
    QString host() const;

    Services& m_services;
    oci::Reference m_repo;
    std::uint64_t m_generation = 0;
    std::unique_ptr<TagStream> m_stream;
    bool m_finished = false;
    std::uint64_t m_settledGeneration = 0;
    QString m_listError;

    // SOCI version checks of twins, visible rows first.
    QStringList m_versionQueue;
    QSet<QString> m_versionRequested;
    int m_versionsInFlight = 0; // and summaries: one budget of MaxVersionChecks
    // Size and date of images in view, from their manifest and config.
    QStringList m_summaryQueue;
    QSet<QString> m_summaryRequested;

    TagFamilyModel* m_model;
    TagFamilyProxy* m_proxy;
    QLabel* m_title;
    QLabel* m_summary;
    QProgressBar* m_progress;
    QLineEdit* m_filter;
    QComboBox* m_show;
    QTreeView* m_view;
    QStackedWidget* m_viewStack;
    QLabel* m_empty;
    QLabel* m_details;
    QPushButton* m_openButton;
    QPushButton* m_openTwin; // the SOCI twin of the image selected
    QTimer* m_visibleTimer;
};

} // namespace sociscope::ui
