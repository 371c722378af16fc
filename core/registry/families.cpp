// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "registry/families.h"

#include "util/strings.h"

#include <algorithm>
#include <array>
#include <tuple>

namespace sociscope::registry {

namespace {

constexpr std::string_view SociSuffix = "-soci";

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isLower(char c) { return c >= 'a' && c <= 'z'; }

bool allDigits(std::string_view s, size_t minLen = 1, size_t maxLen = 64)
{
    return s.size() >= minLen && s.size() <= maxLen && std::all_of(s.begin(), s.end(), isDigit);
}

// "2", "2.3", "2.3.0": digit runs joined by single dots, at most maxParts of them.
bool isDottedNumber(std::string_view s, int maxParts = 6)
{
    if (s.empty() || s.front() == '.' || s.back() == '.')
        return false;
    int parts = 1;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '.') {
            if (s[i + 1] == '.')
                return false;
            ++parts;
        } else if (!isDigit(s[i])) {
            return false;
        }
    }
    return parts <= maxParts;
}

int dottedParts(std::string_view s) { return s.empty() ? 0 : 1 + static_cast<int>(std::count(s.begin(), s.end(), '.')); }

// prefix followed by a dotted number ("sdk2.20.0", "ubuntu20.04").
bool prefixedNumber(std::string_view s, std::string_view prefix)
{
    return str::startsWith(s, prefix) && isDottedNumber(s.substr(prefix.size()));
}

// A lowercase name (two letters or more, so never a "v1.2.3" release) then a
// version with at least one dot: "transformers4.49.0", "tgi2.0.0", "sgm0.1.0",
// "optimum0.0.23", "synapseai1.2.0".
bool isNamedVersion(std::string_view s)
{
    size_t i = 0;
    while (i < s.size() && isLower(s[i]))
        ++i;
    const std::string_view rest = s.substr(i);
    return i > 1 && rest.find('.') != std::string_view::npos && isDottedNumber(rest);
}

bool isDevice(std::string_view s)
{
    static constexpr std::array<std::string_view, 5> devices{"cpu", "gpu", "neuron", "neuronx", "hpu"};
    return std::find(devices.begin(), devices.end(), s) != devices.end();
}

bool isPython(std::string_view s) { return str::startsWith(s, "py") && allDigits(s.substr(2), 1, 3); }
bool isCuda(std::string_view s) { return str::startsWith(s, "cu") && allDigits(s.substr(2), 2, 4); }
bool isSdk(std::string_view s) { return prefixedNumber(s, "sdk"); }

bool isOs(std::string_view s)
{
    static constexpr std::array<std::string_view, 7> systems{"ubuntu", "amzn", "al", "debian", "centos", "rhel", "rocky"};
    return std::any_of(systems.begin(), systems.end(), [&](std::string_view p) { return prefixedNumber(s, p); });
}

bool isPlatform(std::string_view s) { return s == "sagemaker" || s == "ec2" || s == "e3"; }
bool isRelease(std::string_view s) { return s.size() > 1 && s[0] == 'v' && isDottedNumber(s.substr(1), 3); }

bool inRange(std::string_view s, int lo, int hi)
{
    const int v = (s[0] - '0') * 10 + (s[1] - '0');
    return v >= lo && v <= hi;
}

// The last six tokens are YYYY MM DD HH MM SS.
bool isTimestamp(const std::vector<std::string>& t, size_t end)
{
    if (end < 6)
        return false;
    const size_t b = end - 6;
    if (!allDigits(t[b], 4, 4))
        return false;
    for (size_t i = b + 1; i < end; ++i)
        if (!allDigits(t[i], 2, 2))
            return false;
    return inRange(t[b + 1], 1, 12) && inRange(t[b + 2], 1, 31) && inRange(t[b + 3], 0, 23) &&
           inRange(t[b + 4], 0, 59) && inRange(t[b + 5], 0, 60);
}

std::string joinTokens(const std::vector<std::string>& t, size_t from, size_t to)
{
    std::string out;
    for (size_t i = from; i < to; ++i) {
        if (i > from)
            out += '-';
        out += t[i];
    }
    return out;
}

// How a tag sorts inside its family: most specific DLC tag first.
int tagRank(const std::optional<DlcTag>& d) { return d ? d->specificity() : -1; }

} // namespace

bool DlcTag::pinned() const { return !timestamp.empty() || dottedParts(release.empty() ? "" : release.substr(1)) >= 2; }

int DlcTag::specificity() const
{
    int s = dottedParts(version);
    s += static_cast<int>(extras.size());
    s += (cuda.empty() ? 0 : 2) + (os.empty() ? 0 : 2) + (neuronSdk.empty() ? 0 : 2) + (platform.empty() ? 0 : 1);
    s += 3 * dottedParts(release.empty() ? "" : release.substr(1));
    s += timestamp.empty() ? 0 : 20;
    return s;
}

