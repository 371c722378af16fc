// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "oci/image.h"
#include "run/spec.h"
#include "util/result.h"

#include <string>
#include <vector>

namespace sociscope::run {

// Everything a run's bundle is made of, besides its root filesystem.
struct BundleInput {
    oci::ImageConfig config;
    RunOverrides overrides;
    std::string passwd; // the image's /etc/passwd ("" when it has none)
    std::string group; // the image's /etc/group
    std::string hostResolvConf;
    std::string cgroupsPath; // "/sociscope/<id>": runc's cgroupfs driver makes it in every hierarchy
    unsigned rows = 0, cols = 0; // the terminal's size at start, when tty
};

// The resolved process and the files of the bundle.
struct BundlePlan {
    std::vector<std::string> args;
    std::vector<std::string> env;
    std::string cwd;
    ResolvedUser user;
    std::string hostname;
    NetworkFiles network;
    std::string configJson;
};

// Resolves the user (NotFound when the image has no such user or group), the
// command line (Usage when there is none), the environment and the working
// folder, and writes the runtime spec for a bundle at bundleDir.
Result<BundlePlan> planBundle(const BundleInput& in, const std::string& bundleDir);

// Where the plan's program may be inside the image, in the order runc's exec
// looks: args[0] itself when it has a '/' (against the working folder when
// relative), else args[0] in each folder of the plan's PATH. Empty without args.
std::vector<std::string> programPaths(const BundlePlan& plan);

// Writes config.json, hostname, hosts and resolv.conf into bundleDir and makes
// the empty rootfs folder (the overlay goes there).
Status writeBundle(const BundlePlan& plan, const std::string& bundleDir);

} // namespace sociscope::run
