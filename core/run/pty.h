// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "run/launch.h"
#include "util/result.h"

namespace sociscope::run {

// `runc run --detach` with a terminal: runc hands the terminal's master over
// the console socket (LaunchSpec::workDir/console.sock), starts the
// container and exits; the container's init is then our child when this
// process is a child subreaper (PR_SET_CHILD_SUBREAPER), so its exit status
// is ours to read. runc's own output goes to workDir/runc.log, quoted in the
// Io error when runc fails.
Result<Launched> launchWithTerminal(const Runc& runc, const LaunchSpec& spec);

// Sets the terminal's window size (TIOCSWINSZ on its master).
void setWindowSize(int masterFd, unsigned rows, unsigned cols);

} // namespace sociscope::run
