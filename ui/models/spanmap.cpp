// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "models/spanmap.h"

#include "common/qtformat.h"

#include <algorithm>

namespace sociscope::ui {

void SpanMapModel::reset(int layers)
{
    m_layers.clear();
    m_layers.resize(static_cast<std::size_t>(std::max(layers, 0)));
}

void SpanMapModel::setSpanCount(int layer, int spans, std::shared_ptr<const SpanFiles> files)
{
    if (layer < 0 || layer >= layerCount() || spans < 0)
        return;
    Layer& l = m_layers[static_cast<std::size_t>(layer)];
    l.cells.resize(std::max(l.cells.size(), static_cast<std::size_t>(spans)), Cell::Untouched);
    l.knownCount = true;
    l.whole = false;
    if (files)
        l.files = std::move(files);
}

void SpanMapModel::setWhole(int layer)
{
    if (layer >= 0 && layer < layerCount())
        m_layers[static_cast<std::size_t>(layer)].whole = true;
}

bool SpanMapModel::apply(const lazy::FetchEvent& e)
{
    using T = lazy::FetchEvent::Type;
    if (e.layer < 0)
        return false;
    // The daemon may know more layers than we were told (or nothing yet).
    if (e.layer >= layerCount())
        m_layers.resize(static_cast<std::size_t>(e.layer) + 1);
    Layer& l = m_layers[static_cast<std::size_t>(e.layer)];
    if (e.type == T::WholeLayer) {
        const bool changed = !l.wholeFetched;
        l.whole = l.wholeFetched = true;
        return changed;
    }
    Cell c;
    switch (e.type) {
    case T::Span:
        c = e.background ? Cell::Background : Cell::OnDemand;
        break;
    case T::SpanCached:
        c = Cell::FromCache;
        break;
    case T::SpanFailed:
        c = Cell::Failed;
        break;
    default:
        return false;
    }
    if (e.span < 0)
        return false;
    const auto s = static_cast<std::size_t>(e.span);
    if (s >= l.cells.size())
        l.cells.resize(s + 1, Cell::Untouched);
    if (l.cells[s] == c)
        return false;
    l.cells[s] = c;
    return true;
}

int SpanMapModel::spanCount(int layer) const
{
    return layer >= 0 && layer < layerCount() ? static_cast<int>(m_layers[static_cast<std::size_t>(layer)].cells.size())
                                              : 0;
}

bool SpanMapModel::isWhole(int layer) const
{
    return layer >= 0 && layer < layerCount() && m_layers[static_cast<std::size_t>(layer)].whole;
}

bool SpanMapModel::wholeFetched(int layer) const
{
    return layer >= 0 && layer < layerCount() && m_layers[static_cast<std::size_t>(layer)].wholeFetched;
}

SpanMapModel::Cell SpanMapModel::cell(int layer, int span) const
{
    if (span < 0 || span >= spanCount(layer))
        return Cell::Untouched;
    return m_layers[static_cast<std::size_t>(layer)].cells[static_cast<std::size_t>(span)];
}

int SpanMapModel::count(int layer, Cell c) const
{
    if (layer < 0 || layer >= layerCount())
        return 0;
    const auto& cells = m_layers[static_cast<std::size_t>(layer)].cells;
    return static_cast<int>(std::count(cells.begin(), cells.end(), c));
}

int SpanMapModel::touched() const
{
    int n = 0;
    for (int l = 0; l < layerCount(); ++l)
        n += spanCount(l) - count(l, Cell::Untouched);
    return n;
}

std::shared_ptr<const SpanFiles> SpanMapModel::files(int layer) const
{
    return layer >= 0 && layer < layerCount() ? m_layers[static_cast<std::size_t>(layer)].files : nullptr;
}

QString SpanMapModel::cellName(Cell c)
{
    switch (c) {
    case Cell::Untouched:
        return tr("untouched");
    case Cell::OnDemand:
        return tr("fetched on demand");
    case Cell::FromCache:
        return tr("served from the cache");
    case Cell::Background:
        return tr("fetched in the background");
    case Cell::Failed:
        return tr("failed");
    case Cell::CellCount:
        break;
    }
    return {};
}

void SpanMapModel::setOutlined(int layer, int span, bool on)
{
    if (layer < 0 || layer >= layerCount() || span < 0)
        return;
    Layer& l = m_layers[static_cast<std::size_t>(layer)];
    const auto s = static_cast<std::size_t>(span);
    if (s >= l.cells.size())
        l.cells.resize(s + 1, Cell::Untouched);
    l.outlined.resize(l.cells.size(), false);
    l.outlined[s] = on;
}

bool SpanMapModel::isOutlined(int layer, int span) const
{
    if (layer < 0 || layer >= layerCount() || span < 0)
        return false;
    const Layer& l = m_layers[static_cast<std::size_t>(layer)];
    return static_cast<std::size_t>(span) < l.outlined.size() && l.outlined[static_cast<std::size_t>(span)];
}

int SpanMapModel::outlinedCount() const
{
    int n = 0;
    for (const Layer& l : m_layers)
        n += static_cast<int>(std::count(l.outlined.begin(), l.outlined.end(), true));
    return n;
}

QString SpanMapModel::describe(int layer, int span) const
{
    QString text = tr("Layer %1, span %2: %3").arg(layer).arg(span).arg(cellName(cell(layer, span)));
    if (isOutlined(layer, span))
        text += QLatin1Char('\n') + tr("Read at startup (the startup profile)");
    const auto f = files(layer);
    if (!f || span >= f->spanCount())
        return text;
    const auto& names = f->names(span);
    if (names.empty())
        return text + QLatin1Char('\n') + tr("No file data: tar headers and padding only.");
    for (const auto& n : names)
        text += QLatin1Char('\n') + qs(n);
    const int more = f->count(span) - static_cast<int>(names.size());
    if (more > 0)
        text += QLatin1Char('\n') + tr("… and %n more file(s)", "", more);
    return text;
}

} // namespace sociscope::ui
