// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "common/usermessage.h"

#include <QFrame>

class QLabel;
class QPushButton;
class QTimer;
class QToolButton;

namespace sociscope::ui {

// A non-modal bar over the bottom of the pages, in the manner of
// KMessageWidget: what happened and what to do, a Retry button when retrying
// can help, a Copy button for a path or command it names, and a close button.
// It floats (floatOver()) rather than pushing the pages aside. Information
// closes itself after a while (unless it has something to copy); errors stay.
class MessageBar final : public QFrame {
    Q_OBJECT
public:
    explicit MessageBar(QWidget* parent = nullptr);

    // Floats over the bottom of area instead of taking a place in a layout:
    // showing and hiding it then moves nothing under the pointer.
    void floatOver(QWidget* area);
    void showMessage(const UserMessage& message);
    // Takes the message away (it was about something no longer shown).
    void dismiss();
    [[nodiscard]] QString text() const;
    [[nodiscard]] UserMessage::Kind kind() const { return m_kind; }

signals:
    void retryRequested();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void place();

    QLabel* m_icon;
    QLabel* m_text;
    QPushButton* m_retry;
    QPushButton* m_copy;
    QString m_copyText;
    QToolButton* m_close;
    QTimer* m_autoHide;
    UserMessage::Kind m_kind = UserMessage::Kind::Information;
    QWidget* m_area = nullptr; // floatOver()'s
};

} // namespace sociscope::ui
