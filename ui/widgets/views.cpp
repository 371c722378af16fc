// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "widgets/views.h"

#include "widgets/rowdelegate.h"

#include <QContextMenuEvent>
#include <QHeaderView>
#include <QKeyEvent>
#include <QMenu>
#include <QTreeView>
#include <QVariant>

#include <utility>

namespace sociscope::ui {

namespace {

constexpr const char* kChosenColumns = "sociscopeChosenColumns";

// Turns Shift+F10 and keyboard context-menu events into the view's
// customContextMenuRequested at its current row.
class KeyboardMenu final : public QObject {
public:
    explicit KeyboardMenu(QAbstractItemView* view) : QObject(view), m_view(view) {}

protected:
    bool eventFilter(QObject*, QEvent* event) override
    {
        if (event->type() == QEvent::KeyPress) {
            const auto* k = static_cast<QKeyEvent*>(event);
            m_byKey = (k->key() == Qt::Key_F10 && k->modifiers() == Qt::ShiftModifier) || k->key() == Qt::Key_Menu;
            if (!m_byKey)
                return false;
        } else if (event->type() == QEvent::ContextMenu &&
                   static_cast<QContextMenuEvent*>(event)->reason() == QContextMenuEvent::Keyboard) {
            // Some platforms follow the key with this event: one menu, not two.
            if (std::exchange(m_byKey, false))
                return true;
        } else {
            return false;
        }
        // Where the current row is (the viewport's coordinates, as for a click).
        const QRect row = m_view->visualRect(m_view->currentIndex());
        const QPoint at = row.isValid() ? QPoint(row.left() + 16, row.center().y()) : QPoint(16, 16);
        emit m_view->customContextMenuRequested(at);
        return true;
    }

private:
    QAbstractItemView* m_view;
    bool m_byKey = false; // the menu was opened for a key press just now
};

} // namespace

void Views::addKeyboardContextMenu(QAbstractItemView* view)
{
    auto* filter = new KeyboardMenu(view);
    view->installEventFilter(filter);
    view->viewport()->installEventFilter(filter);
}

QList<int> Views::chosenColumns(const QHeaderView* header)
{
    return header->property(kChosenColumns).value<QList<int>>();
}

void Views::setUpTable(QTreeView* v)
{
    v->setRootIsDecorated(false);
    v->setUniformRowHeights(true);
    v->setAlternatingRowColors(true);
    v->setSelectionBehavior(QAbstractItemView::SelectRows);
    v->setSelectionMode(QAbstractItemView::SingleSelection);
    v->setAllColumnsShowFocus(true);
    v->setItemDelegate(new RowDelegate(10, v));
    QHeaderView* h = v->header();
    h->setStretchLastSection(true);
    h->setSectionsMovable(true);
    h->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    h->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(h, &QHeaderView::customContextMenuRequested, v, [v, h](const QPoint& pos) {
        QMenu menu(v);
        menu.setTitle(tr("Columns"));
        const QAbstractItemModel* m = v->model();
        for (int c = 1; c < m->columnCount(); ++c) {
            auto* a = menu.addAction(m->headerData(c, Qt::Horizontal).toString());
            a->setCheckable(true);
            a->setChecked(!h->isSectionHidden(c));
            QObject::connect(a, &QAction::toggled, h, [h, c](bool on) {
                QList<int> chosen = chosenColumns(h);
                if (!chosen.contains(c))
                    chosen << c;
                h->setProperty(kChosenColumns, QVariant::fromValue(chosen));
                h->setSectionHidden(c, !on);
            });
        }
        menu.exec(h->mapToGlobal(pos));
    });
}

} // namespace sociscope::ui
