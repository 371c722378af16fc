// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Replays tests/fuzz/corpus/<target>/* through the fuzz targets' entry points, so a
// normal build checks every seed (and every finding added to the corpus later).
#include "entrypoints.h"
#include "util/files.h"

#include <QDir>
#include <QtTest>

using namespace sociscope;

class TestFuzzCorpus final : public QObject {
    Q_OBJECT
private slots:
    void replay_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("file");
        const QDir root(QStringLiteral(SOCISCOPE_FUZZ_CORPUS));
        // Every folder is a target (tools/fuzz runs it by that name); all six have seeds.
        const QStringList targets = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        QCOMPARE(targets.size(), 6);
        for (const QString& target : targets) {
            QVERIFY2(fuzz::entryPoint(target.toStdString()),
                     qPrintable(target + QStringLiteral(" has no entry point in entrypoints.cpp")));
            const QStringList seeds = QDir(root.filePath(target)).entryList(QDir::Files, QDir::Name);
            QVERIFY2(!seeds.isEmpty(), qPrintable(target + QStringLiteral(" has no seeds")));
            for (const QString& seed : seeds)
                QTest::newRow(qPrintable(target + QLatin1Char('/') + seed))
                    << target << root.filePath(target + QLatin1Char('/') + seed);
        }
    }

    void replay()
    {
        QFETCH(QString, target);
        QFETCH(QString, file);
        const auto run = fuzz::entryPoint(target.toStdString());
        QVERIFY(run);
        const auto bytes = files::readFile(file.toStdString());
        QVERIFY(bytes.ok());
        QCOMPARE(run(reinterpret_cast<const std::uint8_t*>(bytes->data()), bytes->size()), 0);
        // Every prefix as well: truncation is the commonest corruption.
        for (size_t n = 0; n < bytes->size(); n += 1 + bytes->size() / 97)
            QCOMPARE(run(reinterpret_cast<const std::uint8_t*>(bytes->data()), n), 0);
    }
};

QTEST_GUILESS_MAIN(TestFuzzCorpus)
#include "test_fuzz_corpus.moc"
