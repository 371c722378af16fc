// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "widgets/messagebar.h"

#include "common/icons.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QToolButton>

namespace sociscope::ui {

MessageBar::MessageBar(QWidget* parent)
    : QFrame(parent),
      m_icon(new QLabel(this)),
      m_text(new QLabel(this)),
      m_retry(new QPushButton(Icons::get(Icons::Refresh), tr("&Retry"), this)),
      m_copy(new QPushButton(Icons::get(Icons::Copy), tr("&Copy"), this)),
      m_close(new QToolButton(this)),
      m_autoHide(new QTimer(this))
{
    setObjectName(QStringLiteral("messageBar"));
    setAccessibleName(tr("Message"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_close->setIcon(Icons::get(Icons::Close));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Close"));
    auto* l = new QHBoxLayout(this);
    l->setContentsMargins(12, 8, 8, 8);
    l->setSpacing(10);
    l->addWidget(m_icon, 0, Qt::AlignTop);
    l->addWidget(m_text, 1);
    l->addWidget(m_retry, 0, Qt::AlignVCenter);
    l->addWidget(m_copy, 0, Qt::AlignVCenter);
    m_copy->setObjectName(QStringLiteral("messageCopy"));
    l->addWidget(m_close, 0, Qt::AlignTop);
    m_autoHide->setSingleShot(true);
    m_autoHide->setInterval(8000);
    connect(m_autoHide, &QTimer::timeout, this, &QWidget::hide);
    connect(m_close, &QToolButton::clicked, this, &QWidget::hide);
    connect(m_retry, &QPushButton::clicked, this, [this] {
        hide();
        emit retryRequested();
    });
    connect(m_copy, &QPushButton::clicked, this, [this] { QGuiApplication::clipboard()->setText(m_copyText); });
    hide();
}

void MessageBar::dismiss()
{
    m_autoHide->stop();
    hide();
}

void MessageBar::showMessage(const UserMessage& m)
{
    if (m.empty())
        return;
    m_kind = m.kind;
    // Tinted, translucent colours read well on light and dark palettes alike.
    QString tint, border;
    Icons::Id icon = Icons::Information;
    switch (m.kind) {
    case UserMessage::Kind::Error:
        tint = QStringLiteral("rgba(218, 68, 83, 38)");
        border = QStringLiteral("rgba(218, 68, 83, 140)");
        icon = Icons::Error;
        break;
    case UserMessage::Kind::Warning:
        tint = QStringLiteral("rgba(246, 116, 0, 36)");
        border = QStringLiteral("rgba(246, 116, 0, 140)");
        icon = Icons::Warning;
        break;
    case UserMessage::Kind::Information:
        tint = QStringLiteral("rgba(61, 174, 233, 36)");
        border = QStringLiteral("rgba(61, 174, 233, 140)");
        break;
    }
    setStyleSheet(QStringLiteral("QFrame#messageBar { background: %1; border: 1px solid %2; border-radius: 6px; }")
                      .arg(tint, border));
    m_icon->setPixmap(Icons::get(icon).pixmap(22, 22));
    QString html = QStringLiteral("<b>") + m.text.toHtmlEscaped() + QStringLiteral("</b>");
    if (!m.cause.isEmpty())
        html += QStringLiteral(": ") + m.cause.toHtmlEscaped();
    if (!m.hint.isEmpty())
        html += QStringLiteral("<br>") + m.hint.toHtmlEscaped();
    m_text->setText(html);
    m_text->setToolTip(m.details);
    m_retry->setVisible(m.retry);
    m_copyText = m.copyText;
    m_copy->setVisible(!m.copyText.isEmpty());
    m_copy->setToolTip(tr("Copy %1").arg(m.copyText));
    show();
    // Something to copy stays until closed: it may take a while to use.
    if (m.kind == UserMessage::Kind::Information && m.copyText.isEmpty())
        m_autoHide->start();
    else
        m_autoHide->stop();
}

QString MessageBar::text() const { return m_text->text(); }

} // namespace sociscope::ui
