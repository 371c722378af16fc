// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "common/usermessage.h"
#include "oci/reference.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTreeView;

namespace sociscope::ui {

class CompareFilter;
class CompareJob;
class CompareModel;
class PackageChangeModel;
class Services;
class TextDiffView;

// Two images compared file by file from their zTOCs (core/diff, as
// `sociscopectl diff`): the paths that differ as a tree (folders with the
// changes below them), each with a marker and the reason, filters by kind
// and text that keep the folders of what matches, a summary (counts, bytes both images share,
// bytes the comparison cost), Compare Contents (the --content check), the
// selected text file side by side, and the package changes (--inventory).
// Tests find "compareView", "compareSummary", "compareKind", "compareFilter",
// "compareContents", "compareProgress", "textDiff", "packagesView", "readPackages".
class ComparePage final : public QWidget {
    Q_OBJECT
public:
    explicit ComparePage(Services& services, QWidget* parent = nullptr);

    void compare(const oci::Reference& a, const oci::Reference& b);
    [[nodiscard]] CompareJob* job() const { return m_job; }
    [[nodiscard]] const oci::Reference& referenceA() const { return m_a; }
    [[nodiscard]] const oci::Reference& referenceB() const { return m_b; }

signals:
    void messageRaised(const sociscope::ui::UserMessage& message);

private:
    void onCompared();
    void onProgress(const QString& stage, qint64 done, qint64 total);
    void showSelected();
    void setBusy(bool busy);
    void expandIfSmall();
    // The Name, Change and "Changes below" columns as wide as the rows shown.
    void fitColumns();
    // What a core/diff stage id ("layers", "comparing") reads as.
    static QString stageText(const QString& stage);

    // Trees up to this many nodes open whole when they load.
    static constexpr int ExpandAllLimit = 400;
    static constexpr int MinNameWidth = 240;

    Services& m_services;
    oci::Reference m_a, m_b;
    CompareJob* m_job;
    CompareModel* m_model;
    CompareFilter* m_filter;
    PackageChangeModel* m_packages;
    QLabel* m_title;
    QLabel* m_summary;
    QProgressBar* m_progress;
    QComboBox* m_kind;
    QLineEdit* m_text;
    QPushButton* m_contents;
    QPushButton* m_readPackages;
    QTreeView* m_view;
    TextDiffView* m_diff;
};

} // namespace sociscope::ui
