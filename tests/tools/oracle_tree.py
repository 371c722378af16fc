#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: Sociscope contributors
"""oracle_tree.py LAYOUT TAG ROOTFS [--layer N] -- the reference tree of an image, made by GNU tar.

Extracts the image's layers in order with GNU tar into ROOTFS, applying OCI
whiteouts the way overlayfs does (a layer's `.wh.<name>` removes <name> from
the layers below; `.wh..wh..opq` empties its folder of what the layers below
put there), then prints one JSON object per path, sorted:
{"path", "type", "size", "mode", "uid", "gid", "linkTarget", "sha256", "mtime",
 "ino", "nlink", "rdev", "xattrs"}. `ino` is only good for telling which paths
share an inode (hardlinks); `rdev` is "major:minor" for devices, else "";
`xattrs` maps each extended attribute name to its value (as text).

With --layer N, only layer N is extracted, and its whiteouts are converted the
way an overlayfs lower layer shows them (SOCI-FORMAT.md 4.2): `.wh.<name>`
becomes a character device 0:0 named <name> (mode 0, owner 0:0, mtime 0)
unless the layer itself has an entry <name>; `.wh..wh..opq` disappears and
sets trusted.overlay.opaque=y on its folder.

Layer blobs are decompressed with gzip/zstd programs; tar never sees SOCI.
Must run as root so modes, owners, device nodes and trusted.* come out as stored.
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
    subprocess.run(["tar", "-xpf", tar, "-C", rootfs, "--numeric-owner", "--same-owner", "--xattrs",
                    "--xattrs-include=*", "--exclude=.wh.*"], check=True)


def extract_layer_view(rootfs, tar):
    """One layer on its own, whiteouts as overlayfs expects them in a lower layer."""
    subprocess.run(["tar", "-xpf", tar, "-C", rootfs, "--numeric-owner", "--same-owner", "--xattrs",
                    "--xattrs-include=*"], check=True)
    for n in names(tar):
        p = clean(n)
        d, base = os.path.split(p)
        if base == ".wh..wh..opq":
            os.unlink(os.path.join(rootfs, p))
            os.setxattr(os.path.join(rootfs, d) if d else rootfs, "trusted.overlay.opaque", b"y")
        elif base.startswith(".wh."):
            os.unlink(os.path.join(rootfs, p))
            hidden = os.path.join(rootfs, d, base[4:])
            if not os.path.lexists(hidden):
                os.mknod(hidden, stat.S_IFCHR, os.makedev(0, 0))
                os.chmod(hidden, 0)
                os.chown(hidden, 0, 0)
                os.utime(hidden, (0, 0))


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
            e["ino"] = st.st_ino
            e["nlink"] = st.st_nlink
            e["rdev"] = ("%d:%d" % (os.major(st.st_rdev), os.minor(st.st_rdev))
                         if kind in ("char", "block") else "")
            e["xattrs"] = {k: os.getxattr(full, k, follow_symlinks=False).decode("utf-8", "replace")
                           for k in sorted(os.listxattr(full, follow_symlinks=False))}
            out.append(e)
    out.sort(key=lambda e: e["path"])
    return out


def main():
    args = sys.argv[1:]
    only = None
    if "--layer" in args:
        i = args.index("--layer")
        only = int(args[i + 1])
        del args[i:i + 2]
    layout, tag, rootfs = args[0:3]
    os.makedirs(rootfs, exist_ok=True)
    m = manifest_for(layout, tag)
    with tempfile.TemporaryDirectory() as tmp:
        for i, layer in enumerate(m["layers"]):
            if only is not None and i != only:
                continue
            tar = os.path.join(tmp, "%d.tar" % i)
            plain_tar(layer, blob(layout, layer["digest"]), tar)
            if only is None:
                apply_layer(rootfs, tar)
            else:
                extract_layer_view(rootfs, tar)
    json.dump(describe(rootfs), sys.stdout)


if __name__ == "__main__":
    main()
