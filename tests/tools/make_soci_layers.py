#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: Sociscope contributors
"""Writes test layers for the zTOC builder tests into OUTDIR, plus OUTDIR/manifest.json.

Standard library only. Each layer is a tar (also written uncompressed, as the byte
oracle) and usually a gzip of it. For every layer the manifest lists what Python's
own tarfile reads back: name, offset_data, size, type and linkname of every member.
That is an oracle independent of the C++ tar reader. Layers that SOCI must refuse
say so, with a word the error message has to contain.

Deterministic: the same seed always gives the same bytes.
"""
import gzip
import io
import json
import os
import random
import sys
import tarfile
import zlib

SEED = 20240611
MTIME = 1700000000


def text_bytes(rng, n):
    words = [b"layer", b"span", b"checkpoint", b"inflate", b"deflate", b"registry", b"manifest",
             b"blob", b"digest", b"tar", b"gzip", b"window", b"offset", b"\n", b"the", b"of"]
    out = bytearray()
    while len(out) < n:
        out += rng.choice(words) + b" "
    return bytes(out[:n])


def noise_bytes(rng, n):
    return rng.getrandbits(8 * n).to_bytes(n, "little") if n else b""


def info(name, kind=tarfile.REGTYPE, size=0, mode=0o644, linkname="", mtime=MTIME, **extra):
    ti = tarfile.TarInfo(name)
    ti.type = kind
    ti.size = size
    ti.mode = mode
    ti.linkname = linkname
    ti.mtime = mtime
    ti.uid = extra.get("uid", 0)
    ti.gid = extra.get("gid", 0)
    ti.uname = extra.get("uname", "")
    ti.gname = extra.get("gname", "")
    if "pax" in extra:
        ti.pax_headers = extra["pax"]
    if "devmajor" in extra:
        ti.devmajor, ti.devminor = extra["devmajor"], extra["devminor"]
    return ti


def add(tf, ti, data=b""):
    tf.addfile(ti, io.BytesIO(data) if ti.type in (tarfile.REGTYPE, tarfile.CONTTYPE) else None)


def many_files_tar(rng, fmt):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as tf:
        add(tf, info("app/", tarfile.DIRTYPE, mode=0o755))
        add(tf, info("app/data/", tarfile.DIRTYPE, mode=0o755))
        for i in range(2600):
            kind = i % 13
            name = "app/data/f%04d.txt" % i
            if kind == 0:
                add(tf, info(name, size=0))  # empty files all along the archive
            elif kind == 1:
                data = noise_bytes(rng, rng.randint(1, 3000))
                add(tf, info(name, size=len(data)), data)
            else:
                data = text_bytes(rng, rng.randint(1, 1500))
                add(tf, info(name, size=len(data), uid=1000, gid=100, uname="u", gname="g"), data)
            if i % 200 == 0:
                add(tf, info("app/data/dir%04d/" % i, tarfile.DIRTYPE, mode=0o755))
        for i, n in enumerate([150000, 300001, 700000]):  # files across 2+ spans
            data = text_bytes(rng, n) if i != 1 else noise_bytes(rng, n)
            add(tf, info("app/big%d.bin" % i, size=n, mode=0o755), data)
        add(tf, info("app/link-to-big", tarfile.SYMTYPE, linkname="big0.bin", mode=0o777))
        add(tf, info("app/hard-to-big", tarfile.LNKTYPE, linkname="app/big0.bin"))
        add(tf, info("app/data/.wh.removed", size=0))
        add(tf, info("app/data/dir0000/.wh..wh..opq", size=0))
        add(tf, info("app/fifo", tarfile.FIFOTYPE))
        add(tf, info("app/null", tarfile.CHRTYPE, devmajor=1, devminor=3))
        add(tf, info("app/sda", tarfile.BLKTYPE, devmajor=8, devminor=0))
    return buf.getvalue()


def long_names_tar(rng, fmt):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as tf:
        deep = "/".join("segment-%02d-of-a-very-long-path" % i for i in range(12))
        add(tf, info(deep + "/", tarfile.DIRTYPE, mode=0o755))
        for i in range(40):
            data = text_bytes(rng, rng.randint(0, 5000))
            name = deep + "/file-with-a-long-name-%03d-" % i + "x" * (i * 3)
            extra = {}
            if fmt == tarfile.PAX_FORMAT:
                extra["pax"] = {"SCHILY.xattr.user.comment": "n%d" % i, "mtime": "%d.%03d" % (MTIME + i, i * 7)}
            add(tf, info(name, size=len(data), **extra), data)
        add(tf, info("short-link", tarfile.SYMTYPE, linkname=deep + "/" + "t" * 120))
        add(tf, info(deep + "/hard", tarfile.LNKTYPE, linkname=deep + "/file-with-a-long-name-000-"))
    return buf.getvalue()


def gzip_bytes(data, level, fname=None):
    out = io.BytesIO()
    with gzip.GzipFile(filename=fname or "", mode="wb", fileobj=out, compresslevel=level, mtime=0) as gz:
        gz.write(data)
    return out.getvalue()


