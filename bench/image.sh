# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: Sociscope contributors
# Sourced by bench/run and bench/span-sizes: generates bench/run's image once
# into $work/image with tests/tools/mkimage.py (a ~6 k-file base layer, a
# ~24 k small-file layer, a ~1 GB layer holding a 500 MB file and 500 MB of
# text, a small whiteout layer), a tenth of that with quick=1. Needs $top,
# $work and $quick; sets $big, $pad, $base and $small.
. "$top/bench/layers.sh"

if [ ! -f "$work/image/index.json" ]; then
  echo "generating the benchmark image in $work (once)..." >&2
  cat > "$work/spec.json" <<JSON
{"layout": "$work/image", "tag": "t", "layers": [
$(bench_layers)
]}
JSON
  /usr/bin/python3 "$top/tests/tools/mkimage.py" "$work/spec.json" >/dev/null
fi
