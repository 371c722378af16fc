// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "jobs/imageloader.h"
#include "pages/image/tabletab.h"

#include <vector>

class QLabel;
class QTreeView;

namespace sociscope::ui {

class ReferrerModel;

// The image page's Referrers tab: signatures, SBOMs, attestations and
// SOCI v1 indexes that refer to the image, or a line saying there are none.
class ReferrersTab final : public TableTab {
    Q_OBJECT
public:
    explicit ReferrersTab(QWidget* parent = nullptr);

    void setReferrers(const std::vector<ReferrerEntry>& referrers);
    void clear();

private:
    ReferrerModel* m_model;
    QTreeView* m_view;
    QLabel* m_empty;
};

} // namespace sociscope::ui
