// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "common/icons.h"

#include <QApplication>
#include <QHash>
#include <QStyle>

// Resources of a static library must be registered by name, outside any namespace.
static void initSociscopeResources() { Q_INIT_RESOURCE(sociscope); }

namespace sociscope::ui {

namespace {

struct Spec {
    const char* theme;             // freedesktop icon name, or nullptr
    const char* resource;          // our SVG, or nullptr
    QStyle::StandardPixmap standard; // last resort
};

Spec spec(Icons::Id id)
{
    switch (id) {
    case Icons::App: return {nullptr, ":/icons/io.github.sociscope.Sociscope.svg", QStyle::SP_ComputerIcon};
    case Icons::Image: return {nullptr, ":/icons/image.svg", QStyle::SP_FileIcon};
    case Icons::SociTwin: return {nullptr, ":/icons/soci.svg", QStyle::SP_FileLinkIcon};
    case Icons::SociIndex: return {nullptr, ":/icons/soci-index.svg", QStyle::SP_FileDialogDetailedView};
    case Icons::Repository: return {nullptr, ":/icons/repository.svg", QStyle::SP_DirIcon};
    case Icons::Registry: return {"network-server", nullptr, QStyle::SP_DriveNetIcon};
    case Icons::Preset: return {"network-workgroup", nullptr, QStyle::SP_DriveNetIcon};
    case Icons::Folder: return {"folder", nullptr, QStyle::SP_DirIcon};
    case Icons::Layer: return {nullptr, ":/icons/layer.svg", QStyle::SP_FileIcon};
    case Icons::Open: return {"document-open", nullptr, QStyle::SP_DialogOpenButton};
    case Icons::Refresh: return {"view-refresh", nullptr, QStyle::SP_BrowserReload};
    case Icons::Back: return {"go-previous", nullptr, QStyle::SP_ArrowBack};
    case Icons::Forward: return {"go-next", nullptr, QStyle::SP_ArrowForward};
    case Icons::Add: return {"list-add", nullptr, QStyle::SP_FileDialogNewFolder};
    case Icons::Remove: return {"list-remove", nullptr, QStyle::SP_TrashIcon};
    case Icons::Find: return {"edit-find", nullptr, QStyle::SP_FileDialogContentsView};
    case Icons::Error: return {"dialog-error", nullptr, QStyle::SP_MessageBoxCritical};
    case Icons::Warning: return {"dialog-warning", nullptr, QStyle::SP_MessageBoxWarning};
    case Icons::Information: return {"dialog-information", nullptr, QStyle::SP_MessageBoxInformation};
    case Icons::Close: return {"window-close", nullptr, QStyle::SP_TitleBarCloseButton};
    case Icons::Copy: return {"edit-copy", nullptr, QStyle::SP_FileDialogDetailedView};
    case Icons::Quit: return {"application-exit", nullptr, QStyle::SP_DialogCloseButton};
    case Icons::Credentials: return {"dialog-password", nullptr, QStyle::SP_DialogApplyButton};
    case Icons::Lazy: return {nullptr, ":/icons/lazy.svg", QStyle::SP_DialogYesButton};
    case Icons::Whole: return {nullptr, ":/icons/whole.svg", QStyle::SP_DialogNoButton};
    case Icons::Signature: return {nullptr, ":/icons/signature.svg", QStyle::SP_FileIcon};
    case Icons::Document: return {"text-x-generic", nullptr, QStyle::SP_FileIcon};
    case Icons::FileGeneric: return {"application-x-generic", nullptr, QStyle::SP_FileIcon};
    case Icons::FileText: return {"text-x-generic", nullptr, QStyle::SP_FileIcon};
    case Icons::FileScript: return {"text-x-script", nullptr, QStyle::SP_FileIcon};
    case Icons::FileExecutable: return {"application-x-executable", nullptr, QStyle::SP_FileIcon};
    case Icons::FileLibrary: return {"application-x-sharedlib", nullptr, QStyle::SP_FileIcon};
    case Icons::FileImage: return {"image-x-generic", nullptr, QStyle::SP_FileIcon};
    case Icons::FileArchive: return {"package-x-generic", nullptr, QStyle::SP_FileIcon};
    case Icons::FileSymlink: return {"inode-symlink", nullptr, QStyle::SP_FileLinkIcon};
    case Icons::FileWhiteout: return {"edit-delete", nullptr, QStyle::SP_TrashIcon};
    case Icons::FileDevice: return {"drive-harddisk", nullptr, QStyle::SP_DriveHDIcon};
    case Icons::Extract: return {"document-save-as", nullptr, QStyle::SP_DialogSaveButton};
    case Icons::Inventory: return {"package-x-generic", nullptr, QStyle::SP_FileDialogListView};
    case Icons::Mount: return {"drive-removable-media", nullptr, QStyle::SP_DriveCDIcon};
    case Icons::Run: return {"media-playback-start", nullptr, QStyle::SP_MediaPlay};
    case Icons::Stop: return {"media-playback-stop", nullptr, QStyle::SP_MediaStop};
    case Icons::Chart: return {"utilities-system-monitor", nullptr, QStyle::SP_FileDialogInfoView};
    }
    return {nullptr, nullptr, QStyle::SP_FileIcon};
}

} // namespace

QIcon Icons::get(Id id)
{
    static QHash<int, QIcon> cache;
    auto it = cache.constFind(id);
    if (it != cache.constEnd())
        return *it;
    const Spec s = spec(id);
    QIcon icon;
    if (s.resource)
        icon = QIcon(QString::fromLatin1(s.resource));
    if (icon.isNull() && s.theme)
        icon = QIcon::fromTheme(QString::fromLatin1(s.theme));
    if (icon.isNull())
        icon = QApplication::style()->standardIcon(s.standard);
    cache.insert(id, icon);
    return icon;
}

void Icons::setUp()
{
    initSociscopeResources();
    // Without a desktop session Qt names no theme (or bare hicolor, which has
    // no action icons); Debian's Adwaita is then the closest to a real desktop.
    if (QIcon::themeName().isEmpty() || QIcon::themeName() == QLatin1String("hicolor"))
        QIcon::setThemeName(QStringLiteral("Adwaita"));
    QIcon::setFallbackThemeName(QStringLiteral("hicolor"));
    QApplication::setWindowIcon(get(App));
}

} // namespace sociscope::ui
