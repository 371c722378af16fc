// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "snapshotter.h"

#include <github.com/containerd/containerd/api/services/snapshots/v1/snapshots.grpc.pb.h>

namespace sociscope::snapshotter {

// The gRPC status containerd's errdefs.FromGRPC turns back into its error
// (AlreadyExists, NotFound, FailedPrecondition, InvalidArgument; Io is
// Unavailable, which containerd reports as it is).
grpc::Status toStatus(const Failure& failure);

// containerd.services.snapshots.v1.Snapshots over a Snapshotter: requests
// in, proto messages out, nothing decided here. The request's `snapshotter`
// field names the proxy plugin on containerd's side and is ignored.
class SnapshotsService final : public containerd::services::snapshots::v1::Snapshots::Service {
public:
    explicit SnapshotsService(Snapshotter& snapshotter)
        : m_sn(snapshotter)
    {
    }

    grpc::Status Prepare(grpc::ServerContext*,
        const containerd::services::snapshots::v1::PrepareSnapshotRequest* request,
        containerd::services::snapshots::v1::PrepareSnapshotResponse* response) override;
    grpc::Status View(grpc::ServerContext*, const containerd::services::snapshots::v1::ViewSnapshotRequest* request,
        containerd::services::snapshots::v1::ViewSnapshotResponse* response) override;
    grpc::Status Mounts(grpc::ServerContext*, const containerd::services::snapshots::v1::MountsRequest* request,
        containerd::services::snapshots::v1::MountsResponse* response) override;
    grpc::Status Commit(grpc::ServerContext*, const containerd::services::snapshots::v1::CommitSnapshotRequest* request,
        google::protobuf::Empty*) override;
    grpc::Status Remove(grpc::ServerContext*, const containerd::services::snapshots::v1::RemoveSnapshotRequest* request,
        google::protobuf::Empty*) override;
    grpc::Status Stat(grpc::ServerContext*, const containerd::services::snapshots::v1::StatSnapshotRequest* request,
        containerd::services::snapshots::v1::StatSnapshotResponse* response) override;
    grpc::Status Update(grpc::ServerContext*, const containerd::services::snapshots::v1::UpdateSnapshotRequest* request,
        containerd::services::snapshots::v1::UpdateSnapshotResponse* response) override;
    grpc::Status List(grpc::ServerContext*, const containerd::services::snapshots::v1::ListSnapshotsRequest* request,
        grpc::ServerWriter<containerd::services::snapshots::v1::ListSnapshotsResponse>* writer) override;
    grpc::Status Usage(grpc::ServerContext*, const containerd::services::snapshots::v1::UsageRequest* request,
        containerd::services::snapshots::v1::UsageResponse* response) override;
    grpc::Status Cleanup(grpc::ServerContext*, const containerd::services::snapshots::v1::CleanupRequest*,
        google::protobuf::Empty*) override;

private:
    Snapshotter& m_sn;
};

} // namespace sociscope::snapshotter