std::optional<DlcTag> parseDlcTag(std::string_view tag)
{
    if (tag.empty() || tag.size() > 128)
        return std::nullopt;
    const std::vector<std::string> t = str::split(tag, '-');
    if (std::any_of(t.begin(), t.end(), [](const std::string& s) { return s.empty(); }))
        return std::nullopt;
    DlcTag d;
    size_t end = t.size();
    if (end > 0 && t[end - 1] == "soci") {
        d.soci = true;
        --end;
    }
    if (isTimestamp(t, end)) {
        d.timestamp = joinTokens(t, end - 6, end);
        end -= 6;
    }
    if (end > 0 && isRelease(t[end - 1])) {
        d.release = t[end - 1];
        --end;
    }
    // At least version, device and python remain.
    if (end < 3 || !isDottedNumber(t[0]))
        return std::nullopt;
    d.version = t[0];
    size_t i = 1;
    while (i < end && isNamedVersion(t[i]) && !isOs(t[i]) && !isSdk(t[i]))
        d.extras.push_back(t[i++]);
    if (i >= end || !isDevice(t[i]))
        return std::nullopt;
    d.device = t[i++];
    if (i >= end || !isPython(t[i]))
        return std::nullopt;
    d.python = t[i++];
    // The optional parts, each at most once and in this order:
    // sdk/cuda (1), os (2), platform (3), "example" (4); named versions anywhere.
    int stage = 0;
    const auto take = [&](std::string& field, int at) {
        if (!field.empty() || at < stage)
            return false;
        field = t[i];
        stage = at;
        return true;
    };
    std::string example;
    for (; i < end; ++i) {
        const std::string& s = t[i];
        bool ok = false;
        if (isSdk(s))
            ok = take(d.neuronSdk, 1);
        else if (isCuda(s))
            ok = take(d.cuda, 1);
        else if (isOs(s))
            ok = take(d.os, 2);
        else if (isPlatform(s))
            ok = take(d.platform, 3);
        else if (s == "example")
            ok = take(example, 4);
        else if (isNamedVersion(s)) {
            d.extras.push_back(s);
            ok = true;
        }
        if (!ok)
            return std::nullopt;
        if (s == "example")
            d.extras.push_back(s);
    }
    d.line = joinTokens(t, 0, end);
    return d;
}

std::optional<std::string> sociTwinBase(std::string_view tag)
{
    if (tag.size() <= SociSuffix.size() || !str::endsWith(tag, SociSuffix))
        return std::nullopt;
    return std::string(tag.substr(0, tag.size() - SociSuffix.size()));
}

bool naturalLess(std::string_view a, std::string_view b)
{
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (isDigit(a[i]) && isDigit(b[j])) {
            size_t ei = i, ej = j;
            while (ei < a.size() && isDigit(a[ei]))
                ++ei;
            while (ej < b.size() && isDigit(b[ej]))
                ++ej;
            // Compare the runs as numbers: skip leading zeros, then length, then digits.
            size_t zi = i, zj = j;
            while (zi + 1 < ei && a[zi] == '0')
                ++zi;
            while (zj + 1 < ej && b[zj] == '0')
                ++zj;
            if (ei - zi != ej - zj)
                return ei - zi < ej - zj;
            if (const int c = a.substr(zi, ei - zi).compare(b.substr(zj, ej - zj)); c != 0)
                return c < 0;
            if (ei - i != ej - j) // "01" after "1", so that distinct strings never compare equal
                return ei - i < ej - j;
            i = ei;
            j = ej;
            continue;
        }
        if (a[i] != b[j])
            return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
        ++i;
        ++j;
    }
    return a.size() - i < b.size() - j;
}

const char* familyKindName(FamilyKind kind) { return kind == FamilyKind::SociTwin ? "soci-twin" : "image"; }

void FamilyBuilder::add(const ResolvedTag& tag)
{
    m_failed.erase(tag.tag);
    m_resolved[tag.tag] = tag;
}

void FamilyBuilder::addFailed(const UnresolvedTag& tag)
{
    if (!m_resolved.count(tag.tag))
        m_failed[tag.tag] = tag.error;
}

std::vector<UnresolvedTag> FamilyBuilder::unresolved() const
{
    std::vector<UnresolvedTag> out;
    for (const auto& [tag, error] : m_failed)
        out.push_back({tag, error});
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return naturalLess(a.tag, b.tag); });
    return out;
}

