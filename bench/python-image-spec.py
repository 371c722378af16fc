#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: Sociscope contributors
"""python-image-spec.py LAYOUT -- prints a tests/tools/mkimage.py spec of an
image with this machine's Debian python3 (bench/run-prefetch-python).

Layer 0: busybox (sh, cat), the dynamic loader and the shared libraries that
/usr/bin/python3 and its lib-dynload modules need (ldd), /etc/os-release.
Layer 1: /usr/lib/python3.X whole (sources, __pycache__, lib-dynload): the
many small files an interpreter reads at start.
"""
import json
import os
import subprocess
import sys
import sysconfig

layout = sys.argv[1]
py = os.path.realpath("/usr/bin/python3")
stdlib = "/usr/lib/" + os.path.basename(os.path.realpath(sysconfig.get_path("stdlib")))


def libs_of(binary):
    out = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        for p in parts:
            if p.startswith("/"):
                yield p


def dirs_of(paths):
    seen = set()
    for p in paths:
        d = os.path.dirname(p)
        while d and d != "/" and d not in seen:
            seen.add(d)
            d = os.path.dirname(d)
    return sorted(seen)


def entries_for(paths):
    """Dirs, then files (symlinks kept as symlinks, as on the machine)."""
    out = [{"path": d.lstrip("/"), "type": "dir", "mode": 0o755} for d in dirs_of(paths)]
    for p in sorted(paths):
        if os.path.islink(p):
            out.append({"path": p.lstrip("/"), "type": "symlink", "target": os.readlink(p)})
        else:
            out.append({"path": p.lstrip("/"), "from": p, "mode": os.stat(p).st_mode & 0o7777})
    return out


stdlib_files = []
for root, dirs, files in os.walk(stdlib):
    dirs[:] = [d for d in dirs if d not in ("test", "idlelib", "tkinter", "site-packages", "dist-packages")]
    for f in files:
        stdlib_files.append(os.path.join(root, f))

libs = set()
for b in [py] + [f for f in stdlib_files if f.endswith(".so")]:
    for lib in libs_of(b):
        # Through the folder's real path (/lib is usr/lib on merged-/usr
        # Debian), the name itself kept (a versioned symlink stays one).
        libs.add(os.path.join(os.path.realpath(os.path.dirname(lib)), os.path.basename(lib)))
        libs.add(os.path.realpath(lib))
base = sorted(libs | {py, "/usr/bin/python3"})
base_entries = entries_for(base)
# /lib64 and /lib are symlinks on merged-/usr Debian: keep them so.
for link in ("/lib64", "/lib", "/bin"):
    if os.path.islink(link):
        base_entries = [e for e in base_entries if e["path"] != link.lstrip("/")]
        base_entries.insert(0, {"path": link.lstrip("/"), "type": "symlink", "target": os.readlink(link)})
base_entries = [e for e in base_entries if not (e["path"] == "bin" and e.get("type") == "dir")]
base_entries += [
    {"path": "usr/bin/busybox", "from": "/bin/busybox", "mode": 0o755},
    {"path": "usr/bin/sh", "type": "symlink", "target": "busybox"},
    {"path": "usr/bin/cat", "type": "symlink", "target": "busybox"},
    {"path": "etc", "type": "dir", "mode": 0o755},
    {"path": "etc/os-release", "data": "PRETTY_NAME=\"Bench Python\"\nID=bench\n"},
    {"path": "tmp", "type": "dir", "mode": 0o1777},
]
spec = {
    "layout": layout, "tag": "t",
    "config": {"Cmd": ["/usr/bin/python3"], "Env": ["PATH=/usr/bin:/bin"]},
    "layers": [
        {"compression": "gzip", "entries": base_entries},
        {"compression": "gzip", "level": 6, "entries": [e for e in entries_for(stdlib_files)
                                                        if e["path"] not in ("usr", "usr/lib")]},
    ],
}
json.dump(spec, sys.stdout)
