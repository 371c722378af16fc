#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: Sociscope contributors
# Runs one Qt Test program for ctest and turns its result into ctest's:
# a failure stays a failure even when some cases were skipped (ctest's
# SKIP_REGULAR_EXPRESSION would report such a run as skipped, hiding the
# failure); a passing run that skipped cases (QSKIP: fixtures absent, no
# FUSE) exits 77, which ctest shows as skipped. Usage: qtest-result.sh PROGRAM [ARGS...]
set -uo pipefail
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
if [ "$rc" -ne 0 ]; then
  [ "$rc" -eq 77 ] && rc=1
  exit "$rc"
fi
if grep -q '^SKIP   :' "$log"; then
  exit 77
fi
exit 0
