# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: Sociscope contributors
"""Rules, counters and the request log of faultproxy.py (see tests/tools/README.md)."""

import json
import re
import threading

MAX_LOG_ENTRIES = 100_000
MAX_DELAY_MS = 300_000
MAX_DRIP_RATE = 1 << 20


class RuleError(ValueError):
    pass


class Rule:
    """One entry of the rules list, validated and compiled."""

    MATCH_KEYS = {"method", "path", "header"}
    ACTION_KEYS = {
        "delay_ms", "reset", "reset_after_bytes", "truncate_after_bytes",
        "corrupt", "corrupt_blob", "status", "retry_after", "body", "headers", "error_code",
        "message", "drop_range", "pager", "drip_bytes_per_sec", "drip_after_bytes", "endless_body",
        "huge_body",  # s12-memory
    }

    def __init__(self, index, spec):
        if not isinstance(spec, dict):
            raise RuleError(f"rule {index}: must be an object")
        unknown = set(spec) - {"match", "nth", "first", "every", "action", "comment"}
        if unknown:
            raise RuleError(f"rule {index}: unknown keys {sorted(unknown)}")
        self.index = index
        self.count = 0
        match = spec.get("match", {})
        if not isinstance(match, dict) or set(match) - self.MATCH_KEYS:
            raise RuleError(f"rule {index}: match may only hold {sorted(self.MATCH_KEYS)}")
        self.method = match.get("method")
        if self.method is not None:
            self.method = str(self.method).upper()
        try:
            self.path = re.compile(match["path"]) if "path" in match else None
            self.headers = {str(k).lower(): re.compile(v) for k, v in match.get("header", {}).items()}
        except (re.error, TypeError, AttributeError) as e:
            raise RuleError(f"rule {index}: bad regex: {e}") from None

        triggers = [k for k in ("nth", "first", "every") if k in spec]
        if len(triggers) != 1:
            raise RuleError(f"rule {index}: needs exactly one of nth, first, every")
        self.nth = self.first = None
        self.every = False
        if "nth" in spec:
            nth = spec["nth"]
            if isinstance(nth, int):
                nth = [nth]
            if not isinstance(nth, list) or not all(isinstance(n, int) and n >= 1 for n in nth):
                raise RuleError(f"rule {index}: nth must be a list of positive integers")
            self.nth = set(nth)
        elif "first" in spec:
            if not isinstance(spec["first"], int) or spec["first"] < 0:
                raise RuleError(f"rule {index}: first must be a non-negative integer")
            self.first = spec["first"]
        else:
            if spec["every"] is not True:
                raise RuleError(f"rule {index}: every must be true")
            self.every = True

        action = spec.get("action")
        if not isinstance(action, dict) or not action:
            raise RuleError(f"rule {index}: action must be a non-empty object")
        unknown = set(action) - self.ACTION_KEYS
        if unknown:
            raise RuleError(f"rule {index}: unknown action keys {sorted(unknown)}")
        self.action = self._check_action(index, action)

    @staticmethod
    def _nonneg(index, action, key, limit=None):
        v = action.get(key)
        if v is None:
            return None
        if not isinstance(v, int) or isinstance(v, bool) or v < 0 or (limit is not None and v > limit):
            raise RuleError(f"rule {index}: {key} must be an integer in 0..{limit or 'inf'}")
        return v

    def _check_action(self, index, a):
        out = dict(a)
        self._nonneg(index, a, "delay_ms", MAX_DELAY_MS)
        self._nonneg(index, a, "reset_after_bytes")
        self._nonneg(index, a, "truncate_after_bytes")
        self._nonneg(index, a, "drip_after_bytes")
        if "drip_bytes_per_sec" in a:
            rate = self._nonneg(index, a, "drip_bytes_per_sec", MAX_DRIP_RATE)
            if not rate:
                raise RuleError(f"rule {index}: drip_bytes_per_sec must be an integer in 1..{MAX_DRIP_RATE}")
        elif "drip_after_bytes" in a:
            raise RuleError(f"rule {index}: drip_after_bytes needs drip_bytes_per_sec")
        if "endless_body" in a and a["endless_body"] is not True:
            raise RuleError(f"rule {index}: endless_body must be true")
        body_ends = {"reset_after_bytes", "truncate_after_bytes"} & set(a)
        if "endless_body" in a and body_ends:
            raise RuleError(f"rule {index}: endless_body cannot be combined with {sorted(body_ends)}")
        if "reset" in a and a["reset"] != "before_headers":
            raise RuleError(f'rule {index}: reset must be "before_headers"')
        for key in ("corrupt", "corrupt_blob"):
            if key not in a:
                continue
            spots = a[key] if isinstance(a[key], list) else [a[key]]
            norm = []
            for c in spots:
                if not isinstance(c, dict) or set(c) - {"offset", "xor", "length"}:
                    raise RuleError(f"rule {index}: {key} needs {{offset, xor[, length]}}")
                off = self._nonneg(index, c, "offset")
                xor = c.get("xor", 255)
                length = c.get("length", 1)
                if off is None or not isinstance(xor, int) or not 1 <= xor <= 255 \
                        or not isinstance(length, int) or length < 1:
                    raise RuleError(f"rule {index}: {key} offset>=0, xor 1..255, length>=1")
                norm.append((off, length, xor))
            out[key] = norm
        if "status" in a:
            if not isinstance(a["status"], int) or not 100 <= a["status"] <= 599:
                raise RuleError(f"rule {index}: status must be an HTTP status code")
            if a.get("headers") is not None and not isinstance(a["headers"], dict):
                raise RuleError(f"rule {index}: headers must be an object")
            clash = {"reset", "reset_after_bytes", "truncate_after_bytes", "corrupt", "corrupt_blob", "pager",
                     "drop_range", "drip_bytes_per_sec", "endless_body"} & set(a)
            if clash:
                raise RuleError(f"rule {index}: status cannot be combined with {sorted(clash)}")
        elif {"retry_after", "body", "headers", "error_code", "message"} & set(a):
            raise RuleError(f"rule {index}: retry_after/body/headers/error_code/message need status")
        if "pager" in a:
            p = a["pager"]
            if not isinstance(p, dict) or set(p) - {"n"} or not isinstance(p.get("n"), int) or p["n"] < 1:
                raise RuleError(f"rule {index}: pager must be {{\"n\": positive integer}}")
        if "drop_range" in a and not isinstance(a["drop_range"], bool):
            raise RuleError(f"rule {index}: drop_range must be true or false")
        if "reset" in a and len(set(a) - {"reset", "delay_ms"}) > 0:
            raise RuleError(f"rule {index}: reset before_headers combines only with delay_ms")
        # ---- s12-memory: huge_body -------------------------------------------------
        if "huge_body" in a:
            h = a["huge_body"]
            if not isinstance(h, dict) or set(h) - {"size", "length", "content_type"} \
                    or not isinstance(h.get("size"), int) or isinstance(h.get("size"), bool) \
                    or not 0 <= h["size"] <= 1 << 40 \
                    or not isinstance(h.get("length", True), bool) \
                    or not isinstance(h.get("content_type", ""), str):
                raise RuleError(f"rule {index}: huge_body needs {{size: 0..2^40[, length: bool][, content_type: str]}}")
            if set(a) - {"huge_body", "delay_ms"}:
                raise RuleError(f"rule {index}: huge_body combines only with delay_ms")
        # ---- end s12-memory ----------------------------------------------------------
        return out

    def matches(self, method, target, headers):
        if self.method is not None and method != self.method:
            return False
        if self.path is not None and not self.path.search(target):
            return False
        for name, rx in self.headers.items():
            value = headers.get(name)
            if value is None or not rx.search(value):
                return False
        return True

    def fires(self):
        if self.every:
            return True
        if self.first is not None:
            return self.count <= self.first
        return self.count in self.nth

    def describe(self):
        parts = []
        for k, v in self.action.items():
            if k == "corrupt":
                v = [{"offset": o, "length": n, "xor": x} for o, n, x in v]
            parts.append(f"{k}={json.dumps(v, separators=(',', ':'))}")
        return " ".join(parts)


