// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/compare/textdiffview.h"

#include "jobs/comparejob.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>
#include <QVBoxLayout>

namespace sociscope::ui {

namespace {

void fill(QPlainTextEdit* edit, const QStringList& lines, const std::vector<bool>& marked, const QColor& colour)
{
    edit->setPlainText(lines.join(QLatin1Char('\n')));
    QList<QTextEdit::ExtraSelection> marks;
    QTextBlock block = edit->document()->firstBlock();
    for (std::size_t i = 0; block.isValid() && i < marked.size(); block = block.next(), ++i) {
        if (!marked[i])
            continue;
        QTextEdit::ExtraSelection s;
        s.format.setBackground(colour);
        s.format.setProperty(QTextFormat::FullWidthSelection, true);
        s.cursor = QTextCursor(block);
        marks << s;
    }
    edit->setExtraSelections(marks);
}

} // namespace

TextDiffView::TextDiffView(QWidget* parent)
    : QWidget(parent), m_note(new QLabel(this)), m_left(new QPlainTextEdit(this)), m_right(new QPlainTextEdit(this))
{
    m_note->setObjectName(QStringLiteral("diffNote"));
    m_left->setObjectName(QStringLiteral("diffLeft"));
    m_right->setObjectName(QStringLiteral("diffRight"));
    m_note->setWordWrap(true);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QPlainTextEdit* e : {m_left, m_right}) {
        e->setReadOnly(true);
        e->setFont(mono);
        e->setLineWrapMode(QPlainTextEdit::NoWrap);
    }
    // One scroll for both sides: the rows are aligned.
    connect(m_left->verticalScrollBar(), &QScrollBar::valueChanged, m_right->verticalScrollBar(), &QScrollBar::setValue);
    connect(m_right->verticalScrollBar(), &QScrollBar::valueChanged, m_left->verticalScrollBar(), &QScrollBar::setValue);
    auto* sides = new QHBoxLayout;
    sides->addWidget(m_left);
    sides->addWidget(m_right);
    auto* l = new QVBoxLayout(this);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(m_note);
    l->addLayout(sides, 1);
    showNote(tr("Select a changed file to see both sides."));
}

void TextDiffView::showNote(const QString& note)
{
    m_note->setText(note);
    m_left->clear();
    m_right->clear();
}

std::vector<TextDiffView::Row> TextDiffView::align(const QStringList& a, const QStringList& b)
{
    const auto n = static_cast<std::size_t>(a.size()), m = static_cast<std::size_t>(b.size());
    std::vector<Row> rows;
    if (a.size() > AlignLines || b.size() > AlignLines) {
        for (std::size_t i = 0; i < std::max(n, m); ++i)
            rows.push_back({i < n ? int(i) : -1, i < m ? int(i) : -1});
        return rows;
    }
    // lcs[i][j]: the common lines of a[i..] and b[j..].
    std::vector<std::vector<std::uint16_t>> lcs(n + 1, std::vector<std::uint16_t>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;)
        for (std::size_t j = m; j-- > 0;)
            lcs[i][j] = a[int(i)] == b[int(j)] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[int(i)] == b[int(j)])
            rows.push_back({int(i++), int(j++)});
        else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]))
            rows.push_back({-1, int(j++)});
        else
            rows.push_back({int(i++), -1});
    }
    return rows;
}

void TextDiffView::showSides(const FileSides& s)
{
    if (!s.error.isEmpty()) {
        showNote(tr("Could not read %1: %2").arg(s.path, s.error));
        return;
    }
    if (s.binary) {
        showNote(tr("%1 is a binary file: no text to compare.").arg(s.path));
        return;
    }
    const QStringList a = s.a.split(QLatin1Char('\n')), b = s.b.split(QLatin1Char('\n'));
    QStringList left, right;
    std::vector<bool> removed, added;
    int changes = 0;
    for (const Row& r : align(a, b)) {
        left << (r.a >= 0 ? a[r.a] : QString());
        right << (r.b >= 0 ? b[r.b] : QString());
        removed.push_back(r.b < 0 || (r.a >= 0 && r.b >= 0 && a[r.a] != b[r.b]));
        added.push_back(r.a < 0 || (r.a >= 0 && r.b >= 0 && a[r.a] != b[r.b]));
        changes += (r.a < 0 || r.b < 0) ? 1 : 0;
    }
    QString note = tr("%1: %n line(s) differ", nullptr, changes).arg(s.path);
    if (s.truncated)
        note += QStringLiteral(" · ") + tr("only the first %1 of each side are shown").arg(QStringLiteral("256 KiB"));
    m_note->setText(note);
    fill(m_left, left, removed, QColor(255, 0, 0, 50));
    fill(m_right, right, added, QColor(0, 170, 0, 50));
}

} // namespace sociscope::ui
