// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "models/layermodel.h"

#include "common/icons.h"
#include "common/qtformat.h"

#include <QFont>
#include <QPalette>
#include <QRegularExpression>

namespace sociscope::ui {

LayerModel::LayerModel(QObject* parent) : RowTableModel(ColumnCount, parent) {}

QVariant LayerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case ColumnIndex: return tr("#");
        case ColumnSize: return tr("Size");
        case ColumnMediaType: return tr("Media type");
        case ColumnZtoc: return tr("zTOC");
        case ColumnSpanSize: return tr("Span size");
        case ColumnSpans: return tr("Spans");
        case ColumnFiles: return tr("Files");
        case ColumnWasted: return tr("Wasted");
        case ColumnCoverage: return tr("Read");
        case ColumnReason: return tr("Why");
        case ColumnDigest: return tr("Digest");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case ColumnIndex: return tr("Layer number, bottom layer first");
        case ColumnZtoc: return tr("Whether the SOCI index has a zTOC (table of contents) for this layer");
        case ColumnSpans: return tr("Independently fetchable pieces of the layer");
        case ColumnFiles: return tr("Regular files listed in the zTOC");
        case ColumnWasted:
            return tr("Bytes of this layer's files that upper layers overwrite or remove: shipped, never seen "
                      "(counted when the file list is read)");
        case ColumnCoverage: return tr("Lazily (only the spans a file needs) or whole (the layer is fetched in full)");
        default: break;
        }
    }
    return {};
}

QString LayerModel::coverageText(soci::Coverage kind)
{
    switch (kind) {
    case soci::Coverage::Indexed: return tr("Lazily");
    case soci::Coverage::TooSmall: return tr("Whole · too small");
    case soci::Coverage::Zstd: return tr("Whole · zstd");
    case soci::Coverage::UnsupportedMediaType: return tr("Whole · media type");
    case soci::Coverage::Refused: return tr("Whole · refused");
    case soci::Coverage::NotInIndex: return tr("Whole · not indexed");
    case soci::Coverage::NoIndex: return tr("Whole · no index");
    }
    return {};
}

QString LayerModel::reasonText(const soci::LayerCoverage& c)
{
    QString r = qs(c.reason);
    for (const QString& prefix : {QStringLiteral("read whole: "), QStringLiteral("lazy: ")})
        if (r.startsWith(prefix))
            r = r.mid(prefix.size());
    if (c.lazy())
        return tr("zTOC present: a file is fetched span by span");
    // Core (no Qt) words its reasons in English; the known ones are said
    // again here in the user's language, anything else stays as core said it.
    static const QRegularExpression belowDefault(
        QStringLiteral("^not in the index \\((.+) is below the default minimum layer size of 10 MiB\\)$"));
    static const QRegularExpression below(QStringLiteral("^(.+) is below the minimum layer size of (.+)$"));
    static const QRegularExpression mediaType(QStringLiteral("^media type (.+) cannot be indexed$"));
    if (const auto m = belowDefault.match(r); m.hasMatch())
        return tr("Not in the index (%1 is below the default minimum layer size of 10 MiB)").arg(m.captured(1));
    if (const auto m = below.match(r); m.hasMatch())
        return tr("%1 is below the minimum layer size of %2").arg(m.captured(1), m.captured(2));
    if (const auto m = mediaType.match(r); m.hasMatch())
        return tr("Media type %1 cannot be indexed").arg(m.captured(1));
    if (r == QLatin1String("zstd (SOCI has no zTOCs for zstd layers)"))
        return tr("Zstd (SOCI has no zTOCs for zstd layers)");
    if (r == QLatin1String("the image has no SOCI index"))
        return tr("The image has no SOCI index");
    if (r == QLatin1String("the index has no zTOC for this layer (skipped or refused when it was built)"))
        return tr("The index has no zTOC for this layer (skipped or refused when it was built)");
    if (!r.isEmpty())
        r[0] = r[0].toUpper();
    return r;
}

