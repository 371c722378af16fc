# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: Sociscope contributors
# Sourced by bench/image.sh and bench/runnable-image.sh: the sizes of bench/run's
# image ($quick=1: a tenth) and bench_layers, which prints its four layers as
# mkimage.py spec entries (a ~6 k-file base layer, a ~24 k small-file layer, a
# ~1 GB layer holding a 500 MB file and 500 MB of text, a small whiteout layer).
if [ "$quick" -eq 1 ]; then big=50000000; pad=50000000; base=600; small=2400
else big=500000000; pad=500000000; base=6000; small=24000; fi

bench_layers() {
  cat <<JSON
 {"compression": "gzip", "level": 6, "entries": [
   {"many": $((base / 2)), "prefix": "usr/share/doc/pkg/file-", "size": 3000, "seed": 1},
   {"many": $((base / 2)), "prefix": "usr/lib/x86_64-linux-gnu/lib-", "size": 12000, "seed": 2},
   {"path": "etc/os-release", "data": "PRETTY_NAME=\"Bench Linux\"\nID=bench\n"}]},
 {"compression": "gzip", "level": 6, "entries": [
   {"many": $small, "prefix": "opt/site-packages/pkg/module-", "size": 4000, "seed": 3}]},
 {"compression": "gzip", "level": 1, "entries": [
   {"path": "opt/models/weights.bin", "random": $big, "seed": 4},
   {"path": "opt/models/corpus.txt", "text": $pad, "seed": 5}]},
 {"compression": "gzip", "entries": [{"path": "usr/share/doc/pkg/.wh.file-00000"}, {"path": "etc/motd", "data": "hi\n"}]}
JSON
}
