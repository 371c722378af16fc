// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <fuse_lowlevel.h>

namespace sociscope::daemon {

// The libfuse low-level operations over a lazy::ImageFs (the session's userdata):
// each callback translates one ImageFs call into fuse_reply_*. No exception
// leaves a callback; one that reaches the boundary is answered EIO (ENOMEM
// for bad_alloc). Entries and attributes are cached by the kernel for a long
// time and file pages are kept (an image never changes).
const fuse_lowlevel_ops& imageFsOperations();

// How long the kernel may trust entries and attributes, in seconds.
inline constexpr double kFuseCacheSeconds = 24.0 * 3600.0;

} // namespace sociscope::daemon
