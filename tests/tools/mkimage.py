#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: Sociscope contributors
"""mkimage.py SPEC.json -- writes an OCI image layout from a JSON description.

Test images are generated at run time, never committed. Standard library only
(plus the `zstd` program for zstd layers). Deterministic for a given spec.

Spec:
{
  "layout": "/tmp/x", "tag": "t", "architecture": "amd64", "os": "linux",
  "config": {"Cmd": ["/bin/sh"], "Env": ["A=b"], ...},   # copied into config.config
  "layers": [
    {"compression": "gzip" | "zstd" | "none", "level": 6, "members": 1,
     "format": "gnu" | "pax" | "ustar",
     "entries": [
        {"path": "etc/os-release", "data": "text"},              # regular file
        {"path": "var/lib/rpm/rpmdb.sqlite", "from": "/tmp/x"},  # a copy of a file of this machine
        {"path": "bin/big", "random": 5000000, "seed": 3},       # deterministic noise
        {"path": "bin/busybox", "from": "/bin/busybox", "mode": 493}, # a file of this machine
        {"path": "doc/a.txt", "text": 200000, "seed": 4},        # compressible text
        {"path": "d", "type": "dir", "mode": 493},
        {"path": "l", "type": "symlink", "target": "d/x"},
        {"path": "h", "type": "hardlink", "target": "etc/os-release"},
        {"path": "dev/null", "type": "char", "major": 1, "minor": 3},
        {"path": "p", "type": "fifo"},
        {"path": "d/.wh.x"},                                       # whiteouts are plain files
        {"many": 3000, "prefix": "usr/share/f/file-", "size": 100, "seed": 9},
        {"pax_global": {"comment": "refused by SOCI"}},
        {"path": "x", "data": "y", "uid": 1000, "gid": 1000, "uname": "alice", "mode": 2541,
         "mtime": 1234567890.5, "xattrs": {"user.comment": "hi"}}
     ]}
  ]
}
Names, link targets and xattr values may hold any bytes: write a byte that is
not UTF-8 as "\\udcXX" (0xFF is "\\udcff"); tarfile's surrogateescape turns it
back into the byte (PAX headers then say hdrcharset=BINARY).
Prints the manifest digest. Multi-member gzip splits the tar into `members`
pieces, each compressed as its own gzip member (as pigz does).
"""
import gzip
import hashlib
import io
import json
import os
import random
import subprocess
import sys
import tarfile
import zlib

MTIME = 1700000000


def sha(b):
    return "sha256:" + hashlib.sha256(b).hexdigest()


def text(rng, n):
    words = [b"lazy", b"span", b"layer", b"zstd", b"gzip", b"image", b"file", b"the", b"of", b"\n"]
    out = bytearray()
    while len(out) < n:
        out += rng.choice(words) + b" "
    return bytes(out[:n])


def entry_info(e, kind=tarfile.REGTYPE, size=0):
    ti = tarfile.TarInfo(e["path"])
    ti.type = kind
    ti.size = size
    ti.mode = e.get("mode", 0o755 if kind == tarfile.DIRTYPE else 0o644)
    ti.mtime = e.get("mtime", MTIME)
    ti.uid = e.get("uid", 0)
    ti.gid = e.get("gid", 0)
    ti.uname = e.get("uname", "")
    ti.gname = e.get("gname", "")
    if "xattrs" in e:
        ti.pax_headers = {"SCHILY.xattr." + k: v for k, v in e["xattrs"].items()}
    return ti


def make_tar(layer):
    fmt = {"gnu": tarfile.GNU_FORMAT, "pax": tarfile.PAX_FORMAT, "ustar": tarfile.USTAR_FORMAT}[
        layer.get("format", "pax")]
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as tf:
        for e in layer.get("entries", []):
            if "pax_global" in e:
                tf.close()
                # tarfile only writes a global header at the start: rebuild with it.
                buf = io.BytesIO()
                tf2 = tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT, pax_headers=e["pax_global"])
                for e2 in layer["entries"]:
                    if "pax_global" not in e2:
                        add_entry(tf2, e2)
                tf2.close()
                return buf.getvalue()
            add_entry(tf, e)
    return buf.getvalue()


