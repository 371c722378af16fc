#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: Sociscope contributors
# Checks faultproxy.py and tokenserver.py against Debian's real docker-registry
# (distribution 2.8), with curl and skopeo as clients nobody here wrote. Also
# shows an htpasswd (bcrypt) registry config. Every process it starts is
# stopped by PID on exit. Prints "ok"/"FAIL" per check, then "N passed, N failed";
# exits non-zero on any failure.
set -uo pipefail
export LC_ALL=C
export NO_PROXY='*' no_proxy='*'
for v in $(compgen -e | grep '^REGISTRY_'); do unset "$v"; done  # would override registry configs
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
py=/usr/bin/python3

for tool in docker-registry skopeo umoci htpasswd openssl curl "$py"; do
  command -v "$tool" >/dev/null || { echo "FAIL - $tool is not installed (tools/install-deps installs it)"; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sociscope-servers.XXXXXX")
pids=()
stop_pid() {  # stop_pid PID: TERM, wait at most 5 s, then KILL
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}
term_rc() {  # term_rc PID: SIGTERM, then the exit status (255 if it had to be killed)
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; wait "$pid" 2>/dev/null; return 255; fi
  wait "$pid"
}
forget_pid() {  # forget_pid PID: no longer stopped by cleanup (already reaped)
  local p keep=()
  for p in "${pids[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
  pids=("${keep[@]}")
}
cleanup() {
  local pid
  for pid in "${pids[@]}"; do stop_pid "$pid"; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

passed=0 failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
bad() { echo "FAIL - $1"; failed=$((failed + 1)); }
expect() {  # expect DESCRIPTION GOT WANT
  if [ "$2" = "$3" ]; then ok "$1"; else bad "$1 (got '$2', want '$3')"; fi
}
expect_match() {  # expect_match DESCRIPTION TEXT EXTENDED-REGEX
  if printf '%s' "$2" | grep -Eq -- "$3"; then ok "$1"; else bad "$1 ('$2' does not match /$3/)"; fi
}
c() { curl -sS --noproxy '*' --max-time 20 "$@"; }
# fetch CURL-ARGS...: body to $tmp/got; sets $code, $size, $rc (curl's exit) and $err.
fetch() {
  local out
  out=$(c -o "$tmp/got" -w '%{http_code} %{size_download}' "$@" 2>"$tmp/err")
  rc=$?
  code=${out% *} size=${out#* } err=$(cat "$tmp/err")
}
# json FILE PYTHON-EXPR: evaluates EXPR with d = the parsed JSON document.
json() { "$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); r=eval(sys.argv[2]); print(json.dumps(r) if isinstance(r,(list,dict,bool)) or r is None else r)' "$1" "$2"; }

# start NAME COMMAND...: runs COMMAND in the background and sets $port from its
# "listening on 127.0.0.1:PORT" line (stdout or stderr), waiting at most 15 s.
start() {
  local name=$1 i pid; shift
  "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null &
  pid=$!
  pids+=("$pid")
  eval "${name}_pid=$pid"
  port=
  for ((i = 0; i < 150; i++)); do
    port=$(grep -ohE 'listening on 127\.0\.0\.1:[0-9]+' "$tmp/$name.out" "$tmp/$name.err" 2>/dev/null | head -1 | sed 's/.*://')
    [ -n "$port" ] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "FAIL - $name did not start; its stderr:" >&2
  tail -20 "$tmp/$name.err" >&2
  exit 1
}

registry_config() {  # registry_config DIR [EXTRA-YAML-FILE]
  mkdir -p "$1/data"
  {
    printf 'version: 0.1\nlog: {level: info}  # the "listening on" line is at info\n'
    printf 'storage: {filesystem: {rootdirectory: %s/data}, delete: {enabled: true}}\n' "$1"
    printf 'http: {addr: 127.0.0.1:0, secret: sociscope-test-secret}\n'
    [ $# -ge 2 ] && cat "$2"
  } >"$1/config.yml"
}

echo '{"default":[{"type":"insecureAcceptAnything"}]}' >"$tmp/policy.json"
# skopeo keeps its credentials in this test's own file; not exported, because
# docker-registry reads every REGISTRY_* variable as a config override.
sk() { REGISTRY_AUTH_FILE=$tmp/auth.json timeout 60 skopeo --policy "$tmp/policy.json" "$@"; }

# A small OCI image, made with umoci, and a blob with known bytes.
mkdir -p "$tmp/src"
echo "hello from sociscope" >"$tmp/src/hello.txt"
umoci init --layout "$tmp/oci" && umoci new --image "$tmp/oci:v1" &&
  umoci insert --image "$tmp/oci:v1" "$tmp/src/hello.txt" /hello.txt >/dev/null ||
  { echo "FAIL - umoci could not build the test image"; exit 1; }
seq 1 20000 >"$tmp/blob.bin"  # 108894 bytes
blob_size=$(stat -c %s "$tmp/blob.bin")
blob_digest=sha256:$(sha256sum "$tmp/blob.bin" | cut -d' ' -f1)

############################################################################
echo "# fault proxy in front of an open registry"
registry_config "$tmp/open"
start reg docker-registry serve "$tmp/open/config.yml"
reg_port=$port
start proxy "$py" "$here/faultproxy.py" --upstream "127.0.0.1:$reg_port" --log "$tmp/proxy.jsonl"
P=http://127.0.0.1:$port
proxy_port=$port
rules() { c -o "$tmp/rules.out" -w '%{http_code}' -X PUT --data-binary "$1" "$P/__proxy/rules"; }

# Monolithic blob upload through the proxy: Location must point at the proxy.
c -o /dev/null -D "$tmp/h" -X POST "$P/v2/test/blob/blobs/uploads/"
loc=$(tr -d '\r' <"$tmp/h" | sed -n 's/^[Ll]ocation: //p')
expect_match "upload Location is rewritten to the proxy" "$loc" "^http://127\.0\.0\.1:$proxy_port/v2/test/blob/blobs/uploads/"
code=$(c -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Type: application/octet-stream' \
  --data-binary @"$tmp/blob.bin" "$loc&digest=$blob_digest")
expect "PUT of a blob through the proxy" "$code" 201

# Chunked request body (PATCH) through the proxy.
head -c 300000 /dev/urandom >"$tmp/rnd.bin"
rnd_digest=sha256:$(sha256sum "$tmp/rnd.bin" | cut -d' ' -f1)
c -o /dev/null -D "$tmp/h" -X POST "$P/v2/test/rnd/blobs/uploads/"
loc=$(tr -d '\r' <"$tmp/h" | sed -n 's/^[Ll]ocation: //p')
c -o /dev/null -D "$tmp/h" -X PATCH -H 'Transfer-Encoding: chunked' -H 'Content-Type: application/octet-stream' \
  --data-binary @"$tmp/rnd.bin" "$loc"
loc=$(tr -d '\r' <"$tmp/h" | sed -n 's/^[Ll]ocation: //p')
code=$(c -o /dev/null -w '%{http_code}' -X PUT "$loc&digest=$rnd_digest")
expect "chunked PATCH upload then PUT through the proxy" "$code" 201
c -o "$tmp/got" "http://127.0.0.1:$reg_port/v2/test/rnd/blobs/$rnd_digest"
cmp -s "$tmp/got" "$tmp/rnd.bin" && ok "chunked upload arrived intact upstream" || bad "chunked upload arrived intact upstream"

# A real client: skopeo pushes and inspects through the proxy.
if sk copy -q --dest-tls-verify=false "oci:$tmp/oci:v1" "docker://127.0.0.1:$proxy_port/test/img:v1" >"$tmp/sk.log" 2>&1; then
  ok "skopeo copy through the proxy"
else
  bad "skopeo copy through the proxy: $(tail -3 "$tmp/sk.log")"
fi
d_proxy=$(sk inspect --tls-verify=false --format '{{.Digest}}' "docker://127.0.0.1:$proxy_port/test/img:v1" 2>&1)
d_direct=$(sk inspect --tls-verify=false --format '{{.Digest}}' "docker://127.0.0.1:$reg_port/test/img:v1" 2>&1)
expect "skopeo inspect digest via proxy equals direct" "$d_proxy" "$d_direct"

B=$P/v2/test/blob/blobs/$blob_digest
rules '[]' >/dev/null
c -o "$tmp/got" "$B"
cmp -s "$tmp/got" "$tmp/blob.bin" && ok "plain GET of the blob is byte-exact" || bad "plain GET of the blob is byte-exact"
fetch -I -D "$tmp/h" "$B"
expect "HEAD gives 200 with no body" "$code $size $rc" "200 0 0"
expect_match "HEAD keeps upstream's Content-Length" "$(tr -d '\r' <"$tmp/h")" "Content-Length: $blob_size"
out=$(c -o /dev/null -o /dev/null -o /dev/null -w '%{num_connects} ' "$B" "$B" "$B")
expect "keep-alive: later requests reuse the first connection" "$out" "1 0 0 "
out=$(c -o "$tmp/got" -w '%{http_code}' -H 'Range: bytes=10-19' "$B")
expect "Range request gives 206" "$out" 206
expect "Range request gives the right bytes" "$(cat "$tmp/got" | tr '\n' ' ')" "$(head -c 20 "$tmp/blob.bin" | tail -c 10 | tr '\n' ' ')"

expect "bad rules are refused with 400" "$(rules '[{"every":true,"action":{"bogus":1}}]')" 400
expect "rules without a trigger are refused" "$(rules '[{"action":{"delay_ms":1}}]')" 400

rules '[{"match":{"path":"/blobs/sha256:"},"every":true,"action":{"delay_ms":700}}]' >/dev/null
t=$(c -o /dev/null -w '%{time_total}' "$B")
expect_match "delay_ms 700 delays the answer" "$t" '^([1-9]|0\.[7-9])'

rules '[{"match":{"path":"/blobs/sha256:"},"every":true,"action":{"reset":"before_headers"}}]' >/dev/null
fetch "$B"
expect "reset before_headers: no status, curl 56" "$code $rc" "000 56"
expect_match "reset before_headers: the client sees a reset" "$err" 'reset by peer'

rules '[{"match":{"path":"/blobs/sha256:"},"every":true,"action":{"reset_after_bytes":1000}}]' >/dev/null
fetch "$B"
expect "reset_after_bytes 1000: 200, 1000 bytes, curl 56" "$code $size $rc" "200 1000 56"
expect_match "reset_after_bytes: the client sees a reset" "$err" 'reset by peer'
cmp -s -n 1000 "$tmp/got" "$tmp/blob.bin" && ok "reset_after_bytes: the bytes sent are right" || bad "reset_after_bytes: the bytes sent are right"

rules '[{"match":{"path":"/blobs/sha256:"},"every":true,"action":{"truncate_after_bytes":1000}}]' >/dev/null
fetch -D "$tmp/h" "$B"
expect "truncate_after_bytes 1000: 200, 1000 bytes, curl 18 (partial file)" "$code $size $rc" "200 1000 18"
expect_match "truncate: a clean close, not a reset" "$err" "$((blob_size - 1000)) bytes remaining"
expect_match "truncate keeps the full Content-Length" "$(tr -d '\r' <"$tmp/h")" "Content-Length: $blob_size"

rules '[{"match":{"path":"/blobs/sha256:"},"every":true,"action":{"corrupt":{"offset":5,"xor":255}}}]' >/dev/null
c -o "$tmp/got" "$B"
expect "corrupt flips exactly byte 6 (offset 5)" "$(cmp -l "$tmp/got" "$tmp/blob.bin" | tr -s ' ' | sed 's/^ //')" "6 365 12"
rules '[{"match":{"path":"/blobs/sha256:"},"every":true,"action":{"corrupt":{"offset":15,"xor":1}}}]' >/dev/null
c -o "$tmp/got" -H 'Range: bytes=10-29' "$B"
expect "corrupt offsets count from the start of a range body" "$(cmp -l "$tmp/got" <(head -c 30 "$tmp/blob.bin" | tail -c 20) | tr -s ' ' | sed 's/^ //')" "16 63 62"

# A drip: the first 5 bytes at once, then 1 byte a second; curl gives up on
# the low speed, the log says the client closed.
rules '[{"match":{"path":"/blobs/sha256:"},"every":true,"action":{"drip_bytes_per_sec":1,"drip_after_bytes":5}}]' >/dev/null
c -X POST "$P/__proxy/reset" >/dev/null
fetch --speed-limit 100 --speed-time 2 "$B"
expect "drip: headers and the first 5 bytes, then too slow for curl (28)" "$code $rc" "200 28"
cmp -s -n "$size" "$tmp/got" "$tmp/blob.bin" && ok "drip: the bytes sent are right" || bad "drip: the bytes sent are right"
for ((i = 0; i < 50; i++)); do c "$P/__proxy/log" | grep -q '"client_closed": true' && break; sleep 0.2; done
expect_match "drip: the log shows the client hung up" "$(c "$P/__proxy/log")" '"client_closed": true'

rules '[{"match":{"path":"/blobs/sha256:"},"every":true,"action":{"endless_body":true}}]' >/dev/null
head -c $((blob_size + 3000000)) < <(curl -sS --noproxy '*' --max-time 20 "$B" 2>/dev/null) > "$tmp/got"
expect "endless_body: more than the blob arrives (3 MB past it, and more to come)" "$(stat -c %s "$tmp/got")" "$((blob_size + 3000000))"
cmp -s -n "$blob_size" "$tmp/got" "$tmp/blob.bin" && ok "endless_body: the blob's own bytes come first" || bad "endless_body: the blob's own bytes come first"

rules '[{"match":{"method":"GET","path":"/blobs/sha256:"},"every":true,"action":{"status":429,"retry_after":"2"}}]' >/dev/null
c -o "$tmp/got" -D "$tmp/h" -w '%{http_code}' "$B" >"$tmp/code"
expect "status 429 is answered" "$(cat "$tmp/code")" 429
expect_match "429 carries Retry-After: 2" "$(tr -d '\r' <"$tmp/h")" 'Retry-After: 2'
expect "429 body is an OCI error" "$(json "$tmp/got" 'd["errors"][0]["code"]')" TOOMANYREQUESTS
expect "HEAD is not matched by a GET rule" "$(c -I -o /dev/null -w '%{http_code}' "$B")" 200

rules '[{"match":{"method":"PUT"},"every":true,"action":{"status":503}}]' >/dev/null
out=$(c -o /dev/null -w '%{http_code}/%{num_connects} ' -X PUT --data-binary @"$tmp/blob.bin" "$P/v2/test/blob/manifests/x" \
  --next -o /dev/null -w '%{http_code}/%{num_connects}' "$B")
expect "a faked status drains the request body and keeps the connection" "$out" "503/1 200/0"
rules '[{"match":{"path":"/blobs/sha256:"},"nth":[2,4],"action":{"status":503}}]' >/dev/null
seq_codes=$(for i in 1 2 3 4 5; do c -o /dev/null -w '%{http_code} ' "$B"; done)
expect "nth [2,4] fires on the 2nd and 4th matching request only" "$seq_codes" "200 503 200 503 200 "
rules '[{"match":{"path":"/blobs/sha256:"},"first":2,"action":{"status":503}}]' >/dev/null
seq_codes=$(for i in 1 2 3; do c -o /dev/null -w '%{http_code} ' "$B"; done)
expect "first 2 fires on the first two only" "$seq_codes" "503 503 200 "
c -o /dev/null -X POST "$P/__proxy/reset"
seq_codes=$(for i in 1 2 3; do c -o /dev/null -w '%{http_code} ' "$B"; done)
expect "POST /__proxy/reset resets the counters" "$seq_codes" "503 503 200 "

rules '[{"match":{"header":{"Range":"^bytes="}},"every":true,"action":{"drop_range":true}}]' >/dev/null
out=$(c -o "$tmp/got" -w '%{http_code} %{size_download}' -H 'Range: bytes=0-9' "$B")
expect "drop_range answers a range request with 200 and the full body" "$out" "200 $blob_size"
rules '[{"match":{"header":{"Range":"^bytes=0-"}},"every":true,"action":{"status":503}}]' >/dev/null
expect "header rules match only requests with that header" \
  "$(c -o /dev/null -w '%{http_code} ' "$B"; c -o /dev/null -w '%{http_code} ' -H 'Range: bytes=5-9' "$B"; c -o /dev/null -w '%{http_code}' -H 'Range: bytes=0-9' "$B")" "200 206 503"

# Pager: 12 tags in all, pages of 5 -> 5 + 5 + 2.
rules '[]' >/dev/null
c -o "$tmp/manifest" -D "$tmp/h" -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
  -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' "$P/v2/test/img/manifests/v1"
mtype=$(tr -d '\r' <"$tmp/h" | sed -n 's/^[Cc]ontent-[Tt]ype: //p')
for i in $(seq -w 1 11); do
  c -o /dev/null -X PUT -H "Content-Type: $mtype" --data-binary @"$tmp/manifest" "$P/v2/test/img/manifests/t$i"
done
all_tags=$(printf '%s\n' v1 $(seq -f 't%02g' 1 11) | sort | tr '\n' ' ')
c -o "$tmp/got" "http://127.0.0.1:$reg_port/v2/test/img/tags/list?n=5"
expect "upstream ignores n on tags/list (why the pager exists)" "$(json "$tmp/got" 'len(d["tags"])')" 12
rules '[{"match":{"method":"GET","path":"/tags/list"},"every":true,"action":{"pager":{"n":5}}}]' >/dev/null
next=/v2/test/img/tags/list pages=0 seen=
for ((i = 0; i < 10 && ${#next} > 0; i++)); do
  c -o "$tmp/got" -D "$tmp/h" "$P$next"
  pages=$((pages + 1))
  seen+="$(json "$tmp/got" '" ".join(d["tags"])') "
  next=$(tr -d '\r' <"$tmp/h" | sed -n 's/^[Ll]ink: <\([^>]*\)>; rel="next"$/\1/p')
done
expect "pager serves 3 pages of n=5 for 12 tags" "$pages" 3
expect "pager pages hold every tag once, sorted" "$seen" "$all_tags"
c -o "$tmp/got" -D "$tmp/h" "$P/v2/test/img/tags/list?n=4&last=t03"
expect "pager honours the client's n and last" "$(json "$tmp/got" '" ".join(d["tags"])')" "t04 t05 t06 t07"
expect_match "pager Link carries the client's n" "$(tr -d '\r' <"$tmp/h")" 'Link: </v2/test/img/tags/list\?n=4&last=t07>; rel="next"'
c -o "$tmp/got" -D "$tmp/h" "$P/v2/test/img/tags/list?n=4&last=t10"
expect "last page has no Link" "$(json "$tmp/got" '" ".join(d["tags"])')/$(grep -ci '^link:' "$tmp/h")" "t11 v1/0"

# Request log: Range and auth scheme, never the credential.
rules '[]' >/dev/null
c -o /dev/null -X POST "$P/__proxy/reset"
c -o /dev/null -u 'someone:very-secret-pw' -H 'Range: bytes=0-3' "$B"
c -o "$tmp/log.json" "$P/__proxy/log"
expect "GET /__proxy/log after reset holds one entry" "$(json "$tmp/log.json" 'len(d)')" 1
expect "log entry has method, range, auth scheme, status, bytes" \
  "$(json "$tmp/log.json" '" ".join(str(d[0][k]) for k in ("method","range","auth","status","bytes"))')" \
  "GET bytes=0-3 Basic 206 4"
secret_b64=$(printf 'someone:very-secret-pw' | base64)
if grep -q -e "$secret_b64" -e very-secret-pw "$tmp/log.json" "$tmp/proxy.jsonl"; then
  bad "logs never hold the credential"
else
  ok "logs never hold the credential"
fi
"$py" -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$tmp/proxy.jsonl" &&
  ok "--log file is one JSON object per line ($(wc -l <"$tmp/proxy.jsonl") lines)" || bad "--log file is one JSON object per line"
rules '[{"match":{"path":"/blobs/sha256:"},"every":true,"action":{"truncate_after_bytes":10}}]' >/dev/null
c -o /dev/null "$B" 2>/dev/null
c -o "$tmp/log.json" "$P/__proxy/log"
expect_match "log names the fault applied" "$(json "$tmp/log.json" 'd[-1]["fault"]')" 'truncate_after_bytes=10'

start deadproxy "$py" "$here/faultproxy.py" --upstream 127.0.0.1:1 --upstream-timeout 5
fetch "http://127.0.0.1:$port/v2/"
expect "upstream down: 502 with an OCI error" "$code $(json "$tmp/got" 'd["errors"][0]["code"]')" "502 UNAVAILABLE"
term_rc "$deadproxy_pid"; forget_pid "$deadproxy_pid"
term_rc "$proxy_pid"
expect "faultproxy exits 0 on SIGTERM" "$?" 0
forget_pid "$proxy_pid"

############################################################################
echo "# token server in front of a token-auth registry"
auth=$tmp/auth
"$here/make-token-auth.sh" "$auth" >/dev/null || { bad "make-token-auth.sh"; exit 1; }
cat >"$auth/users.json" <<'EOF'
{
  "alice": {"password": "alice-pw", "refresh_token": "alice-refresh-token",
            "access": [{"type": "repository", "name": "alice/.*", "actions": ["pull", "push", "delete"]},
                       {"type": "repository", "name": "public/.*", "actions": ["pull", "push"]},
                       {"type": "registry", "name": "catalog", "actions": ["*"]}]},
  "bob": {"password": "bob-pw", "refresh_token": "bob-refresh-token",
          "access": [{"type": "repository", "name": "bob/.*", "actions": ["pull", "push"]}]},
  "": {"access": [{"type": "repository", "name": "public/.*", "actions": ["pull"]}]}
}
EOF
SVC=sociscope-test-registry
start tok "$py" "$here/tokenserver.py" --key "$auth/key.pem" --cert "$auth/cert.pem" --ca "$auth/ca.pem" \
  --issuer sociscope-test-issuer --service "$SVC" --users "$auth/users.json" --log "$tmp/tok.jsonl"
T=http://127.0.0.1:$port
"$here/make-token-auth.sh" "$auth" "$T/token" >/dev/null
registry_config "$tmp/treg" "$auth/registry-auth.yml"
start treg docker-registry serve "$tmp/treg/config.yml"
R=http://127.0.0.1:$port
treg_port=$port
token() { c "$@" | "$py" -c 'import json,sys; d=json.load(sys.stdin); assert d["token"]==d["access_token"]; print(d["token"])'; }
claims() { "$py" -c 'import base64,json,sys; p=sys.argv[1].split(".")[1]; print(json.dumps(json.loads(base64.urlsafe_b64decode(p+"="*(-len(p)%4)))))' "$1"; }

c -o /dev/null -D "$tmp/h" -w '%{http_code}' "$R/v2/" >"$tmp/code"
expect "anonymous /v2/ gets 401" "$(cat "$tmp/code")" 401
expect_match "401 carries a Bearer challenge with realm and service" "$(tr -d '\r' <"$tmp/h")" \
  "Www-Authenticate: Bearer realm=\"$T/token\",service=\"$SVC\""

tk=$(token "$T/token?service=$SVC")
expect "anonymous token then /v2/ gives 200" "$(c -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tk" "$R/v2/")" 200
expect_match "token header is RS256 with an x5c chain" "$("$py" -c 'import base64,json,sys; p=sys.argv[1].split(".")[0]; h=json.loads(base64.urlsafe_b64decode(p+"="*(-len(p)%4))); print(h["alg"], h["typ"], len(h["x5c"]))' "$tk")" '^RS256 JWT 2$'
expect_match "claims carry iss, sub, aud (a string), exp, nbf, iat, jti" "$(claims "$tk")" \
  '"iss": "sociscope-test-issuer", "sub": "", "aud": "sociscope-test-registry", "exp": [0-9]+, "nbf": [0-9]+, "iat": [0-9]+, "jti": "[0-9a-f]+"'

# A real client runs the whole challenge -> token -> retry flow.
if sk copy -q --dest-tls-verify=false --dest-creds alice:alice-pw "oci:$tmp/oci:v1" "docker://127.0.0.1:$treg_port/alice/img:v1" >"$tmp/sk.log" 2>&1 &&
  sk copy -q --dest-tls-verify=false --dest-creds alice:alice-pw "oci:$tmp/oci:v1" "docker://127.0.0.1:$treg_port/public/img:v1" >>"$tmp/sk.log" 2>&1; then
  ok "skopeo pushes with alice's credentials via the token server"
else
  bad "skopeo pushes with alice's credentials via the token server: $(tail -3 "$tmp/sk.log")"
fi
if sk inspect --tls-verify=false --no-creds "docker://127.0.0.1:$treg_port/public/img:v1" >/dev/null 2>"$tmp/sk.log"; then
  ok "skopeo inspects public/img anonymously"
else
  bad "skopeo inspects public/img anonymously: $(tail -2 "$tmp/sk.log")"
fi
if sk inspect --tls-verify=false --no-creds "docker://127.0.0.1:$treg_port/alice/img:v1" >/dev/null 2>&1; then
  bad "skopeo is refused alice/img anonymously"
else
  ok "skopeo is refused alice/img anonymously"
fi

tk=$(token "$T/token?service=$SVC&scope=repository:public/img:pull")
expect "anonymous pull token reads public/img tags" "$(c -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tk" "$R/v2/public/img/tags/list")" 200
tk=$(token -u alice:alice-pw "$T/token?service=$SVC&scope=repository:alice/img:pull")
expect "alice's basic-auth token reads alice/img tags" "$(c -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tk" "$R/v2/alice/img/tags/list")" 200
expect_match "granted access is listed in the claims" "$(claims "$tk")" '"access": \[\{"type": "repository", "name": "alice/img", "actions": \["pull"\]\}\]'
tk=$(token -u bob:bob-pw "$T/token?service=$SVC&scope=repository:alice/img:pull")
expect "bob's token lacks alice/img: access is empty" "$(claims "$tk" | "$py" -c 'import json,sys; print(json.load(sys.stdin)["access"])')" "[]"
c -o /dev/null -D "$tmp/h" -w '%{http_code}' -H "Authorization: Bearer $tk" "$R/v2/alice/img/tags/list" >"$tmp/code"
expect "registry refuses a scope the user lacks with 401" "$(cat "$tmp/code")" 401
expect_match "the refusal says insufficient_scope" "$(tr -d '\r' <"$tmp/h")" 'error="insufficient_scope"'
tk=$(token -u alice:alice-pw "$T/token?service=$SVC&scope=repository:alice/img:pull")
expect "a pull-only token cannot start an upload" "$(c -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $tk" "$R/v2/alice/img/blobs/uploads/")" 401

out=$(c -o "$tmp/got" -w '%{http_code}' -u alice:wrong "$T/token?service=$SVC&scope=repository:alice/img:pull")
expect "wrong password: 401 from the token server" "$out" 401
expect "wrong password: JSON error body" "$(json "$tmp/got" 'd["errors"][0]["code"]')" UNAUTHORIZED
expect "unknown user: 401 from the token server" "$(c -o /dev/null -w '%{http_code}' -u mallory:x "$T/token?service=$SVC")" 401

# OAuth2 POST: password grant with access_type=offline, then refresh_token grant.
c -o "$tmp/got" -w '%{http_code}' -X POST -d grant_type=password -d username=alice -d password=alice-pw \
  -d client_id=sociscope-test -d access_type=offline -d service=$SVC -d 'scope=repository:alice/img:pull' "$T/token" >"$tmp/code"
expect "POST password grant gives 200" "$(cat "$tmp/code")" 200
expect "POST with access_type=offline returns the refresh_token" "$(json "$tmp/got" 'd.get("refresh_token")')" alice-refresh-token
expect "POST answer has token, access_token, expires_in, issued_at" \
  "$(json "$tmp/got" 'all(k in d for k in ("token","access_token","expires_in","issued_at"))')" true
c -o "$tmp/got" -X POST -d grant_type=refresh_token -d refresh_token=alice-refresh-token -d client_id=sociscope-test \
  -d service=$SVC -d 'scope=repository:alice/img:pull registry:catalog:*' "$T/token"
tk=$(json "$tmp/got" 'd["access_token"]')
expect "refresh_token grant's token reads alice/img" "$(c -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tk" "$R/v2/alice/img/tags/list")" 200
c -o "$tmp/got" -H "Authorization: Bearer $tk" "$R/v2/_catalog"
expect "catalog works with registry:catalog:*" "$(json "$tmp/got" '" ".join(d["repositories"])')" "alice/img public/img"
expect "POST without client_id gives 400" "$(c -o /dev/null -w '%{http_code}' -X POST -d grant_type=refresh_token -d refresh_token=alice-refresh-token "$T/token")" 400
expect "POST with a bad refresh_token gives 401" "$(c -o /dev/null -w '%{http_code}' -X POST -d grant_type=refresh_token -d refresh_token=nope -d client_id=x "$T/token")" 401
tk=$(token -u bob:bob-pw "$T/token?service=$SVC&scope=registry:catalog:*")
expect "catalog without the catalog grant gives 401" "$(c -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tk" "$R/v2/_catalog")" 401

# Expired tokens: the next one is dated an hour back (2.8 forgives 60 s).
c -o /dev/null -X POST "$T/__token/expire-next?n=1"
tk=$(token -u alice:alice-pw "$T/token?service=$SVC&scope=repository:alice/img:pull")
c -o /dev/null -D "$tmp/h" -w '%{http_code}' -H "Authorization: Bearer $tk" "$R/v2/alice/img/tags/list" >"$tmp/code"
expect "an expired token is refused with 401 invalid_token" "$(cat "$tmp/code") $(tr -d '\r' <"$tmp/h" | grep -o 'error="[a-z_]*"')" '401 error="invalid_token"'
tk=$(token -u alice:alice-pw "$T/token?service=$SVC&scope=repository:alice/img:pull")
expect "the token after it is good again" "$(c -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tk" "$R/v2/alice/img/tags/list")" 200
c -o "$tmp/got" "$T/__token/log"
if grep -q -e alice-pw -e "$(printf 'alice:alice-pw' | base64)" "$tmp/got" "$tmp/tok.jsonl"; then
  bad "token server logs never hold the password"
else
  ok "token server logs never hold the password"
fi
expect "token log marks the expired token" "$(json "$tmp/got" 'sum(1 for e in d if e["expired"])')" 1

# --expire-first and the libtrust kid header (needs the leaf in rootcertbundle).
start tok2 "$py" "$here/tokenserver.py" --key "$auth/key.pem" --cert "$auth/cert.pem" --header kid --expire-first 1 \
  --issuer sociscope-test-issuer --service "$SVC" --users "$auth/users.json"
T2=http://127.0.0.1:$port
sed -e "s|$auth/ca.pem|$auth/bundle.pem|" -e "s|$T/token|$T2/token|" "$auth/registry-auth.yml" >"$tmp/kid-auth.yml"
registry_config "$tmp/kreg" "$tmp/kid-auth.yml"
start kreg docker-registry serve "$tmp/kreg/config.yml"
K=http://127.0.0.1:$port
tk=$(token "$T2/token?service=$SVC")
expect "--expire-first 1: the first token is refused" "$(c -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tk" "$K/v2/")" 401
tk=$(token "$T2/token?service=$SVC")
expect "kid-header token accepted with bundle.pem as rootcertbundle" "$(c -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tk" "$K/v2/")" 200

