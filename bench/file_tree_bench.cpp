// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// bench_file_tree: the GUI's lazy file tree model over a generated tree of a
// million entries (see bench/README.md). Prints numbers; never passes or fails.
//
//   QT_QPA_PLATFORM=offscreen bench_file_tree [--entries N]
#include "generate_tree.h"
#include "models/filetreemodel.h"

#include <QApplication>
#include <QHeaderView>
#include <QTreeView>

#include <chrono>
#include <cstdio>
#include <cstring>

using namespace sociscope;
using Clock = std::chrono::steady_clock;

namespace {
double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }
} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    std::size_t entries = 1000000;
    for (int i = 1; i + 1 < argc; i += 2)
        if (!std::strcmp(argv[i], "--entries"))
            entries = std::strtoull(argv[i + 1], nullptr, 10);
    const auto tocs = bench::generateLayers(entries, 8);
    std::vector<const soci::Ztoc*> ptrs;
    for (const auto& z : tocs)
        ptrs.push_back(&z);
    auto built = fs::ImageTree::build(ptrs, fs::ImageTree::Mode::Merged);
    if (!built) {
        std::fprintf(stderr, "bench_file_tree: %s\n", built.error().text().c_str());
        return 1;
    }
    auto tree = std::make_shared<const fs::ImageTree>(std::move(*built));
    std::printf("tree of %zu inodes (built by core on a job thread in the app; not timed here)\n\n", tree->size());

    ui::FileTreeModel model;
    QTreeView view;
    view.setModel(&model);
    view.setUniformRowHeights(true);
    view.setSortingEnabled(true);
    view.resize(1200, 800);
    view.show();

    auto t = Clock::now();
    model.setTree(tree);
    QCoreApplication::processEvents();
    std::printf("%-58s %9.1f ms\n", "open the tree (setTree, first paint)", ms(Clock::now() - t));

    const QString bigFolder = QStringLiteral("/usr/local/cuda-12.1/targets/x86_64-linux/include/big");
    t = Clock::now();
    const QModelIndex big = model.indexOfPath(bigFolder);
    view.expand(big);
    if (model.canFetchMore(big)) // what the view does when it lays the folder out
        model.fetchMore(big);
    view.scrollTo(model.index(0, 0, big));
    QCoreApplication::processEvents();
    std::printf("%-58s %9.1f ms  (%s entries)\n", "expand a folder of a quarter million files, first rows",
                ms(Clock::now() - t), QString::number(tree->children(model.inoOf(big)).size()).toLatin1().constData());

    t = Clock::now();
    view.scrollToBottom();
    if (model.canFetchMore(big))
        model.fetchMore(big);
    QCoreApplication::processEvents();
    std::printf("%-58s %9.1f ms  (%d rows shown)\n", "scroll to the end (one more batch)", ms(Clock::now() - t),
                model.rowCount(big));

    t = Clock::now();
    view.sortByColumn(ui::FileEntry::ColumnSize, Qt::DescendingOrder);
    QCoreApplication::processEvents();
    std::printf("%-58s %9.1f ms\n", "sort every opened folder by size", ms(Clock::now() - t));

    t = Clock::now();
    // The last name in the folder, wherever it sorts.
    const fs::ChildList bigKids = tree->children(model.inoOf(big));
    const std::string lastName(bigKids.end()[-1].name);
    const QModelIndex late = model.indexOfPath(bigFolder + QLatin1Char('/') + QString::fromStdString(lastName));
    std::printf("%-58s %9.1f ms  (row %d)\n", "find its last entry (fetching up to its row)", ms(Clock::now() - t),
                late.row());
    return 0;
}
