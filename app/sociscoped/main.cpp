// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// sociscoped: the bundled snapshotter daemon. Flags and signals only; the
// daemon itself is in daemon/.
#include "daemon.h"
#include "fs/search.h"
#include "lazy/background_fetcher.h"
#include "util/log.h"
#include "util/strings.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <malloc.h>
#include <pthread.h>
#include <string>
#include <vector>

using namespace sociscope;

namespace {

constexpr const char* kHelp = R"(Usage: sociscoped [OPTIONS]

The Sociscope daemon: lazy FUSE mounts of container images, controlled over
gRPC on a Unix socket (see docs/daemon.md). As root it is the system daemon,
otherwise a user daemon that mounts through fusermount3.

Options:
  --socket PATH      control socket (root: /run/sociscope/sociscoped.sock;
                     user: $XDG_RUNTIME_DIR/sociscope/sociscoped.sock, or
                     /tmp/sociscope-UID/sociscoped.sock)
  --state-dir DIR    mount records and the instance lock (default: the folder
                     "state" beside the socket)
  --cache-dir DIR    span and layer cache (root: /var/cache/sociscope; user:
                     $SOCISCOPE_CACHE_DIR, $XDG_CACHE_HOME/sociscope, ~/.cache/sociscope)
  --group NAME       system mode: the group whose members may use the socket
                     (default: sociscope; without it, root only)
  --read-timeout SECONDS
                     a FUSE read not served within this answers EIO and emits
                     a read-failed event (default 60)
  --memory-cache-mb N
                     decompressed spans kept in memory by all mounts together,
                     spans being read included (MiB; default 128, at least 8)
  --inflated-cache-size BYTES
                     decompressed spans of recently read files kept on disk
                     beside the compressed ones, so a re-read does not inflate
                     again (default: an eighth of the cache cap, at most 1 GiB;
                     $SOCISCOPE_INFLATED_CACHE_MAX_BYTES; 0 turns it off)
  --background-mount POLICY
                     what a mount fetches in the background when its client
                     names nothing: "off", "all" (the whole image) or a byte
                     budget such as 64MiB (the default)
  --background-run POLICY
                     the same for runs (default "all": the whole image, the
                     program's spans first)
  --background-rate BYTES
                     at most this many bytes per second in the background
                     (e.g. 20MiB; default: no limit, one request at a time)
  --background-quiet MS
                     how long the background fetch keeps off after a read of
                     the mount (default 200; reads always go first)
  --snapshotter-socket PATH
                     also serve containerd's snapshots API on PATH (mode 0660,
                     root and this daemon's user only), for containerd's
                     [proxy_plugins] (see docs/containerd.md); off by default
  --snapshotter-root DIR
                     the snapshotter's layer folders (root:
                     /var/lib/sociscope/snapshotter; user:
                     ~/.local/share/sociscope/snapshotter), with its
                     metadata in DIR/metadata.db; the images its lazy layers
                     come from are mounted in DIR/images
  --metrics-address HOST:PORT
                     serve fetch counters in Prometheus's text format at
                     http://HOST:PORT/metrics (e.g. 127.0.0.1:9101; off by
                     default; names like soci-snapshotter's where they mean
                     the same)
  --foreground       stay in the foreground (the default; sociscopectl detaches it)
  -v, --verbose      more logging (-v info, -v -v debug)
  --version          print the version
  -h, --help         this help

SIGTERM or SIGINT unmounts every mount and exits 0.
)";

int usage(const std::string& message)
{
    std::fprintf(stderr, "sociscoped: %s\n(try --help)\n", message.c_str());
    return 1;
}

} // namespace

