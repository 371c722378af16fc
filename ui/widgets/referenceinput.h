// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QString>

class QMimeData;

namespace sociscope::ui {

// How text from outside (an argument from a shell or a file manager, a drop,
// another instance) becomes a reference string that Reference::parse reads.
class ReferenceInput final {
public:
    // A command-line argument: a file:// URL or an absolute or ./-relative
    // path of a folder becomes oci:ABSOLUTE-PATH (an image-layout folder
    // holds index.json; one without is still tried, and says so), a relative
    // oci:PATH is made absolute against cwd (another instance may run
    // elsewhere), anything else stays as typed ("ubuntu" is Docker Hub's,
    // even beside a folder of that name). Stats the path: call it outside
    // the event loop.
    static QString fromArgument(const QString& argument, const QString& cwd);

    // What a drop carries: the first local file URL (a folder, or the
    // index.json inside one, becomes oci:FOLDER) or else the first
    // non-empty line of its text. No disk I/O. Empty when there is nothing
    // that could be a reference (prose, a web link).
    static QString fromMimeData(const QMimeData* mime);
};

} // namespace sociscope::ui
