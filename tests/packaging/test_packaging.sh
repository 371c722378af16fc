#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: Sociscope contributors
# The desktop file and metainfo validate; the .deb builds, has the right
# Depends, unpacks (dpkg -x) into the layout we promise, and its programs run
# from there. Usage: test_packaging.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1
build=$2
id=io.github.sociscope.Sociscope
fail() { echo "FAIL: $*" >&2; exit 1; }

desktop-file-validate "$src/packaging/$id.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "$src/packaging/$id.metainfo.xml" || fail "appstreamcli validate"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
( cd "$build" && cpack -G DEB -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1 ) || { cat "$tmp/cpack.log" >&2; fail "cpack"; }
deb=$(ls "$tmp"/pkg/*.deb)
depends=$(dpkg-deb -f "$deb" Depends)
for d in fuse3 runc libqt6widgets6 libfuse3-3 libcurl4; do
  [[ $depends == *"$d"* ]] || fail "Depends lacks $d: $depends"
done
# grep without -q: -q exits at the first match, the writer dies of SIGPIPE and pipefail fails the line.
dpkg-deb -I "$deb" | grep >/dev/null postinst || fail "no postinst"
mkdir "$tmp/root"
dpkg -x "$deb" "$tmp/root"
r="$tmp/root/usr"
for f in bin/sociscope bin/sociscopectl libexec/sociscope/sociscoped \
         share/applications/$id.desktop share/metainfo/$id.metainfo.xml \
         share/icons/hicolor/scalable/apps/$id.svg share/icons/hicolor/48x48/apps/$id.png \
         share/icons/hicolor/256x256/apps/$id.png lib/systemd/system/sociscoped.service \
         lib/sysusers.d/sociscope.conf lib/tmpfiles.d/sociscope.conf \
         share/bash-completion/completions/sociscopectl share/zsh/vendor-completions/_sociscopectl \
         share/fish/vendor_completions.d/sociscopectl.fish share/man/man1/sociscopectl.1 \
         share/man/man1/sociscope.1 share/man/man8/sociscoped.8; do
  [ -e "$r/$f" ] || fail "missing /usr/$f"
done
grep -q "ExecStart=/usr/libexec/sociscope/sociscoped" "$r/lib/systemd/system/sociscoped.service" || fail "unit ExecStart"
# The installed programs run from the unpacked tree (RPATH to lib/sociscope).
"$r/bin/sociscopectl" --version | grep >/dev/null "sociscopectl" || fail "sociscopectl --version"
"$r/libexec/sociscope/sociscoped" --version | grep >/dev/null "sociscoped" || fail "sociscoped --version"
QT_QPA_PLATFORM=offscreen "$r/bin/sociscope" --version | grep -i >/dev/null "sociscope" || fail "sociscope --version"
# The CLI finds the daemon in ../libexec/sociscope.
ldd "$r/libexec/sociscope/sociscoped" | grep >/dev/null "not found" && fail "sociscoped has unresolved libraries"
man -l "$r/share/man/man1/sociscopectl.1" >/dev/null 2>&1 || true
bash -n "$r/share/bash-completion/completions/sociscopectl" || fail "bash completion syntax"
echo "packaging ok: $(basename "$deb")"
