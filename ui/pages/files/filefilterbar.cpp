// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/files/filefilterbar.h"

#include "common/icons.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace sociscope::ui {

FileFilterBar::FileFilterBar(QWidget* parent)
    : QWidget(parent),
      m_tree(new QComboBox(this)),
      m_search(new QLineEdit(this)),
      m_syntax(new QComboBox(this)),
      m_minSize(new QLineEdit(this)),
      m_layer(new QComboBox(this)),
      m_verify(new QLabel(this)),
      m_result(new QLabel(this)),
      m_debounce(new QTimer(this))
{
    m_tree->setToolTip(tr("The merged tree (every layer applied, whiteouts removed) or one layer's own files"));
    m_tree->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_search->setPlaceholderText(tr("Find files by name… (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(Icons::get(Icons::Find), QLineEdit::LeadingPosition);
    m_search->setMinimumWidth(220);
    m_syntax->addItem(tr("Name contains"), static_cast<int>(fs::SearchQuery::Syntax::Contains));
    m_syntax->addItem(tr("Glob"), static_cast<int>(fs::SearchQuery::Syntax::Glob));
    m_syntax->addItem(tr("Regex"), static_cast<int>(fs::SearchQuery::Syntax::Regex));
    m_syntax->setToolTip(tr("Contains: the text anywhere in the name. Glob: *.so, lib*.so.*. Regex: POSIX extended "
                            "(with \\d). A pattern with / is matched against the whole path."));
    m_minSize->setPlaceholderText(tr("Min size"));
    m_minSize->setToolTip(tr("Only files at least this large: 1500, 10k, 4.5M, 2G"));
    // Wide enough for its placeholder: squeezed by a dock it read "…".
    m_minSize->setMinimumWidth(m_minSize->fontMetrics().horizontalAdvance(m_minSize->placeholderText()) + 24);
    m_minSize->setMaximumWidth(std::max(90, m_minSize->minimumWidth()));
    m_layer->addItem(tr("Any layer"), -1);
    m_layer->setToolTip(tr("Only entries made by this layer"));
    QFont small = m_result->font();
    small.setPointSizeF(small.pointSizeF() * 0.92);
    m_result->setFont(small);
    m_result->setForegroundRole(QPalette::PlaceholderText);
    m_verify->setTextFormat(Qt::RichText);

    auto* row = new QHBoxLayout;
    row->setSpacing(6);
    row->addWidget(m_tree);
    row->addSpacing(6);
    row->addWidget(m_search, 1);
    row->addWidget(m_syntax);
    row->addWidget(m_minSize);
    row->addWidget(m_layer);
    row->addSpacing(6);
    row->addWidget(m_verify);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(3);
    layout->addLayout(row);
    layout->addWidget(m_result);
    m_result->hide();

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(250);
    connect(m_debounce, &QTimer::timeout, this, &FileFilterBar::queryChanged);
    connect(m_search, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, &FileFilterBar::searchNowAndGoToList);
    m_search->installEventFilter(this);
    connect(m_minSize, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_syntax, &QComboBox::activated, this, &FileFilterBar::queryChanged);
    connect(m_layer, &QComboBox::activated, this, &FileFilterBar::queryChanged);
    connect(m_tree, &QComboBox::activated, this, [this] { emit layerChosen(shownLayer()); });
}

bool FileFilterBar::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if (key == Qt::Key_Down || key == Qt::Key_PageDown) {
            searchNowAndGoToList();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void FileFilterBar::searchNowAndGoToList()
{
    // Typed, not searched yet: search now; then to the results either way.
    if (m_debounce->isActive()) {
        m_debounce->stop();
        emit queryChanged();
    }
    emit listWanted();
}

void FileFilterBar::setLayers(const QStringList& labels)
{
    m_tree->clear();
    m_tree->addItem(Icons::get(Icons::Image), tr("All layers (merged)"), -1);
    m_layer->clear();
    m_layer->addItem(tr("Any layer"), -1);
    for (int i = 0; i < labels.size(); ++i) {
        m_tree->addItem(Icons::get(Icons::Layer), labels[i], i);
        m_layer->addItem(tr("Layer %1").arg(i), i);
        m_layer->setItemData(i + 1, labels[i], Qt::ToolTipRole);
    }
}

int FileFilterBar::shownLayer() const { return m_tree->currentData().isValid() ? m_tree->currentData().toInt() : -1; }

void FileFilterBar::setShownLayer(int layer)
{
    const int i = m_tree->findData(layer);
    if (i >= 0)
        m_tree->setCurrentIndex(i);
}

fs::SearchQuery FileFilterBar::query() const
{
    fs::SearchQuery q;
    q.pattern = m_search->text().trimmed().toStdString();
    q.syntax = static_cast<fs::SearchQuery::Syntax>(m_syntax->currentData().toInt());
    if (const auto min = fs::parseSize(m_minSize->text().toStdString()))
        q.minSize = *min;
    if (const int layer = m_layer->currentData().toInt(); layer >= 0)
        q.layers = {layer};
    return q;
}

bool FileFilterBar::active() const
{
    const fs::SearchQuery q = query();
    return !q.pattern.empty() || q.minSize || !q.layers.empty();
}

void FileFilterBar::setSearchText(const QString& text)
{
    m_search->setText(text);
    m_debounce->stop();
    emit queryChanged();
}

void FileFilterBar::clearSearch()
{
    m_search->clear();
    m_minSize->clear();
    m_layer->setCurrentIndex(0);
    m_debounce->stop();
    emit queryChanged();
}

void FileFilterBar::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void FileFilterBar::setVerification(const QString& text, const QString& toolTip, bool done)
{
    m_verify->setText(done ? QStringLiteral("<span style='color:#2e7d32'>✔</span> ") + text.toHtmlEscaped()
                           : QStringLiteral("<span style='color:#b26a00'>◌</span> ") + text.toHtmlEscaped());
    m_verify->setToolTip(toolTip);
}

QString FileFilterBar::verificationMark() const { return m_verify->text(); }

void FileFilterBar::setResultText(const QString& text)
{
    m_result->setText(text);
    m_result->setVisible(!text.isEmpty());
}

} // namespace sociscope::ui
