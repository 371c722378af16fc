// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "image/demo_image.h"

#include "image/image_writer.h"
#include "image/layer_writer.h"
#include "util/files.h"

namespace sociscope::image {

namespace {

// Deterministic bytes (xorshift64*), so every build gives the same digests.
std::string pseudoRandom(std::uint64_t n, std::uint64_t seed)
{
    std::string out(n, '\0');
    std::uint64_t x = seed | 1;
    for (std::uint64_t i = 0; i < n; i += 8) {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        const std::uint64_t v = x * 2685821657736338717ull;
        for (std::uint64_t k = 0; k < 8 && i + k < n; ++k)
            out[i + k] = static_cast<char>((v >> (8 * k)) & 0xff);
    }
    return out;
}

const char* const OsRelease = R"OS(PRETTY_NAME="Sociscope Demo Linux 1.0 (lazy)"
NAME="Sociscope Demo Linux"
VERSION_ID="1.0"
VERSION="1.0 (lazy)"
ID=sociscope-demo
HOME_URL="https://example.invalid/sociscope"
)OS";

const char* const DpkgStatus = R"(Package: busybox-static
Status: install ok installed
Priority: optional
Section: shells
Installed-Size: 2090
Maintainer: Debian Install System Team <debian-boot@lists.debian.org>
Architecture: amd64
Source: busybox
Version: 1:1.35.0-4+b3
Description: Standalone rescue shell with tons of builtin utilities

Package: ca-certificates
Status: install ok installed
Priority: optional
Section: misc
Installed-Size: 384
Maintainer: Julien Cristau <jcristau@debian.org>
Architecture: all
Version: 20230311
Description: Common CA certificates

Package: libc6
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 12985
Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
Architecture: amd64
Source: glibc
Version: 2.36-9+deb12u4
Description: GNU C Library: Shared libraries

Package: python3.11
Status: install ok installed
Priority: optional
Section: python
Installed-Size: 623
Maintainer: Matthias Klose <doko@debian.org>
Architecture: amd64
Version: 3.11.2-6
Description: Interactive high-level object-oriented language (version 3.11)
)";

