// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

namespace sociscope::ui {

// The application's names (they place the settings), version and
// language, the same for the sociscope binary and the sociscope-screenshots
// tool. Call after the Q(Core)Application is made, before the first window.
void setUpApplication();

} // namespace sociscope::ui
