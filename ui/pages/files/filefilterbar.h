// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "fs/search.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTimer;

namespace sociscope::ui {

// The bar above the file tree: which tree (merged or one layer's), the
// search (name contains / glob / regex), a size and a layer filter, and the
// verification mark. Emits the query a little after typing stops.
class FileFilterBar final : public QWidget {
    Q_OBJECT
public:
    explicit FileFilterBar(QWidget* parent = nullptr);

    // The tree choices: "All layers (merged)" then one per layer.
    void setLayers(const QStringList& labels);
    // -1: merged.
    [[nodiscard]] int shownLayer() const;
    void setShownLayer(int layer);

    // The query the fields describe; active() is false when they test nothing.
    [[nodiscard]] fs::SearchQuery query() const;
    [[nodiscard]] bool active() const;
    // Sets the name field and searches at once.
    void setSearchText(const QString& text);
    void clearSearch();
    void focusSearch();
    // "verifying…", "verified", or a failure.
    void setVerification(const QString& text, const QString& toolTip, bool done);
    // What setVerification() shows (rich text: a mark, then the text).
    [[nodiscard]] QString verificationMark() const;
    // A short result line under the bar ("1,234 found in 0.3 s").
    void setResultText(const QString& text);
    [[nodiscard]] QLineEdit* searchField() const { return m_search; }

signals:
    void layerChosen(int layer);
    void queryChanged();
    // Down, Page Down or Enter in the search field: go to the list.
    void listWanted();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void searchNowAndGoToList();

    QComboBox* m_tree;
    QLineEdit* m_search;
    QComboBox* m_syntax;
    QLineEdit* m_minSize;
    QComboBox* m_layer;
    QLabel* m_verify;
    QLabel* m_result;
    QTimer* m_debounce;
};

} // namespace sociscope::ui
