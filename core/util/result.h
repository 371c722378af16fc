// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace sociscope {

// What went wrong, as a category; each maps to one CLI exit code (exitCodeFor).
enum class ErrorCode {
    Usage,        // the caller asked for something that makes no sense
    NotFound,     // a repository, tag, blob, path or file does not exist
    Auth,         // credentials missing or refused
    Network,      // the peer could not be reached or the transfer failed
    Integrity,    // bytes did not match their digest or their declared size
    Malformed,    // a document or binary structure could not be parsed
    Unsupported,  // valid input that this program cannot handle
    Io,           // a local file or folder could not be read or written
    Cancelled,    // the caller cancelled the work
    Internal,     // a bug
};

// A failure: category, a sentence a person can act on, and where it happened
// (a registry URL, a digest, a path).
struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;
    std::string context;

    // "message (context)" or just the message.
    [[nodiscard]] std::string text() const
    {
        return context.empty() ? message : message + " (" + context + ")";
    }
};

inline Error makeError(ErrorCode code, std::string message, std::string context = {})
{
    return Error{code, std::move(message), std::move(context)};
}

// The CLI exit code for an error: 1 usage/other, 2 not found, 3 auth, 4 network,
// 5 integrity, 6 malformed or unsupported input.
int exitCodeFor(ErrorCode code);

// Name of the code, for JSON output and logs ("not-found", "auth", ...).
const char* errorCodeName(ErrorCode code);

// A value or an Error, never both (g++ 12 has no std::expected).
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_v(std::in_place_index<1>, std::move(error)) {}

    [[nodiscard]] bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() &
    {
        assert(ok());
        return std::get<0>(m_v);
    }
    const T& value() const&
    {
        assert(ok());
        return std::get<0>(m_v);
    }
    T&& value() &&
    {
        assert(ok());
        return std::get<0>(std::move(m_v));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    [[nodiscard]] const Error& error() const
    {
        assert(!ok());
        return std::get<1>(m_v);
    }

    T valueOr(T fallback) const { return ok() ? std::get<0>(m_v) : std::move(fallback); }

private:
    std::variant<T, Error> m_v;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_failed(true) {}

    [[nodiscard]] bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    [[nodiscard]] const Error& error() const
    {
        assert(m_failed);
        return m_error;
    }

private:
    Error m_error;
    bool m_failed = false;
};

using Status = Result<void>;

} // namespace sociscope
