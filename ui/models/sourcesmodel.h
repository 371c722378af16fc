// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QAbstractItemModel>
#include <QHash>
#include <QStringList>

#include <array>
#include <functional>
#include <vector>

namespace sociscope::ui {

// The sources sidebar as a three-level tree: groups (Registries, Presets,
// Local folders, Bookmarks, Recent), sources (a registry host, a preset such
// as the AWS Deep Learning Containers gallery, an oci: folder, an image
// bookmarked or opened lately), and repositories (a registry's catalog,
// fetched on expansion through fetchMore and catalogRequested, or a preset's
// fixed list). Placeholder rows say when a catalog is loading or not offered.
class SourcesModel final : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Group { GroupRegistries, GroupPresets, GroupFolders, GroupBookmarks, GroupRecent, GroupCount };
    enum class Node { Group, Registry, Preset, Folder, Repository, Placeholder, Image };
    enum Role {
        NodeRole = Qt::UserRole + 1, // int(Node)
        ReferenceRole,               // QString: "host/repo" for repositories, "oci:/path" for folders, an image's whole reference
        HostRole,                    // QString: the registry host of a registry, preset or repository
        RemovableRole,               // bool: the user added it and may remove it
    };
    enum class Catalog { NotLoaded, Loading, Loaded, Failed, Fixed };

    struct Registry {
        QString host;
        bool plainHttp = false;
        bool insecure = false;
    };

    explicit SourcesModel(QObject* parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    bool hasChildren(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    // Adds a registry the user typed (nothing when the host is listed already).
    QModelIndex addRegistry(const Registry& registry);
    // Adds an oci: folder (nothing when listed already); title defaults to the folder name.
    QModelIndex addFolder(const QString& path, const QString& title = {}, bool removable = true);
    // The presets: AWS Deep Learning Containers, Docker Hub, GHCR.
    void addPresets();
    void remove(const QModelIndex& source);

    // The images opened lately, most recent first, each reference once, at
    // most RecentMax: reference goes (back) to the top.
    static constexpr int RecentMax = 20;
    QModelIndex addRecent(const QString& reference);
    void clearRecent();
    // Bookmarked images, in the order they were added (each once).
    QModelIndex addBookmark(const QString& reference);
    void removeBookmark(const QString& reference);
    [[nodiscard]] bool isBookmarked(const QString& reference) const;
    [[nodiscard]] QStringList recent() const;
    [[nodiscard]] QStringList bookmarks() const;
    // "sociscope/demo:latest", "ubuntu@sha256:0123456789ab", "layout:1.0": an
    // image's row text, short enough for the sidebar (the tooltip has it whole).
    static QString imageTitle(const QString& reference);

    // A catalog arrived (or failed) for a registry host.
    void setCatalog(const QString& host, const QStringList& repositories);
    void setCatalogFailed(const QString& host, const QString& reason);

    [[nodiscard]] QList<Registry> registries() const;
    [[nodiscard]] QStringList folders() const; // removable ones, for the settings
    // The source or repository row showing a reference ("host/repo", "oci:/path"), if any.
    [[nodiscard]] QModelIndex find(const QString& reference) const;
    // find(), or else the registry the reference is on (its catalog not read
    // yet, or not naming it); invalid when neither is here.
    [[nodiscard]] QModelIndex nearest(const QString& reference) const;

signals:
    // A registry node was expanded: list its catalog and call setCatalog.
    void catalogRequested(const QString& host);

private:
    struct Source {
        quint32 uid = 0;
        Node node = Node::Registry;
        QString title;
        QString subtitle;
        QString host;   // registries and presets
        QString path;   // folders; an image's reference
        bool plainHttp = false;
        bool insecure = false;
        bool removable = true;
        Catalog catalog = Catalog::NotLoaded;
        bool loadingShown = false; // the "Loading…" row, added a turn after fetchMore
        QStringList repositories;
        QString placeholder; // shown as the only child when there are no repositories
        QString placeholderTip; // its tooltip, when it says more than the short line fits
    QString stripPrefix; // left off repository names for display ("deep-learning-containers/")
    };
    const Source* sourceOf(const QModelIndex& index) const;
    Source* sourceByUid(quint32 uid, int* group = nullptr, int* row = nullptr);
    const Source* sourceByUid(quint32 uid, int* group = nullptr, int* row = nullptr) const;
    QModelIndex sourceIndex(int group, int row) const;
    int childCount(const Source& s) const;
    QModelIndex append(int group, Source s);
    QModelIndex insert(int group, int row, Source s);
    // The row of an image in group, or -1.
    [[nodiscard]] int imageRow(int group, const QString& reference) const;
    void eraseSource(int group, int row);
    [[nodiscard]] QStringList imagesOf(int group) const;
    void replaceChildren(int group, int row, const std::function<void(Source&)>& change);

    std::array<std::vector<Source>, GroupCount> m_groups;
    quint32 m_nextUid = 0;
};

} // namespace sociscope::ui
