// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The daemon's client for Qt code: gRPC and protobuf headers are read with
// Qt's keyword macros (emit, signals, slots) set aside. Include this instead
// of the daemon's headers in ui/ .cpp files.
#pragma once

#pragma push_macro("emit")
#pragma push_macro("signals")
#pragma push_macro("slots")
#undef emit
#undef signals
#undef slots
#include "client.h"
#include "paths.h"
#include "util/files.h"
#pragma pop_macro("slots")
#pragma pop_macro("signals")
#pragma pop_macro("emit")
