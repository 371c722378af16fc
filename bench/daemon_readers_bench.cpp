// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// bench_daemon_readers: the memory half of bench/daemon-memory. Reads files of
// mounted images with N concurrent readers, in steps of N, and prints the
// daemon's resident memory (VmRSS, VmHWM from /proc/PID/status) against N,
// then how it falls back once the readers stop. Prints numbers; never fails
// on them.
//
//   bench_daemon_readers --pid PID --mount DIR [--mount DIR...]
//                        [--steps 1,8,16,32,64] [--seconds 20] [--after 15]
//
// Each reader picks a random mount, a random regular file and a random 4 KiB
// aligned 128 KiB piece of it (the whole file when smaller) and reads it with
// O_DIRECT, so the kernel's page cache never answers for the daemon: every
// read is a FUSE read the daemon serves.
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <ftw.h>
#include <random>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct File {
    std::string path; // relative to a mount
    std::int64_t size = 0;
};

std::vector<File>* g_files = nullptr;
std::size_t g_rootLength = 0;

int collect(const char* path, const struct stat* st, int type, FTW*)
{
    if (type == FTW_F && S_ISREG(st->st_mode) && st->st_size > 0)
        g_files->push_back({ std::string(path + g_rootLength), st->st_size });
    return 0;
}

struct Memory {
    long rssKb = 0, hwmKb = 0, threads = 0;
};

Memory memoryOf(pid_t pid)
{
    Memory m;
    const std::string path = "/proc/" + std::to_string(pid) + "/status";
    FILE* f = std::fopen(path.c_str(), "r");
    if (!f)
        return m;
    char line[256];
    while (std::fgets(line, sizeof line, f)) {
        long v = 0;
        if (std::sscanf(line, "VmRSS: %ld", &v) == 1)
            m.rssKb = v;
        else if (std::sscanf(line, "VmHWM: %ld", &v) == 1)
            m.hwmKb = v;
        else if (std::sscanf(line, "Threads: %ld", &v) == 1)
            m.threads = v;
    }
    std::fclose(f);
    return m;
}

struct Counters {
    std::atomic<std::uint64_t> reads { 0 }, bytes { 0 }, errors { 0 };
    std::atomic<int> firstErrno { 0 };
};

constexpr std::size_t Piece = 128 * 1024;

void reader(unsigned seed, const std::vector<std::string>& mounts, const std::vector<File>& files,
    Clock::time_point until, Counters& c)
{
    std::mt19937_64 rng(seed);
    void* mem = nullptr;
    if (::posix_memalign(&mem, 4096, Piece) != 0)
        return;
    char* buf = static_cast<char*>(mem);
    while (Clock::now() < until) {
        const std::string& mount = mounts[rng() % mounts.size()];
        const File& f = files[rng() % files.size()];
        std::int64_t offset = 0;
        if (f.size > static_cast<std::int64_t>(Piece))
            offset = static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(f.size - static_cast<std::int64_t>(Piece))) & ~std::int64_t(4095);
        const int fd = ::open((mount + f.path).c_str(), O_RDONLY | O_DIRECT | O_CLOEXEC);
        if (fd < 0) {
            ++c.errors;
            int zero = 0;
            c.firstErrno.compare_exchange_strong(zero, errno);
            continue;
        }
        const ssize_t n = ::pread(fd, buf, Piece, offset);
        if (n < 0) {
            ++c.errors;
            int zero = 0;
            c.firstErrno.compare_exchange_strong(zero, errno);
        } else {
            ++c.reads;
            c.bytes += static_cast<std::uint64_t>(n);
        }
        ::close(fd);
    }
    std::free(mem);
}

std::vector<unsigned> parseSteps(const std::string& s)
{
    std::vector<unsigned> out;
    std::size_t at = 0;
    while (at < s.size()) {
        const std::size_t comma = s.find(',', at);
        out.push_back(static_cast<unsigned>(std::stoul(s.substr(at, comma - at))));
        if (comma == std::string::npos)
            break;
        at = comma + 1;
    }
    return out;
}

double mb(long kb) { return static_cast<double>(kb) / 1024.0; }