def add_entry(tf, e):
    if "many" in e:
        rng = random.Random(e.get("seed", 1))
        for i in range(e["many"]):
            data = text(rng, e.get("size", 100))
            tf.addfile(entry_info({"path": "%s%05d" % (e["prefix"], i)}, size=len(data)), io.BytesIO(data))
        return
    kind = e.get("type", "file")
    if kind == "file":
        if "data" in e:
            data = e["data"].encode()
        elif "from" in e:
            with open(e["from"], "rb") as f:
                data = f.read()
        elif "random" in e:
            rng = random.Random(e.get("seed", 1))
            n = e["random"]
            data = b"".join(rng.randbytes(min(1 << 24, n - i)) for i in range(0, n, 1 << 24))
        elif "text" in e:
            data = text(random.Random(e.get("seed", 1)), e["text"])
        elif "from" in e:
            with open(e["from"], "rb") as f:
                data = f.read()
        else:
            data = b""
        tf.addfile(entry_info(e, size=len(data)), io.BytesIO(data))
    elif kind == "dir":
        tf.addfile(entry_info(e, tarfile.DIRTYPE))
    elif kind in ("symlink", "hardlink"):
        ti = entry_info(e, tarfile.SYMTYPE if kind == "symlink" else tarfile.LNKTYPE)
        ti.linkname = e["target"]
        if kind == "symlink":
            ti.mode = e.get("mode", 0o777)
        tf.addfile(ti)
    elif kind in ("char", "block"):
        ti = entry_info(e, tarfile.CHRTYPE if kind == "char" else tarfile.BLKTYPE)
        ti.devmajor = e.get("major", 0)
        ti.devminor = e.get("minor", 0)
        tf.addfile(ti)
    elif kind == "fifo":
        tf.addfile(entry_info(e, tarfile.FIFOTYPE))
    else:
        raise SystemExit("unknown entry type " + kind)


def gzip_member(data, level):
    c = zlib.compressobj(level, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


def compress(tar, layer):
    comp = layer.get("compression", "gzip")
    if comp == "none":
        return tar, "application/vnd.oci.image.layer.v1.tar"
    if comp == "zstd":
        out = subprocess.run(["zstd", "-q", "-c", "-%d" % layer.get("level", 3)], input=tar,
                             stdout=subprocess.PIPE, check=True).stdout
        return out, "application/vnd.oci.image.layer.v1.tar+zstd"
    level = layer.get("level", 6)
    members = max(1, layer.get("members", 1))
    step = (len(tar) + members - 1) // members
    blob = b"".join(gzip_member(tar[i:i + step], level) for i in range(0, len(tar), step))
    return blob, "application/vnd.oci.image.layer.v1.tar+gzip"


def write_blob(layout, data):
    d = sha(data)
    p = os.path.join(layout, "blobs", "sha256", d.split(":")[1])
    with open(p, "wb") as f:
        f.write(data)
    return d


def main():
    spec = json.load(open(sys.argv[1]))
    layout = spec["layout"]
    os.makedirs(os.path.join(layout, "blobs", "sha256"), exist_ok=True)
    with open(os.path.join(layout, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion":"1.0.0"}')
    layers, diff_ids = [], []
    for layer in spec["layers"]:
        tar = make_tar(layer)
        if layer.get("save_tar"):
            with open(layer["save_tar"], "wb") as f:
                f.write(tar)
        blob, media = compress(tar, layer)
        diff_ids.append(sha(tar))
        layers.append({"mediaType": media, "digest": write_blob(layout, blob), "size": len(blob)})
    config = {"architecture": spec.get("architecture", "amd64"), "os": spec.get("os", "linux"),
              "config": spec.get("config", {}), "rootfs": {"type": "layers", "diff_ids": diff_ids},
              "history": [{"created_by": "mkimage.py layer %d" % i} for i in range(len(layers))]}
    cbytes = json.dumps(config, separators=(",", ":")).encode()
    manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                           "digest": write_blob(layout, cbytes), "size": len(cbytes)},
                "layers": layers}
    mbytes = json.dumps(manifest, separators=(",", ":")).encode()
    mdigest = write_blob(layout, mbytes)
    index_path = os.path.join(layout, "index.json")
    index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": []}
    if os.path.exists(index_path):
        index = json.load(open(index_path))
    tag = spec.get("tag", "latest")
    index["manifests"] = [m for m in index["manifests"]
                          if m.get("annotations", {}).get("org.opencontainers.image.ref.name") != tag]
    index["manifests"].append({"mediaType": manifest["mediaType"], "digest": mdigest, "size": len(mbytes),
                               "annotations": {"org.opencontainers.image.ref.name": tag}})
    with open(index_path, "w") as f:
        json.dump(index, f)
    print(mdigest)


if __name__ == "__main__":
    main()
