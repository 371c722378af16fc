// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace sociscope::snapshotter {

// The failures containerd tells apart (errdefs, carried as gRPC codes). core's
// ErrorCode has no AlreadyExists or FailedPrecondition, and containerd acts on
// exactly those (an AlreadyExists from Prepare means "skip this layer"), so the
// snapshotter keeps its own.
enum class Code {
    NotFound, // no snapshot by that key (or a parent is missing)
    AlreadyExists, // the key or the commit name is taken
    FailedPrecondition, // wrong kind for the call, or children still stand on it
    InvalidArgument, // the request makes no sense (empty key, unknown field path)
    Io, // a folder or the metadata database failed
};

// What failed and why, in a sentence for containerd's log and ours.
struct Failure {
    Code code = Code::Io;
    std::string message;
};

inline Failure fail(Code code, std::string message)
{
    return Failure { code, std::move(message) };
}

// A value or a Failure (the snapshotter's Result).
template <typename T> class [[nodiscard]] Outcome {
public:
    Outcome(T value)
        : m_v(std::in_place_index<0>, std::move(value))
    {
    }
    Outcome(Failure failure)
        : m_v(std::in_place_index<1>, std::move(failure))
    {
    }
    [[nodiscard]] bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& operator*() &
    {
        assert(ok());
        return std::get<0>(m_v);
    }
    const T& operator*() const&
    {
        assert(ok());
        return std::get<0>(m_v);
    }
    T* operator->() { return &**this; }
    const T* operator->() const { return &**this; }
    [[nodiscard]] const Failure& failure() const
    {
        assert(!ok());
        return std::get<1>(m_v);
    }

private:
    std::variant<T, Failure> m_v;
};

// Success without a value.
struct Done { };
using Checked = Outcome<Done>;

} // namespace sociscope::snapshotter
