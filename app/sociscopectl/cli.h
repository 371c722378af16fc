// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Shared plumbing of the sociscopectl commands: arguments, output, errors.
#pragma once

#include "oci/image.h"
#include "oci/reference.h"
#include "registry/source.h"
#include "util/result.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sociscope::cli {

using Json = nlohmann::ordered_json;

// The JSON output format version of every command (see docs/cli.md).
inline constexpr int JsonSchemaVersion = 1;

// Command-line words left after the global options; commands take their own
// options out, then read positionals.
class Args final {
public:
    explicit Args(std::vector<std::string> words) : m_words(std::move(words)) {}
    // Removes --name / -s and returns whether it was there.
    bool flag(std::string_view name, std::string_view shortName = {});
    // Removes --name VALUE, --name=VALUE or -s VALUE. Usage error when the value is missing.
    Result<std::optional<std::string>> option(std::string_view name, std::string_view shortName = {});
    // Removes every occurrence of a repeatable option.
    Result<std::vector<std::string>> options(std::string_view name, std::string_view shortName = {});
    // Removes and returns the first word equal to one of names (a subcommand).
    std::optional<std::string> takeWord(const std::vector<std::string>& names);
    // What is left, all positional; Usage error on an unknown option. Words
    // after "--" are positional whatever they look like.
    Result<std::vector<std::string>> positionals();

private:
    std::vector<std::string> m_words;
};

// Options every command accepts.
struct Globals {
    bool json = false;
    bool quiet = false;
    bool verbose = false;
    bool plainHttp = false;
    bool insecure = false;
    bool stats = false;
    std::optional<oci::Platform> platform;
    // --low-speed-time / --low-speed-limit; unset: HttpOptions' defaults or
    // SOCISCOPE_LOW_SPEED_TIME / SOCISCOPE_LOW_SPEED_LIMIT.
    std::optional<long> lowSpeedTimeSec;
    std::optional<long> lowSpeedLimitBytes;
};

// Everything a command needs: globals, a session for registries, output helpers.
class Context final {
public:
    explicit Context(Globals g);
    [[nodiscard]] const Globals& globals() const { return m_globals; }
    registry::Session& session() { return *m_session; }

    // Parses a reference; Usage error with the text.
    static Result<oci::Reference> reference(const std::string& text, bool defaultTag = true);
    // Opens the source of a reference.
    Result<std::unique_ptr<registry::Source>> open(const oci::Reference& ref, bool createLayout = false);

    // Prints JSON (with schemaVersion first) on stdout.
    void printJson(Json j) const;
    // A progress line on stderr, only when stderr is a terminal and not --quiet.
    void progress(const std::string& line) const;
    void endProgress() const;
    [[nodiscard]] bool stderrIsTerminal() const { return m_tty; }
    // The exit code of a command that succeeded (diff --exit-code: 1 when the images differ).
    void setExitCode(int code) { m_exitCode = code; }
    [[nodiscard]] int exitCode() const { return m_exitCode; }

private:
    Globals m_globals;
    std::unique_ptr<registry::Session> m_session;
    bool m_tty = false;
    int m_exitCode = 0;
};

// A command: name, one-line summary, usage text, and its function.
struct Command {
    std::string name;
    std::string summary;
    std::string usage;
    std::function<Status(Context&, Args&)> run;
};

// Registration of every command group (one per source file).
void addRegistryCommands(std::vector<Command>& out);
void addImageCommands(std::vector<Command>& out);
void addAuthCommands(std::vector<Command>& out);
void addSociCommands(std::vector<Command>& out);
void addFileCommands(std::vector<Command>& out);
void addCacheCommands(std::vector<Command>& out);
void addZtocCommands(std::vector<Command>& out);
void addInventoryCommands(std::vector<Command>& out);
void addDaemonCommands(std::vector<Command>& out);
void addRunCommands(std::vector<Command>& out);
void addDiffCommands(std::vector<Command>& out);   // diff
void addExportCommands(std::vector<Command>& out); // export-layer

// Runs the subcommand of a command group ("index create ..."): the first word
// naming one of subs. Usage error listing them when none is named.
using SubCommand = std::pair<std::string, std::function<Status(Context&, Args&)>>;
Status dispatchSub(Context& ctx, Args& args, const std::vector<SubCommand>& subs, const std::string& group);

// Helpers for JSON output.
Json descriptorJson(const oci::Descriptor& d);
Json stringList(const std::vector<std::string>& v);

} // namespace sociscope::cli
