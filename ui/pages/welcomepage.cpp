// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/welcomepage.h"

#include "common/icons.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace sociscope::ui {

WelcomePage::WelcomePage(QWidget* parent)
    : QWidget(parent),
      m_phase(new QLabel(this)),
      m_progress(new QProgressBar(this)),
      m_demo(new QPushButton(Icons::get(Icons::Image), tr("Open the &Demo Image"), this))
{
    auto* icon = new QLabel(this);
    icon->setPixmap(Icons::get(Icons::App).pixmap(96, 96));
    icon->setAlignment(Qt::AlignCenter);
    auto* title = new QLabel(tr("Sociscope"), this);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 2.0);
    f.setBold(true);
    title->setFont(f);
    title->setAlignment(Qt::AlignCenter);
    auto* text = new QLabel(tr("Look inside huge container images without pulling them.\n"
                               "Pick a registry or folder on the left, or type a repository in the box above it."),
                            this);
    text->setAlignment(Qt::AlignCenter);
    text->setWordWrap(true);
    text->setForegroundRole(QPalette::PlaceholderText);

    auto* open = new QPushButton(Icons::get(Icons::Open), tr("Open OCI &Layout…"), this);
    auto* add = new QPushButton(Icons::get(Icons::Registry), tr("Add &Registry…"), this);
    for (QPushButton* b : {m_demo, open, add})
        b->setMinimumHeight(b->sizeHint().height() + 8);
    auto* buttons = new QHBoxLayout;
    buttons->setSpacing(10);
    buttons->addStretch(1);
    buttons->addWidget(m_demo);
    buttons->addWidget(open);
    buttons->addWidget(add);
    buttons->addStretch(1);

    m_phase->setAlignment(Qt::AlignCenter);
    m_progress->setMaximumWidth(320);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(10);

    auto* l = new QVBoxLayout(this);
    l->addStretch(2);
    l->addWidget(icon);
    l->addSpacing(8);
    l->addWidget(title);
    l->addWidget(text);
    l->addSpacing(16);
    l->addLayout(buttons);
    l->addSpacing(24);
    l->addWidget(m_phase);
    l->addWidget(m_progress, 0, Qt::AlignHCenter);
    l->addStretch(3);

    connect(open, &QPushButton::clicked, this, &WelcomePage::openFolderRequested);
    connect(add, &QPushButton::clicked, this, &WelcomePage::addRegistryRequested);
    connect(m_demo, &QPushButton::clicked, this, &WelcomePage::openDemoRequested);
    setProgress({}, 0);
}

void WelcomePage::setProgress(const QString& phase, int percent)
{
    m_phase->setText(phase);
    m_phase->setVisible(!phase.isEmpty());
    m_progress->setVisible(!phase.isEmpty());
    m_demo->setEnabled(phase.isEmpty());
    if (percent < 0) {
        m_progress->setRange(0, 0);
    } else {
        m_progress->setRange(0, 100);
        m_progress->setValue(percent);
    }
}

} // namespace sociscope::ui
