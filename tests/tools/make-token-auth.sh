#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: Sociscope contributors
# make-token-auth.sh DIR [REALM]
# Makes, with the openssl CLI, a throw-away CA and a token-signing leaf in DIR
# and writes DIR/registry-auth.yml, the `auth:` part of a docker-registry 2.8
# config that trusts tokens from tokenserver.py. Keys already in DIR are kept,
# so a second call only rewrites the snippet (e.g. once the realm port is known).
#   DIR/ca.pem ca-key.pem   self-signed CA (basicConstraints CA:TRUE)
#   DIR/cert.pem key.pem    leaf signed by the CA; key.pem signs the JWTs
#   DIR/bundle.pem          ca.pem + cert.pem (needed only for tokenserver --header kid)
# REALM defaults to http://127.0.0.1:TOKENPORT/token (replace TOKENPORT).
set -euo pipefail
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 DIR [REALM]" >&2; exit 2; }
dir=$1
realm=${2:-http://127.0.0.1:TOKENPORT/token}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

if [ ! -s "$dir/key.pem" ] || [ ! -s "$dir/cert.pem" ] || [ ! -s "$dir/ca.pem" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 \
    -keyout "$dir/ca-key.pem" -out "$dir/ca.pem" -subj "/CN=Sociscope test token CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req -new -newkey rsa:2048 -nodes -sha256 \
    -keyout "$dir/key.pem" -out "$tmp/leaf.csr" -subj "/CN=sociscope-test-issuer" 2>/dev/null
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n' > "$tmp/ext"
  openssl x509 -req -sha256 -days 3650 -in "$tmp/leaf.csr" \
    -CA "$dir/ca.pem" -CAkey "$dir/ca-key.pem" -set_serial "0x$(openssl rand -hex 8)" \
    -extfile "$tmp/ext" -out "$dir/cert.pem" 2>/dev/null
  cat "$dir/ca.pem" "$dir/cert.pem" > "$dir/bundle.pem"
  chmod 600 "$dir/key.pem" "$dir/ca-key.pem"
fi

cat > "$dir/registry-auth.yml" <<EOF
auth:
  token:
    realm: $realm
    service: sociscope-test-registry
    issuer: sociscope-test-issuer
    rootcertbundle: $dir/ca.pem
EOF
echo "$dir/registry-auth.yml"
