// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "oci/image.h"
#include "registry/source.h"
#include "util/result.h"

#include <cstdint>
#include <string>

namespace sociscope::image {

struct DemoOptions {
    // busybox-static binary that makes the image runnable (Debian: busybox-static).
    std::string busybox = "/bin/busybox";
    // Size of the incompressible model file in the big layer; the default keeps
    // that layer above SOCI's 10 MiB minimum layer size.
    std::uint64_t modelBytes = 14ull << 20;
    // Number of small source files in the big layer.
    int smallFiles = 1500;
};

// Builds the demo image deterministically (same inputs, same digests) and
// pushes it to dst under tag: a busybox base with /etc/os-release, a dpkg
// status file and Python packages (for the inventory), a big layer with a
// model file spanning many spans and many small files, and a layer with
// whiteouts and an opaque folder. Runnable: cmd prints /etc/os-release.
Result<oci::Descriptor> buildDemoImage(registry::Source& dst, const std::string& tag, const DemoOptions& options = {});

} // namespace sociscope::image
