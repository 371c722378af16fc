// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QStringList>
#include <QWidget>

#include <vector>

class QLabel;
class QPlainTextEdit;

namespace sociscope::ui {

struct FileSides;

// A changed text file side by side: A on the left, B on the right, lines
// aligned by a longest-common-subsequence of lines, removed lines marked on
// the left and added ones on the right; both scroll together. Binary files
// and files over the cap say so instead. Tests find "diffLeft", "diffRight",
// "diffNote".
class TextDiffView final : public QWidget {
    Q_OBJECT
public:
    // Lines each side may have for the alignment (it is quadratic); longer
    // files are shown unaligned.
    static constexpr int AlignLines = 3000;

    explicit TextDiffView(QWidget* parent = nullptr);
    void showSides(const FileSides& sides);
    void showNote(const QString& note);

    // One aligned row: a line index on each side, or -1 for padding.
    struct Row {
        int a = -1, b = -1;
    };
    static std::vector<Row> align(const QStringList& a, const QStringList& b);

private:
    QLabel* m_note;
    QPlainTextEdit* m_left;
    QPlainTextEdit* m_right;
};

} // namespace sociscope::ui
