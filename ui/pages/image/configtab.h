// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "oci/image.h"
#include "pages/image/tabletab.h"

namespace sociscope::ui {

class ConfigModel;

// The image page's Configuration tab: the image configuration's fields
// (entrypoint, command, environment, labels…) as a tree, expanded.
class ConfigTab final : public TableTab {
    Q_OBJECT
public:
    explicit ConfigTab(QWidget* parent = nullptr);

    void setConfig(const oci::ImageConfig& config);
    void clear();

private:
    ConfigModel* m_model;
};

} // namespace sociscope::ui
