// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// util::Fd and Pipe: who owns a descriptor, and that it is closed exactly
// when its owner goes (a closed descriptor answers fcntl(F_GETFD) with EBADF).
#include "util/fd.h"

#include <QtTest>

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace sociscope;
using util::Fd;

namespace {
bool isOpen(int fd)
{
    return ::fcntl(fd, F_GETFD) != -1;
}

bool isClosed(int fd)
{
    errno = 0;
    return ::fcntl(fd, F_GETFD) == -1 && errno == EBADF;
}

int openNull()
{
    return ::open("/dev/null", O_RDONLY | O_CLOEXEC);
}
} // namespace

class TestFd final : public QObject {
    Q_OBJECT
private slots:
    void closesWhenDestroyed()
    {
        const int raw = openNull();
        QVERIFY(raw >= 0);
        {
            Fd fd(raw);
            QVERIFY(bool(fd));
            QCOMPARE(fd.get(), raw);
            QVERIFY(isOpen(raw));
        }
        QVERIFY(isClosed(raw));
    }

    void emptyHoldsNothing()
    {
        Fd none;
        QVERIFY(!none);
        QCOMPARE(none.get(), -1);
        Fd negative(-5);
        QVERIFY(!negative);
        QCOMPARE(negative.get(), -1);
        QCOMPARE(none.release(), -1);
    }

    void moveTransfersOwnership()
    {
        const int raw = openNull();
        Fd a(raw);
        Fd b(std::move(a));
        QVERIFY(!a); // NOLINT(bugprone-use-after-move): the moved-from state is what is tested
        QCOMPARE(b.get(), raw);
        {
            Fd c;
            c = std::move(b);
            QVERIFY(!b); // NOLINT(bugprone-use-after-move)
            QVERIFY(isOpen(raw));
        }
        QVERIFY(isClosed(raw));
    }

    void moveAssignClosesWhatWasHeld()
    {
        const int first = openNull();
        const int second = openNull();
        Fd a(first);
        Fd b(second);
        a = std::move(b);
        QVERIFY(isClosed(first));
        QVERIFY(isOpen(second));
        QCOMPARE(a.get(), second);
        auto& self = a;
        a = std::move(self); // self-assignment keeps the descriptor
        QVERIFY(isOpen(second));
    }

    void releaseGivesItUp()
    {
        const int raw = openNull();
        int kept = -1;
        {
            Fd fd(raw);
            kept = fd.release();
            QVERIFY(!fd);
        }
        QCOMPARE(kept, raw);
        QVERIFY(isOpen(raw));
        ::close(raw); // released: ours to close
        QVERIFY(isClosed(raw));
    }

    void resetClosesAndTakes()
    {
        const int first = openNull();
        const int second = openNull();
        Fd fd(first);
        fd.reset(second);
        QVERIFY(isClosed(first));
        QCOMPARE(fd.get(), second);
        fd.reset();
        QVERIFY(isClosed(second));
        QVERIFY(!fd);
    }

    void pipeEndsAreCloseOnExecAndCarryData()
    {
        auto p = util::Pipe::open();
        QVERIFY(p);
        QVERIFY(::fcntl(p->read.get(), F_GETFD) & FD_CLOEXEC);
        QVERIFY(::fcntl(p->write.get(), F_GETFD) & FD_CLOEXEC);
        QCOMPARE(::write(p->write.get(), "hi", 2), ssize_t(2));
        const int w = p->write.get();
        p->write.reset(); // EOF for the reader
        QVERIFY(isClosed(w));
        char buf[4] = {};
        QCOMPARE(::read(p->read.get(), buf, sizeof buf), ssize_t(2));
        QCOMPARE(::read(p->read.get(), buf, sizeof buf), ssize_t(0));
    }

    void pidfdTurnsReadableAtExit()
    {
        const pid_t pid = ::fork();
        QVERIFY(pid >= 0);
        if (pid == 0)
            ::_exit(3);
        Fd pfd = util::pidfdOpen(pid);
        QVERIFY(bool(pfd));
        pollfd p { pfd.get(), POLLIN, 0 };
        QCOMPARE(::poll(&p, 1, 30000), 1);
        int status = 0;
        QCOMPARE(::waitpid(pid, &status, 0), pid);
        QCOMPARE(WEXITSTATUS(status), 3);
        QVERIFY(!util::pidfdOpen(pid)); // reaped: no such process
    }
};

QTEST_GUILESS_MAIN(TestFd)
#include "test_fd.moc"
