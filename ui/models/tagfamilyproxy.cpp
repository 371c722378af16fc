// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "models/tagfamilyproxy.h"

#include "models/tagfamilymodel.h"

#include <algorithm>

namespace sociscope::ui {

namespace {

int columnForKey(const QString& key)
{
    static const QList<QPair<QString, int>> keys = {
        {QStringLiteral("tag"), TagFamilyModel::ColumnTag},
        {QStringLiteral("kind"), TagFamilyModel::ColumnKind},
        {QStringLiteral("release"), TagFamilyModel::ColumnRelease},
        {QStringLiteral("version"), TagFamilyModel::ColumnVersion},
        {QStringLiteral("v"), TagFamilyModel::ColumnVersion},
        {QStringLiteral("device"), TagFamilyModel::ColumnDevice},
        {QStringLiteral("python"), TagFamilyModel::ColumnPython},
        {QStringLiteral("py"), TagFamilyModel::ColumnPython},
        {QStringLiteral("cuda"), TagFamilyModel::ColumnCuda},
        {QStringLiteral("cu"), TagFamilyModel::ColumnCuda},
        {QStringLiteral("os"), TagFamilyModel::ColumnOs},
        {QStringLiteral("platform"), TagFamilyModel::ColumnPlatform},
        {QStringLiteral("date"), TagFamilyModel::ColumnDate},
        {QStringLiteral("digest"), TagFamilyModel::ColumnDigest},
    };
    for (const auto& [k, c] : keys)
        if (k == key)
            return c;
    return -1;
}

bool isDigit(QChar c) { return c >= QLatin1Char('0') && c <= QLatin1Char('9'); }

} // namespace

TagFamilyProxy::TagFamilyProxy(QObject* parent) : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void TagFamilyProxy::setSourceModel(QAbstractItemModel* model)
{
    m_model = qobject_cast<TagFamilyModel*>(model);
    Q_ASSERT(m_model || !model);
    QSortFilterProxyModel::setSourceModel(model);
}

void TagFamilyProxy::setFilterText(const QString& text)
{
    if (text == m_text)
        return;
    m_text = text;
    m_words.clear();
    m_columnWords.clear();
    const QStringList parts = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString& p : parts) {
        const qsizetype colon = p.indexOf(QLatin1Char(':'));
        if (colon > 0) {
            const int column = columnForKey(p.left(colon).toLower());
            if (column >= 0) {
                m_columnWords.append({column, p.mid(colon + 1)});
                continue;
            }
        }
        m_words << p;
    }
    invalidateFilter();
}

void TagFamilyProxy::setFoldTwins(bool fold)
{
    if (fold == m_foldTwins)
        return;
    m_foldTwins = fold;
    invalidateFilter();
}

void TagFamilyProxy::setShow(Show show)
{
    if (show == m_show)
        return;
    m_show = show;
    invalidateFilter();
}

bool TagFamilyProxy::rowMatches(int row) const
{
    const auto cell = [&](int column) {
        return m_model->index(row, column).data(Qt::DisplayRole).toString();
    };
    for (const auto& [column, value] : m_columnWords)
        if (!cell(column).contains(value, Qt::CaseInsensitive))
            return false;
    if (m_words.isEmpty())
        return true;
    const QModelIndex i = m_model->index(row, 0);
    const QStringList tags = i.data(TagFamilyModel::TagsRole).toStringList();
    const QString digest = i.data(TagFamilyModel::DigestRole).toString();
    for (const QString& w : m_words) {
        const bool hit = digest.contains(w, Qt::CaseInsensitive) ||
                         std::any_of(tags.begin(), tags.end(),
                                     [&](const QString& t) { return t.contains(w, Qt::CaseInsensitive); });
        if (!hit)
            return false;
    }
    return true;
}

bool TagFamilyProxy::showAccepts(int row) const
{
    const QModelIndex i = m_model->index(row, 0);
    switch (m_show) {
    case Show::All: return true;
    case Show::Rolling: return i.data(TagFamilyModel::RollingRole).toBool();
    case Show::Pinned: return i.data(TagFamilyModel::PinnedRole).toBool();
    case Show::WithSociTwin: return i.data(TagFamilyModel::IsTwinRole).toBool() || !m_model->twinRows(row).isEmpty();
    }
    return true;
}

bool TagFamilyProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (!m_model || sourceParent.isValid())
        return true;
    // A twin goes with its image; an image shows when it or one of its twins matches.
    const int anchor = m_model->anchorRow(sourceRow);
    if (!showAccepts(anchor) || (m_foldTwins && anchor != sourceRow))
        return false;
    if (rowMatches(anchor))
        return true;
    if (anchor != sourceRow && rowMatches(sourceRow))
        return true;
    const QList<int> twins = m_model->twinRows(anchor);
    return std::any_of(twins.begin(), twins.end(), [&](int t) { return rowMatches(t); });
}

int TagFamilyProxy::naturalCompare(QStringView a, QStringView b)
{
    qsizetype i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (isDigit(a[i]) && isDigit(b[j])) {
            qsizetype ie = i, je = j;
            while (ie < a.size() && isDigit(a[ie]))
                ++ie;
            while (je < b.size() && isDigit(b[je]))
                ++je;
            // Compare the runs as numbers: strip leading zeros, then length, then digits.
            qsizetype is = i, js = j;
            while (is + 1 < ie && a[is] == QLatin1Char('0'))
                ++is;
            while (js + 1 < je && b[js] == QLatin1Char('0'))
                ++js;
            if (ie - is != je - js)
                return (ie - is) < (je - js) ? -1 : 1;
            const int c = a.sliced(is, ie - is).compare(b.sliced(js, je - js));
            if (c != 0)
                return c < 0 ? -1 : 1;
            i = ie;
            j = je;
            continue;
        }
        const QChar ca = a[i].toLower(), cb = b[j].toLower();
        if (ca != cb)
            return ca < cb ? -1 : 1;
        ++i;
        ++j;
    }
    if (i < a.size())
        return 1;
    if (j < b.size())
        return -1;
    return 0;
}

bool TagFamilyProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    if (!m_model)
        return QSortFilterProxyModel::lessThan(left, right);
    const int l = left.row(), r = right.row();
    const int la = m_model->anchorRow(l), ra = m_model->anchorRow(r);
    const bool ascending = sortOrder() == Qt::AscendingOrder;
    if (la == ra) {
        // Same image: the image first, twins after, whatever the direction.
        const bool lTwin = l != la, rTwin = r != ra;
        if (lTwin == rTwin)
            return ascending ? l < r : l > r;
        return ascending ? !lTwin : lTwin;
    }
    const int column = left.column();
    // Sizes sort by number; a cell not known yet goes last, as an empty one.
    const QVariant lk = m_model->index(la, column).data(TagFamilyModel::SortKeyRole);
    const QVariant rk = m_model->index(ra, column).data(TagFamilyModel::SortKeyRole);
    if (lk.isValid() && rk.isValid() && lk != rk)
        return lk.toLongLong() < rk.toLongLong();
    const QString lv = m_model->index(la, column).data(Qt::DisplayRole).toString();
    const QString rv = m_model->index(ra, column).data(Qt::DisplayRole).toString();
    // Empty cells (no DLC fields) go last in either direction.
    if (lv.isEmpty() != rv.isEmpty())
        return ascending ? rv.isEmpty() : lv.isEmpty();
    const int c = naturalCompare(lv, rv);
    if (c != 0)
        return c < 0;
    // Ties keep the model's order (newest first within a line).
    return ascending ? la < ra : la > ra;
}

} // namespace sociscope::ui
