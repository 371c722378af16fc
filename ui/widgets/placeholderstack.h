// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// ui/widgets: reusable widgets with no page of their own — the placeholder
// stack (this file), message bar, sources sidebar, charts and span maps, the
// coverage bar, the reference box, the look of every table (views.h).
#pragma once

#include <QStackedWidget>
#include <QString>

class QLabel;
class QProgressBar;
class QPushButton;

namespace sociscope::ui {

// A page's content, or in its place a centred message: "read when you open
// this tab", "reading…" with a busy bar, an error, or a question with one
// button ("List the files anyway"). Shared by the Files and Inventory tabs.
class PlaceholderStack final : public QStackedWidget {
    Q_OBJECT
public:
    // content is shown by showContent(); this widget takes it over.
    explicit PlaceholderStack(QWidget* content, QWidget* parent = nullptr);

    // Shows text in place of the content; busy adds the busy bar, a non-empty
    // button a button that emits buttonClicked().
    void showPlaceholder(const QString& text, bool busy = false, const QString& button = {});
    // Changes the text only (progress while busy).
    void setPlaceholderText(const QString& text);
    void showContent();
    [[nodiscard]] bool isContentShown() const;
    [[nodiscard]] QString placeholderText() const;

signals:
    void buttonClicked();

private:
    QWidget* m_content;
    QLabel* m_text;
    QProgressBar* m_busy;
    QPushButton* m_button;
};

} // namespace sociscope::ui
