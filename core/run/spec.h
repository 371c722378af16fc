// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "oci/image.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sociscope::run {

// What the caller changes about the image's defaults.
struct RunOverrides {
    std::vector<std::string> command;    // replaces Cmd (and Entrypoint when entrypoint is set)
    std::optional<std::vector<std::string>> entrypoint;
    std::vector<std::string> env;        // K=V, added or replacing
    std::string workingDir;              // empty: the image's
    std::string user;                    // empty: the image's (name, uid, uid:gid, name:group)
    bool tty = false;                    // -it: a terminal
    std::string hostname;                // empty: the run id's first 12 characters
};

// A user as the runtime needs it: numbers.
struct ResolvedUser {
    std::uint32_t uid = 0;
    std::uint32_t gid = 0;
    std::vector<std::uint32_t> additionalGids;
    std::string home = "/";
};

// Resolves a Docker "User" string against the image's /etc/passwd and
// /etc/group texts (either may be empty). NotFound for a name that is absent.
Result<ResolvedUser> resolveUser(const std::string& user, const std::string& passwd, const std::string& group);

// The command line of a run: Entrypoint + Cmd of the image, with overrides, as
// Docker combines them. Usage error when the result is empty.
Result<std::vector<std::string>> commandLine(const oci::ImageConfig& config, const RunOverrides& overrides);

// The environment: the image's, then the overrides; PATH and HOME filled in
// when missing, TERM=xterm for terminals.
std::vector<std::string> environment(const oci::ImageConfig& config, const RunOverrides& overrides,
                                     const ResolvedUser& user);

// Files a bundle bind-mounts read-only into the container, as Docker does.
struct NetworkFiles {
    std::string hostname; // "<name>\n"
    std::string hosts;    // localhost lines and the container's own name
    std::string resolvConf; // the host's /etc/resolv.conf (or a public fallback)
};
NetworkFiles networkFiles(const std::string& hostname, const std::string& hostResolvConf);

// The runtime-spec config.json (OCI runtime-spec 1.0.2) for a bundle whose
// rootfs folder is "rootfs": Docker's default capabilities, no new
// privileges, host network (no network namespace), the usual /proc /dev /sys
// mounts, and /etc/hostname, /etc/hosts, /etc/resolv.conf bound from
// bundleDir. Open files: Docker's 1048576, capped at this process's hard limit.
std::string runtimeSpec(const std::vector<std::string>& args, const std::vector<std::string>& env,
                        const std::string& cwd, const ResolvedUser& user, const std::string& hostname, bool tty,
                        const std::string& bundleDir);

} // namespace sociscope::run
