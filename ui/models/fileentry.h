// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "diff/layer_changes.h"
#include "fs/image_tree.h"

#include <QCoreApplication>
#include <QIcon>
#include <QString>
#include <QVariant>

#include <memory>

namespace sociscope::ui {

class SpanTable;

// The columns and roles every file list shares (the tree, search results),
// and how one entry of an image tree is shown in them. GUI thread.
class FileEntry final {
    Q_DECLARE_TR_FUNCTIONS(FileEntry)
public:
    enum Column {
        ColumnName, // the name in the tree; the whole path in search results
        ColumnSize,
        ColumnMode,
        ColumnOwner,
        ColumnModified,
        ColumnLink,
        ColumnLayer,
        ColumnSpans,
        ColumnCount
    };
    enum Role {
        InoRole = Qt::UserRole + 1, // quint32
        PathRole,                   // QString: absolute path in the image
        TypeRole,                   // int: fs::FileType
        IsFolderRole,               // bool
        SizeRole,                   // qint64
        LayerRole,                  // int; -1 for folders no layer names
        WhiteoutRole,               // bool: a whiteout in a layer view
        SortRole,                   // a value to sort the column by
        ChangeRole,                 // int: diff::Change in a layer view once counted, else None
    };

    // What a view needs to show entries of one tree.
    struct Context {
        std::shared_ptr<const fs::ImageTree> tree;
        std::shared_ptr<const SpanTable> spans; // null until the zTOCs are verified
        QStringList layerLabels;                // tooltips of the Layer column
        // A layer view's marks (added / modified / removed); null for the
        // merged tree and until the image's layers are compared.
        std::shared_ptr<const diff::LayerChanges> changes;
    };

    static QVariant header(int column, int role, bool pathColumn = false);
    // The data of one entry; name is its name (or path) for the first column.
    static QVariant data(const Context& c, fs::Ino ino, const QString& name, const QString& path, int column, int role);

    // "drwxr-xr-x", as ls prints it.
    static QString modeString(const fs::Inode& n);
    // "root:root" from the tar names, else "0:0".
    static QString owner(const fs::ImageTree& tree, fs::Ino ino);
    static QIcon icon(const fs::Inode& n, const QString& name);
    // "Regular file", "Folder", "Symbolic link", "Whiteout", …
    static QString typeName(const fs::Inode& n);
    // "spans 3–5", "span 4", "whole layer", "" — what the Spans column says.
    static QString spansText(const Context& c, fs::Ino ino);
    // "Added by this layer", …; empty for no change.
    static QString changeText(diff::Change change);
};

} // namespace sociscope::ui
