// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "widgets/sourcessidebar.h"

#include "app/services.h"
#include "common/icons.h"
#include "common/qtformat.h"
#include "dialogs/addregistrydialog.h"
#include "models/sourcesmodel.h"
#include "widgets/views.h"

#include "registry/credentials.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QSettings>
#include <QStyledItemDelegate>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace sociscope::ui {

namespace {

// Airy rows, and a gap above each group heading after the first.
class SidebarDelegate final : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    static constexpr int Gap = 10;

    static bool spacedGroup(const QModelIndex& i)
    {
        return !i.parent().isValid() && i.row() > 0;
    }
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QSize s = QStyledItemDelegate::sizeHint(option, index);
        s.setHeight(std::max(s.height(), option.fontMetrics.height() + 10) + (spacedGroup(index) ? Gap : 0));
        return s;
    }
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QStyleOptionViewItem o(option);
        if (spacedGroup(index))
            o.rect.setTop(o.rect.top() + Gap);
        QStyledItemDelegate::paint(painter, o, index);
    }
};

} // namespace

SourcesSidebar::SourcesSidebar(Services& services, QWidget* parent)
    : QWidget(parent),
      m_services(services),
      m_model(new SourcesModel(this)),
      m_goTo(new QLineEdit(this)),
      m_view(new QTreeView(this)),
      m_add(new QToolButton(this)),
      m_remove(new QToolButton(this)),
      m_bookmark(new QAction(Icons::get(Icons::Image), tr("&Bookmark Image"), this))
{
    m_bookmark->setObjectName(QStringLiteral("bookmarkImage"));
    m_bookmark->setCheckable(true);
    m_bookmark->setEnabled(false);
    m_bookmark->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_bookmark->setToolTip(tr("Add the image shown to Bookmarks in the sidebar, or remove it"));
    connect(m_bookmark, &QAction::triggered, this, [this](bool on) { setBookmarked(m_image, on); });
    m_model->addPresets();

    m_goTo->setPlaceholderText(tr("Go to repository or image…"));
    m_goTo->setToolTip(tr("A repository shows its tags; with a tag or digest the image opens.\n"
                          "Examples: public.ecr.aws/deep-learning-containers/vllm\n"
                          "          127.0.0.1:5000/sociscope/demo:latest\n"
                          "          ubuntu:24.04     oci:/path/to/layout:tag"));
    m_goTo->setClearButtonEnabled(true);
    m_goTo->addAction(Icons::get(Icons::Find), QLineEdit::LeadingPosition);

    m_view->setModel(m_model);
    m_view->setHeaderHidden(true);
    m_view->setAnimated(true);
    m_view->setRootIsDecorated(false); // group headings have no expander and stay open
    m_view->setItemDelegate(new SidebarDelegate(m_view));
    m_view->setIconSize(QSize(18, 18));
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    Views::addKeyboardContextMenu(m_view);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setIndentation(14);
    m_view->expandAll();

    auto* addMenu = new QMenu(this);
    addMenu->addAction(Icons::get(Icons::Registry), tr("Add &Registry…"), this, &SourcesSidebar::showAddRegistryDialog);
    m_add->setIcon(Icons::get(Icons::Add));
    m_add->setToolTip(tr("Add a registry"));
    m_add->setAutoRaise(true);
    m_add->setMenu(addMenu);
    m_add->setPopupMode(QToolButton::MenuButtonPopup);
    connect(m_add, &QToolButton::clicked, this, &SourcesSidebar::showAddRegistryDialog);
    m_remove->setIcon(Icons::get(Icons::Remove));
    m_remove->setToolTip(tr("Remove the selected source"));
    m_remove->setAutoRaise(true);
    m_remove->setEnabled(false);
    connect(m_remove, &QToolButton::clicked, this, &SourcesSidebar::removeCurrent);

    auto* buttons = new QHBoxLayout;
    buttons->setContentsMargins(4, 0, 4, 0);
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 10, 4, 6);
    layout->setSpacing(8);
    layout->addWidget(m_goTo);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);

    connect(m_goTo, &QLineEdit::returnPressed, this, [this] { goTo(m_goTo->text()); });
    connect(m_view, &QTreeView::activated, this, &SourcesSidebar::activate);
    connect(m_view, &QTreeView::clicked, this, &SourcesSidebar::activate);
    connect(m_view, &QTreeView::customContextMenuRequested, this, &SourcesSidebar::showContextMenu);
    connect(m_model, &SourcesModel::catalogRequested, this, &SourcesSidebar::listCatalog);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& i) {
        m_remove->setEnabled(i.data(SourcesModel::RemovableRole).toBool());
    });
    // Group headings stay open, and hide while they have nothing under them.
    const auto updateGroups = [this] {
        for (int g = 0; g < m_model->rowCount(); ++g) {
            const QModelIndex group = m_model->index(g, 0);
            m_view->setRowHidden(g, {}, m_model->rowCount(group) == 0);
            m_view->expand(group);
        }
    };
    connect(m_model, &QAbstractItemModel::rowsInserted, this, updateGroups);
    // A catalog read later lists the repository shown: the selection moves to it.
    // (Unless the user has moved the selection since.)
    const auto refollow = [this] {
        if (m_view->currentIndex() == QModelIndex(m_followed))
            followCurrent();
    };
    connect(m_model, &QAbstractItemModel::rowsInserted, this, refollow, Qt::QueuedConnection);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, updateGroups);
    // A bookmark removed in the list unchecks the action.
    connect(m_model, &QAbstractItemModel::rowsRemoved, this,
            [this] { m_bookmark->setChecked(m_model->isBookmarked(m_image)); });
    connect(m_view, &QTreeView::collapsed, this, [this](const QModelIndex& i) {
        if (!i.parent().isValid())
            m_view->expand(i);
    });
    updateGroups();
    setFocusProxy(m_view);
}

