// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "widgets/messagebar.h"

#include "common/icons.h"

#include <QClipboard>
#include <QColor>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QToolButton>

#include <algorithm>

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

void MessageBar::floatOver(QWidget* area)
{
    m_area = area;
    setParent(area);
    area->installEventFilter(this);
    // Opaque: what it covers must not show through its tint.
    setAutoFillBackground(true);
    place();
}

bool MessageBar::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_area && event->type() == QEvent::Resize)
        place();
    return QFrame::eventFilter(watched, event);
}

void MessageBar::place()
{
    if (!m_area)
        return;
    constexpr int Margin = 10;
    const int width = std::max(m_area->width() - 2 * Margin, 0);
    const int height = hasHeightForWidth() ? heightForWidth(width) : sizeHint().height();
    setGeometry(Margin, std::max(m_area->height() - height - Margin, 0), width, height);
    raise();
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
    // Tinted colours read well on light and dark palettes alike; the tint is
    // laid over the window's colour here, since the bar floats over content.
    QColor tint;
    Icons::Id icon = Icons::Information;
    switch (m.kind) {
    case UserMessage::Kind::Error:
        tint = QColor(218, 68, 83);
        icon = Icons::Error;
        break;
    case UserMessage::Kind::Warning:
        tint = QColor(246, 116, 0);
        icon = Icons::Warning;
        break;
    case UserMessage::Kind::Information:
        tint = QColor(61, 174, 233);
        break;
    }
    const QColor base = palette().color(QPalette::Window);
    const auto mix = [&](double a) {
        return QColor::fromRgbF(static_cast<float>(base.redF() + (tint.redF() - base.redF()) * a),
                                static_cast<float>(base.greenF() + (tint.greenF() - base.greenF()) * a),
                                static_cast<float>(base.blueF() + (tint.blueF() - base.blueF()) * a))
            .name();
    };
    setStyleSheet(QStringLiteral("QFrame#messageBar { background: %1; border: 1px solid %2; border-radius: 6px; }")
                      .arg(mix(0.15), mix(0.55)));
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
    place(); // its height follows the text
    // Something to copy stays until closed: it may take a while to use.
    if (m.kind == UserMessage::Kind::Information && m.copyText.isEmpty())
        m_autoHide->start();
    else
        m_autoHide->stop();
}

QString MessageBar::text() const { return m_text->text(); }

} // namespace sociscope::ui
