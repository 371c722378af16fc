// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "models/configmodel.h"

#include "common/qtformat.h"

#include <QFont>
#include <QPalette>

namespace sociscope::ui {

namespace {
constexpr quintptr TopLevel = 0; // internalId of sections; children carry section + 1
}

ConfigModel::ConfigModel(QObject* parent) : QAbstractItemModel(parent) {}

QModelIndex ConfigModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < rowCount() ? createIndex(row, column, TopLevel) : QModelIndex();
    if (parent.internalId() != TopLevel || parent.column() != 0)
        return {};
    if (row >= rowCount(parent))
        return {};
    return createIndex(row, column, static_cast<quintptr>(parent.row()) + 1);
}

QModelIndex ConfigModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == TopLevel)
        return {};
    return createIndex(static_cast<int>(child.internalId() - 1), 0, TopLevel);
}

int ConfigModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return static_cast<int>(m_sections.size());
    if (parent.internalId() != TopLevel || parent.column() != 0)
        return 0;
    return static_cast<int>(m_sections[static_cast<size_t>(parent.row())].entries.size());
}

int ConfigModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QVariant ConfigModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == ColumnField ? tr("Field") : section == ColumnValue ? tr("Value") : QVariant();
}

QVariant ConfigModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.internalId() == TopLevel) {
        if (index.row() >= rowCount())
            return {};
        const Section& s = m_sections[static_cast<size_t>(index.row())];
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return index.column() == ColumnField ? s.field : s.value;
        if (role == Qt::FontRole && index.column() == ColumnField) {
            QFont f;
            f.setBold(true);
            return f;
        }
        if (role == Qt::ForegroundRole && s.muted && index.column() == ColumnValue)
            return QPalette().brush(QPalette::PlaceholderText);
        return {};
    }
    const auto& section = m_sections[static_cast<size_t>(index.internalId() - 1)];
    if (index.row() >= static_cast<int>(section.entries.size()))
        return {};
    const Entry& e = section.entries[static_cast<size_t>(index.row())];
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
        return index.column() == ColumnField ? e.key : e.value;
    if (role == Qt::FontRole && index.column() == ColumnValue) {
        QFont f(QStringLiteral("monospace"));
        f.setStyleHint(QFont::Monospace);
        return f;
    }
    return {};
}

QString ConfigModel::shellJoin(const std::vector<std::string>& words)
{
    QStringList out;
    for (const auto& w : words) {
        QString s = qs(w);
        const bool plain = !s.isEmpty() && !s.contains(QLatin1Char(' ')) && !s.contains(QLatin1Char('\'')) &&
                           !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\t')) &&
                           !s.contains(QLatin1Char('\n')) && !s.contains(QLatin1Char('$'));
        if (!plain)
            s = QLatin1Char('\'') + s.replace(QLatin1Char('\''), QStringLiteral("'\\''")) + QLatin1Char('\'');
        out << s;
    }
    return out.join(QLatin1Char(' '));
}

void ConfigModel::setConfig(const oci::ImageConfig& c)
{
    beginResetModel();
    m_sections.clear();
    const QString notSet = tr("not set");
    const auto single = [&](const QString& field, const QString& value, const QString& unset) {
        Section s;
        s.field = field;
        s.value = value.isEmpty() ? unset : value;
        s.muted = value.isEmpty();
        m_sections.push_back(std::move(s));
    };
    single(tr("Entrypoint"), shellJoin(c.entrypoint), notSet);
    single(tr("Command"), shellJoin(c.cmd), notSet);
    single(tr("Working directory"), qs(c.workingDir), tr("/ (not set)"));
    single(tr("User"), qs(c.user), tr("root (not set)"));

    const auto list = [&](const QString& field, std::vector<Entry> entries) {
        Section s;
        s.field = field;
        s.value = entries.empty() ? tr("none") : tr("%n entry(s)", "", static_cast<int>(entries.size()));
        s.muted = entries.empty();
        s.entries = std::move(entries);
        m_sections.push_back(std::move(s));
    };
    std::vector<Entry> env;
    for (const auto& e : c.env) {
        const auto eq = e.find('=');
        env.push_back({qs(e.substr(0, eq)), eq == std::string::npos ? QString() : qs(e.substr(eq + 1))});
    }
    list(tr("Environment"), std::move(env));
    std::vector<Entry> labels;
    for (const auto& [k, v] : c.labels)
        labels.push_back({qs(k), qs(v)});
    list(tr("Labels"), std::move(labels));
    std::vector<Entry> ports;
    for (const auto& p : c.exposedPorts)
        ports.push_back({qs(p), {}});
    list(tr("Exposed ports"), std::move(ports));
    std::vector<Entry> volumes;
    for (const auto& v : c.volumes)
        volumes.push_back({qs(v), {}});
    list(tr("Volumes"), std::move(volumes));

    single(tr("Stop signal"), qs(c.stopSignal), notSet);
    single(tr("Platform"), qs(c.platform().str()), notSet);
    single(tr("Created"), Format::time(c.created), notSet);
    single(tr("Author"), qs(c.author), notSet);
    endResetModel();
}

void ConfigModel::clear()
{
    beginResetModel();
    m_sections.clear();
    endResetModel();
}

} // namespace sociscope::ui