QVariant LayerModel::rowData(const Row& row, const QModelIndex& index, int role) const
{
    const soci::LayerCoverage& c = row.coverage;
    const bool statsPending = c.ztoc && row.stats.spans < 0 && !row.statsFailed;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ColumnIndex: return c.index;
        case ColumnSize: return Format::bytes(c.layer.size);
        case ColumnMediaType: return Format::mediaType(c.layer.mediaType);
        case ColumnZtoc: return c.ztoc ? tr("Yes") : tr("No");
        case ColumnSpanSize: return c.ztoc && c.spanSize > 0 ? Format::bytes(c.spanSize) : QString();
        case ColumnSpans:
            if (!c.ztoc)
                return QString();
            return statsPending ? tr("…") : row.stats.spans >= 0 ? QString::number(row.stats.spans) : tr("?");
        case ColumnFiles:
            if (!c.ztoc)
                return QString();
            return statsPending ? tr("…") : row.stats.files >= 0 ? QString::number(row.stats.files) : tr("?");
        case ColumnWasted: return row.wastedBytes < 0 ? QString() : Format::bytes(row.wastedBytes);
        case ColumnCoverage: return coverageText(c.kind);
        case ColumnReason: return reasonText(c);
        case ColumnDigest: return Format::shortDigest(c.layer.digest);
        }
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case ColumnDigest: return qs(c.layer.digest.str());
        case ColumnMediaType: return qs(c.layer.mediaType);
        case ColumnReason: return qs(c.reason);
        case ColumnZtoc: return c.ztoc ? tr("zTOC %1, %2").arg(qs(c.ztoc->digest.str()), Format::bytes(c.ztoc->size))
                                       : QVariant();
        case ColumnSize: return tr("%L1 bytes").arg(c.layer.size);
        case ColumnWasted:
            return row.wastedBytes < 0 ? QVariant()
                                       : tr("%L1 bytes in %n file(s)", "", static_cast<int>(row.wastedFiles))
                                             .arg(row.wastedBytes);
        default: return {};
        }
    case Qt::DecorationRole:
        if (index.column() == ColumnZtoc)
            return c.lazy() ? Icons::get(Icons::Lazy) : Icons::get(Icons::Whole);
        if (index.column() == ColumnIndex)
            return Icons::get(Icons::Layer);
        return {};
    case Qt::FontRole:
        if (index.column() == ColumnDigest) {
            QFont f(QStringLiteral("monospace"));
            f.setStyleHint(QFont::Monospace);
            return f;
        }
        if (index.column() == ColumnCoverage && c.lazy()) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == ColumnReason && !c.lazy())
            return QPalette().brush(QPalette::PlaceholderText);
        return {};
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case ColumnIndex:
        case ColumnSize:
        case ColumnSpanSize:
        case ColumnSpans:
        case ColumnFiles:
        case ColumnWasted: return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default: return {};
        }
    case LazyRole: return c.lazy();
    case CoverageRole: return QString::fromLatin1(soci::coverageName(c.kind));
    case SizeRole: return static_cast<qint64>(c.layer.size);
    default: return {};
    }
}

void LayerModel::setCoverage(const std::vector<soci::LayerCoverage>& coverage)
{
    std::vector<Row> rows;
    for (const auto& c : coverage)
        rows.push_back({c, {}, false});
    setRows(std::move(rows));
}

void LayerModel::setZtocStats(int row, const ZtocStats& stats, bool failed)
{
    if (row < 0 || row >= rowCount())
        return;
    mutableRows()[static_cast<size_t>(row)].stats = stats;
    mutableRows()[static_cast<size_t>(row)].statsFailed = failed;
    emit dataChanged(index(row, ColumnSpans), index(row, ColumnFiles));
}

void LayerModel::setWaste(const diff::ImageChanges& changes)
{
    if (changes.layers.size() != static_cast<std::size_t>(rowCount()))
        return; // counted for another image's layers
    for (std::size_t i = 0; i < changes.layers.size(); ++i) {
        mutableRows()[i].wastedBytes = changes.layers[i].wastedBytes;
        mutableRows()[i].wastedFiles = static_cast<std::int64_t>(changes.layers[i].wastedFiles);
    }
    if (rowCount() > 0)
        emit dataChanged(index(0, ColumnWasted), index(rowCount() - 1, ColumnWasted));
}

} // namespace sociscope::ui