Status baseLayer(LayerWriter& w, const DemoOptions& o)
{
    for (const char* d : {"bin", "etc", "usr", "usr/bin", "usr/share", "usr/share/doc", "usr/share/doc/sociscope-demo",
                          "var", "var/lib", "var/lib/dpkg", "root", "home", "srv", "opt"})
        if (auto s = w.dir(d, std::string(d) == "root" ? 0700 : 0755); !s)
            return s;
    TarEntry tmp;
    tmp.type = TarEntry::Type::Dir;
    tmp.path = "tmp";
    tmp.mode = 01777;
    if (auto s = w.add(tmp); !s)
        return s;
    auto busybox = files::readFile(o.busybox);
    if (!busybox)
        return makeError(busybox.error().code,
                         "the demo image needs a static busybox (Debian package busybox-static): " +
                             busybox.error().message,
                         o.busybox);
    if (auto s = w.file("bin/busybox", std::move(*busybox), 0755); !s)
        return s;
    for (const char* applet : {"sh", "ls", "cat", "echo", "env", "sleep", "uname", "head", "tail", "wc", "grep",
                               "sed", "id", "ps", "true", "false", "printf", "find", "du", "df", "mkdir", "rm",
                               "cp", "mv", "date", "hostname", "sha256sum", "stat", "readlink", "tr", "sort"})
        if (auto s = w.symlink(std::string("bin/") + applet, "busybox"); !s)
            return s;
    if (auto s = w.file("etc/os-release", OsRelease); !s)
        return s;
    if (auto s = w.file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n"); !s)
        return s;
    if (auto s = w.file("etc/group", "root:x:0:\nnogroup:x:65534:\n"); !s)
        return s;
    if (auto s = w.file("var/lib/dpkg/status", DpkgStatus); !s)
        return s;
    if (auto s = w.file("usr/share/doc/sociscope-demo/README",
                        "This image was made by Sociscope's demo builder.\nEvery byte you read from it lazily is "
                        "fetched on demand and verified.\n");
        !s)
        return s;
    if (auto s = w.file("usr/share/doc/sociscope-demo/OLD-NOTES", "This file is deleted by a later layer.\n"); !s)
        return s;
    if (auto s = w.file("srv/greeting", "Hello from a lazily fetched image!\n"); !s)
        return s;
    TarEntry hard;
    hard.type = TarEntry::Type::Hardlink;
    hard.path = "usr/bin/os-release";
    hard.linkTarget = "etc/os-release";
    return w.add(hard);
}

Status pythonLayer(LayerWriter& w)
{
    const std::string site = "usr/lib/python3/site-packages/";
    for (const std::string d : {"usr/lib", "usr/lib/python3", "usr/lib/python3/site-packages", "usr/local",
                                "usr/local/cuda", "usr/local/cuda/include"})
        if (auto s = w.dir(d); !s)
            return s;
    struct Pkg {
        const char* name;
        const char* version;
        const char* summary;
    };
    for (const Pkg& p : {Pkg{"torch", "2.3.1", "Tensors and Dynamic neural networks in Python"},
                         Pkg{"numpy", "1.26.4", "Fundamental package for array computing in Python"},
                         Pkg{"requests", "2.32.3", "Python HTTP for Humans."}}) {
        const std::string di = site + p.name + "-" + p.version + ".dist-info";
        if (auto s = w.dir(di); !s)
            return s;
        const std::string meta = std::string("Metadata-Version: 2.1\nName: ") + p.name + "\nVersion: " + p.version +
                                 "\nSummary: " + p.summary + "\n";
        if (auto s = w.file(di + "/METADATA", meta); !s)
            return s;
        if (auto s = w.dir(site + p.name); !s)
            return s;
        if (auto s = w.file(site + p.name + "/__init__.py", std::string("__version__ = \"") + p.version + "\"\n"); !s)
            return s;
    }
    if (auto s = w.file("usr/local/cuda/version.json",
                        "{\n   \"cuda\" : {\n      \"name\" : \"CUDA SDK\",\n      \"version\" : \"12.1.1\"\n   }\n}\n");
        !s)
        return s;
    return w.file("usr/local/cuda/include/cudnn_version.h",
                  "#define CUDNN_MAJOR 8\n#define CUDNN_MINOR 9\n#define CUDNN_PATCHLEVEL 2\n");
}

Status bigLayer(LayerWriter& w, const DemoOptions& o)
{
    for (const char* d : {"opt/models", "opt/app", "opt/app/src", "opt/app/cache"})
        if (auto s = w.dir(d); !s)
            return s;
    if (auto s = w.file("opt/models/weights.bin", pseudoRandom(o.modelBytes, 0x50c1)); !s)
        return s;
    if (auto s = w.file("opt/models/config.json", "{\"model\": \"demo\", \"layers\": 12, \"hidden\": 768}\n"); !s)
        return s;
    if (auto s = w.file("opt/app/cache/stale.txt", "cached before the opaque layer\n"); !s)
        return s;
    for (int i = 0; i < o.smallFiles; ++i) {
        char name[64];
        std::snprintf(name, sizeof name, "opt/app/src/module-%04d.txt", i);
        std::string text = "module " + std::to_string(i) + "\n";
        for (int k = 0; k < 1 + i % 7; ++k)
            text += "line " + std::to_string(k) + " of module " + std::to_string(i) + ": lazily loaded text\n";
        if (auto s = w.file(name, std::move(text)); !s)
            return s;
    }
    return {};
}

Status changesLayer(LayerWriter& w)
{
    if (auto s = w.whiteout("usr/share/doc/sociscope-demo/OLD-NOTES"); !s)
        return s;
    if (auto s = w.dir("opt/app/cache"); !s)
        return s;
    if (auto s = w.opaque("opt/app/cache"); !s)
        return s;
    if (auto s = w.file("opt/app/cache/fresh.txt", "written by the top layer\n"); !s)
        return s;
    return w.file("etc/motd", "Welcome to the Sociscope demo image.\n");
}

} // namespace

Result<oci::Descriptor> buildDemoImage(registry::Source& dst, const std::string& tag, const DemoOptions& options)
{
    std::vector<Layer> layers;
    const auto make = [&](auto&& fill) -> Status {
        LayerWriter w;
        if (auto s = fill(w); !s)
            return s;
        auto tar = w.finishTar();
        if (!tar)
            return tar.error();
        auto l = compressLayer(std::move(*tar), Compression::Gzip, 6);
        if (!l)
            return l.error();
        layers.push_back(std::move(*l));
        return {};
    };
    if (auto s = make([&](LayerWriter& w) { return baseLayer(w, options); }); !s)
        return s.error();
    if (auto s = make([&](LayerWriter& w) { return pythonLayer(w); }); !s)
        return s.error();
    if (auto s = make([&](LayerWriter& w) { return bigLayer(w, options); }); !s)
        return s.error();
    if (auto s = make([&](LayerWriter& w) { return changesLayer(w); }); !s)
        return s.error();
    ImageSpec spec;
    spec.cmd = {"/bin/sh", "-c", "cat /etc/os-release; echo; cat /srv/greeting"};
    spec.workingDir = "/";
    spec.labels = {{"org.opencontainers.image.title", "Sociscope demo"},
                   {"org.opencontainers.image.description", "A small runnable image for trying Sociscope offline"}};
    spec.exposedPorts = {"8080/tcp"};
    spec.volumes = {"/data"};
    spec.layerHistory = {"ADD busybox, /etc and dpkg status", "ADD python packages and CUDA headers",
                         "ADD /opt/models and /opt/app", "RUN rm OLD-NOTES; replace /opt/app/cache"};
    return writeImage(dst, layers, spec, tag);
}

} // namespace sociscope::image