class State:
    """Rules, their counters and the request log, shared by all handler threads."""

    def __init__(self, log_path):
        self.lock = threading.Lock()
        self.rules = []
        self.raw_rules = []
        self.log = []
        self.active = {}  # requests being answered now, by handler id
        self.log_file = open(log_path, "a", encoding="utf-8") if log_path else None

    def set_rules(self, raw):
        if isinstance(raw, dict) and "rules" in raw:
            raw = raw["rules"]
        if not isinstance(raw, list):
            raise RuleError("rules must be a JSON array (or {\"rules\": [...]})")
        rules = [Rule(i, r) for i, r in enumerate(raw)]
        with self.lock:
            self.rules = rules
            self.raw_rules = raw

    def reset(self):
        with self.lock:
            self.log = []
            for r in self.rules:
                r.count = 0

    def pick(self, method, target, headers):
        """Counts the request against every rule it matches; returns the first that fires."""
        chosen = None
        with self.lock:
            for r in self.rules:
                if r.matches(method, target, headers):
                    r.count += 1
                    if chosen is None and r.fires():
                        chosen = r
        return chosen

    def begin(self, key, entry):
        with self.lock:
            self.active[key] = entry

    def end(self, key):
        with self.lock:
            self.active.pop(key, None)

    def active_snapshot(self):
        with self.lock:
            return [dict(e) for e in self.active.values()]

    def record(self, entry):
        line = json.dumps(entry, separators=(",", ":"))
        with self.lock:
            if len(self.log) < MAX_LOG_ENTRIES:
                self.log.append(entry)
            if self.log_file:
                self.log_file.write(line + "\n")
                self.log_file.flush()

    def log_snapshot(self):
        with self.lock:
            return list(self.log)


def flip(data, pos, spots):
    """XORs the bytes of data (which starts at body offset pos) that fall in any spot."""
    out = None
    end = pos + len(data)
    for off, length, xor in spots:
        lo, hi = max(off, pos), min(off + length, end)
        if lo >= hi:
            continue
        if out is None:
            out = bytearray(data)
        for i in range(lo - pos, hi - pos):
            out[i] ^= xor
    return bytes(out) if out is not None else data
