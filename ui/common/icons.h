// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QIcon>

namespace sociscope::ui {

// Icons from the desktop's theme, with the style's standard icons or our own
// SVGs (resources/icons) where a theme lacks them. GUI thread only.
class Icons final {
public:
    enum Id {
        App,
        Image,
        SociTwin,
        SociIndex,
        Repository,
        Registry,
        Preset,
        Folder,
        Layer,
        Open,
        Refresh,
        Back,
        Forward,
        Add,
        Remove,
        Find,
        Error,
        Warning,
        Information,
        Close,
        Copy,
        Quit,
        Credentials,
        Lazy,
        Whole,
        Signature,
        Document,
        // files inside an image
        FileGeneric,
        FileText,
        FileScript,
        FileExecutable,
        FileLibrary,
        FileImage,
        FileArchive,
        FileSymlink,
        FileWhiteout,
        FileDevice,
        Extract,
        Inventory,
        // mounts, runs, fetches
        Mount,
        Run,
        Stop,
        Chart,
    };
    static QIcon get(Id id);
    // Makes the Adwaita/hicolor themes the fallback when the platform names
    // none, and registers our resources. Call once after QApplication exists.
    static void setUp();
};

} // namespace sociscope::ui
