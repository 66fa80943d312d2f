"""FakePhoenix: a strict stand-in for the Phoenix Security import API on 127.0.0.1 (phoenix-api.md §9).

Implements `GET /v1/auth/access_token` (Basic), `POST /v1/import/assets` (Bearer; every body validated against
phoenix-import-request.schema.json plus the documented rules the schema cannot express, 400 with a message
otherwise), `POST /v1/import/assets/file/translate` and its status endpoint. It applies new/merge/delta per
assessment, records what was imported, counts replayed bodies, and injects faults on demand.

Standalone for `make demo`: `python -m scanner_operator.testing.fake_phoenix --port N` prints
`{"url", "clientId", "clientSecret"}` as JSON on the first stdout line and serves until SIGTERM.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import email.parser
import email.policy
import hashlib
import json
import random
import secrets
import signal
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from types import TracebackType
from typing import Any

import jsonschema

FINGERPRINT_KEY = "findingFingerprint"
_LEGACY_FINDING_KEYS = ("cve", "cwe")


def load_schema() -> dict[str, Any]:
    text = resources.files("scanner_operator.phoenix").joinpath("phoenix-import-request.schema.json").read_text()
    schema: dict[str, Any] = json.loads(text)
    return schema


@dataclass
class Fault:
    """One injected fault. `path` is a prefix; None matches every path."""

    status: int | None = None  # answer this status instead of handling the request
    retry_after: str | None = None
    delay: float = 0.0  # sleep before answering (the request is still handled)
    drop: bool = False  # handle the request (store the import), then close the connection without an answer
    path: str | None = None
    method: str | None = None
    count: int = 1

    def matches(self, method: str, path: str) -> bool:
        return (self.path is None or path.startswith(self.path)) and (self.method is None or self.method == method)


@dataclass
class TranslateRequest:
    id: str
    scan_type: str
    assessment_name: str
    import_type: str
    auto_import: bool
    filename: str
    size: int
    sha256: str
    polls: int = 0
    status: str = "TRANSLATING"
    error: str | None = None
    fail_with: str | None = None


@dataclass
class _Assessment:
    #: finding key -> "open" | "closed"
    findings: dict[tuple[Any, ...], str] = field(default_factory=dict)
    previous: set[tuple[Any, ...]] = field(default_factory=set)


class FakePhoenix:
    def __init__(
        self,
        *,
        port: int = 0,
        client_id: str | None = None,
        client_secret: str | None = None,
        token_ttl: float = 3600.0,
        record: bool = True,
        validate: bool = True,
        response_style: str = "cycle",
    ) -> None:
        self.client_id = client_id or "fake-client-" + secrets.token_hex(4)
        self.client_secret = client_secret or secrets.token_urlsafe(24)
        self.token_ttl = token_ttl
        self.record = record
        self.validate = validate
        #: "empty" | "object" | "id" | "created" | "cycle" (every observed success form in turn, §3.12)
        self.response_style = response_style
        self._validator = jsonschema.Draft202012Validator(load_schema())
        self._lock = threading.Lock()
        self._tokens: dict[str, float] = {}
        self._faults: list[Fault] = []
        self._translate_errors: list[str] = []
        self._fail_ratio = 0.0
        self._fail_statuses: tuple[int, ...] = (429, 503)
        self._fail_retry_after: str | None = "0"
        self._rng = random.Random(0)  # noqa: S311 (fault injection, not cryptography)
        self._seen_bodies: set[str] = set()
        self._assessments: dict[str, _Assessment] = {}
        self._response_counter = 0
        self.imports: list[dict[str, Any]] = []
        self.rejected: list[tuple[int, str]] = []
        self.requests: list[tuple[str, str, int]] = []
        self.translations: dict[str, TranslateRequest] = {}
        self.replayed_imports = 0
        self.accepted_imports = 0
        self.accepted_findings = 0
        self.token_requests = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FakePhoenix:
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-phoenix", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakePhoenix:
        return self.start()

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    # -- fault injection --------------------------------------------------------------------------------------
    def fail_next(
        self,
        status: int,
        *,
        count: int = 1,
        path: str | None = None,
        method: str | None = None,
        retry_after: str | float | None = None,
    ) -> None:
        """Answer the next `count` matching requests with `status` (429/503 with `Retry-After` when given)."""
        ra = None if retry_after is None else str(retry_after)
        with self._lock:
            self._faults.append(Fault(status=status, retry_after=ra, path=path, method=method, count=count))

    def slow_next(self, seconds: float, *, count: int = 1, path: str | None = None, method: str | None = None) -> None:
        """Delay the next answers (the request is still handled, even if the client gave up meanwhile)."""
        with self._lock:
            self._faults.append(Fault(delay=seconds, path=path, method=method, count=count))

    def drop_next_import(self, count: int = 1) -> None:
        """Accept and store the next import(s), then close the connection without answering."""
        with self._lock:
            self._faults.append(Fault(drop=True, path="/v1/import/assets", method="POST", count=count))

    def set_fail_ratio(
        self, ratio: float, *, statuses: tuple[int, ...] = (429, 503), retry_after: str | None = "0", seed: int = 0
    ) -> None:
        """Answer this fraction of all requests with one of `statuses` (nothing is stored for those)."""
        with self._lock:
            self._fail_ratio = ratio
            self._fail_statuses = statuses
            self._fail_retry_after = retry_after
            self._rng = random.Random(seed)  # noqa: S311

    def expire_tokens(self) -> None:
        """Every token issued so far becomes invalid (the next call with one gets 401)."""
        with self._lock:
            self._tokens.clear()

    def fail_next_translation(self, error: str = "ResourceAccessException") -> None:
        """The next translate request ends in ERROR with this message."""
        with self._lock:
            self._translate_errors.append(error)

    def _take_fault(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for f in self._faults:
                if f.matches(method, path):
                    f.count -= 1
                    if f.count <= 0:
                        self._faults.remove(f)
                    return f
            if self._fail_ratio and self._rng.random() < self._fail_ratio:
                return Fault(status=self._rng.choice(self._fail_statuses), retry_after=self._fail_retry_after)
        return None

    # -- recorded state ---------------------------------------------------------------------------------------
    def findings(self, assessment: str | None = None) -> list[dict[str, Any]]:
        """Every finding of every accepted import (replays included), with its assessment and asset attributes."""
        out = []
        with self._lock:
            for body in self.imports:
                name = body["assessment"]["name"]
                if assessment is not None and name != assessment:
                    continue
                for asset in body["assets"]:
                    for f in asset.get("findings", []):
                        out.append(
                            {
                                **f,
                                "_assessment": name,
                                "_importType": body["importType"],
                                "_assetType": body["assessment"]["assetType"],
                                "_attributes": asset["attributes"],
                            }
                        )
        return out

    def fingerprint_counts(self, assessment: str | None = None) -> Counter[str]:
        return Counter(str(f.get("details", {}).get(FINGERPRINT_KEY)) for f in self.findings(assessment))

    def open_findings(self, assessment: str) -> set[tuple[Any, ...]]:
        with self._lock:
            state = self._assessments.get(assessment)
            return {k for k, v in state.findings.items() if v == "open"} if state else set()

    def closed_findings(self, assessment: str) -> set[tuple[Any, ...]]:
        with self._lock:
            state = self._assessments.get(assessment)
            return {k for k, v in state.findings.items() if v == "closed"} if state else set()

    # -- request handling (called from handler threads) -------------------------------------------------------
    def issue_token(self, authorization: str | None) -> tuple[int, dict[str, Any]]:
        with self._lock:
            self.token_requests += 1
        if not authorization or not authorization.startswith("Basic "):
            return 401, {"error": "Basic authentication required"}
        try:
            user, _, password = base64.b64decode(authorization[6:], validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return 401, {"error": "malformed Basic credentials"}
        if not (secrets.compare_digest(user, self.client_id) and secrets.compare_digest(password, self.client_secret)):
            return 401, {"error": "invalid client credentials"}
        token = secrets.token_urlsafe(32)
        expiry = time.time() + self.token_ttl
        with self._lock:
            self._tokens[token] = expiry
        return 200, {"token": token, "expiry": int(expiry)}

    def token_valid(self, authorization: str | None) -> bool:
        if not authorization or not authorization.startswith("Bearer "):
            return False
        with self._lock:
            expiry = self._tokens.get(authorization[7:])
        return expiry is not None and expiry > time.time()

    def check_import(self, body: Any) -> str | None:
        """None when the body is acceptable, else the 400 message."""
        if self.validate:
            errors = sorted(self._validator.iter_errors(body), key=lambda e: list(e.absolute_path))
            if errors:
                e = errors[0]
                where = "/".join(str(p) for p in e.absolute_path) or "(body)"
                more = f" (and {len(errors) - 1} more errors)" if len(errors) > 1 else ""
                return f"invalid import request at {where}: {e.message[:300]}{more}"
        return _documented_rules(body)

    def store_import(self, raw: bytes, body: dict[str, Any]) -> None:
        digest = hashlib.sha256(raw).hexdigest()
        n = sum(len(a.get("findings", [])) for a in body["assets"])
        with self._lock:
            if digest in self._seen_bodies:
                self.replayed_imports += 1
            self._seen_bodies.add(digest)
            self.accepted_imports += 1
            self.accepted_findings += n
            if self.record:
                self.imports.append(body)
                self._apply(body)

    def _apply(self, body: dict[str, Any]) -> None:
        """new/merge/delta per assessment (§3.8); caller holds the lock."""
        state = self._assessments.setdefault(body["assessment"]["name"], _Assessment())
        kind = body["importType"]
        present: set[tuple[Any, ...]] = set()
        assets = set()
        for asset in body["assets"]:
            akey = tuple(sorted((k, str(v)) for k, v in asset["attributes"].items()))
            assets.add(akey)
            for f in asset.get("findings", []):
                present.add((akey, f["name"], f.get("location", "")))
        if kind == "new":  # the assets' existing vulnerabilities are removed before the import
            for key in [k for k in state.findings if k[0] in assets]:
                del state.findings[key]
        if kind in ("new", "merge"):
            for key in state.previous - present:
                if key in state.findings:
                    state.findings[key] = "closed"
            state.previous = present
        else:
            state.previous |= present
        for key in present:
            state.findings[key] = "open"

    def new_translation(self, fields: dict[str, str], filename: str, data: bytes) -> tuple[int, dict[str, Any]]:
        missing = [k for k in ("scanType", "assessmentName", "importType") if not fields.get(k)]
        if missing:
            return 400, {"error": f"missing form fields: {', '.join(missing)}"}
        if fields["importType"] not in ("new", "merge", "delta"):
            return 400, {"error": f"invalid importType {fields['importType']!r}"}
        auto = fields.get("autoImport", "true").lower()
        if auto not in ("true", "false"):
            return 400, {"error": "autoImport must be true or false"}
        if not data:
            return 400, {"error": "file is empty"}
        req = TranslateRequest(
            id=str(uuid.uuid4()),
            scan_type=fields["scanType"],
            assessment_name=fields["assessmentName"],
            import_type=fields["importType"],
            auto_import=auto == "true",
            filename=filename,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        with self._lock:
            if self._translate_errors:
                req.fail_with = self._translate_errors.pop(0)
            self.translations[req.id] = req
        return 200, {"id": req.id}

    def poll_translation(self, request_id: str) -> tuple[int, dict[str, Any]]:
        """TRANSLATING -> READY_FOR_IMPORT -> IMPORTED (or ERROR), one step per poll; rests at READY_FOR_IMPORT
        when autoImport=false."""
        with self._lock:
            req = self.translations.get(request_id)
            if req is None:
                return 404, {"error": "unknown translate request"}
            req.polls += 1
            if req.status == "TRANSLATING" and req.polls >= 2:
                if req.fail_with:
                    req.status, req.error = "ERROR", req.fail_with
                else:
                    req.status = "READY_FOR_IMPORT"
            elif req.status == "READY_FOR_IMPORT" and req.auto_import:
                req.status = "IMPORTED"
            out: dict[str, Any] = {"id": req.id, "status": req.status}
            if req.error:
                out["error"] = req.error
            return 200, out

    def success_answer(self) -> tuple[int, bytes]:
        with self._lock:
            self._response_counter += 1
            n = self._response_counter
        style = self.response_style
        if style == "cycle":
            style = ("empty", "object", "id", "created")[n % 4]
        if style == "empty":
            return 200, b""
        if style == "object":
            return 200, b"{}"
        if style == "id":
            return 200, json.dumps({"id": str(uuid.uuid4())}).encode()
        return 201, b""


def _documented_rules(body: dict[str, Any]) -> str | None:
    """Rules of phoenix-api.md §3 that the JSON Schema does not express."""
    if _has_null(body):
        return "null values are not accepted; omit the field instead"
    asset_type = body["assessment"]["assetType"]
    for i, asset in enumerate(body["assets"]):
        attrs = asset["attributes"]
        if asset_type == "CLOUD" and attrs.get("providerType") == "AZURE" and not attrs.get("region"):
            return f"assets/{i}/attributes: region is required for AZURE cloud assets"
        for j, f in enumerate(asset.get("findings", [])):
            for k in _LEGACY_FINDING_KEYS:
                if k in f:
                    return f"assets/{i}/findings/{j}: legacy key {k!r} is not accepted; use referenceIds/cwes"
            for k in ("name", "description", "remedy"):
                if not str(f[k]).strip():
                    return f"assets/{i}/findings/{j}/{k}: must not be blank"
    return None


def _has_null(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, dict):
        return any(_has_null(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_null(v) for v in value)
    return False


def _parse_multipart(content_type: str, data: bytes) -> tuple[dict[str, str], str, bytes] | None:
    parser = email.parser.BytesParser(policy=email.policy.HTTP)
    msg = parser.parsebytes(b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + data)
    if not msg.is_multipart():
        return None
    fields: dict[str, str] = {}
    filename, file_data = "", b""
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        raw = payload if isinstance(payload, bytes) else b""
        if name == "file":
            filename = str(part.get_filename() or "")
            file_data = raw
        elif isinstance(name, str):
            fields[name] = raw.decode("utf-8", "replace")
    return fields, filename, file_data


def _handler_for(fake: FakePhoenix) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "FakePhoenix/1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read fake.requests instead
            return

        def _answer(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
            with fake._lock:
                fake.requests.append((self.command, self.path, status))
            try:
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                if body:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def _json(self, status: int, obj: dict[str, Any]) -> None:
            self._answer(status, json.dumps(obj).encode())

        def _body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def do_GET(self) -> None:
            self._dispatch()

        def do_POST(self) -> None:
            self._dispatch()

        def _dispatch(self) -> None:
            raw = self._body() if self.command == "POST" else b""
            fault = fake._take_fault(self.command, self.path)
            if fault is not None and fault.status is not None:
                headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
                self._answer(fault.status, json.dumps({"error": HTTPStatus(fault.status).phrase}).encode(), headers)
                return
            if fault is not None and fault.delay:
                time.sleep(fault.delay)
            drop = fault is not None and fault.drop
            self._route(raw, drop)

        def _route(self, raw: bytes, drop: bool) -> None:
            path = self.path.split("?", 1)[0]
            if self.command == "GET" and path == "/v1/auth/access_token":
                status, obj = fake.issue_token(self.headers.get("Authorization"))
                self._json(status, obj)
                return
            known = {"/v1/import/assets", "/v1/import/assets/file/translate"}
            if path not in known and not path.startswith("/v1/import/assets/file/translate/request/"):
                self._json(404, {"error": "not found"})
                return
            if not fake.token_valid(self.headers.get("Authorization")):
                self._json(401, {"error": "missing, invalid or expired token"})
                return
            if self.command == "POST" and path == "/v1/import/assets":
                self._import(raw, drop)
            elif self.command == "POST" and path == "/v1/import/assets/file/translate":
                parsed = _parse_multipart(self.headers.get("Content-Type", ""), raw)
                if parsed is None:
                    self._json(400, {"error": "multipart/form-data expected"})
                    return
                status, obj = fake.new_translation(*parsed)
                self._json(status, obj)
            elif self.command == "GET" and path.startswith("/v1/import/assets/file/translate/request/"):
                status, obj = fake.poll_translation(path.rsplit("/", 1)[1])
                self._json(status, obj)
            else:
                self._json(405, {"error": "method not allowed"})

        def _reject(self, message: str) -> None:
            with fake._lock:
                fake.rejected.append((400, message))
            self._json(400, {"error": message})

        def _import(self, raw: bytes, drop: bool) -> None:
            if not self.headers.get("Content-Type", "").startswith("application/json"):
                self._reject("Content-Type must be application/json")
                return
            try:
                body = json.loads(raw)
            except ValueError as exc:
                self._reject(f"body is not JSON: {exc}")
                return
            problem = fake.check_import(body)
            if problem is not None:
                self._reject(problem)
                return
            fake.store_import(raw, body)
            if drop:
                with fake._lock:
                    fake.requests.append((self.command, self.path, 0))
                self.close_connection = True  # stored, but the answer is lost
                return
            status, answer = fake.success_answer()
            self._answer(status, answer)

    return Handler


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m scanner_operator.testing.fake_phoenix", description=__doc__)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--client-id")
    ap.add_argument("--client-secret")
    ap.add_argument("--fail-ratio", type=float, default=0.0, help="answer this fraction of requests 429/503")
    ap.add_argument("--no-record", action="store_true", help="keep counts only (for large benchmarks)")
    ap.add_argument("--no-validate", action="store_true", help="skip JSON Schema validation")
    args = ap.parse_args(argv)
    fake = FakePhoenix(
        port=args.port,
        client_id=args.client_id,
        client_secret=args.client_secret,
        record=not args.no_record,
        validate=not args.no_validate,
    )
    if args.fail_ratio:
        fake.set_fail_ratio(args.fail_ratio)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with fake:
        print(json.dumps({"url": fake.url, "clientId": fake.client_id, "clientSecret": fake.client_secret}), flush=True)
        while not stop.wait(0.5):
            pass
        summary = {
            "imports": fake.accepted_imports,
            "findings": fake.accepted_findings,
            "replays": fake.replayed_imports,
        }
        print(json.dumps(summary), file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