int main(int argc, char** argv)
{
    // Every thread started from here on inherits this mask: the signals are
    // taken by sigwait() below, never by a FUSE or gRPC thread.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGTERM);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    // Memory that goes back when readers stop: spans (MiBs) are mapped and
    // unmapped rather than carved from the heap, where glibc's adaptive
    // threshold would otherwise put them after the first free, and where
    // they would pin arena memory; and a few arenas rather than eight per
    // core for the FUSE and worker threads.
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    mallopt(M_ARENA_MAX, 4);

    daemon::DaemonConfig config = daemon::defaultDaemonConfig();
    bool stateGiven = false;
    int verbosity = 0;
    const std::vector<std::string> args(argv + 1, argv + argc);
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& out) {
            const auto eq = a.find('=');
            if (eq != std::string::npos) {
                out = a.substr(eq + 1);
                return true;
            }
            if (i + 1 >= args.size())
                return false;
            out = args[++i];
            return true;
        };
        const std::string name = a.substr(0, a.find('='));
        if (name == "--socket") {
            if (!value(config.socket))
                return usage("--socket needs a path");
        } else if (name == "--state-dir") {
            if (!value(config.stateDir))
                return usage("--state-dir needs a folder");
            stateGiven = true;
        } else if (name == "--cache-dir") {
            if (!value(config.cacheDir))
                return usage("--cache-dir needs a folder");
        } else if (name == "--group") {
            if (!value(config.group))
                return usage("--group needs a name");
        } else if (name == "--read-timeout") {
            std::string v;
            if (!value(v))
                return usage("--read-timeout needs a number of seconds");
            char* end = nullptr;
            const unsigned long n = std::strtoul(v.c_str(), &end, 10);
            if (v.empty() || *end || n < 1 || n > 86400)
                return usage("--read-timeout needs a number of seconds from 1 to 86400, not " + v);
            config.readTimeoutSec = static_cast<unsigned>(n);
        } else if (name == "--memory-cache-mb") {
            std::string mb;
            char* end = nullptr;
            if (!value(mb) || mb.empty())
                return usage("--memory-cache-mb needs a number of MiB");
            const unsigned long long n = std::strtoull(mb.c_str(), &end, 10);
            if (*end != '\0' || n < 8 || n > (1ull << 20))
                return usage("--memory-cache-mb takes a number of MiB from 8 to 1048576, not " + mb);
            config.memoryCacheBytes = n << 20;
        } else if (name == "--inflated-cache-size") {
            std::string v;
            if (!value(v))
                return usage("--inflated-cache-size needs a number of bytes");
            const auto n = str::parseU64(v);
            if (!n)
                return usage("--inflated-cache-size takes a number of bytes (0 turns the tier off), not " + v);
            config.inflatedCacheBytes = *n;
        } else if (name == "--background-mount" || name == "--background-run") {
            std::string& into = name == "--background-mount" ? config.backgroundMount : config.backgroundRun;
            if (!value(into))
                return usage(name + " needs a policy: off, all, or a byte budget such as 64MiB");
            if (auto p = lazy::parseBackgroundPolicy(into); !p)
                return usage(name + ": " + p.error().message);
        } else if (name == "--background-rate") {
            std::string v;
            const auto bytes = value(v) ? fs::parseSize(v) : std::nullopt;
            if (!bytes || *bytes < 0)
                return usage("--background-rate needs bytes per second, such as 20MiB (0: no limit)");
            config.backgroundBytesPerSecond = static_cast<std::uint64_t>(*bytes);
        } else if (name == "--background-quiet") {
            std::string v;
            char* end = nullptr;
            if (!value(v) || v.empty())
                return usage("--background-quiet needs milliseconds");
            const unsigned long n = std::strtoul(v.c_str(), &end, 10);
            if (*end || n > 3600000)
                return usage("--background-quiet takes milliseconds from 0 to 3600000, not " + v);
            config.backgroundQuietMs = static_cast<unsigned>(n);
        } else if (name == "--snapshotter-socket") {
            if (!value(config.snapshotterSocket) || config.snapshotterSocket.empty())
                return usage("--snapshotter-socket needs a path");
        } else if (name == "--snapshotter-root") {
            if (!value(config.snapshotterRoot) || config.snapshotterRoot.empty() || config.snapshotterRoot[0] != '/')
                return usage("--snapshotter-root needs an absolute folder");
        } else if (name == "--metrics-address") {
            if (!value(config.metricsAddress) || config.metricsAddress.empty())
                return usage("--metrics-address needs HOST:PORT, such as 127.0.0.1:9101");
        } else if (a == "--foreground" || a == "-f") {
        } else if (a == "-v" || a == "--verbose") {
            ++verbosity;
        } else if (a == "-vv") {
            verbosity += 2;
        } else if (a == "--version") {
            std::printf("sociscoped %s\n", SOCISCOPE_VERSION);
            return 0;
        } else if (a == "-h" || a == "--help") {
            std::fputs(kHelp, stdout);
            return 0;
        } else {
            return usage("unknown argument " + a);
        }
    }
    if (!stateGiven)
        config.stateDir = config.socket.substr(0, config.socket.rfind('/') + 1) + "state";
    if (verbosity >= 2)
        log::setLevel(log::Level::Debug);
    else if (verbosity == 1)
        log::setLevel(log::Level::Info);

    auto d = daemon::Daemon::start(config);
    if (!d) {
        std::fprintf(stderr, "sociscoped: %s\n", d.error().text().c_str());
        return exitCodeFor(d.error().code);
    }
    int sig = 0;
    while (sigwait(&stopSignals, &sig) != 0) { }
    log::write(log::Level::Info, std::string("sociscoped: ") + strsignal(sig) + ", stopping");
    d->reset();
    return 0;
}