############################################################################
echo "# htpasswd (bcrypt) registry, behind a fault proxy"
mkdir -p "$tmp/hreg"
htpasswd -Bbn tester tester-pw >"$tmp/hreg/htpasswd" 2>/dev/null
cat >"$tmp/hreg/auth.yml" <<EOF
auth:
  htpasswd:
    realm: sociscope-test
    path: $tmp/hreg/htpasswd
EOF
registry_config "$tmp/hreg" "$tmp/hreg/auth.yml"
start hreg docker-registry serve "$tmp/hreg/config.yml"
echo '[{"comment":"from --rules","match":{"path":"^/v2/$"},"nth":[1],"action":{"status":503}}]' >"$tmp/rules.json"
start hproxy "$py" "$here/faultproxy.py" --upstream "127.0.0.1:$port" --rules "$tmp/rules.json" --log "$tmp/hproxy.jsonl"
H=http://127.0.0.1:$port
expect "--rules file is applied from the start" "$(c -o /dev/null -w '%{http_code}' "$H/v2/")" 503
c -o /dev/null -D "$tmp/h" -w '%{http_code}' "$H/v2/" >"$tmp/code"
expect "htpasswd registry: anonymous /v2/ gets 401" "$(cat "$tmp/code")" 401
expect_match "htpasswd registry: Basic challenge" "$(tr -d '\r' <"$tmp/h")" 'Www-Authenticate: Basic realm="sociscope-test"'
expect "htpasswd registry: right password gives 200" "$(c -o /dev/null -w '%{http_code}' -u tester:tester-pw "$H/v2/")" 200
expect "htpasswd registry: wrong password gives 401" "$(c -o /dev/null -w '%{http_code}' -u tester:nope "$H/v2/")" 401
if sk copy -q --dest-tls-verify=false --dest-creds tester:tester-pw "oci:$tmp/oci:v1" "docker://127.0.0.1:$port/h/img:v1" >"$tmp/sk.log" 2>&1; then
  ok "skopeo pushes to the htpasswd registry through the proxy"
else
  bad "skopeo pushes to the htpasswd registry through the proxy: $(tail -3 "$tmp/sk.log")"
fi
if grep -q -e tester-pw -e "$(printf 'tester:tester-pw' | base64)" "$tmp/hproxy.jsonl"; then
  bad "proxy log holds only the Basic scheme, not the password"
else
  ok "proxy log holds only the Basic scheme, not the password"
fi

term_rc "$tok_pid"
expect "tokenserver exits 0 on SIGTERM" "$?" 0
forget_pid "$tok_pid"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
