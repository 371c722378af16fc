// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The client library's conversions between its plain structs and the
// messages of sociscope.proto: every struct goes to protobuf, over the wire
// (serialised and parsed again) and back, and comes back equal. Paths,
// references, commands and environment hold bytes that are not UTF-8, which
// must survive (names in any bytes are a rule of the project).
// Before any Qt header: core has a method named emit, which Qt defines away.
#include "lazy/fetch_events.h"
#include "proto_convert.h"

#include <QtTest>

namespace QTest {
// Failures show the bytes, percent-encoded.
template <> char* toString(const std::string& s)
{
    return qstrdup(QByteArray::fromStdString(s).toPercentEncoding("/:._-= ").constData());
}
} // namespace QTest

using namespace sociscope;
using namespace sociscope::client;

namespace {
// Not UTF-8: a lone continuation byte, an overlong form, 0xff.
const std::string kBytes = std::string("caf\xe9/\x80\xc0\xaf-\xff", 10);

// Through the wire: what the other side parses is what was sent.
template <typename Message> Message wire(const Message& m)
{
    Message back;
    if (!back.ParseFromString(m.SerializeAsString()))
        qFatal("a message did not parse back");
    return back;
}

MountStats someStats()
{
    // Distinct values, so that two fields swapped would show.
    return { "/mnt/" + kBytes, "m1", 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
        25, 26, 27, 28, "64.0 MiB", "fetching", 29, 30, { {}, { 1, 4 }, {}, { 0, 2, 7 } } };
}

RunInfo someRun()
{
    return { "0123456789abcdef", "näme", "oci:/layouts/" + kBytes + ":t", "sha256:ab", "linux/amd64",
        { "/bin/sh", "-c", "echo " + kBytes }, "exited", 1000, 1700000000001, 1700000000002, 1700000000003, 137,
        4242, true, true, "/run/m/" + kBytes, "mount-id", "/run/rootfs/" + kBytes, someStats(), "1000:50" };
}

ImageSource someImage()
{
    ImageSource image;
    auto ref = oci::Reference::parse("oci:/layouts/" + kBytes + ":t");
    if (!ref)
        qFatal("%s", ref.error().text().c_str());
    image.ref = *ref;
    image.platform = *oci::Platform::parse("linux/arm64/v8");
    image.plainHttp = true;
    image.insecure = true;
    registry::Credentials c;
    c.username = "user";
    c.password = "pass word";
    c.identityToken = "token";
    image.credentials.emplace_back("127.0.0.1:5000", c);
    return image;
}

void compareImages(const ImageSource& a, const ImageSource& b)
{
    QCOMPARE(a.ref.str(), b.ref.str());
    QCOMPARE(a.ref.layoutPath, b.ref.layoutPath);
    QCOMPARE(a.platform.has_value(), b.platform.has_value());
    if (a.platform)
        QCOMPARE(a.platform->str(), b.platform->str());
    QCOMPARE(a.plainHttp, b.plainHttp);
    QCOMPARE(a.insecure, b.insecure);
    QCOMPARE(a.credentials.size(), b.credentials.size());
    for (std::size_t i = 0; i < a.credentials.size(); ++i) {
        QCOMPARE(a.credentials[i].first, b.credentials[i].first);
        QCOMPARE(a.credentials[i].second.username, b.credentials[i].second.username);
        QCOMPARE(a.credentials[i].second.password, b.credentials[i].second.password);
        QCOMPARE(a.credentials[i].second.identityToken, b.credentials[i].second.identityToken);
    }
}
} // namespace

