// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "inventory/inventory.h"
#include "inventory/package.h"
#include "lazy/lazy_image.h"
#include "util/result.h"

#include <string>
#include <vector>

namespace sociscope::diff {

// One package that differs between two inventories. A package is known by
// kind, name and architecture; when one side holds several versions of it
// (two site-packages folders), they are compared as a set.
struct PackageChange {
    enum class Kind { Added, Removed, Changed };
    Kind kind = Kind::Added;
    inventory::Kind packageKind = inventory::Kind::Deb;
    std::string name;
    std::string architecture;
    std::vector<std::string> versionsA; // sorted; empty when added
    std::vector<std::string> versionsB; // sorted; empty when removed
};

// "added", "removed", "changed".
const char* packageChangeName(PackageChange::Kind k);

// Packages added, removed, or with other versions in b than in a; sorted by
// kind, then name. Versions are compared as text: no ordering is claimed.
std::vector<PackageChange> diffPackages(const std::vector<inventory::Package>& a,
                                        const std::vector<inventory::Package>& b);

// The inventory of one image (S8's readers over its verified merged tree,
// files read lazily), for diffPackages. Blocking; fails when the tree cannot
// be read or options.cancel is set.
Result<inventory::Inventory> readImageInventory(lazy::LazyImage& image, const inventory::InventoryOptions& options = {});

} // namespace sociscope::diff
