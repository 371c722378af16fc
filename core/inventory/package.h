// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sociscope::inventory {

// Where a piece of software was found.
enum class Kind {
    Deb,    // dpkg status
    Apk,    // Alpine's installed database
    Rpm,    // rpmdb.sqlite
    Python, // *.dist-info/METADATA, *.egg-info/PKG-INFO
    Conda,  // conda-meta/*.json
    Cuda,   // CUDA toolkit, cuDNN, NCCL and other NVIDIA libraries
};

// "deb", "apk", "rpm", "python", "conda", "cuda".
const char* kindName(Kind kind);
// The inverse of kindName.
std::optional<Kind> kindFromName(std::string_view name);

// One installed package (or library version) and the file that says so.
struct Package {
    Kind kind = Kind::Deb;
    std::string name;
    std::string version;
    std::string path;         // absolute path, in the image, of the file it came from
    std::string architecture; // deb/apk/rpm architecture, conda platform subdir
    std::string origin;       // deb Source, apk origin, rpm source package, conda channel, cuda: how it was found
    std::string summary;      // one line
    std::string license;
    std::int64_t installedSize = -1; // bytes, when the database says

    friend bool operator==(const Package&, const Package&) = default;
};

} // namespace sociscope::inventory
