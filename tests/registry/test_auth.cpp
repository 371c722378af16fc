// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Authentication against the real registry: htpasswd (Basic), token auth with
// tests/tools/tokenserver.py (Bearer, RS256 + x5c), and Docker config
// credentials (auths, credHelpers, credsStore, identitytoken).
#include "servers.h"
#include "testenv.h"
#include "util/files.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace sociscope;
using namespace sociscope::test;

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }

bool writeText(const QString& path, const QByteArray& data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

QByteArray readText(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class TestAuth final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_basic;
    RegistryServer m_token;
    files::TempDir m_tmp{"sociscope-auth"};
    QString m_demo; // oci: layout with the demo image

    // An environment whose Docker config is the given JSON and whose PATH has
    // the test credential helper.
    QProcessEnvironment envWith(const QByteArray& configJson, const QString& name)
    {
        const QString dir = q(m_tmp.path()) + "/cfg-" + name;
        QDir().mkpath(dir);
        writeText(dir + "/config.json", configJson);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DOCKER_CONFIG"), dir);
        env.insert(QStringLiteral("SOCISCOPE_TEST_CRED_FILE"), dir + "/helper-store.json");
        env.insert(QStringLiteral("PATH"), q(sourceDir()) + "/tests/tools:" + env.value(QStringLiteral("PATH")));
        return env;
    }
    static QByteArray auths(const QString& host, const QString& user, const QString& password)
    {
        const QByteArray b64 = (user + ":" + password).toUtf8().toBase64();
        return "{\"auths\":{\"" + host.toUtf8() + "\":{\"auth\":\"" + b64 + "\"}}}";
    }
    bool push(const QString& dst, const QString& creds)
    {
        const auto r = run(QStringLiteral("skopeo"), {QStringLiteral("copy"), QStringLiteral("--dest-tls-verify=false"),
                                                      QStringLiteral("--dest-creds"), creds, m_demo, "docker://" + dst});
        if (r.exitCode != 0)
            qWarning("%s", r.err.constData());
        return r.exitCode == 0;
    }

private slots:
    void initTestCase()
    {
        RegistryServer::Options basic;
        basic.auth = RegistryServer::Auth::Htpasswd;
        QVERIFY2(m_basic.start(basic), qPrintable(m_basic.error()));
        RegistryServer::Options token;
        token.auth = RegistryServer::Auth::Token;
        QVERIFY2(m_token.start(token), qPrintable(m_token.error()));
        m_demo = "oci:" + q(m_tmp.path()) + "/demo:latest";
        QCOMPARE(ctl({QStringLiteral("demo"), m_demo}).exitCode, 0);
        QVERIFY(push(m_basic.address() + "/private/demo:latest", QStringLiteral("alice:wonderland")));
        QVERIFY(push(m_token.address() + "/private/demo:latest", QStringLiteral("alice:wonderland")));
        QVERIFY(push(m_token.address() + "/public/demo:latest", QStringLiteral("alice:wonderland")));
    }

    void basicWithoutCredentialsIsRefused()
    {
        const auto env = envWith("{}", QStringLiteral("none"));
        const auto r = ctl({QStringLiteral("inspect"), m_basic.address() + "/private/demo:latest"}, 60000, env);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(m_basic.address().toUtf8()), r.err.constData());
        QVERIFY2(r.err.contains("config.json") && r.err.contains("login"), r.err.constData());
    }

    void basicWithAuths()
    {
        const auto env = envWith(auths(m_basic.address(), QStringLiteral("alice"), QStringLiteral("wonderland")),
                                 QStringLiteral("auths"));
        const auto r = ctl({QStringLiteral("inspect"), m_basic.address() + "/private/demo:latest", QStringLiteral("-v")},
                           60000, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        // Never a password or its base64, also not with -v.
        QVERIFY(!r.err.contains("wonderland"));
        QVERIFY(!r.err.contains(QByteArray("alice:wonderland").toBase64()));
        QVERIFY(!r.out.contains("wonderland"));
    }

    void basicWrongPassword()
    {
        const auto env = envWith(auths(m_basic.address(), QStringLiteral("alice"), QStringLiteral("nope")),
                                 QStringLiteral("wrong"));
        const auto r = ctl({QStringLiteral("inspect"), m_basic.address() + "/private/demo:latest"}, 60000, env);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(m_basic.address().toUtf8()) && r.err.contains("auths"), r.err.constData());
        QVERIFY(!r.err.contains("nope"));
    }

    void credentialHelpers()
    {
        // credHelpers for this registry, credsStore for all.
        for (const QByteArray& cfg : {QByteArray("{\"credHelpers\":{\"") + m_basic.address().toUtf8() + "\":\"test\"}}",
                                      QByteArray("{\"credsStore\":\"test\"}")}) {
            const auto env = envWith(cfg, QString::number(qHash(cfg)));
            writeText(env.value(QStringLiteral("SOCISCOPE_TEST_CRED_FILE")),
                      "{\"" + m_basic.address().toUtf8() + "\":{\"Username\":\"alice\",\"Secret\":\"wonderland\"}}");
            const auto r = ctl({QStringLiteral("inspect"), m_basic.address() + "/private/demo:latest"}, 60000, env);
            QVERIFY2(r.exitCode == 0, r.err.constData());
            QVERIFY(readText(env.value(QStringLiteral("SOCISCOPE_TEST_CRED_FILE")) + ".calls").startsWith("get "));
            // A helper with nothing stored: refused, and the message names the helper.
            writeText(env.value(QStringLiteral("SOCISCOPE_TEST_CRED_FILE")), "{}");
            const auto none = ctl({QStringLiteral("inspect"), m_basic.address() + "/private/demo:latest"}, 60000, env);
            QCOMPARE(none.exitCode, 3);
            QVERIFY2(none.err.contains("docker-credential-test"), none.err.constData());
        }
    }

    void loginLogoutThroughTheStore()
    {
        // With a credsStore, login writes through the helper: no secret in config.json.
        auto env = envWith("{\"credsStore\":\"test\"}", QStringLiteral("login-store"));
        auto r = ctl({QStringLiteral("login"), m_basic.address(), QStringLiteral("-u"), QStringLiteral("alice"),
                      QStringLiteral("--password-stdin")},
                     60000, env);
        // --password-stdin reads our (empty) stdin: refused as a usage error.
        QCOMPARE(r.exitCode, 1);
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(q(binDir()) + "/sociscopectl",
                {QStringLiteral("login"), m_basic.address(), QStringLiteral("-u"), QStringLiteral("alice"),
                 QStringLiteral("--password-stdin")});
        QVERIFY(p.waitForStarted());
        p.write("wonderland\n");
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const QString dir = env.value(QStringLiteral("DOCKER_CONFIG"));
        QVERIFY(!readText(dir + "/config.json").contains("wonderland"));
        QVERIFY(readText(env.value(QStringLiteral("SOCISCOPE_TEST_CRED_FILE"))).contains("wonderland"));
        QCOMPARE(ctl({QStringLiteral("inspect"), m_basic.address() + "/private/demo:latest"}, 60000, env).exitCode, 0);
        QCOMPARE(ctl({QStringLiteral("logout"), m_basic.address()}, 60000, env).exitCode, 0);
        QVERIFY(!readText(env.value(QStringLiteral("SOCISCOPE_TEST_CRED_FILE"))).contains("wonderland"));
        QCOMPARE(ctl({QStringLiteral("inspect"), m_basic.address() + "/private/demo:latest"}, 60000, env).exitCode, 3);

        // Without a store: base64 in "auths", as docker login. A wrong password stores nothing.
        env = envWith("{}", QStringLiteral("login-plain"));
        r = ctl({QStringLiteral("login"), m_basic.address(), QStringLiteral("-u"), QStringLiteral("alice"),
                 QStringLiteral("-p"), QStringLiteral("bad")},
                60000, env);
        QCOMPARE(r.exitCode, 3);
        QVERIFY(!readText(env.value(QStringLiteral("DOCKER_CONFIG")) + "/config.json").contains("auths"));
        r = ctl({QStringLiteral("login"), m_basic.address(), QStringLiteral("-u"), QStringLiteral("alice"),
                 QStringLiteral("-p"), QStringLiteral("wonderland")},
                60000, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto cfg = QJsonDocument::fromJson(readText(env.value(QStringLiteral("DOCKER_CONFIG")) + "/config.json")).object();
        QCOMPARE(cfg.value(QStringLiteral("auths")).toObject().value(m_basic.address()).toObject().value(QStringLiteral("auth")).toString(),
                 QString::fromLatin1(QByteArray("alice:wonderland").toBase64()));
        QCOMPARE(ctl({QStringLiteral("inspect"), m_basic.address() + "/private/demo:latest"}, 60000, env).exitCode, 0);
    }

    void tokenAnonymousAndCredentialed()
    {
        const auto none = envWith("{}", QStringLiteral("tok-none"));
        // Anonymous pull where the token server allows it (public/*).
        auto r = ctl({QStringLiteral("inspect"), m_token.address() + "/public/demo:latest"}, 60000, none);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        // Not elsewhere.
        r = ctl({QStringLiteral("inspect"), m_token.address() + "/private/demo:latest"}, 60000, none);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(m_token.address().toUtf8()), r.err.constData());
        // Credentialed: GET with Basic to the realm, then the catalog scope.
        const auto alice = envWith(auths(m_token.address(), QStringLiteral("alice"), QStringLiteral("wonderland")),
                                   QStringLiteral("tok-alice"));
        r = ctl({QStringLiteral("inspect"), m_token.address() + "/private/demo:latest", QStringLiteral("-v")}, 60000, alice);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(!r.err.contains("eyJ")); // no JWT in debug output
        r = ctl({QStringLiteral("catalog"), m_token.address()}, 60000, alice);
        QVERIFY2(r.exitCode == 0 && r.out.contains("private/demo"), r.err.constData());
        // Wrong password: the token server refuses, exit 3.
        const auto bad = envWith(auths(m_token.address(), QStringLiteral("alice"), QStringLiteral("x")),
                                 QStringLiteral("tok-bad"));
        r = ctl({QStringLiteral("inspect"), m_token.address() + "/private/demo:latest"}, 60000, bad);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("token server"), r.err.constData());
    }

    void identityTokenUsesOAuth2Refresh()
    {
        const QByteArray cfg = "{\"auths\":{\"" + m_token.address().toUtf8() + "\":{\"identitytoken\":\"rt-alice\"}}}";
        const auto env = envWith(cfg, QStringLiteral("tok-identity"));
        curl({QStringLiteral("-s"), QStringLiteral("-X"), QStringLiteral("POST"),
              "http://" + m_token.tokenAddress() + "/__token/reset"});
        const auto r = ctl({QStringLiteral("inspect"), m_token.address() + "/private/demo:latest"}, 60000, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto log = curl({QStringLiteral("-s"), "http://" + m_token.tokenAddress() + "/__token/log"}).out;
        QVERIFY2(log.contains("\"POST\"") && log.contains("\"user\": \"alice\""), log.constData());
        const auto wrong = envWith("{\"auths\":{\"" + m_token.address().toUtf8() + "\":{\"identitytoken\":\"rt-nobody\"}}}",
                                   QStringLiteral("tok-identity-bad"));
        QCOMPARE(ctl({QStringLiteral("inspect"), m_token.address() + "/private/demo:latest"}, 60000, wrong).exitCode, 3);
    }

    void freshTokenRefusedIsExit3()
    {
        // The token server hands out an already-expired token: the registry says 401
        // to a fresh token, which is final (no loop).
        const auto env = envWith(auths(m_token.address(), QStringLiteral("alice"), QStringLiteral("wonderland")),
                                 QStringLiteral("tok-expired"));
        curl({QStringLiteral("-s"), QStringLiteral("-X"), QStringLiteral("POST"),
              "http://" + m_token.tokenAddress() + "/__token/expire-next?n=1"});
        const auto r = ctl({QStringLiteral("inspect"), m_token.address() + "/private/demo:latest"}, 60000, env);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("401"), r.err.constData());
    }

    void cachedTokenRefreshedOnce()
    {
        // A proxy answers 401 to the 2nd request carrying a Bearer token: the
        // client drops the cached token, gets a new one, and goes on.
        FaultProxy proxy;
        QVERIFY(proxy.start(m_token.address()));
        const QByteArray challenge = "Bearer realm=\\\"http://" + m_token.tokenAddress().toUtf8() +
                                     "/token\\\",service=\\\"sociscope-test-registry\\\"";
        QVERIFY(proxy.setRules("[{\"match\":{\"header\":{\"Authorization\":\"^Bearer\"}},\"nth\":[2],"
                               "\"action\":{\"status\":401,\"error_code\":\"UNAUTHORIZED\",\"headers\":{\"WWW-Authenticate\":\"" +
                               challenge + "\"}}}]"));
        const auto env = envWith(auths(proxy.address(), QStringLiteral("alice"), QStringLiteral("wonderland")),
                                 QStringLiteral("tok-refresh"));
        curl({QStringLiteral("-s"), QStringLiteral("-X"), QStringLiteral("POST"),
              "http://" + m_token.tokenAddress() + "/__token/reset"});
        auto r = ctl({QStringLiteral("inspect"), proxy.address() + "/private/demo:latest"}, 60000, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto tokens = QJsonDocument::fromJson(
            curl({QStringLiteral("-s"), "http://" + m_token.tokenAddress() + "/__token/log"}).out).array();
        QCOMPARE(tokens.size(), 2); // the first, and one refresh
        // Every Bearer request refused: one refresh, then exit 3.
        QVERIFY(proxy.setRules("[{\"match\":{\"header\":{\"Authorization\":\"^Bearer\"}},\"every\":true,"
                               "\"action\":{\"status\":401,\"error_code\":\"UNAUTHORIZED\",\"headers\":{\"WWW-Authenticate\":\"" +
                               challenge + "\"}}}]"));
        r = ctl({QStringLiteral("inspect"), proxy.address() + "/private/demo:latest"}, 60000, env);
        QCOMPARE(r.exitCode, 3);
    }
};

QTEST_GUILESS_MAIN(TestAuth)
#include "test_auth.moc"
