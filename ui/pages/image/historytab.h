// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "pages/image/tabletab.h"
#include "registry/inspect.h"

namespace sociscope::ui {

class HistoryModel;

// The image page's History tab: the build steps of the platform image
// shown, each with the layer it made.
class HistoryTab final : public TableTab {
    Q_OBJECT
public:
    explicit HistoryTab(QWidget* parent = nullptr);

    void setImage(const registry::PlatformImage& image);
    void clear();

private:
    HistoryModel* m_model;
};

} // namespace sociscope::ui
