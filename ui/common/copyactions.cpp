// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "common/copyactions.h"

#include "common/qtformat.h"
#include "common/shellwords.h"

#include <QApplication>
#include <QClipboard>
#include <QMenu>

namespace sociscope::ui {

QList<CopyActions::Item> CopyActions::items(const oci::Reference& ref, const QString& digest)
{
    // By tag when there is one (what people type), else by digest.
    const auto pinned = [&ref, &digest] {
        oci::Reference d = ref;
        d.tag.clear();
        d.digest = digest.toStdString();
        return d;
    };
    oci::Reference named = ref;
    if (!named.tag.empty())
        named.digest.clear();
    else if (!digest.isEmpty())
        named = pinned();
    const QString reference = qs(named.str());
    QList<Item> out{{tr("Copy Reference"), reference}};
    if (!digest.isEmpty()) {
        out.append({tr("Copy Digest"), digest});
        if (!ref.isLayout && !ref.tag.empty())
            out.append({tr("Copy Reference by Digest"), qs(pinned().str())});
    }
    if (!ref.isLayout) {
        out.append({tr("Copy docker pull Command"), ShellWords::join({QStringLiteral("docker"), QStringLiteral("pull"), reference})});
        out.append({tr("Copy nerdctl pull Command"), ShellWords::join({QStringLiteral("nerdctl"), QStringLiteral("pull"), reference})});
    }
    out.append({tr("Copy sociscopectl run Command"),
                ShellWords::join({QStringLiteral("sociscopectl"), QStringLiteral("run"), QStringLiteral("--rm"),
                                  QStringLiteral("-it"), reference})});
    return out;
}

void CopyActions::addTo(QMenu* menu, const oci::Reference& ref, const QString& digest)
{
    for (const Item& item : items(ref, digest)) {
        QAction* a = menu->addAction(item.label);
        const QString text = item.text;
        a->setToolTip(text);
        a->setStatusTip(text);
        QObject::connect(a, &QAction::triggered, menu, [text] { QApplication::clipboard()->setText(text); });
    }
}

} // namespace sociscope::ui
