#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: Sociscope contributors
"""oracle_tree.py LAYOUT TAG ROOTFS -- the reference tree of an image, made by GNU tar.

Extracts the image's layers in order with GNU tar into ROOTFS, applying OCI
whiteouts the way overlayfs does (a layer's `.wh.<name>` removes <name> from
the layers below; `.wh..wh..opq` empties its folder of what the layers below
put there), then prints one JSON object per path, sorted:
{"path", "type", "size", "mode", "uid", "gid", "linkTarget", "sha256", "mtime"}.
Layer blobs are decompressed with gzip/zstd programs; tar never sees SOCI.
Must run as root so modes, owners and device nodes come out as stored.
"""
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile


def blob(layout, digest):
    return os.path.join(layout, "blobs", "sha256", digest.split(":")[1])


def manifest_for(layout, tag):
    index = json.load(open(os.path.join(layout, "index.json")))
    for m in index["manifests"]:
        if m.get("annotations", {}).get("org.opencontainers.image.ref.name") == tag:
            doc = json.load(open(blob(layout, m["digest"])))
            if "manifests" in doc:  # an index: the first image manifest
                for d in doc["manifests"]:
                    if not d.get("artifactType") and d.get("platform", {}).get("architecture") != "unknown":
                        return json.load(open(blob(layout, d["digest"])))
            return doc
    raise SystemExit("tag %s not in %s" % (tag, layout))


def plain_tar(layer, path, out):
    media = layer["mediaType"]
    with open(out, "wb") as f:
        if media.endswith("+zstd"):
            subprocess.run(["zstd", "-d", "-c", path], stdout=f, check=True)
        elif media.endswith("gzip"):
            subprocess.run(["gzip", "-d", "-c", path], stdout=f, check=True)
        else:
            shutil.copyfileobj(open(path, "rb"), f)


def names(tar):
    out = subprocess.run(["tar", "-tf", tar], stdout=subprocess.PIPE, check=True).stdout.decode()
    return [n for n in out.split("\n") if n]


def clean(name):
    return os.path.normpath("/" + name).lstrip("/")


def apply_layer(rootfs, tar):
    for n in names(tar):
        p = clean(n)
        d, base = os.path.split(p)
        if base == ".wh..wh..opq":
            target = os.path.join(rootfs, d)
            if os.path.isdir(target) and not os.path.islink(target):
                for child in os.listdir(target):
                    remove(os.path.join(target, child))
        elif base.startswith(".wh."):
            remove(os.path.join(rootfs, d, base[4:]))
    subprocess.run(["tar", "-xpf", tar, "-C", rootfs, "--numeric-owner", "--same-owner",
                    "--exclude=.wh.*"], check=True)


def remove(path):
    if os.path.islink(path) or os.path.isfile(path) or (os.path.exists(path) and not os.path.isdir(path)):
        os.unlink(path)
    elif os.path.isdir(path):
        shutil.rmtree(path)


def describe(rootfs):
    out = []
    for top, dirs, files in os.walk(rootfs):
        for name in sorted(dirs + files):
            full = os.path.join(top, name)
            st = os.lstat(full)
            rel = "/" + os.path.relpath(full, rootfs)
            mode = st.st_mode
            kind = ("dir" if stat.S_ISDIR(mode) else "symlink" if stat.S_ISLNK(mode) else "reg" if stat.S_ISREG(mode)
                    else "char" if stat.S_ISCHR(mode) else "block" if stat.S_ISBLK(mode) else "fifo")
            e = {"path": rel, "type": kind, "mode": stat.S_IMODE(mode), "uid": st.st_uid, "gid": st.st_gid,
                 "size": st.st_size if kind in ("reg", "symlink") else 0,
                 "linkTarget": os.readlink(full) if kind == "symlink" else "", "mtime": int(st.st_mtime)}
            if kind == "reg":
                e["sha256"] = hashlib.sha256(open(full, "rb").read()).hexdigest()
            out.append(e)
    out.sort(key=lambda e: e["path"])
    return out


def main():
    layout, tag, rootfs = sys.argv[1:4]
    os.makedirs(rootfs, exist_ok=True)
    m = manifest_for(layout, tag)
    with tempfile.TemporaryDirectory() as tmp:
        for i, layer in enumerate(m["layers"]):
            tar = os.path.join(tmp, "%d.tar" % i)
            plain_tar(layer, blob(layout, layer["digest"]), tar)
            apply_layer(rootfs, tar)
    json.dump(describe(rootfs), sys.stdout)


if __name__ == "__main__":
    main()
