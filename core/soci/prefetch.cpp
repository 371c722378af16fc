// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "soci/prefetch.h"

#include "oci/gojson.h"
#include "oci/mediatypes.h"
#include "soci/index.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>

namespace sociscope::soci {

namespace {
// An int32 span id, as Go's decoder reads one into compression.SpanID.
Result<std::int32_t> spanId(const nlohmann::json& v, const char* field, std::size_t index)
{
    const std::string where = "prefetch artifact: prefetch_spans[" + std::to_string(index) + "]." + field;
    if (!v.is_number_integer())
        return makeError(ErrorCode::Malformed, where + " must be an integer span id");
    const auto n = v.is_number_unsigned() ? static_cast<std::int64_t>(std::min<std::uint64_t>(
                                                v.get<std::uint64_t>(), std::numeric_limits<std::int64_t>::max()))
                                          : v.get<std::int64_t>();
    if (n < 0 || n > std::numeric_limits<std::int32_t>::max())
        return makeError(ErrorCode::Malformed, where + " is " + std::to_string(n) + ", not a span id (0 to 2^31-1)");
    return static_cast<std::int32_t>(n);
}
} // namespace

std::vector<PrefetchSpan> mergePrefetchSpans(std::vector<PrefetchSpan> spans)
{
    std::sort(spans.begin(), spans.end(), [](const PrefetchSpan& a, const PrefetchSpan& b) {
        return a.start != b.start ? a.start < b.start : a.end < b.end;
    });
    std::vector<PrefetchSpan> out;
    for (const auto& s : spans) {
        // Touching ranges merge too (upstream: start <= current.end + 1).
        if (!out.empty() && static_cast<std::int64_t>(s.start) <= static_cast<std::int64_t>(out.back().end) + 1) {
            if (s.end > out.back().end)
                out.back().end = s.end;
            out.back().priority = 0;
        } else {
            out.push_back({ s.start, s.end, s.priority });
        }
    }
    return out;
}

std::vector<PrefetchSpan> prefetchSpansOf(std::vector<std::int32_t> ids)
{
    std::vector<PrefetchSpan> spans;
    spans.reserve(ids.size());
    for (const auto id : ids)
        spans.push_back({ id, id, 0 });
    return mergePrefetchSpans(std::move(spans));
}

Result<PrefetchArtifact> PrefetchArtifact::parse(std::string_view bytes)
{
    if (bytes.size() > kMaxPrefetchArtifactBytes)
        return makeError(ErrorCode::Malformed, "prefetch artifact of " + std::to_string(bytes.size()) +
                                                   " bytes is over the limit of " +
                                                   std::to_string(kMaxPrefetchArtifactBytes) + " bytes");
    if (bytes.empty())
        return makeError(ErrorCode::Malformed, "prefetch artifact is empty (0 bytes)");
    const auto j = nlohmann::json::parse(bytes, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return makeError(ErrorCode::Malformed, "prefetch artifact is not a JSON object");
    PrefetchArtifact a;
    const auto v = j.find("version");
    if (v == j.end() || !v->is_string())
        return makeError(ErrorCode::Malformed, "prefetch artifact has no version string (expected \"1.0\")");
    a.version = v->get<std::string>();
    if (a.version != kPrefetchVersion)
        return makeError(ErrorCode::Malformed, "unsupported prefetch artifact version \"" + a.version +
                                                   "\" (expected \"1.0\")");
    const auto list = j.find("prefetch_spans");
    if (list != j.end() && !list->is_null() && !list->is_array())
        return makeError(ErrorCode::Malformed, "prefetch artifact: prefetch_spans must be a list");
    if (list == j.end() || list->is_null() || list->empty())
        return makeError(ErrorCode::Malformed, "prefetch artifact is empty: it lists no spans");
    if (list->size() > kMaxPrefetchRanges)
        return makeError(ErrorCode::Malformed, "prefetch artifact lists " + std::to_string(list->size()) +
                                                   " ranges, over the limit of " + std::to_string(kMaxPrefetchRanges));
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto& e = (*list)[i];
        if (!e.is_object())
            return makeError(ErrorCode::Malformed,
                             "prefetch artifact: prefetch_spans[" + std::to_string(i) + "] is not an object");
        PrefetchSpan s;
        // Go leaves a missing field at 0; so do we.
        if (const auto f = e.find("start_span"); f != e.end()) {
            auto n = spanId(*f, "start_span", i);
            if (!n)
                return n.error();
            s.start = *n;
        }
        if (const auto f = e.find("end_span"); f != e.end()) {
            auto n = spanId(*f, "end_span", i);
            if (!n)
                return n.error();
            s.end = *n;
        }
        if (const auto f = e.find("priority"); f != e.end() && !f->is_null()) {
            // Go's int: 64 bits here.
            if (!f->is_number_integer() ||
                (f->is_number_unsigned() && f->get<std::uint64_t>() > std::numeric_limits<std::int64_t>::max()))
                return makeError(ErrorCode::Malformed,
                                 "prefetch artifact: prefetch_spans[" + std::to_string(i) + "].priority must be an integer");
            s.priority = f->get<std::int64_t>();
        }
        if (s.end < s.start)
            return makeError(ErrorCode::Malformed, "prefetch artifact: prefetch_spans[" + std::to_string(i) +
                                                       "] ends (span " + std::to_string(s.end) +
                                                       ") before it starts (span " + std::to_string(s.start) + ")");
        a.spans.push_back(s);
    }
    return a;
}

PrefetchArtifact PrefetchArtifact::ofSpans(std::vector<PrefetchSpan> spans)
{
    PrefetchArtifact a;
    a.spans = mergePrefetchSpans(std::move(spans));
    return a;
}

std::string PrefetchArtifact::toGoJson() const
{
    std::string out;
    {
        oci::gojson::ObjectWriter o(out);
        o.string("version", version);
        std::string& list = o.key("prefetch_spans");
        list += '[';
        for (std::size_t i = 0; i < spans.size(); ++i) {
            if (i)
                list += ',';
            oci::gojson::ObjectWriter s(list);
            s.integer("start_span", spans[i].start);
            s.integer("end_span", spans[i].end);
            if (spans[i].priority != 0)
                s.integer("priority", spans[i].priority);
        }
        list += ']';
    }
    return out;
}

std::int64_t PrefetchArtifact::spanCount() const
{
    std::int64_t n = 0;
    for (const auto& s : mergePrefetchSpans(spans))
        n += static_cast<std::int64_t>(s.end) - s.start + 1;
    return n;
}

Status PrefetchArtifact::checkRange(std::int32_t maxSpanId, const std::string& what) const
{
    for (const auto& s : spans)
        if (s.end > maxSpanId)
            return makeError(ErrorCode::Malformed, what + " names span " + std::to_string(s.end) +
                                                       " but the layer's zTOC has spans 0 to " +
                                                       std::to_string(maxSpanId) +
                                                       "; it was made for another zTOC or span size");
    return {};
}

oci::Descriptor prefetchDescriptor(std::string_view json, const oci::Digest& layer)
{
    oci::Descriptor d;
    d.mediaType = std::string(oci::mt::SociPrefetch);
    d.digest = oci::Digest::sha256Of(json);
    d.size = static_cast<std::int64_t>(json.size());
    d.annotations[ann::ImageLayerDigest] = layer.str();
    return d;
}

} // namespace sociscope::soci
