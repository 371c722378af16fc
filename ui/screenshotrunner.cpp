// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "screenshotrunner.h"

#include "imagepage.h"
#include "mainwindow.h"
#include "qtformat.h"
#include "tagfamilymodel.h"
#include "tagfamilyproxy.h"
#include "tagspage.h"

#include <QDir>
#include <QPixmap>
#include <QStatusBar>
#include <QTimer>
#include <QTreeView>

namespace sociscope::ui {

namespace {
constexpr int SettleMs = 250; // one layout and paint pass after a view switch
}

ScreenshotRunner::ScreenshotRunner(MainWindow& window, QString dir, QString tagsRepository, QObject* parent)
    : QObject(parent),
      m_window(window),
      m_dir(std::move(dir)),
      m_tagsRepository(std::move(tagsRepository)),
      m_watchdog(new QTimer(this))
{
    m_watchdog->setSingleShot(true);
    m_watchdog->setInterval(180000);
    connect(m_watchdog, &QTimer::timeout, this, [this] { fail(tr("the views did not load within 3 minutes")); });
}

void ScreenshotRunner::start()
{
    if (!QDir().mkpath(m_dir)) {
        fail(tr("cannot create %1").arg(m_dir));
        return;
    }
    m_watchdog->start();
    // A common laptop size; settings are ignored so every run looks the same.
    m_window.resize(1440, 900);
    ImagePage* page = m_window.imagePage();
    connect(page, &ImagePage::settled, this, [this] {
        if (!m_imageDone) {
            m_imageDone = true;
            QTimer::singleShot(SettleMs, this, &ScreenshotRunner::shootImagePage);
        }
    });
}

void ScreenshotRunner::grab(const QString& name)
{
    const QString path = m_dir + QLatin1Char('/') + name;
    m_window.statusBar()->clearMessage(); // "demo ready" shows only on a first run
    if (!m_window.grab().save(path)) {
        fail(tr("cannot write %1").arg(path));
        return;
    }
    m_written << path;
}

void ScreenshotRunner::next()
{
    if (m_steps.empty())
        return;
    auto step = std::move(m_steps.front());
    m_steps.erase(m_steps.begin());
    step();
    if (!m_steps.empty())
        QTimer::singleShot(SettleMs, this, &ScreenshotRunner::next);
}

void ScreenshotRunner::shootImagePage()
{
    ImagePage* page = m_window.imagePage();
    const struct {
        ImagePage::Tab tab;
        const char* file;
    } shots[] = {{ImagePage::TabLayers, "image-layers.png"},
                 {ImagePage::TabOverview, "image-overview.png"},
                 {ImagePage::TabHistory, "image-history.png"},
                 {ImagePage::TabConfig, "image-config.png"}};
    m_steps.clear();
    for (const auto& s : shots) {
        m_steps.push_back([page, tab = s.tab] { page->showTab(tab); });
        m_steps.push_back([this, file = QString::fromLatin1(s.file)] { grab(file); });
    }
    m_steps.push_back([this] { shootTags(); });
    next();
}

void ScreenshotRunner::shootTags()
{
    QString repo = m_tagsRepository;
    if (repo.isEmpty()) {
        const oci::Reference& shown = m_window.imagePage()->reference();
        repo = qs(shown.name());
    }
    auto ref = oci::Reference::parse(repo.toStdString(), false);
    if (!ref) {
        fail(tr("bad repository %1").arg(repo));
        return;
    }
    TagsPage* tags = m_window.tagsPage();
    connect(tags, &TagsPage::settled, this, [this, tags] {
        if (m_tagsDone)
            return;
        m_tagsDone = true;
        // Select an image that has a SOCI twin, so the details line shows something.
        QTreeView* view = tags->view();
        QModelIndex pick = view->model()->index(0, 0);
        for (int r = 0; r < view->model()->rowCount(); ++r) {
            const QModelIndex i = view->model()->index(r, 0);
            if (r + 1 < view->model()->rowCount() &&
                view->model()->index(r + 1, 0).data(TagFamilyModel::IsTwinRole).toBool() &&
                !i.data(TagFamilyModel::IsTwinRole).toBool()) {
                pick = i;
                break;
            }
        }
        view->setCurrentIndex(pick);
        view->setFocus();
        QTimer::singleShot(SettleMs, this, [this] {
            grab(QStringLiteral("tag-families.png"));
            m_window.showWelcome();
            QTimer::singleShot(SettleMs, this, [this] {
                grab(QStringLiteral("welcome.png"));
                m_watchdog->stop();
                emit finished(true, {});
            });
        });
    });
    m_window.openRepository(*ref);
}

void ScreenshotRunner::fail(const QString& error)
{
    m_watchdog->stop();
    m_steps.clear();
    emit finished(false, error);
}

} // namespace sociscope::ui
