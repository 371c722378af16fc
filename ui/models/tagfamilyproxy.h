// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QList>
#include <QPair>
#include <QSortFilterProxyModel>
#include <QString>
#include <QStringList>

namespace sociscope::ui {

class TagFamilyModel;

// Sorts and filters a TagFamilyModel while keeping each SOCI twin right
// below its image (or, folded, on its image's row): rows compare by their
// image's values, and a twin shows whenever its image does. Strings compare naturally ("2.9" < "2.10").
//
// Filter text: words match any tag or the digest; "column:value" words match
// one column: version, device, python (or py), cuda, os, platform, date, kind,
// release (e.g. "device:gpu py:py312 2.3").
class TagFamilyProxy final : public QSortFilterProxyModel {
    Q_OBJECT
public:
    enum class Show { All, Rolling, Pinned, WithSociTwin };

    explicit TagFamilyProxy(QObject* parent = nullptr);

    void setSourceModel(QAbstractItemModel* model) override;
    void setFilterText(const QString& text);
    void setShow(Show show);
    // A twin whose image is listed shows on its image's row (the SOCI twin
    // column) instead of a row of its own. Off by default.
    void setFoldTwins(bool fold);
    [[nodiscard]] QString filterText() const { return m_text; }

    // Natural order: digit runs compare as numbers; otherwise case-insensitive.
    static int naturalCompare(QStringView a, QStringView b);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    bool rowMatches(int row) const;
    bool showAccepts(int row) const;

    TagFamilyModel* m_model = nullptr;
    QString m_text;
    QStringList m_words;                    // free words
    QList<QPair<int, QString>> m_columnWords; // column -> value
    Show m_show = Show::All;
    bool m_foldTwins = false;
};

} // namespace sociscope::ui
