// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// login, logout: through the Docker config and its credential store, as `docker login`.
#include "cli.h"

#include "registry/credentials.h"
#include "util/strings.h"

#include <cstdio>
#include <iostream>
#include <termios.h>
#include <unistd.h>

namespace sociscope::cli {

namespace {

std::string readLine(bool echo)
{
    termios old{};
    const bool tty = ::isatty(STDIN_FILENO) == 1;
    if (tty && !echo) {
        ::tcgetattr(STDIN_FILENO, &old);
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    std::getline(std::cin, line);
    if (tty && !echo) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
        std::fprintf(stderr, "\n");
    }
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return line;
}

Status runLogin(Context& ctx, Args& args)
{
    auto user = args.option("username", "u");
    if (!user)
        return user.error();
    auto password = args.option("password", "p");
    if (!password)
        return password.error();
    const bool fromStdin = args.flag("password-stdin");
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->size() != 1)
        return makeError(ErrorCode::Usage, "login needs one registry host, e.g. ghcr.io");
    const std::string host = (*pos)[0];
    registry::Credentials c;
    if (*user) {
        c.username = **user;
    } else {
        std::fprintf(stderr, "Username: ");
        c.username = readLine(true);
    }
    if (*password) {
        c.password = **password;
        std::fprintf(stderr, "WARNING: a password on the command line is visible to other users; use --password-stdin\n");
    } else if (fromStdin) {
        std::getline(std::cin, c.password);
        while (!c.password.empty() && (c.password.back() == '\n' || c.password.back() == '\r'))
            c.password.pop_back();
    } else {
        std::fprintf(stderr, "Password: ");
        c.password = readLine(false);
    }
    if (c.username.empty() || c.password.empty())
        return makeError(ErrorCode::Usage, "login needs a username and a password");

    // Check the credentials against the registry before storing them.
    auto cfg = registry::DockerConfig::load();
    if (!cfg)
        return cfg.error();
    registry::ClientOptions o = ctx.session().options();
    c.origin = "the credentials given to login";
    o.credentials = [c](const std::string&) -> Result<std::optional<registry::Credentials>> {
        return std::optional<registry::Credentials>(c);
    };
    o.credentialSource = [](const std::string&) { return std::string("the credentials given to login"); };
    registry::RegistryClient client(host, o);
    if (auto s = client.ping(); !s)
        return s.error();
    if (auto s = cfg->store(host, c); !s)
        return s;
    if (!ctx.globals().quiet)
        std::printf("Login Succeeded (stored via %s)\n", cfg->originOf(host).c_str());
    return {};
}

Status runLogout(Context& ctx, Args& args)
{
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->size() != 1)
        return makeError(ErrorCode::Usage, "logout needs one registry host");
    auto cfg = registry::DockerConfig::load();
    if (!cfg)
        return cfg.error();
    if (auto s = cfg->erase((*pos)[0]); !s)
        return s;
    if (!ctx.globals().quiet)
        std::printf("Removed login credentials for %s\n", (*pos)[0].c_str());
    return {};
}

} // namespace

void addAuthCommands(std::vector<Command>& out)
{
    out.push_back({"login", "log in to a registry (stored as `docker login` does)",
                   "login HOST [-u USER] [--password-stdin]", runLogin});
    out.push_back({"logout", "remove stored credentials of a registry", "logout HOST", runLogout});
}

} // namespace sociscope::cli