int usage()
{
    std::fprintf(stderr,
        "usage: bench_daemon_readers --pid PID --mount DIR [--mount DIR...] [--steps 1,8,16,32,64] "
        "[--seconds 20] [--after 15]\n");
    return 1;
}

} // namespace

int main(int argc, char** argv)
{
    pid_t pid = 0;
    std::vector<std::string> mounts;
    std::vector<unsigned> steps { 1, 8, 16, 32, 64 };
    int seconds = 20, after = 15;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 >= argc)
            return usage();
        const std::string v = argv[++i];
        if (a == "--pid")
            pid = static_cast<pid_t>(std::stol(v));
        else if (a == "--mount")
            mounts.push_back(v);
        else if (a == "--steps")
            steps = parseSteps(v);
        else if (a == "--seconds")
            seconds = std::stoi(v);
        else if (a == "--after")
            after = std::stoi(v);
        else
            return usage();
    }
    if (pid <= 0 || mounts.empty() || steps.empty() || seconds <= 0 || after < 0)
        return usage();

    std::vector<File> files;
    g_files = &files;
    g_rootLength = mounts.front().size();
    if (::nftw(mounts.front().c_str(), collect, 32, FTW_PHYS) != 0 || files.empty()) {
        std::fprintf(stderr, "bench_daemon_readers: no files found below %s\n", mounts.front().c_str());
        return 1;
    }
    std::int64_t total = 0;
    for (const auto& f : files)
        total += f.size;
    std::printf("%zu files, %.0f MB, %zu mounts, 128 KiB O_DIRECT reads at random places\n", files.size(),
        static_cast<double>(total) / 1e6, mounts.size());

    const Memory idle = memoryOf(pid);
    std::printf("daemon pid %d before any reader: RSS %.1f MB, %ld threads\n\n", pid, mb(idle.rssKb), idle.threads);
    std::printf("%8s %8s %9s %8s %11s %11s %11s %8s %7s\n", "readers", "seconds", "reads/s", "MB/s", "RSS end MB",
        "RSS max MB", "HWM MB", "threads", "errors");
    std::fflush(stdout);

    for (unsigned n : steps) {
        Counters c;
        const auto start = Clock::now();
        const auto until = start + std::chrono::seconds(seconds);
        std::vector<std::thread> threads;
        for (unsigned k = 0; k < n; ++k)
            threads.emplace_back(reader, 1000u * n + k, std::cref(mounts), std::cref(files), until, std::ref(c));
        long rssMax = 0, threadsMax = 0;
        Memory m;
        while (Clock::now() < until) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            m = memoryOf(pid);
            rssMax = std::max(rssMax, m.rssKb);
            threadsMax = std::max(threadsMax, m.threads);
        }
        for (auto& t : threads)
            t.join();
        const double secs = std::chrono::duration<double>(Clock::now() - start).count();
        m = memoryOf(pid);
        rssMax = std::max(rssMax, m.rssKb);
        std::printf("%8u %8.1f %9.0f %8.1f %11.1f %11.1f %11.1f %8ld %7llu", n, secs,
            static_cast<double>(c.reads) / secs, static_cast<double>(c.bytes) / 1e6 / secs, mb(m.rssKb), mb(rssMax),
            mb(m.hwmKb), threadsMax, static_cast<unsigned long long>(c.errors.load()));
        if (c.firstErrno)
            std::printf("  (first error: %s)", std::strerror(c.firstErrno));
        std::printf("\n");
        std::fflush(stdout);
        if (m.rssKb == 0) {
            std::fprintf(stderr, "bench_daemon_readers: the daemon (pid %d) is gone\n", pid);
            return 1;
        }
    }

    std::printf("\nafter the readers stopped:\n");
    const auto stopped = Clock::now();
    for (int s = 1; s <= after; ++s) {
        std::this_thread::sleep_until(stopped + std::chrono::seconds(s));
        if (s == 1 || s % 5 == 0 || s == after) {
            const Memory m = memoryOf(pid);
            std::printf("  +%2d s: RSS %.1f MB, %ld threads\n", s, mb(m.rssKb), m.threads);
            std::fflush(stdout);
        }
    }
    return 0;
}
