// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// sociscopectl: every capability of core, scriptable, with --json output.
#include "cli.h"

#include "util/json_text.h"
#include "util/log.h"
#include "util/strings.h"

#include <csignal>
#include <cstdio>
#include <iostream>

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
  -v, --verbose          debug logs on stderr (never tokens or passwords)
  -q, --quiet            no progress output
  -h, --help             help; `sociscopectl COMMAND --help` for one command
  --version              print the version

Exit codes: 0 ok, 1 usage or other error, 2 not found, 3 authentication refused,
4 network, 5 integrity (digest mismatch), 6 malformed input.
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
        auto s = c.run(ctx, cmdArgs);
        if (!s)
            return fail(s.error(), g.json);
        return 0;
    }
    return 1;
}
