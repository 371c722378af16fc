#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: Sociscope contributors
"""Deterministic fault-injecting reverse proxy for registry tests.

Forwards every request to one upstream registry and applies faults chosen by
rules (never at random). See tests/tools/README.md for the rule format and
the control API under /__proxy/.
"""

import argparse
import http.client
import http.server
import json
import re
import signal
import socket
import struct
import sys
import time
import urllib.parse

sys.dont_write_bytecode = True  # keep the source tree clean when ctest runs us
from faultrules import RuleError, State, flip  # noqa: E402  (lives beside this file)

MAX_CONTROL_BODY = 1 << 20
MAX_CHUNK_LINE = 1024
MAX_TRAILER_LINES = 64
IO_CHUNK = 64 * 1024

# Hop-by-hop headers (RFC 9110 7.6.1) are the proxy's own business; Expect is
# answered by http.server itself, so upstream must not see it again.
HOP_BY_HOP = {
    "connection", "keep-alive", "proxy-connection", "proxy-authenticate",
    "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
    "expect",
}

ERROR_CODES = {
    400: "UNSUPPORTED", 401: "UNAUTHORIZED", 403: "DENIED", 404: "NOT_FOUND",
    405: "UNSUPPORTED", 429: "TOOMANYREQUESTS", 500: "UNKNOWN", 502: "UNKNOWN",
    503: "UNAVAILABLE", 504: "UNAVAILABLE",
}

TAGS_LIST = re.compile(r"^/v2/(?P<name>.+)/tags/list$")


class Abort(Exception):
    """The connection to the client is finished (reset or truncated on purpose, or broken)."""


class ProxyHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "sociscope-faultproxy"
    timeout = 120  # idle keep-alive connections end after this
    state: State = None
    upstream: str = None
    upstream_timeout: float = 30.0
    max_buffer: int = 64 << 20

    def log_message(self, fmt, *args):
        pass

    def __getattr__(self, name):
        # Any method (GET, PUT, PATCH, custom ones) goes through the same path.
        if name.startswith("do_"):
            return self.dispatch
        raise AttributeError(name)

    # ---- entry ---------------------------------------------------------------------

    def dispatch(self):
        if self.path.startswith("/__proxy/"):
            return self.control()
        self.entry = {
            "t": round(time.time(), 3), "method": self.command, "path": self.path,
            "range": self.headers.get("Range"), "auth": self.auth_scheme(),
            "request_length": self.headers.get("Content-Length"),
            "status": None, "bytes": 0, "fault": None, "rule": None,
        }
        started = time.monotonic()
        self.state.begin(id(self), self.entry)
        try:
            self.proxy()
        except Abort:
            self.close_connection = True
        except OSError as e:  # the client went away or stalled past the timeout
            self.entry["error"] = f"client connection: {e}"
            self.entry["client_closed"] = True
            self.close_connection = True
        finally:
            self.entry["ms"] = round((time.monotonic() - started) * 1000, 1)
            self.state.end(id(self))
            self.state.record(self.entry)

    def auth_scheme(self):
        value = self.headers.get("Authorization")
        return value.split(None, 1)[0] if value else None

    def proxy(self):
        rule = self.state.pick(self.command, self.path, {k.lower(): v for k, v in self.headers.items()})
        action = rule.action if rule else {}
        if rule:
            self.entry["rule"] = rule.index
            self.entry["fault"] = rule.describe()
        if action.get("delay_ms"):
            time.sleep(action["delay_ms"] / 1000.0)
        if action.get("reset") == "before_headers":
            self.reset_connection()
        if "huge_body" in action:  # s12-memory
            return self.huge_body(action["huge_body"])
        if "status" in action:
            return self.fake_status(action)
        if action.get("pager"):
            m = TAGS_LIST.match(urllib.parse.urlsplit(self.path).path)
            if self.command == "GET" and m:
                return self.pager(m.group("name"), action["pager"]["n"])
            self.entry["fault"] += " (ignored: not GET tags/list)"
        return self.forward(action)

    # ---- faults that never reach upstream ------------------------------------------

    def reset_connection(self):
        """Closes the client socket with SO_LINGER 0, so the peer sees a TCP reset."""
        try:
            self.wfile.flush()
        except OSError:
            pass
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        # The makefile() objects hold references; the fd closes when all are gone.
        self.rfile.close()
        self.wfile.close()
        self.connection.close()
        raise Abort()

    def fake_status(self, a):
        if not self.discard_request_body():
            self.close_connection = True
        status = a["status"]
        if "body" in a:
            body = a["body"] if isinstance(a["body"], str) else json.dumps(a["body"])
            body = body.encode()
        else:
            code = a.get("error_code", ERROR_CODES.get(status, "UNKNOWN"))
            msg = a.get("message", f"injected by faultproxy: {status}")
            body = json.dumps({"errors": [{"code": code, "message": msg, "detail": None}]}).encode()
        headers = [("Content-Type", "application/json; charset=utf-8"),
                   ("Docker-Distribution-Api-Version", "registry/2.0")]
        if "retry_after" in a:
            headers.append(("Retry-After", str(a["retry_after"])))
        headers += [(str(k), str(v)) for k, v in (a.get("headers") or {}).items()]
        self.send_whole(status, headers, body)

    def send_whole(self, status, headers, body):
        no_body = self.command == "HEAD" or status in (204, 304) or status < 200
        self.send_response_only(status)
        for k, v in headers:
            self.send_header(k, v)
        if status not in (204, 304) and status >= 200:
            self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.entry["status"] = status
        if not no_body:
            self.wfile.write(body)
            self.entry["bytes"] = len(body)
        self.wfile.flush()

    # ---- request bodies ------------------------------------------------------------

    def request_body(self):
        """Yields the client's request body, de-chunked; bounded by its framing."""
        te = self.headers.get("Transfer-Encoding", "").lower()
        if "chunked" in te:
            for _ in range(1 << 30):
                line = self.rfile.readline(MAX_CHUNK_LINE)
                if not line.endswith(b"\n"):
                    raise Abort()
                try:
                    size = int(line.split(b";", 1)[0].strip(), 16)
                except ValueError:
                    raise Abort() from None
                if size == 0:
                    for _ in range(MAX_TRAILER_LINES):
                        if self.rfile.readline(MAX_CHUNK_LINE) in (b"\r\n", b"\n", b""):
                            return
                    raise Abort()
                left = size
                while left > 0:
                    data = self.rfile.read(min(left, IO_CHUNK))
                    if not data:
                        raise Abort()
                    left -= len(data)
                    yield data
                self.rfile.readline(MAX_CHUNK_LINE)
            return
        left = self.content_length()
        while left > 0:
            data = self.rfile.read(min(left, IO_CHUNK))
            if not data:
                raise Abort()
            left -= len(data)
            yield data

    def content_length(self):
        try:
            n = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            n = -1
        if n < 0:
            self.entry["error"] = "bad Content-Length from client"
            raise Abort()
        return n

    def has_request_body(self):
        return "chunked" in self.headers.get("Transfer-Encoding", "").lower() or self.content_length() > 0

    def discard_request_body(self):
        """Reads and drops the request body; False when it is too large to keep the connection."""
        seen = 0
        for data in self.request_body():
            seen += len(data)
            if seen > self.max_buffer:
                return False
        return True

    # ---- forwarding ----------------------------------------------------------------

    def open_upstream(self, path, drop_range=False):
        host, _, port = self.upstream.rpartition(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=self.upstream_timeout)
        chunked = "chunked" in self.headers.get("Transfer-Encoding", "").lower()
        try:
            return conn, self.send_upstream(conn, path, chunked, drop_range)
        except BaseException:
            conn.close()
            raise

    def send_upstream(self, conn, path, chunked, drop_range):
        conn.putrequest(self.command, path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", self.upstream)
        for k, v in self.headers.items():
            lk = k.lower()
            if lk in HOP_BY_HOP or lk == "host":
                continue
            if drop_range and lk in ("range", "if-range"):
                continue
            if chunked and lk == "content-length":
                continue
            conn.putheader(k, v)
        if chunked:
            conn.putheader("Transfer-Encoding", "chunked")
        conn.endheaders()
        if chunked:
            for data in self.request_body():
                conn.send(b"%x\r\n%s\r\n" % (len(data), data))
            conn.send(b"0\r\n\r\n")
        elif self.has_request_body():
            for data in self.request_body():
                conn.send(data)
        return conn.getresponse()

    def upstream_failed(self, e):
        self.entry["error"] = f"upstream {self.upstream}: {e}"
        self.close_connection = True
        body = json.dumps({"errors": [{"code": "UNAVAILABLE",
                                       "message": f"faultproxy: upstream {self.upstream} failed: {e}",
                                       "detail": None}]}).encode()
        self.send_whole(502, [("Content-Type", "application/json; charset=utf-8")], body)

    def proxy_authority(self):
        return self.headers.get("Host") or "%s:%d" % self.server.server_address[:2]

    def rewrite(self, name, value):
        if name.lower() in ("location", "content-location", "link"):
            for scheme in ("http://", "https://"):
                value = value.replace(scheme + self.upstream, "http://" + self.proxy_authority())
        return value

    def forward(self, action):
        try:
            conn, resp = self.open_upstream(self.path, drop_range=action.get("drop_range", False))
        except (OSError, http.client.HTTPException) as e:
            return self.upstream_failed(e)
        try:
            self.relay(resp, action)
        finally:
            conn.close()

    def relay(self, resp, action):
        """Sends upstream's response on, applying body faults while streaming."""
        status = resp.status
        no_body = self.command == "HEAD" or status in (204, 304) or status < 200
        # Re-frame as chunked only when upstream gave no length (chunked or close-delimited).
        has_length = resp.getheader("Content-Length") is not None and not resp.chunked
        endless = action.get("endless_body", False) and not no_body
        reframe = not no_body and (not has_length or endless)
        self.send_response_only(status, resp.reason)
        for k, v in resp.getheaders():
            if k.lower() in HOP_BY_HOP:
                continue
            if k.lower() == "content-length" and reframe:
                continue
            self.send_header(k, self.rewrite(k, v))
        if reframe:
            self.send_header("Transfer-Encoding", "chunked")
        cut = action.get("reset_after_bytes", action.get("truncate_after_bytes"))
        if cut is not None:
            self.close_connection = True
            self.send_header("Connection", "close")
        self.end_headers()
        self.entry["status"] = status
        if no_body:
            self.wfile.flush()
            if cut is not None:
                self.end_cut(action)
            return
        corrupt = list(action.get("corrupt", []))
        # corrupt_blob offsets count from the start of the blob: shift them by
        # where this (206) body starts, so they hit the same bytes however the
        # client groups its range requests.
        blob_spots = action.get("corrupt_blob", [])
        if blob_spots:
            base = 0
            m = re.match(r"bytes (\d+)-", resp.getheader("Content-Range") or "")
            if status == 206 and m:
                base = int(m.group(1))
            for off, length, xor in blob_spots:
                lo, hi = max(off, base), off + length
                if hi > lo:
                    corrupt.append((lo - base, hi - lo, xor))
        sent = 0
        for _ in range(1 << 40):
            try:
                data = resp.read1(IO_CHUNK)
            except (OSError, http.client.HTTPException) as e:
                self.entry["error"] = f"upstream body: {e}"
                raise Abort() from None
            if not data:
                break
            if corrupt:
                data = flip(data, sent, corrupt)
            if cut is not None and sent + len(data) >= cut:
                self.write_body(data[: cut - sent], reframe, action, sent)
                sent = cut
                self.entry["bytes"] = sent
                self.end_cut(action)
            self.write_body(data, reframe, action, sent)
            sent += len(data)
            self.entry["bytes"] = sent
        if endless:
            # Upstream's body, then filler that never ends: only the client
            # hanging up (an OSError here) ends this response.
            filler = b"\0" * IO_CHUNK
            for _ in range(1 << 40):
                self.write_body(filler, True, action, sent)
                sent += len(filler)
                self.entry["bytes"] = sent
        if cut is not None:
            # The body was shorter than the cut point: nothing was cut after all.
            self.entry["fault"] += " (body ended first)"
        if reframe:
            self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def write_body(self, data, chunked, action=None, sent=0):
        """Writes data (which starts at body offset sent), dripped when the action says so."""
        if not data:
            return
        rate = (action or {}).get("drip_bytes_per_sec")
        fast = max(0, (action or {}).get("drip_after_bytes", 0) - sent)
        if rate and len(data) > fast:
            self.write_frame(data[:fast], chunked)
            self.wfile.flush()
            # rate bytes, then a second's pause: a registry that drips.
            for at in range(fast, len(data), rate):
                self.write_frame(data[at:at + rate], chunked)
                self.wfile.flush()
                self.entry["bytes"] = sent + min(at + rate, len(data))  # seen in /__proxy/inflight
                time.sleep(1.0)
            return
        self.write_frame(data, chunked)

    def write_frame(self, data, chunked):
        if not data:
            return
        if chunked:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        else:
            self.wfile.write(data)

    def end_cut(self, action):
        if "reset_after_bytes" in action:
            self.reset_connection()
        self.wfile.flush()
        raise Abort()  # truncate: finish() then shuts the socket down cleanly

    # ---- s12-memory: generated huge bodies -----------------------------------------

    def huge_body(self, h):
        """Answers 200 with a generated body of h["size"] bytes ("{" then spaces), with
        Content-Length (h["length"], the default) or chunked; upstream is not contacted.
        Stops when the client goes away; the log's "bytes" says how much it took."""
        if not self.discard_request_body():
            self.close_connection = True
        size, announce = h["size"], h.get("length", True)
        self.send_response_only(200)
        self.send_header("Content-Type", h.get("content_type", "application/vnd.oci.image.manifest.v1+json"))
        self.send_header("Docker-Distribution-Api-Version", "registry/2.0")
        if announce:
            self.send_header("Content-Length", str(size))
        else:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.entry["status"] = 200
        if self.command != "HEAD":
            first, block = b"{" + b" " * (IO_CHUNK - 1), b" " * IO_CHUNK
            sent = 0
            while sent < size:  # bounded: every pass sends at least one byte
                n = min(IO_CHUNK, size - sent)
                self.write_body((first if sent == 0 else block)[:n], not announce)
                sent += n
                self.entry["bytes"] = sent
            if not announce:
                self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    # ---- end s12-memory --------------------------------------------------------------

    # ---- tags/list pager -----------------------------------------------------------

    def pager(self, name, default_n):
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        try:
            n = int(query["n"][0]) if "n" in query else default_n
            if n < 0:
                raise ValueError
        except ValueError:
            body = json.dumps({"errors": [{"code": "PAGINATION_NUMBER_INVALID",
                                           "message": "invalid number of results requested",
                                           "detail": {"n": query["n"][0]}}]}).encode()
            return self.send_whole(400, [("Content-Type", "application/json; charset=utf-8")], body)
        last = query.get("last", [None])[0]
        try:
            conn, resp = self.open_upstream(f"/v2/{name}/tags/list")
        except (OSError, http.client.HTTPException) as e:
            return self.upstream_failed(e)
        try:
            raw = resp.read(self.max_buffer + 1)
        except (OSError, http.client.HTTPException) as e:
            conn.close()
            return self.upstream_failed(e)
        conn.close()
        passthrough = [(k, v) for k, v in resp.getheaders()
                       if k.lower() not in HOP_BY_HOP and k.lower() != "content-length"]
        if resp.status != 200 or len(raw) > self.max_buffer:
            if len(raw) > self.max_buffer:
                self.entry["fault"] += " (upstream list too large, passed through truncated)"
            return self.send_whole(resp.status, passthrough, raw[: self.max_buffer])
        try:
            tags = sorted(json.loads(raw).get("tags") or [])
        except (ValueError, AttributeError, TypeError):
            return self.send_whole(resp.status, passthrough, raw)
        if last is not None:
            tags = [t for t in tags if t > last]
        page, more = tags[:n], len(tags) > n
        headers = [(k, v) for k, v in passthrough if k.lower() not in ("content-type", "link")]
        headers.append(("Content-Type", "application/json; charset=utf-8"))
        if more and page:
            q = urllib.parse.urlencode({"n": n, "last": page[-1]})
            headers.append(("Link", f'</v2/{name}/tags/list?{q}>; rel="next"'))
        body = json.dumps({"name": name, "tags": page}).encode()
        self.send_whole(200, headers, body)

    # ---- control API ---------------------------------------------------------------

    def control(self):
        self.entry = {}  # control requests are not logged
        route = (self.command, urllib.parse.urlsplit(self.path).path)
        try:
            if route == ("PUT", "/__proxy/rules"):
                length = int(self.headers.get("Content-Length") or 0)
                if length > MAX_CONTROL_BODY:
                    return self.control_reply(413, {"error": "rules too large"})
                raw = json.loads(self.rfile.read(length) or b"[]")
                self.state.set_rules(raw)
                return self.control_reply(200, {"rules": len(self.state.rules)})
            if route == ("GET", "/__proxy/rules"):
                return self.control_reply(200, self.state.raw_rules)
            if route == ("GET", "/__proxy/log"):
                return self.control_reply(200, self.state.log_snapshot())
            if route == ("GET", "/__proxy/inflight"):
                return self.control_reply(200, self.state.active_snapshot())
            if route == ("POST", "/__proxy/reset"):
                self.discard_request_body()
                self.state.reset()
                return self.control_reply(200, {"reset": True})
            self.discard_request_body()
            return self.control_reply(404, {"error": f"no control endpoint {route[0]} {route[1]}"})
        except (ValueError, RuleError) as e:
            return self.control_reply(400, {"error": str(e)})

    def control_reply(self, status, obj):
        body = (json.dumps(obj, indent=1) + "\n").encode()
        self.send_whole(status, [("Content-Type", "application/json")], body)


def main():
    ap = argparse.ArgumentParser(description="Deterministic fault-injecting reverse proxy for a registry.")
    ap.add_argument("--upstream", required=True, help="HOST:PORT of the upstream registry (plain HTTP)")
    ap.add_argument("--rules", help="JSON file with the initial rules")
    ap.add_argument("--log", help="append one JSON line per proxied request to this file")
    ap.add_argument("--upstream-timeout", type=float, default=30.0, help="seconds (default 30)")
    ap.add_argument("--max-buffer", type=int, default=64 << 20,
                    help="largest body buffered for pager/status (bytes, default 64 MiB)")
    args = ap.parse_args()
    if not re.fullmatch(r"[^:/\s]+:\d+", args.upstream):
        ap.error("--upstream must be HOST:PORT")

    state = State(args.log)
    if args.rules:
        try:
            with open(args.rules, encoding="utf-8") as f:
                state.set_rules(json.load(f))
        except (OSError, ValueError) as e:
            print(f"faultproxy: cannot load rules {args.rules}: {e}", file=sys.stderr)
            return 2

    handler = type("Handler", (ProxyHandler,), {
        "state": state, "upstream": args.upstream,
        "upstream_timeout": args.upstream_timeout, "max_buffer": args.max_buffer,
    })
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