class TestClientUnits final : public QObject {
    Q_OBJECT
private slots:
    void mountSpecRoundTrip()
    {
        const MountSpec spec { someImage(), "/home/u/mnt/" + kBytes, "64MiB" };
        auto back = fromProto(wire(toProto(spec)));
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().text().c_str());
        compareImages(back->image, spec.image);
        QCOMPARE(back->mountpoint, spec.mountpoint);
        QCOMPARE(back->background, spec.background);
        // No platform: the daemon machine's, sent as nothing.
        MountSpec plain { someImage(), "/m" };
        plain.image.platform.reset();
        QVERIFY(toProto(plain).platform().empty());
        QVERIFY(!fromProto(wire(toProto(plain)))->image.platform);
        // What the daemon would refuse to parse comes back as an error, not as a guess.
        v1::MountRequest bad = toProto(spec);
        bad.set_reference("UPPER/Case:t");
        QVERIFY(!fromProto(bad).ok());
    }

    void runSpecRoundTrip()
    {
        RunSpec spec;
        spec.image = someImage();
        spec.command = { "/bin/echo", kBytes, "" };
        spec.entrypoint = std::vector<std::string> {};
        spec.env = { "A=" + kBytes, "B=" };
        spec.user = "alice:staff";
        spec.workingDir = "/srv/" + kBytes;
        spec.name = "läuft";
        spec.tty = true;
        spec.interactive = true;
        spec.remove = true;
        spec.rows = 30;
        spec.cols = 100;
        spec.detach = true;
        spec.background = "off";
        const v1::RunRequest sent = wire(toProto(spec));
        // An empty entrypoint is "none", not "the image's".
        QVERIFY(sent.entrypoint_set());
        auto back = fromProto(sent);
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().text().c_str());
        compareImages(back->image, spec.image);
        QCOMPARE(back->command, spec.command);
        QVERIFY(back->entrypoint && back->entrypoint->empty());
        QCOMPARE(back->env, spec.env);
        QCOMPARE(back->background, spec.background);
        QCOMPARE(back->user, spec.user);
        QCOMPARE(back->workingDir, spec.workingDir);
        QCOMPARE(back->name, spec.name);
        QCOMPARE(back->tty, true);
        QCOMPARE(back->interactive, true);
        QCOMPARE(back->remove, true);
        QCOMPARE(back->rows, 30u);
        QCOMPARE(back->cols, 100u);
        // Leaving is the client's business: it never goes over the wire.
        QCOMPARE(back->detach, false);
        // No entrypoint given: the image's.
        spec.entrypoint.reset();
        QVERIFY(!wire(toProto(spec)).entrypoint_set());
        QVERIFY(!fromProto(wire(toProto(spec)))->entrypoint);
        spec.entrypoint = std::vector<std::string> { "/bin/" + kBytes };
        QCOMPARE(*fromProto(wire(toProto(spec)))->entrypoint, *spec.entrypoint);
    }

    void eventFilterRoundTrip()
    {
        const EventFilter all;
        QVERIFY(toProto(all).all_layers());
        QCOMPARE(fromProto(wire(toProto(all))), all);
        const EventFilter one { "/mnt/" + kBytes, 0 };
        QVERIFY(!toProto(one).all_layers());
        QCOMPARE(fromProto(wire(toProto(one))), one);
    }

    void answersRoundTrip()
    {
        const VersionInfo v { "0.1.0", 1, "system", 4242, 0, "/run/" + kBytes + "/sock", "/var/" + kBytes,
            "/cache/" + kBytes, 1700000000000, 2, 3, true };
        QCOMPARE(fromProto(wire(toProto(v))), v);

        const MountInfo m { "id1", "oci:/layouts/" + kBytes + ":t", "/mnt/" + kBytes, "sha256:cd", "linux/amd64", 3,
            "/mnt/" + kBytes + "/.layers", 1000, 1700000000000, "sha256:ef", 2, "run1", "all" };
        QCOMPARE(fromProto(wire(toProto(m))), m);

        const UnmountResult u { "/mnt/" + kBytes, true };
        QCOMPARE(fromProto(wire(toProto(u))), u);

        QCOMPARE(fromProto(wire(toProto(someStats()))), someStats());
        QCOMPARE(fromProto(wire(toProto(someRun()))), someRun());
    }

    void fetchEventsRoundTrip()
    {
        FetchEvent e { "span-cached", 2, 7, 65536, 1234, true,
            std::chrono::system_clock::time_point(std::chrono::microseconds(1700000000123456)), "m1",
            "/mnt/" + kBytes, {}, 5, "r1" };
        QCOMPARE(fromProto(wire(toProto(e))), e);
        QVERIFY(lazy::fetchEventType(e.type) == lazy::FetchEvent::Type::SpanCached);
        // A read that failed is not a fetch; its path is any bytes.
        FetchEvent failed;
        failed.type = "read-failed";
        failed.path = "/etc/" + kBytes;
        failed.when = e.when;
        QCOMPARE(fromProto(wire(toProto(failed))), failed);
        QVERIFY(!lazy::fetchEventType(failed.type));
    }

    void runEventsRoundTrip()
    {
        RunEvent started { RunEvent::Kind::Started, {}, someRun(), -1, 0 };
        RunEvent out { RunEvent::Kind::Stdout, "out " + kBytes, {}, -1, 0 };
        RunEvent err { RunEvent::Kind::Stderr, std::string("err\0with a zero", 15), {}, -1, 0 };
        RunEvent exited { RunEvent::Kind::Exited, {}, someRun(), 137, 9 };
        RunEvent detached { RunEvent::Kind::Detached, {}, {}, -1, 0 };
        for (const RunEvent& e : { started, out, err, exited, detached }) {
            const auto back = fromProto(wire(toProto(e)));
            QVERIFY(back.has_value());
            QCOMPARE(*back, e);
        }
        // A message of a newer daemon is skipped, not mistaken for output.
        QVERIFY(!fromProto(v1::RunOutput()).has_value());
    }
};

QTEST_GUILESS_MAIN(TestClientUnits)
#include "test_client_units.moc"