void SourcesSidebar::restore(QSettings& settings)
{
    const QVariantList regs = settings.value(QStringLiteral("sources/registries")).toList();
    for (const QVariant& v : regs) {
        const QVariantMap m = v.toMap();
        const QString host = m.value(QStringLiteral("host")).toString();
        if (host.isEmpty())
            continue;
        const bool plain = m.value(QStringLiteral("plainHttp")).toBool();
        const bool insecure = m.value(QStringLiteral("insecure")).toBool();
        m_services.setHostFlags(host, plain, insecure);
        m_model->addRegistry({host, plain, insecure});
    }
    const QStringList folders = settings.value(QStringLiteral("sources/folders")).toStringList();
    for (const QString& f : folders)
        m_model->addFolder(f);
    for (const QString& b : settings.value(QStringLiteral("sources/bookmarks")).toStringList())
        m_model->addBookmark(b);
    // Stored latest first: added oldest first, so the latest ends on top.
    const QStringList recent = settings.value(QStringLiteral("sources/recent")).toStringList();
    for (auto it = recent.crbegin(); it != recent.crend(); ++it)
        m_model->addRecent(*it);
}

void SourcesSidebar::save(QSettings& settings) const
{
    QVariantList regs;
    for (const auto& r : m_model->registries())
        regs << QVariantMap{{QStringLiteral("host"), r.host},
                            {QStringLiteral("plainHttp"), r.plainHttp},
                            {QStringLiteral("insecure"), r.insecure}};
    settings.setValue(QStringLiteral("sources/registries"), regs);
    settings.setValue(QStringLiteral("sources/folders"), m_model->folders());
    settings.setValue(QStringLiteral("sources/bookmarks"), m_model->bookmarks());
    settings.setValue(QStringLiteral("sources/recent"), m_model->recent());
}

void SourcesSidebar::showImage(const QString& reference)
{
    m_image = reference;
    if (!reference.isEmpty()) {
        m_model->addRecent(reference);
        emit sourcesChanged();
    }
    m_bookmark->setEnabled(!reference.isEmpty());
    m_bookmark->setChecked(m_model->isBookmarked(reference));
}

void SourcesSidebar::setBookmarked(const QString& reference, bool bookmarked)
{
    if (reference.isEmpty())
        return;
    if (bookmarked)
        m_model->addBookmark(reference);
    else
        m_model->removeBookmark(reference);
    if (reference == m_image)
        m_bookmark->setChecked(bookmarked);
    emit sourcesChanged();
}

void SourcesSidebar::focusGoTo()
{
    m_goTo->setFocus(Qt::ShortcutFocusReason);
    m_goTo->selectAll();
}

void SourcesSidebar::goTo(const QString& text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return;
    auto ref = oci::Reference::parse(t.toStdString(), false);
    if (!ref) {
        UserMessage m;
        m.text = tr("“%1” is not a repository or image reference: %2").arg(t, qs(ref.error().message));
        m.hint = tr("Type HOST/REPOSITORY[:TAG], e.g. public.ecr.aws/deep-learning-containers/vllm, or oci:/path/to/folder.");
        emit messageRaised(m);
        return;
    }
    if (ref->isLayout)
        m_model->addFolder(qs(ref->layoutPath));
    if (ref->tag.empty() && ref->digest.empty())
        emit repositoryActivated(*ref);
    else
        emit imageActivated(*ref);
    emit sourcesChanged();
}

