// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "models/inventorymodel.h"

#include "common/icons.h"
#include "common/qtformat.h"

#include "inventory/parsers.h"
#include "util/strings.h"

#include <QFont>

#include <map>

namespace sociscope::ui {

InventoryModel::InventoryModel(QObject* parent) : RowTableModel(ColumnCount, parent) {}

QString InventoryModel::kindText(inventory::Kind kind)
{
    switch (kind) {
    case inventory::Kind::Deb: return tr("Debian package");
    case inventory::Kind::Apk: return tr("Alpine package");
    case inventory::Kind::Rpm: return tr("RPM package");
    case inventory::Kind::Python: return tr("Python package");
    case inventory::Kind::Conda: return tr("Conda package");
    case inventory::Kind::Cuda: return tr("NVIDIA CUDA");
    }
    return {};
}

QString InventoryModel::kindCount(inventory::Kind kind, int n)
{
    switch (kind) {
    case inventory::Kind::Deb: return tr("%n Debian package(s)", "", n);
    case inventory::Kind::Apk: return tr("%n Alpine package(s)", "", n);
    case inventory::Kind::Rpm: return tr("%n RPM package(s)", "", n);
    case inventory::Kind::Python: return tr("%n Python package(s)", "", n);
    case inventory::Kind::Conda: return tr("%n conda package(s)", "", n);
    case inventory::Kind::Cuda: return tr("%n CUDA component(s)", "", n);
    }
    return {};
}

QStringList InventoryModel::highlights(const std::vector<inventory::Package>& packages)
{
    // What ML engineers ask first, in this order.
    static const std::pair<const char*, const char*> wanted[] = {
        {"torch", "torch"},         {"pytorch", "torch"},       {"tensorflow", "TensorFlow"},
        {"jax", "JAX"},             {"vllm", "vLLM"},           {"sglang", "SGLang"},
        {"transformers", "Transformers"}, {"tensorrt", "TensorRT"}, {"triton", "Triton"},
        {"cuda", "CUDA"},           {"cudnn", "cuDNN"},         {"nccl", "NCCL"},
    };
    std::map<std::string, std::string> found; // label -> version
    std::vector<std::string> order;
    const auto note = [&](const std::string& label, const std::string& version, bool preferred) {
        if (!found.count(label)) {
            order.push_back(label);
            found[label] = version;
        } else if (preferred) {
            found[label] = version;
        }
    };
    for (const auto& [name, label] : wanted)
        for (const auto& p : packages) {
            if (str::toLower(p.name) != name)
                continue;
            const bool cudaFile = p.kind == inventory::Kind::Cuda;
            if (p.kind == inventory::Kind::Python || p.kind == inventory::Kind::Conda || cudaFile)
                note(label, p.version, cudaFile && p.origin != "library");
        }
    // Python itself: conda's python, or the distribution's python3.X.
    std::string python;
    for (const auto& p : packages)
        if (p.kind == inventory::Kind::Conda && p.name == "python")
            python = p.version;
    if (python.empty())
        for (const auto& p : packages)
            if ((p.kind == inventory::Kind::Deb || p.kind == inventory::Kind::Apk || p.kind == inventory::Kind::Rpm) &&
                str::startsWith(p.name, "python3") && p.name.find('-') == std::string::npos) {
                std::string v = p.version.substr(p.version.find(':') == std::string::npos ? 0 : p.version.find(':') + 1);
                python = v.substr(0, v.find('-'));
            }
    QStringList out;
    for (const auto& label : order)
        out << qs(label) + QLatin1Char(' ') + qs(found[label]);
    if (!python.empty())
        out << QStringLiteral("Python ") + qs(python);
    return out;
}

QVariant InventoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    return columnTitle({tr("Name"), tr("Version"), tr("Kind"), tr("Summary"), tr("Architecture"), tr("Origin"), tr("Found in")},
                       section, orientation, role);
}

QVariant InventoryModel::rowData(const Row& p, const QModelIndex& index, int role) const
{
    switch (role) {
    case KindRole: return QString::fromLatin1(inventory::kindName(p.kind));
    case PathRole: return qs(p.path);
    case Qt::DisplayRole:
        switch (index.column()) {
        case ColumnName: return qs(p.name);
        case ColumnVersion: return qs(p.version);
        case ColumnKind: return kindText(p.kind);
        case ColumnSummary: return qs(p.summary);
        case ColumnArchitecture: return qs(p.architecture);
        case ColumnOrigin: return qs(p.origin);
        case ColumnPath: return qs(p.path);
        default: return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == ColumnName || index.column() == ColumnSummary) {
            QString t = qs(p.name) + QLatin1Char(' ') + qs(p.version);
            if (!p.summary.empty())
                t += QLatin1Char('\n') + qs(p.summary);
            if (!p.license.empty())
                t += QLatin1Char('\n') + tr("License: %1").arg(qs(p.license));
            if (p.installedSize >= 0)
                t += QLatin1Char('\n') + tr("Installed size: %1").arg(Format::bytes(p.installedSize));
            return t;
        }
        return {};
    case Qt::FontRole:
        if (index.column() == ColumnName) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::DecorationRole:
        if (index.column() == ColumnName)
            return Icons::get(p.kind == inventory::Kind::Cuda ? Icons::FileLibrary : Icons::FileArchive);
        return {};
    default: return {};
    }
}

InventoryProxy::InventoryProxy(QObject* parent) : QSortFilterProxyModel(parent)
{
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setFilterKeyColumn(-1);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void InventoryProxy::setKind(std::optional<inventory::Kind> kind)
{
    m_kind = kind;
    invalidateFilter();
}

bool InventoryProxy::filterAcceptsRow(int row, const QModelIndex& parent) const
{
    if (m_kind) {
        const QString kind = sourceModel()->index(row, 0, parent).data(InventoryModel::KindRole).toString();
        if (kind != QLatin1String(inventory::kindName(*m_kind)))
            return false;
    }
    return QSortFilterProxyModel::filterAcceptsRow(row, parent);
}

} // namespace sociscope::ui
