#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: Sociscope contributors
"""Docker registry token server (distribution "token" auth) for tests.

Issues RS256 JWTs that docker-registry 2.8 accepts: the leaf certificate goes
in the x5c header and is verified against the registry's rootcertbundle.
Signing uses the openssl CLI. See tests/tools/README.md.
"""

import argparse
import base64
import datetime
import hashlib
import http.server
import json
import re
import secrets
import signal
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse

MAX_FORM_BODY = 64 * 1024
MAX_LOG_ENTRIES = 100_000
MAX_SCOPES = 64
SIGN_TIMEOUT = 10
# docker-registry 2.8 accepts exp up to 60 s in the past (token.Leeway); an
# "expired" token is dated well beyond that.
EXPIRED_BY = 3600


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def openssl(args, data=None):
    r = subprocess.run(["openssl", *args], input=data, capture_output=True, timeout=SIGN_TIMEOUT, check=False)
    if r.returncode != 0:
        raise RuntimeError(f"openssl {' '.join(args)}: {r.stderr.decode(errors='replace').strip()}")
    return r.stdout


def pem_certs(path):
    """DER bytes of every certificate in a PEM file."""
    with open(path, encoding="ascii") as f:
        text = f.read()
    blocks = re.findall(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", text, re.S)
    return [ssl.PEM_cert_to_DER_cert(b) for b in blocks]


def libtrust_key_id(cert_path):
    """Key ID as libtrust computes it: base32 of SHA-256(SPKI DER)[:30] in 4-char groups."""
    pub_pem = openssl(["x509", "-in", cert_path, "-pubkey", "-noout"])
    spki = openssl(["pkey", "-pubin", "-outform", "DER"], pub_pem)
    s = base64.b32encode(hashlib.sha256(spki).digest()[:30]).decode().rstrip("=")
    return ":".join(s[i:i + 4] for i in range(0, len(s), 4))


def parse_scope(text):
    """'repository:foo/bar:pull,push' -> ('repository', 'foo/bar', ['pull', 'push']); None if malformed.

    The name may itself hold ':' (a registry host with a port), so type is cut
    at the first colon and actions at the last."""
    typ, sep, rest = text.partition(":")
    name, sep2, actions = rest.rpartition(":")
    if not sep or not sep2 or not typ or not name:
        return None
    typ = re.sub(r"\(.*\)$", "", typ)  # repository(plugin) is a resource class, same type
    return typ, name, [a for a in actions.split(",") if a]


class Users:
    """users.json: {"user": {"password", "refresh_token", "access": [rules]}, "": {anonymous rules}}."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            raw = json.load(f)
        if not isinstance(raw, dict):
            raise ValueError("users file must be a JSON object")
        self.users = {}
        for name, spec in raw.items():
            rules = []
            for r in spec.get("access", []):
                actions = r.get("actions", [])
                if not isinstance(actions, list):
                    raise ValueError(f"user {name!r}: actions must be a list")
                rules.append((r.get("type", "repository"), re.compile(r.get("name", ".*")), set(actions)))
            self.users[name] = {"password": spec.get("password"),
                                "refresh_token": spec.get("refresh_token"), "rules": rules}

    def check_password(self, user, password):
        u = self.users.get(user)
        return bool(user) and u is not None and u["password"] is not None \
            and secrets.compare_digest(str(u["password"]).encode(), password.encode())

    def by_refresh_token(self, token):
        for name, u in self.users.items():
            if name and u["refresh_token"] and secrets.compare_digest(str(u["refresh_token"]).encode(), token.encode()):
                return name
        return None

    def grant(self, user, scopes):
        """The subset of the requested scopes that user (plus the anonymous rules) may have."""
        rules = list(self.users.get("", {}).get("rules", []))
        if user:
            rules += self.users.get(user, {}).get("rules", [])
        merged = {}
        for typ, name, wanted in scopes:
            allowed = set()
            for rtype, rname, ractions in rules:
                if rtype == typ and rname.fullmatch(name):
                    allowed |= set(wanted) if "*" in ractions else (ractions & set(wanted))
            if allowed:
                merged.setdefault((typ, name), set()).update(allowed)
        return [{"type": t, "name": n, "actions": sorted(a)} for (t, n), a in merged.items()]


class Issuer:
    """Signs tokens. Thread-safe; counts tokens so the first N can be issued expired."""

    def __init__(self, args):
        self.key = args.key
        self.issuer = args.issuer
        self.service = args.service
        self.ttl = args.ttl
        self.lock = threading.Lock()
        self.expire_next = args.expire_first
        chain = pem_certs(args.cert)
        if not chain:
            raise ValueError(f"no certificate in {args.cert}")
        if args.ca:
            chain += [c for c in pem_certs(args.ca) if c not in chain]
        self.header = {"typ": "JWT", "alg": "RS256"}
        if args.header in ("x5c", "both"):
            self.header["x5c"] = [base64.b64encode(c).decode() for c in chain]
        if args.header in ("kid", "both"):
            self.header["kid"] = libtrust_key_id(args.cert)

    def set_expire_next(self, n):
        with self.lock:
            self.expire_next = n

    def issue(self, subject, access):
        with self.lock:
            expired = self.expire_next > 0
            if expired:
                self.expire_next -= 1
        now = int(time.time())
        iat = now - EXPIRED_BY - self.ttl if expired else now
        claims = {
            "iss": self.issuer, "sub": subject, "aud": self.service,
            "exp": iat + self.ttl, "nbf": iat - 1, "iat": iat,
            "jti": secrets.token_hex(16), "access": access,
        }
        signing_input = (b64url(json.dumps(self.header, separators=(",", ":")).encode()) + "."
                         + b64url(json.dumps(claims, separators=(",", ":")).encode()))
        sig = openssl(["dgst", "-sha256", "-sign", self.key], signing_input.encode())
        return signing_input + "." + b64url(sig), expired, now


class TokenHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "sociscope-tokenserver"
    timeout = 60
    users: Users = None
    issuer: Issuer = None
    log = None  # (lock, list, file)

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        self.handle_any()

    def do_POST(self):
        self.handle_any()

    def do_HEAD(self):
        self.handle_any()

    def handle_any(self):
        url = urllib.parse.urlsplit(self.path)
        self.entry = {"t": round(time.time(), 3), "method": self.command, "path": url.path,
                      "auth": self.auth_scheme(), "status": None, "user": None,
                      "scopes": [], "granted": None, "expired": False, "error": None}
        try:
            if url.path.startswith("/__token/"):
                return self.control(url)
            if url.path != "/token":
                return self.reply(404, {"errors": [{"code": "NOT_FOUND", "message": f"no endpoint {url.path}"}]})
            if self.command == "GET":
                return self.token_get(urllib.parse.parse_qs(url.query))
            if self.command == "POST":
                return self.token_post()
            return self.reply(405, {"errors": [{"code": "UNSUPPORTED", "message": "use GET or POST"}]})
        finally:
            if not url.path.startswith("/__token/"):
                self.record()

    def auth_scheme(self):
        value = self.headers.get("Authorization")
        return value.split(None, 1)[0] if value else None

    def record(self):
        lock, entries, f = self.log
        with lock:
            if len(entries) < MAX_LOG_ENTRIES:
                entries.append(self.entry)
            if f:
                f.write(json.dumps(self.entry, separators=(",", ":")) + "\n")
                f.flush()

    # ---- token endpoints -------------------------------------------------------------

    def scopes_from(self, texts):
        scopes = []
        for t in texts[:MAX_SCOPES]:
            s = parse_scope(t)
            if s is None:
                return None, t
            scopes.append(s)
        return scopes, None

    def token_get(self, q):
        service = q.get("service", [None])[0]
        if service is not None and service != self.issuer.service:
            return self.reply(400, {"errors": [{"code": "UNSUPPORTED", "message": f"unknown service {service!r}"}]})
        user = ""
        header = self.headers.get("Authorization", "")
        if header[:6].lower() == "basic ":
            try:
                user, _, password = base64.b64decode(header[6:].strip(), validate=True).decode().partition(":")
            except (ValueError, UnicodeDecodeError):
                return self.unauthorized("malformed basic credentials", "basic")
            if not self.users.check_password(user, password):
                self.entry["user"] = user
                return self.unauthorized("incorrect username or password", "basic")
        texts = q.get("scope", [])
        scopes, bad = self.scopes_from([s for t in texts for s in t.split(" ") if s])
        if scopes is None:
            return self.reply(400, {"errors": [{"code": "UNSUPPORTED", "message": f"malformed scope {bad!r}"}]})
        offline = q.get("offline_token", ["false"])[0].lower() == "true"
        self.issue(user, scopes, refresh=offline and bool(user))

    def token_post(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_FORM_BODY or "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            return self.reply(413, {"error": "invalid_request", "error_description": "form too large"})
        form = urllib.parse.parse_qs(self.rfile.read(length).decode(errors="replace"))
        get = lambda k: form.get(k, [None])[0]  # noqa: E731
        if not get("client_id"):
            return self.reply(400, {"error": "invalid_request", "error_description": "client_id is required"})
        service = get("service")
        if service is not None and service != self.issuer.service:
            return self.reply(400, {"error": "invalid_request", "error_description": f"unknown service {service!r}"})
        grant = get("grant_type")
        if grant == "password":
            user, password = get("username") or "", get("password") or ""
            self.entry["user"] = user
            if not self.users.check_password(user, password):
                return self.unauthorized("incorrect username or password", "oauth")
        elif grant == "refresh_token":
            user = self.users.by_refresh_token(get("refresh_token") or "")
            if user is None:
                return self.unauthorized("invalid refresh token", "oauth")
        else:
            return self.reply(400, {"error": "unsupported_grant_type",
                                    "error_description": f"grant_type {grant!r} is not password or refresh_token"})
        scopes, bad = self.scopes_from([s for t in form.get("scope", []) for s in t.split(" ") if s])
        if scopes is None:
            return self.reply(400, {"error": "invalid_scope", "error_description": f"malformed scope {bad!r}"})
        self.issue(user, scopes, refresh=get("access_type") == "offline" or grant == "refresh_token")

    def issue(self, user, scopes, refresh):
        access = self.users.grant(user, scopes)
        token, expired, now = self.issuer.issue(user, access)
        self.entry.update(user=user, scopes=[f"{t}:{n}:{','.join(a)}" for t, n, a in scopes],
                          granted=access, expired=expired)
        body = {"token": token, "access_token": token, "expires_in": self.issuer.ttl,
                "issued_at": datetime.datetime.fromtimestamp(now, datetime.timezone.utc)
                .strftime("%Y-%m-%dT%H:%M:%SZ")}
        if refresh:
            rt = self.users.users.get(user, {}).get("refresh_token")
            if rt:
                body["refresh_token"] = rt
        self.reply(200, body)

    def unauthorized(self, message, style):
        self.entry["error"] = message
        body = {"errors": [{"code": "UNAUTHORIZED", "message": message, "detail": None}], "details": message}
        if style == "oauth":
            body.update(error="invalid_grant", error_description=message)
        headers = [("WWW-Authenticate", 'Basic realm="sociscope-test-token"')] if style == "basic" else []
        self.reply(401, body, headers)

    # ---- control ---------------------------------------------------------------------

    def control(self, url):
        q = urllib.parse.parse_qs(url.query)
        route = (self.command, url.path)
        if self.command == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_FORM_BODY:
                self.close_connection = True
                return self.reply(413, {"error": "body too large"})
            self.rfile.read(length)
        if route == ("POST", "/__token/expire-next"):
            try:
                n = int(q.get("n", ["1"])[0])
                if n < 0:
                    raise ValueError
            except ValueError:
                return self.reply(400, {"error": "n must be a non-negative integer"})
            self.issuer.set_expire_next(n)
            return self.reply(200, {"expire_next": n})
        if route == ("GET", "/__token/log"):
            lock, entries, _ = self.log
            with lock:
                return self.reply(200, list(entries))
        if route == ("POST", "/__token/reset"):
            lock, entries, _ = self.log
            with lock:
                entries.clear()
            self.issuer.set_expire_next(0)
            return self.reply(200, {"reset": True})
        return self.reply(404, {"error": f"no control endpoint {route[0]} {route[1]}"})

    def reply(self, status, obj, headers=()):
        body = (json.dumps(obj) + "\n").encode()
        self.entry["status"] = status
        self.send_response_only(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", "no-store")
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.wfile.flush()


def main():
    ap = argparse.ArgumentParser(description="Docker registry token server for tests.")
    ap.add_argument("--key", required=True, help="PEM private key (RSA) that signs tokens")
    ap.add_argument("--cert", required=True, help="PEM leaf certificate of --key (goes in x5c)")
    ap.add_argument("--ca", help="PEM CA certificate(s) appended to the x5c chain")
    ap.add_argument("--issuer", required=True, help="iss claim; the registry's auth.token.issuer")
    ap.add_argument("--service", required=True, help="aud claim; the registry's auth.token.service")
    ap.add_argument("--users", required=True, help="users.json (see README)")
    ap.add_argument("--ttl", type=int, default=300, help="token lifetime in seconds (default 300)")
    ap.add_argument("--expire-first", type=int, default=0, metavar="N",
                    help="issue the first N tokens already expired (default 0)")
    ap.add_argument("--header", choices=("x5c", "kid", "both"), default="x5c",
                    help="how the JWT names its key: x5c chain (default) or libtrust kid")
    ap.add_argument("--log", help="append one JSON line per token request to this file")
    args = ap.parse_args()
    if args.ttl < 1 or args.expire_first < 0:
        ap.error("--ttl must be >= 1 and --expire-first >= 0")
    try:
        users = Users(args.users)
        issuer = Issuer(args)
        issuer.issue("selftest", [])  # fail now, not at the first request, if the key is unusable
        issuer.set_expire_next(args.expire_first)
    except (OSError, ValueError, RuntimeError, subprocess.TimeoutExpired) as e:
        print(f"tokenserver: {e}", file=sys.stderr)
        return 2

    log_file = open(args.log, "a", encoding="utf-8") if args.log else None
    handler = type("Handler", (TokenHandler,), {
        "users": users, "issuer": issuer, "log": (threading.Lock(), [], log_file)})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.block_on_close = False

    def stop(*_):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("listening on 127.0.0.1:%d" % server.server_address[1], flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except SystemExit:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
