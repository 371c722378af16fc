// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QList>
#include <QRectF>
#include <QString>
#include <QWidget>

namespace sociscope::ui {

// A squarified treemap of one folder's entries (fs::squarify): each a
// rectangle whose area is its bytes, folders and files in two hues, the name
// and size drawn inside when they fit (elided, never cut silently: the
// tooltip and the accessible text have the whole name). Click or Enter on a
// folder drills down, Backspace goes up, the arrow keys, Home and End move
// between entries (largest first).
class TreemapView final : public QWidget {
    Q_OBJECT
public:
    struct Item {
        QString name;
        qint64 bytes = 0;
        bool folder = false;
        quint32 ino = 0;
    };
    // At most this many get a rectangle; the rest share one ("N more").
    static constexpr int MaxItems = 400;

    explicit TreemapView(QWidget* parent = nullptr);

    // Replaces the entries (any order; shown largest first). Current: the first.
    void setItems(QList<Item> items);
    [[nodiscard]] const QList<Item>& items() const { return m_items; }
    [[nodiscard]] int currentItem() const { return m_current; }
    void setCurrentItem(int index);
    // The rectangle of items()[index] (empty for none), and the entry at a point (-1: none).
    [[nodiscard]] QRectF rectOf(int index) const;
    [[nodiscard]] int itemAt(const QPointF& pos) const;
    // "name — 1.2 MiB (34 %)": the tooltip and accessible text of an entry.
    [[nodiscard]] QString describe(int index) const;

signals:
    void activated(int index); // a folder clicked or Enter pressed on it
    void upRequested();
    void currentChanged(int index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool event(QEvent* event) override;
    [[nodiscard]] QSize sizeHint() const override { return {420, 300}; }

private:
    void layoutItems();

    QList<Item> m_items;
    QList<QRectF> m_rects;
    qint64 m_total = 0;
    int m_current = -1;
};

} // namespace sociscope::ui
