// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "run/bundle.h"

#include "util/files.h"

#include <nlohmann/json.hpp>

namespace sociscope::run {

Result<BundlePlan> planBundle(const BundleInput& in, const std::string& bundleDir)
{
    BundlePlan p;
    const std::string user = !in.overrides.user.empty() ? in.overrides.user : in.config.user;
    auto u = resolveUser(user, in.passwd, in.group);
    if (!u)
        return u.error();
    p.user = *u;
    auto args = commandLine(in.config, in.overrides);
    if (!args)
        return args.error();
    p.args = std::move(*args);
    p.env = environment(in.config, in.overrides, p.user);
    p.cwd = !in.overrides.workingDir.empty() ? in.overrides.workingDir
                                             : (!in.config.workingDir.empty() ? in.config.workingDir : "/");
    if (p.cwd.front() != '/')
        return makeError(ErrorCode::Usage, "the working folder must be an absolute path", p.cwd);
    p.hostname = in.overrides.hostname;
    p.network = networkFiles(p.hostname, in.hostResolvConf);
    auto spec = nlohmann::ordered_json::parse(
        runtimeSpec(p.args, p.env, p.cwd, p.user, p.hostname, in.overrides.tty, bundleDir));
    if (!in.cgroupsPath.empty())
        spec["linux"]["cgroupsPath"] = in.cgroupsPath;
    if (in.overrides.tty && in.rows > 0 && in.cols > 0)
        spec["process"]["consoleSize"] = { { "height", in.rows }, { "width", in.cols } };
    p.configJson = spec.dump(2);
    return p;
}

Status writeBundle(const BundlePlan& plan, const std::string& bundleDir)
{
    if (auto s = files::makeDirs(bundleDir + "/rootfs", 0755); !s)
        return s;
    const std::pair<const char*, const std::string*> out[]
        = { { "config.json", &plan.configJson }, { "hostname", &plan.network.hostname },
              { "hosts", &plan.network.hosts }, { "resolv.conf", &plan.network.resolvConf } };
    for (const auto& [name, text] : out)
        if (auto s = files::writeFileAtomic(bundleDir + "/" + name, *text, 0644, false); !s)
            return s;
    return {};
}

std::vector<std::string> programPaths(const BundlePlan& plan)
{
    std::vector<std::string> out;
    if (plan.args.empty() || plan.args[0].empty())
        return out;
    const std::string& program = plan.args[0];
    if (program.find('/') != std::string::npos) {
        out.push_back(program[0] == '/' ? program : (plan.cwd.empty() ? "/" : plan.cwd) + "/" + program);
        return out;
    }
    std::string path;
    for (const auto& kv : plan.env)
        if (kv.rfind("PATH=", 0) == 0)
            path = kv.substr(5);
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t end = std::min(path.find(':', start), path.size());
        const std::string dir = path.substr(start, end - start);
        if (!dir.empty() && dir[0] == '/')
            out.push_back(dir + (dir.back() == '/' ? "" : "/") + program);
        start = end + 1;
    }
    return out;
}

} // namespace sociscope::run