void SourcesSidebar::activate(const QModelIndex& index)
{
    const auto node = static_cast<SourcesModel::Node>(index.data(SourcesModel::NodeRole).toInt());
    const QString reference = index.data(SourcesModel::ReferenceRole).toString();
    switch (node) {
    case SourcesModel::Node::Repository:
    case SourcesModel::Node::Folder: {
        auto ref = oci::Reference::parse(reference.toStdString(), false);
        if (ref)
            emit repositoryActivated(*ref);
        break;
    }
    case SourcesModel::Node::Registry:
    case SourcesModel::Node::Preset:
        m_view->expand(index);
        break;
    case SourcesModel::Node::Image:
        if (auto ref = oci::Reference::parse(reference.toStdString(), false))
            emit imageActivated(*ref);
        break;
    default:
        break;
    }
}

void SourcesSidebar::showCurrent(const QString& reference)
{
    m_current = reference;
    followCurrent();
}

void SourcesSidebar::followCurrent()
{
    // Not under a signal blocker: the view repaints the rows it hears about.
    const QModelIndex i = m_current.isEmpty() ? QModelIndex() : m_model->nearest(m_current);
    m_followed = i;
    if (i == m_view->currentIndex() && (!i.isValid() || m_view->selectionModel()->isSelected(i)))
        return;
    if (i.isValid()) {
        m_view->expand(i.parent());
        m_view->setCurrentIndex(i);
        m_view->scrollTo(i);
    } else {
        m_view->selectionModel()->clear(); // the current row too: nothing shown is in the list
    }
}

void SourcesSidebar::listCatalog(const QString& host)
{
    const auto session = m_services.session(host);
    m_services.jobs().run(
        this,
        [session, host]() {
            return session->client(host.toStdString())->catalog(1000, 5);
        },
        [this, host](Result<std::vector<std::string>> repos) {
            m_services.noteActivity(host);
            if (!repos) {
                const Error& e = repos.error();
                const QString reason = e.code == ErrorCode::Auth       ? tr("credentials needed")
                                       : e.code == ErrorCode::Network  ? tr("unreachable")
                                       : e.code == ErrorCode::NotFound ? tr("not offered")
                                                                       : qs(errorCodeName(e.code));
                m_model->setCatalogFailed(host, reason);
                if (e.code == ErrorCode::Network || e.code == ErrorCode::Auth)
                    emit messageRaised(UserMessages::fromError(e, tr("list the catalog of %1").arg(host), host));
                return;
            }
            m_model->setCatalog(host, qsList(*repos));
        });
}

void SourcesSidebar::addRegistry(const QString& host, bool plainHttp, bool insecure, const QString& user,
                                 const QString& password)
{
    m_services.setHostFlags(host, plainHttp, insecure);
    const QModelIndex i = m_model->addRegistry({host, plainHttp, insecure});
    m_view->setCurrentIndex(i);
    if (!user.isEmpty())
        storeCredentials(host, user, password);
    emit sourcesChanged();
}

void SourcesSidebar::addFolder(const QString& path, const QString& title, bool removable)
{
    m_model->addFolder(path, title, removable);
    if (removable)
        emit sourcesChanged();
}

void SourcesSidebar::showAddRegistryDialog()
{
    AddRegistryDialog dialog(this);
    checkCredentialsIn(dialog);
    if (dialog.exec() != QDialog::Accepted)
        return;
    addRegistry(dialog.host(), dialog.plainHttp(), dialog.insecure(), dialog.username(), dialog.password());
}

void SourcesSidebar::showCredentialsDialog(const QString& host)
{
    AddRegistryDialog dialog(this);
    dialog.setHost(host, false);
    dialog.setFlags(m_services.isPlainHttp(host), m_services.isInsecure(host));
    checkCredentialsIn(dialog);
    // The user stored now, read off the GUI thread (a credential helper may run).
    m_services.jobs().run(
        &dialog,
        [host] {
            auto c = registry::dockerConfigCredentials()(host.toStdString());
            return c && *c ? qs((*c)->username) : QString();
        },
        [&dialog](QString user) { dialog.prefillUser(user); });
    if (dialog.exec() == QDialog::Accepted && !dialog.username().isEmpty())
        storeCredentials(host, dialog.username(), dialog.password());
}

