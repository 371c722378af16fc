// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "models/spantable.h"

namespace sociscope::ui {

Result<std::shared_ptr<const SpanTable>> SpanTable::build(lazy::LazyImage& image)
{
    auto table = std::make_shared<SpanTable>();
    for (std::size_t i = 0; i < image.layerCount(); ++i) {
        auto l = image.layer(i);
        if (!l)
            return l.error();
        table->m_layers.push_back(*l);
    }
    return std::shared_ptr<const SpanTable>(std::move(table));
}

std::optional<std::pair<int, int>> SpanTable::spansOf(const fs::ImageTree& tree, fs::Ino ino) const
{
    if (!tree.valid(ino))
        return std::nullopt;
    const fs::Inode& n = tree.inode(ino);
    if (n.type != fs::FileType::Regular || n.size <= 0 || n.layer < 0 || n.layer >= static_cast<int>(m_layers.size()) ||
        m_layers[static_cast<size_t>(n.layer)]->isLocal())
        return std::nullopt;
    const auto e = tree.entry(ino);
    if (!e)
        return std::nullopt;
    return m_layers[static_cast<size_t>(n.layer)]->spans().spansFor(e->uncompressedOffset, e->uncompressedSize);
}

bool SpanTable::isWhole(int layer) const
{
    return layer >= 0 && layer < static_cast<int>(m_layers.size()) && m_layers[static_cast<size_t>(layer)]->isLocal();
}

int SpanTable::spanCount(int layer) const
{
    return layer >= 0 && layer < static_cast<int>(m_layers.size()) ? m_layers[static_cast<size_t>(layer)]->spans().spanCount()
                                                                  : 0;
}

} // namespace sociscope::ui
