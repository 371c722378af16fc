// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Private to sociscope_client: what a DaemonClient holds (the gRPC channel
// and stub) and how a gRPC status becomes an Error.
#pragma once

#include "client.h"
#include "proto_convert.h"

#include "sociscope.grpc.pb.h"

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

namespace sociscope::client {

struct DaemonClient::Impl {
    std::string socket;
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<v1::Sociscope::Stub> stub;
};

// An error from a gRPC status: the daemon's own (code, message, context)
// when it sent one, a transport failure on socket otherwise.
Error errorFromStatus(const grpc::Status& status, const std::string& socket);

} // namespace sociscope::client