namespace {

// Where a family goes in the list: DLC lines first (newest first within a
// line), then the rest by tag; a twin right after the image it twins.
struct SortKey {
    int group = 1;
    std::string line;
    bool rollingOnly = false; // no timestamp at all: the newest of its line
    std::string timestamp;
    std::string release;
    std::string anchorTag; // the primary tag of the image (the twin's base)
    int sub = 0;           // 0 image, 1 its twin
    std::string ownTag;
};

bool keyLess(const SortKey& a, const SortKey& b)
{
    if (a.group != b.group)
        return a.group < b.group;
    if (a.line != b.line)
        return naturalLess(a.line, b.line);
    if (a.rollingOnly != b.rollingOnly)
        return a.rollingOnly;
    if (a.timestamp != b.timestamp)
        return a.timestamp > b.timestamp;
    if (a.release != b.release)
        return naturalLess(b.release, a.release);
    if (a.anchorTag != b.anchorTag)
        return naturalLess(a.anchorTag, b.anchorTag);
    if (a.sub != b.sub)
        return a.sub < b.sub;
    return naturalLess(a.ownTag, b.ownTag);
}

} // namespace

std::vector<TagFamily> FamilyBuilder::families() const
{
    std::map<oci::Digest, std::vector<const ResolvedTag*>> byDigest;
    for (const auto& [tag, r] : m_resolved)
        byDigest[r.descriptor.digest].push_back(&r);

    std::vector<TagFamily> out;
    std::vector<SortKey> keys;
    out.reserve(byDigest.size());
    for (const auto& [digest, members] : byDigest) {
        TagFamily f;
        f.digest = digest;
        struct Member {
            std::string tag;
            std::optional<DlcTag> dlc;
        };
        std::vector<Member> ms;
        const ResolvedTag* newest = members.front();
        for (const ResolvedTag* r : members) {
            ms.push_back({r->tag, parseDlcTag(r->tag)});
            if (r->seenAt > newest->seenAt)
                newest = r;
        }
        std::sort(ms.begin(), ms.end(), [](const Member& a, const Member& b) {
            const int ra = tagRank(a.dlc), rb = tagRank(b.dlc);
            return ra != rb ? ra > rb : naturalLess(a.tag, b.tag);
        });
        f.mediaType = newest->descriptor.mediaType;
        f.size = newest->descriptor.size;
        f.seenAt = newest->seenAt;
        SortKey key;
        bool allTwins = true;
        for (const Member& m : ms) {
            f.tags.push_back(m.tag);
            allTwins = allTwins && sociTwinBase(m.tag).has_value();
            if (m.dlc) {
                f.rolling = f.rolling || m.dlc->rolling();
                f.pinned = f.pinned || m.dlc->pinned();
                key.timestamp = std::max(key.timestamp, m.dlc->timestamp);
                if (naturalLess(key.release, m.dlc->release))
                    key.release = m.dlc->release;
            }
        }
        f.dlc = ms.front().dlc;
        if (allTwins) {
            f.kind = FamilyKind::SociTwin;
            for (const auto& t : f.tags) {
                std::string base = *sociTwinBase(t);
                if (!f.twinOf)
                    if (auto it = m_resolved.find(base); it != m_resolved.end())
                        f.twinOf = it->second.descriptor.digest;
                f.twinOfTags.push_back(std::move(base));
            }
        }
        key.group = f.dlc ? 0 : 1;
        key.line = f.dlc ? f.dlc->line : f.tags.front();
        key.rollingOnly = f.dlc && key.timestamp.empty();
        key.anchorTag = f.tags.front();
        key.ownTag = f.tags.front();
        out.push_back(std::move(f));
        keys.push_back(std::move(key));
    }

    // A twin sorts with the image it twins (when that image is here too).
    std::map<oci::Digest, size_t> indexOf;
    for (size_t i = 0; i < out.size(); ++i)
        indexOf[out[i].digest] = i;
    std::vector<SortKey> finalKeys = keys;
    for (size_t i = 0; i < out.size(); ++i) {
        if (out[i].kind != FamilyKind::SociTwin || !out[i].twinOf || *out[i].twinOf == out[i].digest)
            continue;
        const auto it = indexOf.find(*out[i].twinOf);
        if (it == indexOf.end())
            continue;
        finalKeys[i] = keys[it->second];
        finalKeys[i].sub = 1;
        finalKeys[i].ownTag = keys[i].ownTag;
        out[it->second].sociTwins.push_back(out[i].digest);
    }
    std::vector<size_t> order(out.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return keyLess(finalKeys[a], finalKeys[b]); });
    std::vector<TagFamily> sorted;
    sorted.reserve(out.size());
    for (size_t i : order)
        sorted.push_back(std::move(out[i]));
    // Twins listed in the order the families appear.
    std::map<oci::Digest, size_t> position;
    for (size_t i = 0; i < sorted.size(); ++i)
        position[sorted[i].digest] = i;
    for (auto& f : sorted)
        std::sort(f.sociTwins.begin(), f.sociTwins.end(),
                  [&](const oci::Digest& a, const oci::Digest& b) { return position[a] < position[b]; });
    return sorted;
}

std::vector<TagFamily> groupFamilies(const std::vector<ResolvedTag>& tags)
{
    FamilyBuilder b;
    for (const auto& t : tags)
        b.add(t);
    return b.families();
}

} // namespace sociscope::registry
