// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "snapshots_service.h"

#include "util/log.h"

namespace sociscope::snapshotter {

namespace api = containerd::services::snapshots::v1;

namespace {

Labels labelsOf(const google::protobuf::Map<std::string, std::string>& m)
{
    return Labels(m.begin(), m.end());
}

void setTime(google::protobuf::Timestamp* t, std::int64_t ns)
{
    t->set_seconds(ns / 1000000000);
    t->set_nanos(static_cast<std::int32_t>(ns % 1000000000));
}

void toProto(const Info& info, api::Info* out)
{
    out->set_name(info.name);
    out->set_parent(info.parent);
    out->set_kind(static_cast<api::Kind>(static_cast<int>(info.kind)));
    setTime(out->mutable_created_at(), info.createdNs);
    setTime(out->mutable_updated_at(), info.updatedNs);
    out->mutable_labels()->insert(info.labels.begin(), info.labels.end());
}

template <typename Field> void toProto(const std::vector<Mount>& mounts, Field* out)
{
    for (const auto& m : mounts) {
        auto* pm = out->Add();
        pm->set_type(m.type);
        pm->set_source(m.source);
        for (const auto& o : m.options)
            pm->add_options(o);
    }
}

// Failures containerd causes (NotFound during its garbage collection,
// AlreadyExists while two pulls race) are routine; Io is ours and logged.
grpc::Status answer(const char* call, const Failure& f)
{
    if (f.code == Code::Io)
        log::warning(std::string("snapshotter: ") + call + ": " + f.message);
    else
        log::debug(std::string("snapshotter: ") + call + ": " + f.message);
    return toStatus(f);
}

// containerd names the namespace of every call in the request's metadata.
std::string namespaceOf(const grpc::ServerContext& context)
{
    const auto& md = context.client_metadata();
    const auto it = md.find("containerd-namespace");
    return it == md.end() ? std::string() : std::string(it->second.data(), it->second.size());
}

} // namespace

grpc::Status toStatus(const Failure& failure)
{
    switch (failure.code) {
    case Code::NotFound:
        return { grpc::StatusCode::NOT_FOUND, failure.message };
    case Code::AlreadyExists:
        return { grpc::StatusCode::ALREADY_EXISTS, failure.message };
    case Code::FailedPrecondition:
        return { grpc::StatusCode::FAILED_PRECONDITION, failure.message };
    case Code::InvalidArgument:
        return { grpc::StatusCode::INVALID_ARGUMENT, failure.message };
    case Code::Io:
        break;
    }
    return { grpc::StatusCode::UNAVAILABLE, failure.message };
}

grpc::Status SnapshotsService::Prepare(
    grpc::ServerContext* context, const api::PrepareSnapshotRequest* request, api::PrepareSnapshotResponse* response)
{
    const Labels labels = labelsOf(request->labels());
    if (log::enabled(log::Level::Debug)) {
        std::string text;
        for (const auto& [k, v] : labels)
            text += " " + k + "=" + v;
        log::debug("snapshotter: Prepare " + request->key() + " on \"" + request->parent() + "\" with labels" + text);
    }
    auto m = m_sn.prepare(request->key(), request->parent(), labels, namespaceOf(*context));
    if (!m)
        return answer("Prepare", m.failure());
    toProto(*m, response->mutable_mounts());
    return grpc::Status::OK;
}

grpc::Status SnapshotsService::View(
    grpc::ServerContext*, const api::ViewSnapshotRequest* request, api::ViewSnapshotResponse* response)
{
    auto m = m_sn.view(request->key(), request->parent(), labelsOf(request->labels()));
    if (!m)
        return answer("View", m.failure());
    toProto(*m, response->mutable_mounts());
    return grpc::Status::OK;
}

grpc::Status SnapshotsService::Mounts(
    grpc::ServerContext*, const api::MountsRequest* request, api::MountsResponse* response)
{
    auto m = m_sn.mounts(request->key());
    if (!m)
        return answer("Mounts", m.failure());
    toProto(*m, response->mutable_mounts());
    return grpc::Status::OK;
}

grpc::Status SnapshotsService::Commit(
    grpc::ServerContext*, const api::CommitSnapshotRequest* request, google::protobuf::Empty*)
{
    if (auto c = m_sn.commit(request->name(), request->key(), labelsOf(request->labels())); !c)
        return answer("Commit", c.failure());
    return grpc::Status::OK;
}

grpc::Status SnapshotsService::Remove(
    grpc::ServerContext*, const api::RemoveSnapshotRequest* request, google::protobuf::Empty*)
{
    if (auto r = m_sn.remove(request->key()); !r)
        return answer("Remove", r.failure());
    return grpc::Status::OK;
}

grpc::Status SnapshotsService::Stat(
    grpc::ServerContext*, const api::StatSnapshotRequest* request, api::StatSnapshotResponse* response)
{
    auto info = m_sn.stat(request->key());
    if (!info)
        return answer("Stat", info.failure());
    toProto(*info, response->mutable_info());
    return grpc::Status::OK;
}

grpc::Status SnapshotsService::Update(
    grpc::ServerContext*, const api::UpdateSnapshotRequest* request, api::UpdateSnapshotResponse* response)
{
    const std::vector<std::string> paths(request->update_mask().paths().begin(), request->update_mask().paths().end());
    auto info = m_sn.update(request->info().name(), labelsOf(request->info().labels()), paths);
    if (!info)
        return answer("Update", info.failure());
    toProto(*info, response->mutable_info());
    return grpc::Status::OK;
}

grpc::Status SnapshotsService::List(grpc::ServerContext* context, const api::ListSnapshotsRequest* request,
    grpc::ServerWriter<api::ListSnapshotsResponse>* writer)
{
    const std::vector<std::string> filters(request->filters().begin(), request->filters().end());
    auto all = m_sn.list(filters);
    if (!all)
        return answer("List", all.failure());
    // In batches, as containerd's own service sends them: one message per
    // snapshot would be slow, one for all could pass the message size limit.
    constexpr std::size_t kBatch = 100;
    api::ListSnapshotsResponse batch;
    for (const auto& info : *all) {
        toProto(info, batch.add_info());
        if (static_cast<std::size_t>(batch.info_size()) >= kBatch) {
            if (context->IsCancelled() || !writer->Write(batch))
                return { grpc::StatusCode::CANCELLED, "the client went away during List" };
            batch.Clear();
        }
    }
    if (batch.info_size() > 0 && !writer->Write(batch))
        return { grpc::StatusCode::CANCELLED, "the client went away during List" };
    return grpc::Status::OK;
}

grpc::Status SnapshotsService::Usage(
    grpc::ServerContext*, const api::UsageRequest* request, api::UsageResponse* response)
{
    auto u = m_sn.usage(request->key());
    if (!u)
        return answer("Usage", u.failure());
    response->set_size(u->size);
    response->set_inodes(u->inodes);
    return grpc::Status::OK;
}

grpc::Status SnapshotsService::Cleanup(grpc::ServerContext*, const api::CleanupRequest*, google::protobuf::Empty*)
{
    if (auto c = m_sn.cleanup(); !c)
        return answer("Cleanup", c.failure());
    return grpc::Status::OK;
}

} // namespace sociscope::snapshotter
