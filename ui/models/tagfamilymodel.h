// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "registry/families.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QString>
#include <QStringList>

#include <array>
#include <optional>
#include <vector>

namespace sociscope::ui {

// One row per image (digest) of a repository, with all its tags, fed
// progressively from TagResolver batches. Rows stay in FamilyBuilder's order
// (DLC lines newest first, each -soci twin right after its image); new images
// are inserted in one block per batch and rows that moved are rearranged with
// one layout change, so thousands of tags stream in smoothly.
class TagFamilyModel final : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column {
        ColumnTag,
        ColumnKind,
        ColumnRelease,
        ColumnVersion,
        ColumnDevice,
        ColumnPython,
        ColumnCuda,
        ColumnOs,
        ColumnPlatform,
        ColumnDate,
        ColumnSize,
        ColumnDigest,
        ColumnSoci, // on an image's row: its SOCI twin (shown after Tag)
        ColumnCount
    };
    enum Role {
        DigestRole = Qt::UserRole + 1, // QString "sha256:…"
        TagsRole,                      // QStringList, the best name first (bestFirst())
        IsTwinRole,                    // bool
        TwinOfRole,                    // QString digest of the image a twin belongs to, or ""
        SociVersionRole,               // QString "v1", "v2", "none", "unknown", "error"
        RollingRole,                   // bool
        PinnedRole,                    // bool
        SociTwinTagRole,               // QString: an image's first SOCI twin's best tag, or ""
        SortKeyRole,                   // qint64 where a column sorts by number (Size), else invalid
    };

    explicit TagFamilyModel(QObject* parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Forgets everything (a new repository).
    void clear();
    // Adds what a batch resolved or failed to resolve. Referrers fallback tags
    // (sha256-<hex>) hold referrers, not images, and are only counted.
    void addBatch(const std::vector<registry::ResolvedTag>& resolved,
                  const std::vector<registry::UnresolvedTag>& failed);
    // The SOCI index version found for a twin ("v1", "v2", "none", "error").
    void setSociVersion(const QString& digest, const QString& version);
    // What the image's manifest and config say, for any repository (a DLC
    // tag's own timestamp wins for the date): its size for this host's
    // platform (config and layers, compressed) and when it was built
    // (RFC 3339, or ""). size < 0: could not be read.
    void setImageSummary(const QString& digest, qint64 size, const QString& created);
    // Rows of images (not twins) whose summary is not asked for yet.
    [[nodiscard]] bool needsSummary(int row) const;

    // Row of an image by digest, or -1.
    [[nodiscard]] int rowOfDigest(const QString& digest) const;
    // The image row a twin belongs to when that image is listed; row otherwise.
    [[nodiscard]] int anchorRow(int row) const;
    // Twin rows of an image row.
    [[nodiscard]] QList<int> twinRows(int row) const;
    // An image's tags with the name a person would pick first: "latest",
    // else the most specific (the DLC grammar's, else the one with the most
    // parts: "1.0.3" before "1.0" and "1"), then the rest in their order.
    // A twin's tags are ranked by their image's names ("latest-soci").
    static QStringList bestFirst(const std::vector<std::string>& tags, bool dlc);
    [[nodiscard]] const registry::TagFamily& family(int row) const { return m_rows[static_cast<size_t>(row)].family; }

    [[nodiscard]] size_t tagCount() const { return m_builder.resolvedCount(); }
    [[nodiscard]] size_t referrerTagCount() const { return m_referrerTags; }
    [[nodiscard]] std::vector<registry::UnresolvedTag> unresolved() const { return m_builder.unresolved(); }

private:
    struct Row {
        registry::TagFamily family;
        QString digest;
        QStringList tags;
        std::optional<qint64> size; // set once the summary is in (-1: unreadable)
        QString created;
        QString sociVersion = QStringLiteral("unknown");
        std::array<QString, ColumnCount> cells;
    };
    void fillCells(Row& row) const;
    QString kindText(const Row& row) const;
    QString tooltip(const Row& row) const;
    // "latest-soci (v2)": the first twin of an image row, or "".
    QString sociText(const Row& row) const;
    QString sociTwinTag(const Row& row) const; // the first twin's best tag, or ""
    const Row* firstTwin(const Row& row) const; // the first of its twins listed, or null
    void rebuildIndex();

    registry::FamilyBuilder m_builder;
    std::vector<Row> m_rows;
    QHash<QString, int> m_rowByDigest;
    QHash<QString, QString> m_sociVersions; // digest -> version, survives row updates
    struct Summary {
        qint64 size = -1;
        QString created;
    };
    QHash<QString, Summary> m_summaries; // digest -> what its manifest and config say
    size_t m_referrerTags = 0;
};

} // namespace sociscope::ui