def multi_member(data, level, parts):
    cuts = sorted({len(data) * k // parts for k in range(1, parts)})
    pieces, start = [], 0
    for c in cuts + [len(data)]:
        pieces.append(gzip.compress(data[start:c], compresslevel=level, mtime=0))
        start = c
    return b"".join(pieces)


def padded_to_span_edge(rng, span):
    """A plain tar with empty files whose data offsets fall exactly on span edges."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tf:
        for k in range(1, 4):
            target = k * span  # the empty file's data offset
            room = target - 512 - tf.offset - 512  # filler header + filler data
            data = text_bytes(rng, room - rng.randint(0, 511))
            add(tf, info("filler-%d" % k, size=len(data)), data)
            assert tf.offset == target - 512, (tf.offset, target)
            add(tf, info("edge-%d" % k, size=0))
        data = text_bytes(rng, 3 * span + 77)
        add(tf, info("tail", size=len(data)), data)
    return buf.getvalue()


def refused_tars(rng):
    out = {}
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT, pax_headers={"comment": "global"}) as tf:
        add(tf, info("after-global", size=3), b"abc")
    out["pax-global"] = (buf.getvalue(), "'g'")

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tf:
        add(tf, info("ok-first", size=5), b"hello")
        add(tf, info("contiguous-file", tarfile.CONTTYPE, size=4), b"data")
    out["contiguous"] = (buf.getvalue(), "'7'")

    # tarfile cannot write GNU sparse files; build an old-GNU 'S' header by hand.
    hdr = bytearray(512)
    def put(off, length, value):
        hdr[off:off + len(value)] = value
    put(0, 100, b"sparse-file")
    put(100, 8, b"0000644\0")
    put(108, 8, b"0000000\0")
    put(116, 8, b"0000000\0")
    put(124, 12, b"00000001000\0")
    put(136, 12, b"%011o\0" % MTIME)
    hdr[156] = ord("S")
    put(257, 8, b"ustar  \0")
    put(386, 24, b"00000000000\0" + b"00000001000\0")  # one sparse entry: offset 0, 512 bytes
    put(483, 12, b"00000001000\0")  # real size
    put(148, 8, b" " * 8)
    put(148, 8, b"%06o\0 " % sum(hdr))
    body = bytes(hdr) + noise_bytes(rng, 512) + bytes(1024)
    out["gnu-sparse"] = (body + bytes(10240 - len(body) % 10240), "'S'")
    return out


def oracle_entries(tar_bytes):
    entries, end = [], 0
    kinds = {tarfile.REGTYPE: "reg", tarfile.AREGTYPE: "reg", tarfile.DIRTYPE: "dir", tarfile.SYMTYPE: "symlink",
             tarfile.LNKTYPE: "hardlink", tarfile.CHRTYPE: "char", tarfile.BLKTYPE: "block",
             tarfile.FIFOTYPE: "fifo"}
    with tarfile.open(fileobj=io.BytesIO(tar_bytes), mode="r:") as tf:
        for m in tf:
            entries.append({"name": m.name, "offset": m.offset_data, "size": m.size, "type": kinds[m.type],
                            "linkname": m.linkname, "mtime": str(m.pax_headers.get("mtime", int(m.mtime))),
                            "pax": dict(m.pax_headers)})
            data = m.size if m.type in (tarfile.REGTYPE, tarfile.AREGTYPE) else 0
            end = m.offset_data + (data + 511) // 512 * 512
    return entries, end + 1024  # tarfile always writes two zero blocks


def main():
    outdir = sys.argv[1]
    rng = random.Random(SEED)
    layers = []

    tars = {}

    def emit(name, tar_bytes, blob, compression, span, expect="ok", reason=""):
        # Several layers share one tar; write each distinct tar once, as the byte oracle.
        tar_name = tars.setdefault(tar_bytes, name + ".tar")
        blob_name = tar_name if blob == tar_bytes else name + ".tar.gz"
        for file_name, data in ((tar_name, tar_bytes), (blob_name, blob)):
            path = os.path.join(outdir, file_name)
            if not os.path.exists(path):
                with open(path, "wb") as f:
                    f.write(data)
        layer = {"name": name, "tar": tar_name, "blob": blob_name, "compression": compression, "span": span,
                 "expect": expect, "reason": reason}
        if expect == "ok":
            layer["entries"], layer["archive_size"] = oracle_entries(tar_bytes)
        layers.append(layer)

    many_gnu = many_files_tar(rng, tarfile.GNU_FORMAT)
    for level in (0, 1, 6, 9):
        emit("many-l%d" % level, many_gnu, gzip_bytes(many_gnu, level), "gzip", 65536)
    emit("many-fname-header", many_gnu, gzip_bytes(many_gnu, 6, fname="layer.tar"), "gzip", 131072)
    emit("many-multimember", many_gnu, multi_member(many_gnu, 6, 5), "gzip", 65536)
    emit("many-uncompressed", many_gnu, many_gnu, "none", 65536)

    pax = long_names_tar(rng, tarfile.PAX_FORMAT)
    emit("pax-long-names", pax, gzip_bytes(pax, 6), "gzip", 16384)
    gnu = long_names_tar(rng, tarfile.GNU_FORMAT)
    emit("gnu-long-names", gnu, gzip_bytes(gnu, 1), "gzip", 16384)

    edges = padded_to_span_edge(rng, 65536)
    emit("span-edges-uncompressed", edges, edges, "none", 65536)
    emit("span-edges-gzip-l0", edges, gzip_bytes(edges, 0), "gzip", 65536)

    for name, (tar_bytes, reason) in refused_tars(rng).items():
        emit(name, tar_bytes, gzip_bytes(tar_bytes, 6), "gzip", 65536, expect="unsupported", reason=reason)

    with open(os.path.join(outdir, "manifest.json"), "w") as f:
        json.dump({"seed": SEED, "zlib": zlib.ZLIB_RUNTIME_VERSION, "layers": layers}, f, indent=1)


if __name__ == "__main__":
    main()
