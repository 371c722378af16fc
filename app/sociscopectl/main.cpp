// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// sociscopectl: every capability of core, scriptable, with --json output.
#include "cli.h"
#include "interrupt.h"

#include "util/json_text.h"
#include "util/log.h"
#include "util/strings.h"

#include <csignal>
#include <cstdio>
#include <iostream>
#include <new>

using namespace sociscope;
using namespace sociscope::cli;

namespace {

constexpr const char* GlobalHelp = R"(Global options:
  --json                 machine-readable output (see docs/cli.md)
  --platform OS/ARCH[/VARIANT]
                         choose a platform of a multi-platform image (default: this machine)
  --plain-http           talk HTTP, not HTTPS (automatic for localhost, 127.0.0.0/8, [::1])
  --insecure             HTTPS without certificate verification
  --stats                print fetch statistics on stderr
  --low-speed-time SECONDS, --low-speed-limit BYTES
                         a transfer moving under BYTES per second (default 1024) for
                         SECONDS (default 30) fails with exit 4
  -v, --verbose          debug logs on stderr (never tokens or passwords)
  -q, --quiet            no progress output
  -h, --help             help; `sociscopectl COMMAND --help` for one command
  --version              print the version

Exit codes: 0 ok, 1 usage or other error, 2 not found, 3 authentication refused,
4 network, 5 integrity (digest mismatch), 6 malformed input;
130/143 when stopped by SIGINT/SIGTERM.
)";

void printHelp(const std::vector<Command>& cmds)
{
    std::printf("sociscopectl %s — look inside, copy and index container images without pulling them\n\n",
                SOCISCOPE_VERSION);
    std::printf("Usage: sociscopectl [OPTIONS] COMMAND [ARGS...]\n\nCommands:\n");
    for (const auto& c : cmds)
        std::printf("  %-18s %s\n", c.name.c_str(), c.summary.c_str());
    std::printf("\nImage references: [REGISTRY/]REPOSITORY[:TAG][@DIGEST] (Docker's rules: ubuntu is\n"
                "docker.io/library/ubuntu:latest), or oci:PATH[:TAG] for an OCI image-layout folder.\n\n%s",
                GlobalHelp);
}

int fail(const Error& e, bool json)
{
    if (json) {
        Json j;
        j["schemaVersion"] = JsonSchemaVersion;
        j["error"] = {{"code", errorCodeName(e.code)}, {"message", e.message}, {"context", e.context}};
        std::cerr << jsontext::dump(std::move(j)) << std::endl;
    } else {
        // Messages quote names from images and command lines: escaped, one line.
        std::fprintf(stderr, "sociscopectl: %s\n", str::printable(e.text()).c_str());
    }
    return exitCodeFor(e.code);
}

} // namespace

int main(int argc, char** argv)
{
    // A credential helper that exits early must not kill us with SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    // From the start, so no signal finds the default action; every fetch of
    // the command answers to the interrupt's token.
    const InterruptGuard interrupt;
    const util::CancelScope scope(interrupt.token());
    std::vector<Command> commands;
    addImageCommands(commands);
    addRegistryCommands(commands);
    addAuthCommands(commands);
    addFileCommands(commands);
    addInventoryCommands(commands);
    addSociCommands(commands);
    addCacheCommands(commands);
    addDaemonCommands(commands);
    addRunCommands(commands);
    addDiffCommands(commands);
    addExportCommands(commands);

    // Split off the command name; global options may come before or after it.
    std::vector<std::string> words(argv + 1, argv + argc);
    Args args(words);
    Globals g;
    g.json = args.flag("json");
    g.quiet = args.flag("quiet", "q");
    g.verbose = args.flag("verbose", "v");
    g.plainHttp = args.flag("plain-http");
    g.insecure = args.flag("insecure");
    g.stats = args.flag("stats");
    const bool help = args.flag("help", "h");
    const bool version = args.flag("version");
    auto platform = args.option("platform");
    if (!platform)
        return fail(platform.error(), g.json);
    if (*platform) {
        auto p = oci::Platform::parse(**platform);
        if (!p)
            return fail(p.error(), g.json);
        g.platform = *p;
    }
    for (auto [name, field] : { std::pair{ "low-speed-time", &g.lowSpeedTimeSec },
             std::pair{ "low-speed-limit", &g.lowSpeedLimitBytes } }) {
        auto v = args.option(name);
        if (!v)
            return fail(v.error(), g.json);
        if (!*v)
            continue;
        const auto n = str::parseU64(**v);
        if (!n || *n < 1 || *n > (1u << 30))
            return fail(makeError(ErrorCode::Usage, std::string("--") + name + " needs a positive whole number", **v),
                        g.json);
        *field = static_cast<long>(*n);
    }
    if (g.verbose)
        log::setLevel(log::Level::Debug);

    if (version) {
        std::printf("sociscopectl %s\n", SOCISCOPE_VERSION);
        return 0;
    }
    // The first word that is not an option names the command.
    std::string name;
    for (size_t i = 0; i < words.size(); ++i) {
        const auto& w = words[i];
        if (w == "--")
            break;
        bool isCommand = false;
        for (const auto& c : commands)
            if (c.name == w)
                isCommand = true;
        if (isCommand) {
            name = w;
            break;
        }
    }
    if (name.empty()) {
        printHelp(commands);
        return help ? 0 : 1;
    }
    // Remove the command word itself from the remaining arguments.
    Args cmdArgs = [&] {
        std::vector<std::string> w = words;
        for (auto it = w.begin(); it != w.end(); ++it)
            if (*it == name) {
                w.erase(it);
                break;
            }
        Args a(w);
        a.flag("json");
        a.flag("quiet", "q");
        a.flag("verbose", "v");
        a.flag("plain-http");
        a.flag("insecure");
        a.flag("stats");
        a.flag("help", "h");
        (void)a.option("platform");
        (void)a.option("low-speed-time");
        (void)a.option("low-speed-limit");
        return a;
    }();
    for (const auto& c : commands) {
        if (c.name != name)
            continue;
        if (help) {
            std::printf("Usage: sociscopectl %s\n\n%s\n\n%s", c.usage.c_str(), c.summary.c_str(), GlobalHelp);
            return 0;
        }
        Context ctx(g);
        // The last resort: every input is bounded before it is allocated, but
        // an allocation that fails anyway ends with a message and exit 6, not
        // an abort (exit 134).
        Status s;
        try {
            s = c.run(ctx, cmdArgs);
        } catch (const std::bad_alloc&) {
            s = makeError(ErrorCode::Malformed,
                          "out of memory: an input asked for more memory than is available; it is probably "
                          "broken (please report the command that led here)",
                          name);
        }
        if (const int sig = InterruptGuard::signalReceived()) {
            std::fprintf(stderr, "sociscopectl: stopped by %s\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
            return 128 + sig;
        }
        if (!s)
            return fail(s.error(), g.json);
        return ctx.exitCode();
    }
    return 1;
}
