// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "app/singleinstance.h"

#include <QDataStream>
#include <QDir>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>
#include <QStandardPaths>
#include <QTimer>

namespace sociscope::ui {

namespace {

constexpr quint32 protocolMagic = 0x53434f31; // "SCO1"
constexpr quint8 acknowledged = 1;
// A request is a handful of references; anything larger is not ours.
constexpr qint64 maxRequestBytes = 64 * 1024;

} // namespace

SingleInstance::SingleInstance(QString socketPath, QObject* parent) : QObject(parent), m_path(std::move(socketPath)) {}

SingleInstance::~SingleInstance()
{
    if (m_server)
        m_server->close(); // unlinks the socket file
}

QString SingleInstance::defaultSocketPath()
{
    const QString runtime = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    return runtime.isEmpty() ? QString() : runtime + QStringLiteral("/sociscope/gui.sock");
}

SingleInstance::Role SingleInstance::claim(const QStringList& references, int timeoutMs)
{
    if (m_path.isEmpty()) {
        m_error = QStringLiteral("no runtime folder for the instance socket");
        return Role::Alone;
    }
    const QString dir = QFileInfo(m_path).absolutePath();
    if (!QDir().mkpath(dir)) {
        m_error = QStringLiteral("cannot create %1").arg(dir);
        return Role::Alone;
    }
    QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    // Held while deciding; a lock left by a dead process is taken over.
    QLockFile lock(m_path + QStringLiteral(".lock"));
    lock.setStaleLockTime(0);
    if (!lock.tryLock(timeoutMs)) {
        m_error = QStringLiteral("cannot lock %1").arg(m_path + QStringLiteral(".lock"));
        return Role::Alone;
    }
    if (handOver(references, timeoutMs))
        return Role::HandedOver;
    return listen() ? Role::Primary : Role::Alone;
}

bool SingleInstance::handOver(const QStringList& references, int timeoutMs)
{
    QLocalSocket socket;
    socket.connectToServer(m_path);
    if (!socket.waitForConnected(timeoutMs))
        return false; // none there, or a stale socket file
    QByteArray request;
    QDataStream out(&request, QIODevice::WriteOnly);
    out << protocolMagic << references;
    socket.write(request);
    if (!socket.waitForBytesWritten(timeoutMs))
        return false;
    // The running instance answers once it took them; one that hangs is none.
    while (socket.bytesAvailable() < 1) {
        if (!socket.waitForReadyRead(timeoutMs))
            return false;
    }
    char ack = 0;
    return socket.getChar(&ack) && static_cast<quint8>(ack) == acknowledged;
}

bool SingleInstance::listen()
{
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    // Nobody answered on it, so a socket file there is stale.
    QLocalServer::removeServer(m_path);
    if (!m_server->listen(m_path)) {
        m_error = m_server->errorString();
        delete m_server;
        m_server = nullptr;
        return false;
    }
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::accept);
    return true;
}

void SingleInstance::accept()
{
    while (QLocalSocket* socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        // A client that never finishes its request is dropped.
        QTimer::singleShot(5000, socket, [socket] { socket->abort(); });
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (socket->bytesAvailable() > maxRequestBytes) {
                socket->abort();
                return;
            }
            QDataStream in(socket);
            in.startTransaction();
            quint32 magic = 0;
            QStringList references;
            in >> magic >> references;
            if (!in.commitTransaction())
                return; // wait for the rest
            if (magic != protocolMagic) {
                socket->abort();
                return;
            }
            emit referencesReceived(references);
            socket->putChar(static_cast<char>(acknowledged));
            socket->disconnectFromServer();
        });
    }
}

} // namespace sociscope::ui
