// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "widgets/placeholderstack.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace sociscope::ui {

PlaceholderStack::PlaceholderStack(QWidget* content, QWidget* parent)
    : QStackedWidget(parent),
      m_content(content),
      m_text(new QLabel(this)),
      m_busy(new QProgressBar(this)),
      m_button(new QPushButton(this))
{
    auto* page = new QWidget(this);
    page->setObjectName(QStringLiteral("placeholder"));
    auto* layout = new QVBoxLayout(page);
    layout->addStretch(1);
    m_text->setAlignment(Qt::AlignCenter);
    m_text->setWordWrap(true);
    m_text->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_text);
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setMaximumSize(240, 10);
    layout->addWidget(m_busy, 0, Qt::AlignHCenter);
    layout->addWidget(m_button, 0, Qt::AlignHCenter);
    layout->addStretch(2);
    m_button->hide();
    addWidget(page);
    addWidget(m_content);
    connect(m_button, &QPushButton::clicked, this, &PlaceholderStack::buttonClicked);
}

void PlaceholderStack::showPlaceholder(const QString& text, bool busy, const QString& button)
{
    m_text->setText(text);
    m_busy->setVisible(busy);
    m_button->setText(button);
    m_button->setVisible(!button.isEmpty());
    setCurrentIndex(0);
}

void PlaceholderStack::setPlaceholderText(const QString& text) { m_text->setText(text); }

void PlaceholderStack::showContent() { setCurrentWidget(m_content); }

bool PlaceholderStack::isContentShown() const { return currentWidget() == m_content; }

QString PlaceholderStack::placeholderText() const { return m_text->text(); }

} // namespace sociscope::ui
