// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Private to sociscope_client (and its unit test): the plain structs of
// client_types.h to and from the messages of sociscope.proto. Only code that
// links sociscope_proto itself can include this header; the library's users
// never see protobuf.
#pragma once

#include "client_types.h"
#include "util/result.h"

#include "sociscope.pb.h"

#include <optional>

namespace sociscope::client {

namespace v1 = sociscope::daemon::v1;

// Requests. The way back parses the reference and platform (Malformed or
// Usage errors as oci::Reference::parse and oci::Platform::parse give them).
v1::MountRequest toProto(const MountSpec& spec);
Result<MountSpec> fromProto(const v1::MountRequest& request);
v1::RunRequest toProto(const RunSpec& spec); // detach is the client's own: not sent
Result<RunSpec> fromProto(const v1::RunRequest& request);
v1::EventsRequest toProto(const EventFilter& filter);
EventFilter fromProto(const v1::EventsRequest& request);

// Answers.
v1::VersionReply toProto(const VersionInfo& info);
VersionInfo fromProto(const v1::VersionReply& reply);
v1::MountInfo toProto(const MountInfo& info);
MountInfo fromProto(const v1::MountInfo& info);
v1::UnmountReply toProto(const UnmountResult& result);
UnmountResult fromProto(const v1::UnmountReply& reply);
v1::MountStats toProto(const MountStats& stats);
MountStats fromProto(const v1::MountStats& stats);
v1::StartupRecord toProto(const lazy::StartupRecord& record);
lazy::StartupRecord fromProto(const v1::StartupRecord& record);
v1::RunInfo toProto(const RunInfo& info);
RunInfo fromProto(const v1::RunInfo& info);
v1::FetchEvent toProto(const FetchEvent& event);
FetchEvent fromProto(const v1::FetchEvent& event);
v1::RunOutput toProto(const RunEvent& event);
// nullopt for a message this client does not know (a newer daemon's).
std::optional<RunEvent> fromProto(const v1::RunOutput& output);

} // namespace sociscope::client