void SourcesSidebar::checkCredentialsIn(AddRegistryDialog& dialog)
{
    // A real request through the core's auth (GET /v2/ and, for token
    // registries, the token exchange), as `sociscopectl login` does before storing.
    dialog.setCheck(m_services.jobs(), [options = m_services.session()->options()](
                                           const QString& host, const QString& user, const QString& password,
                                           bool plainHttp, bool insecure) {
        registry::ClientOptions o = options;
        o.plainHttp = plainHttp;
        o.insecure = insecure;
        o.http.insecure = insecure;
        registry::Credentials c;
        c.username = user.toStdString();
        c.password = password.toStdString();
        c.origin = "the credentials typed in";
        o.credentials = [c](const std::string&) -> Result<std::optional<registry::Credentials>> {
            return std::optional<registry::Credentials>(c);
        };
        o.credentialSource = [](const std::string&) { return std::string("the credentials typed in"); };
        const Status s = registry::RegistryClient(host.toStdString(), o).ping();
        return s ? QString() : UserMessages::fromError(s.error(), tr("sign in to %1").arg(host), host).textAndCause();
    });
}

void SourcesSidebar::storeCredentials(const QString& host, const QString& user, const QString& password)
{
    registry::Credentials c;
    c.username = user.toStdString();
    c.password = password.toStdString();
    m_services.jobs().run(
        this,
        [host, c]() -> std::pair<Status, std::string> {
            auto cfg = registry::DockerConfig::load();
            if (!cfg)
                return {cfg.error(), {}};
            Status s = cfg->store(host.toStdString(), c);
            return {s, cfg->originOf(host.toStdString())};
        },
        [this, host](std::pair<Status, std::string> r) {
            if (!r.first) {
                emit messageRaised(UserMessages::fromError(r.first.error(), tr("store the credentials for %1").arg(host)));
                return;
            }
            m_services.resetSessions(); // the next request reads them
            UserMessage m;
            m.kind = UserMessage::Kind::Information;
            m.text = tr("Credentials for %1 stored (%2).").arg(host, qs(r.second));
            emit messageRaised(m);
        });
}

void SourcesSidebar::eraseCredentials(const QString& host)
{
    m_services.jobs().run(
        this,
        [host]() -> Status {
            auto cfg = registry::DockerConfig::load();
            if (!cfg)
                return cfg.error();
            return cfg->erase(host.toStdString());
        },
        [this, host](Status s) {
            if (!s) {
                emit messageRaised(UserMessages::fromError(s.error(), tr("remove the credentials for %1").arg(host)));
                return;
            }
            m_services.resetSessions();
            UserMessage m;
            m.kind = UserMessage::Kind::Information;
            m.text = tr("Credentials for %1 removed.").arg(host);
            emit messageRaised(m);
        });
}

void SourcesSidebar::removeCurrent()
{
    const QModelIndex i = m_view->currentIndex();
    if (!i.data(SourcesModel::RemovableRole).toBool())
        return;
    m_model->remove(i);
    emit sourcesChanged();
}

void SourcesSidebar::showContextMenu(const QPoint& pos)
{
    const QModelIndex i = m_view->indexAt(pos);
    const auto node = static_cast<SourcesModel::Node>(i.data(SourcesModel::NodeRole).toInt());
    const QString host = i.data(SourcesModel::HostRole).toString();
    QMenu menu(this);
    if (node == SourcesModel::Node::Repository || node == SourcesModel::Node::Folder || node == SourcesModel::Node::Image)
        menu.addAction(Icons::get(Icons::Open), tr("&Open"), this, [this, i] { activate(i); });
    const QString reference = i.data(SourcesModel::ReferenceRole).toString();
    if (node == SourcesModel::Node::Image && !m_model->isBookmarked(reference))
        menu.addAction(Icons::get(Icons::Image), tr("&Bookmark"), this,
                       [this, reference] { setBookmarked(reference, true); });
    if (node == SourcesModel::Node::Registry) {
        menu.addAction(Icons::get(Icons::Credentials), tr("Set &Credentials…"), this,
                       [this, host] { showCredentialsDialog(host); });
        menu.addAction(tr("&Forget Credentials"), this, [this, host] { eraseCredentials(host); });
    }
    const bool inRecent = i.parent().isValid() ? i.parent().row() == SourcesModel::GroupRecent && !i.parent().parent().isValid()
                                               : i.row() == SourcesModel::GroupRecent;
    if (i.data(SourcesModel::RemovableRole).toBool()) {
        menu.addSeparator();
        const bool bookmark = node == SourcesModel::Node::Image && !inRecent;
        menu.addAction(Icons::get(Icons::Remove), bookmark ? tr("&Remove Bookmark") : tr("&Remove"), this, [this, i] {
            m_model->remove(i);
            emit sourcesChanged();
        });
    }
    if (i.isValid() && inRecent)
        menu.addAction(tr("Clear Recent"), this, [this] {
            m_model->clearRecent();
            emit sourcesChanged();
        });
    menu.addSeparator();
    menu.addAction(Icons::get(Icons::Registry), tr("Add &Registry…"), this, &SourcesSidebar::showAddRegistryDialog);
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

} // namespace sociscope::ui
