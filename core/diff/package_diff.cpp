// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "diff/package_diff.h"

#include <map>
#include <set>
#include <tuple>

namespace sociscope::diff {

Result<inventory::Inventory> readImageInventory(lazy::LazyImage& image, const inventory::InventoryOptions& options)
{
    auto tree = image.tree();
    if (!tree)
        return tree.error();
    auto t = *tree;
    const fs::FileReader reader = [&image, t](fs::Ino ino, std::int64_t off, std::size_t len) {
        return image.read(*t, ino, off, len);
    };
    return inventory::readInventory(*t, reader, options);
}

const char* packageChangeName(PackageChange::Kind k)
{
    switch (k) {
    case PackageChange::Kind::Added: return "added";
    case PackageChange::Kind::Removed: return "removed";
    case PackageChange::Kind::Changed: return "changed";
    }
    return "?";
}

std::vector<PackageChange> diffPackages(const std::vector<inventory::Package>& a,
                                        const std::vector<inventory::Package>& b)
{
    using Key = std::tuple<inventory::Kind, std::string, std::string>;
    std::map<Key, std::pair<std::set<std::string>, std::set<std::string>>> byKey;
    for (const auto& p : a)
        byKey[{p.kind, p.name, p.architecture}].first.insert(p.version);
    for (const auto& p : b)
        byKey[{p.kind, p.name, p.architecture}].second.insert(p.version);
    std::vector<PackageChange> out;
    for (const auto& [key, versions] : byKey) {
        const auto& [va, vb] = versions;
        if (va == vb)
            continue;
        PackageChange c;
        c.kind = va.empty() ? PackageChange::Kind::Added
                 : vb.empty() ? PackageChange::Kind::Removed
                              : PackageChange::Kind::Changed;
        c.packageKind = std::get<0>(key);
        c.name = std::get<1>(key);
        c.architecture = std::get<2>(key);
        c.versionsA.assign(va.begin(), va.end());
        c.versionsB.assign(vb.begin(), vb.end());
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace sociscope::diff
