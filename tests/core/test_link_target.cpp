// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Where a symlink leads inside an image, by name alone, and targets that
// climb above the image's root refused (the GUI's Follow Link).
#include "fs/link_target.h"

#include <QtTest>

using sociscope::fs::linkTarget;

class TestLinkTarget final : public QObject {
    Q_OBJECT
private slots:
    void targets_data()
    {
        QTest::addColumn<QString>("link");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("expected"); // "" = refused
        QTest::newRow("sibling") << "/usr/bin/vi" << "vim" << "/usr/bin/vim";
        QTest::newRow("up") << "/usr/bin/vi" << "../lib/x" << "/usr/lib/x";
        QTest::newRow("absolute") << "/bin/sh" << "/usr/bin/dash" << "/usr/bin/dash";
        QTest::newRow("dots and slashes") << "/a/l" << ".//b/./c/" << "/a/b/c";
        QTest::newRow("to the root") << "/a/l" << ".." << "/";
        QTest::newRow("link at the root") << "/l" << "etc" << "/etc";
        QTest::newRow("escapes, relative") << "/a/l" << "../../etc/passwd" << "";
        QTest::newRow("escapes, absolute") << "/a/l" << "/../etc" << "";
        QTest::newRow("empty") << "/a/l" << "" << "";
    }

    void targets()
    {
        QFETCH(QString, link);
        QFETCH(QString, target);
        QFETCH(QString, expected);
        const auto got = linkTarget(link.toStdString(), target.toStdString());
        QCOMPARE(got ? QString::fromStdString(*got) : QString(), expected);
    }
};

QTEST_APPLESS_MAIN(TestLinkTarget)
#include "test_link_target.moc"
