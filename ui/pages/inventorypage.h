// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "common/usermessage.h"
#include "jobs/jobpool.h"

#include "inventory/inventory.h"

#include <QWidget>

#include <cstdint>

class QComboBox;
class QLabel;
class QLineEdit;
class QTreeView;

namespace sociscope::ui {

class ImageSession;
class InventoryModel;
class InventoryProxy;
class PlaceholderStack;

// The Inventory tab: what software the image holds — Debian, Alpine and RPM
// packages, Python and conda packages, CUDA/cuDNN/NCCL versions — read from
// a few small files through core's inventory on a job, with the versions
// people ask about first on top ("torch 2.3.1 · CUDA 12.1.1").
class InventoryPage final : public QWidget {
    Q_OBJECT
public:
    explicit InventoryPage(ImageSession& session, QWidget* parent = nullptr);
    ~InventoryPage() override;

    // Reads the inventory once the image is open (the tab was shown).
    void load();
    [[nodiscard]] bool isLoaded() const { return m_loaded; }
    [[nodiscard]] InventoryModel* model() const { return m_model; }
    [[nodiscard]] QTreeView* view() const { return m_view; }
    [[nodiscard]] QString highlightsText() const;
    void focusFilter();

signals:
    void loaded();
    void messageRaised(const sociscope::ui::UserMessage& message);

private:
    void onReset();
    void start();

    ImageSession& m_session;
    InventoryModel* m_model;
    InventoryProxy* m_proxy;
    QLabel* m_highlights;
    QLineEdit* m_filter;
    QComboBox* m_kind;
    QTreeView* m_view;
    PlaceholderStack* m_stack;
    QLabel* m_footer;
    bool m_wanted = false;
    bool m_running = false;
    bool m_loaded = false;
    std::uint64_t m_generation = 0;
    JobHandle m_job;
};

} // namespace sociscope::ui
