// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QLabel>

namespace sociscope::ui {

class Services;

// The status bar's view of the current registry: how we are authenticated
// and what its rate-limit headers said last (RegistryClient::status()).
class RegistryStatus final : public QLabel {
    Q_OBJECT
public:
    explicit RegistryStatus(Services& services, QWidget* parent = nullptr);

    // The registry of what is on screen; empty for a local folder.
    void setHost(const QString& host, bool localFolder);
    void refresh();

private:
    Services& m_services;
    QString m_host;
    bool m_local = false;
};

} // namespace sociscope::ui
