// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// ui/common: small helpers every room uses — user messages (this file),
// display formatting (qtformat.h), icons, shell words, the core/lazy shim
// for Qt code (lazycore.h).
#pragma once

#include "util/result.h"

#include <QCoreApplication>
#include <QString>

namespace sociscope::ui {

// A message for the message bar: one line of cause and one of what to do.
struct UserMessage {
    enum class Kind { Error, Warning, Information };
    Kind kind = Kind::Error;
    QString text;    // what failed: "Could not list the tags of public.ecr.aws/…"
    QString cause;   // why, in a few words: "Could not resolve host: public.ecr.aws"
    QString hint;    // "Check the network connection or proxy settings, then press F5 to retry."
    QString details; // the whole error, with its context (a URL, a digest), for a tooltip
    // Offer a "Retry" button that re-runs what failed.
    bool retry = false;
    // Offer a "Copy" button that puts this (a path, a command) on the clipboard.
    QString copyText;
    [[nodiscard]] bool empty() const { return text.isEmpty(); }
    // What failed and why, on two lines (one when there is no cause), for a page.
    [[nodiscard]] QString textAndCause() const { return cause.isEmpty() ? text : text + QLatin1Char('\n') + cause; }
};

// Builds the message for a core error. what says what was attempted ("list
// the tags of 127.0.0.1:5000/foo"); host names the registry for the advice.
class UserMessages final {
    Q_DECLARE_TR_FUNCTIONS(UserMessages)
public:
    static UserMessage fromError(const Error& error, const QString& what, const QString& host = {});
};

} // namespace sociscope::ui
