// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "run/container.h"

#include "run/overlay.h"
#include "run/pty.h"
#include "util/files.h"
#include "util/log.h"

namespace sociscope::run {

Container::Container(ContainerConfig config)
    : m_config(std::move(config))
    , m_runc(m_config.runcRoot)
{
}

Status Container::makeFolders()
{
    if (auto s = files::makeDirs(m_config.dir, 0700); !s)
        return s;
    for (const char* sub : { "upper", "work", "bundle" })
        if (auto s = files::makeDirs(m_config.dir + "/" + sub, 0700); !s)
            return s;
    return {};
}

Result<BundlePlan> Container::writeBundle(const BundleInput& in)
{
    auto plan = planBundle(in, bundleDir());
    if (!plan)
        return plan.error();
    if (auto s = run::writeBundle(*plan, bundleDir()); !s)
        return s.error();
    m_tty = in.overrides.tty;
    return plan;
}

Status Container::mountRootfs(const std::string& lowerBase, const std::vector<std::string>& lowers)
{
    if (auto s = mountOverlay(lowerBase, lowers, m_config.dir + "/upper", m_config.dir + "/work", rootfs()); !s)
        return s;
    m_overlayMounted = true;
    return {};
}

Status Container::start()
{
    LaunchSpec spec;
    spec.id = m_config.id;
    spec.bundleDir = bundleDir();
    spec.pidFile = pidFile();
    spec.workDir = m_config.dir;
    spec.interactive = m_config.interactive;
    spec.startTimeout = m_config.startTimeout;
    auto launched = m_tty ? launchWithTerminal(m_runc, spec) : launchForeground(m_runc, spec);
    if (!launched)
        return launched.error();
    m_launched = std::move(*launched);
    m_pid = m_launched.initPid > 0 ? m_launched.initPid : readPidFile(pidFile());
    m_running = true;
    return {};
}

ExitStatus Container::supervise(OutputSink& sink)
{
    auto status = run::supervise(m_launched, m_controls, m_runc, m_config.id, sink);
    m_running = false;
    m_pid = 0;
    return status;
}

pid_t Container::pid()
{
    // runc in the foreground may write its pid file after start() returned.
    if (m_pid == 0 && m_running)
        m_pid = readPidFile(pidFile());
    return m_pid;
}

void Container::writeStdin(std::string data)
{
    if (m_config.interactive)
        m_controls.writeStdin(std::move(data));
}

void Container::closeStdin()
{
    m_controls.closeStdin();
}

void Container::resize(unsigned rows, unsigned cols)
{
    m_controls.resize(rows, cols);
}

void Container::requestStop(std::chrono::seconds grace)
{
    m_controls.requestStop(grace);
}

void Container::release()
{
    // Whatever mode it ran in, nothing of it stays in runc's state.
    if (auto s = m_runc.remove(m_config.id); !s)
        log::warning("run " + m_config.id + ": " + s.error().text());
    if (m_overlayMounted) {
        if (auto s = unmountPath(rootfs()); !s)
            log::warning("run " + m_config.id + ": " + s.error().text());
        m_overlayMounted = false;
    }
}

void Container::removeFolders(bool keepUpper)
{
    if (!keepUpper) {
        if (auto s = removeTree(m_config.dir); !s)
            log::warning("run " + m_config.id + ": " + s.error().text());
        return;
    }
    for (const char* sub : { "bundle", "work" })
        if (auto s = removeTree(m_config.dir + "/" + sub); !s)
            log::warning("run " + m_config.id + ": " + s.error().text());
}

} // namespace sociscope::run
