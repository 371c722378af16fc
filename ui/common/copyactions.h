// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "oci/reference.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

class QMenu;

namespace sociscope::ui {

// What users of Docker Desktop and oci.dag.dev copy from an image: its
// reference, its digest, and the commands that pull or run it. GUI thread.
class CopyActions final {
    Q_DECLARE_TR_FUNCTIONS(CopyActions)
public:
    struct Item {
        QString label; // "Copy docker pull Command"
        QString text;  // what goes on the clipboard
    };
    // ref: the image (by tag when it has one); digest: "sha256:…" of what it
    // names, "" when not known. Pull commands only for registry images (a
    // local layout cannot be pulled).
    static QList<Item> items(const oci::Reference& ref, const QString& digest);
    // Adds them to menu, each putting its text on the clipboard.
    static void addTo(QMenu* menu, const oci::Reference& ref, const QString& digest);
};

} // namespace sociscope::ui
