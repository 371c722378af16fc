# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: Sociscope contributors
# Sourced by bench/run-lazy-run and bench/run-containerd: bench/run's image
# with a busybox-static layer at the bottom so that it runs (`cat
# /etc/os-release`), generated once into $work/run-image with
# tests/tools/mkimage.py (a tenth of it with quick=1), and first_output.
# Needs $top, $work, $quick and $ctl; sets $big, $pad, $base and $small.
# push_runnable_image REGISTRY pushes it as bench/runnable:t and converts it
# to :t-soci (once per registry) and sets $ref and $size.
. "$top/bench/layers.sh"

if [ ! -f "$work/run-image/index.json" ]; then
  echo "generating the runnable benchmark image in $work/run-image (once)..." >&2
  links=""
  for a in sh cat echo ls sleep; do links="$links,{\"path\": \"bin/$a\", \"type\": \"symlink\", \"target\": \"busybox\"}"; done
  cat > "$work/run-spec.json" <<JSON
{"layout": "$work/run-image", "tag": "t",
 "config": {"Cmd": ["/bin/cat", "/etc/os-release"], "Env": ["PATH=/bin"]},
 "layers": [
 {"compression": "gzip", "entries": [{"path": "bin", "type": "dir"},
   {"path": "bin/busybox", "from": "/bin/busybox", "mode": 493}$links]},
$(bench_layers)
]}
JSON
  /usr/bin/python3 "$top/tests/tools/mkimage.py" "$work/run-spec.json" >/dev/null
fi

push_runnable_image() {
  ref="$1/bench/runnable"
  if ! "$ctl" -q inspect "$ref:t-soci" >/dev/null 2>&1; then
    echo "pushing and converting the image..." >&2
    "$ctl" -q copy "oci:$work/run-image:t" "$ref:t"
    "$ctl" -q index convert "$ref:t" "$ref:t-soci" >/dev/null
  fi
  size=$("$ctl" inspect "$ref:t" --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["images"][0]["layersSize"])')
}

# Seconds from start to the first byte on stdout, and to the exit.
first_output() {
  /usr/bin/python3 - "$@" <<'PY'
import os, subprocess, sys, time
t0 = time.monotonic()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE)
first = p.stdout.read(1)
t1 = time.monotonic()
rest = p.stdout.read()
rc = p.wait()
t2 = time.monotonic()
sys.stderr.write((first + rest).decode(errors="replace"))
print(f"{t1 - t0:.3f} {t2 - t0:.3f} {rc}")
PY
}

