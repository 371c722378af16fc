// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Strings of any bytes in JSON. Names, link targets, xattrs and paths from an
// image (or a command line) are bytes, not text; JSON strings must be UTF-8,
// and nlohmann::json throws type_error.316 when asked to dump anything else.
// The rule, documented in docs/cli.md: a string field whose value is not
// valid UTF-8 is written with U+FFFD in place of each bad sequence, and a
// field of the same name plus "Bytes" holds the exact bytes in base64
// ("name" + "nameBytes"); for a list of strings, "<field>Bytes" is a list of
// the same length with base64 for the elements that needed it and null for
// the others. Valid strings get no twin, so ordinary output is unchanged.
#pragma once

#include "util/strings.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace sociscope::jsontext {

// The suffix of the field that carries a string's exact bytes.
inline constexpr std::string_view BytesSuffix = "Bytes";

namespace detail {

template <class BasicJson>
bool isBadString(const BasicJson& v)
{
    return v.is_string() && !str::isValidUtf8(v.template get_ref<const typename BasicJson::string_t&>());
}

template <class BasicJson>
bool hasBadString(const BasicJson& array)
{
    for (const auto& e : array)
        if (isBadString(e))
            return true;
    return false;
}

// Replaces a bad string in place and returns the base64 of its bytes.
template <class BasicJson>
std::string repair(BasicJson& v)
{
    auto& s = v.template get_ref<typename BasicJson::string_t&>();
    std::string b64 = str::base64Encode(s);
    s = str::toValidUtf8(s);
    return b64;
}

} // namespace detail

// Rewrites j in place so that every string in it is valid UTF-8, adding the
// "…Bytes" twins described above. Object keys and strings directly inside a
// top-level array (no field to twin) are only repaired with U+FFFD.
template <class BasicJson>
void makeValidUtf8(BasicJson& j)
{
    if (j.is_string()) {
        if (detail::isBadString(j))
            detail::repair(j);
        return;
    }
    if (j.is_array()) {
        for (auto& e : j)
            makeValidUtf8(e);
        return;
    }
    if (!j.is_object())
        return;
    bool twins = false;
    for (auto it = j.begin(); it != j.end(); ++it) {
        auto& v = it.value();
        if (v.is_array()) {
            for (auto& e : v)
                if (e.is_structured())
                    makeValidUtf8(e);
            twins = twins || detail::hasBadString(v);
        } else if (v.is_object()) {
            makeValidUtf8(v);
        } else {
            twins = twins || detail::isBadString(v);
        }
    }
    bool badKeys = false;
    for (auto it = j.begin(); it != j.end(); ++it)
        badKeys = badKeys || !str::isValidUtf8(it.key());
    if (!twins && !badKeys)
        return;
    // Rebuilt so that each twin follows its field (ordered_json keeps insertion order).
    BasicJson out = BasicJson::object();
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string key = str::toValidUtf8(it.key());
        auto& v = it.value();
        if (detail::isBadString(v)) {
            std::string b64 = detail::repair(v);
            out[key] = std::move(v);
            out[key + std::string(BytesSuffix)] = std::move(b64);
        } else if (v.is_array() && detail::hasBadString(v)) {
            BasicJson bytes = BasicJson::array();
            for (auto& e : v)
                bytes.push_back(detail::isBadString(e) ? BasicJson(detail::repair(e)) : BasicJson(nullptr));
            out[key] = std::move(v);
            out[key + std::string(BytesSuffix)] = std::move(bytes);
        } else {
            out[key] = std::move(v);
        }
    }
    j = std::move(out);
}

// j as text, after makeValidUtf8; never throws for a string's bytes (the
// error handler "replace" is the last line of defence).
template <class BasicJson>
std::string dump(BasicJson j, int indent = -1)
{
    makeValidUtf8(j);
    return j.dump(indent, ' ', false, BasicJson::error_handler_t::replace);
}

// The exact bytes of field key of obj as written by makeValidUtf8: the
// decoded twin when there is one, else the string; nullopt when obj has no
// such string field (or the twin is not base64).
template <class BasicJson>
std::optional<std::string> textOf(const BasicJson& obj, std::string_view key)
{
    if (!obj.is_object())
        return std::nullopt;
    const auto twin = obj.find(std::string(key) + std::string(BytesSuffix));
    if (twin != obj.end() && twin->is_string())
        return str::base64Decode(twin->template get_ref<const typename BasicJson::string_t&>());
    const auto it = obj.find(std::string(key));
    if (it == obj.end() || !it->is_string())
        return std::nullopt;
    return it->template get<std::string>();
}

} // namespace sociscope::jsontext
