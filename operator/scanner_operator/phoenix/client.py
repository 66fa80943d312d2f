"""HTTP client of the Phoenix Security API (../shared/docs/phoenix-api.md §2-§7).

Retry rules, because imports are not idempotent (§6.2):
- GETs (token, translate status) are retried on connection errors, 429, 500, 502, 503, 504.
- POSTs are retried only when the server provably did not take them: connection refused/unreachable before the
  request was written, or an explicit 429/503 refusal (after `Retry-After`). A POST whose answer is lost (read
  timeout, reset, 500/502/504) raises `PhoenixUncertain` and is never sent again by this client.
- 401 drops the token, fetches a new one and repeats the call once; a second 401 is `PhoenixAuthError`.
"""

from __future__ import annotations

import base64
import collections
import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson

from ..retry import NOT_SENT_ERRORS, RetryPolicy, Verdict
from .errors import PhoenixAuthError, PhoenixError, PhoenixRejected, PhoenixUnavailable, PhoenixUncertain
from .pacing import Pacer

log = logging.getLogger(__name__)

TOKEN_PATH = "/v1/auth/access_token"  # noqa: S105 (a URL path, not a password)
IMPORT_PATH = "/v1/import/assets"
TRANSLATE_PATH = "/v1/import/assets/file/translate"
TRANSLATE_STATUS_PATH = "/v1/import/assets/file/translate/request/{id}"

TOKEN_TIMEOUT = 30.0
STATUS_TIMEOUT = 30.0
REFRESH_MARGIN = 300.0  # refresh when less than 5 minutes remain (vendor CLI)
DEFAULT_TOKEN_LIFETIME = 3600.0  # when `expiry` is missing or implausible (clock skew)


def phoenix_retry_policy(max_retries: int) -> RetryPolicy:
    """GETs on 429/5xx; POSTs only on 429 and 503, Phoenix's explicit refusals (§6.2)."""
    return RetryPolicy(
        max_retries=max_retries,
        backoff=1.0,
        max_backoff=30.0,
        idempotent_statuses=frozenset({429, 500, 502, 503, 504}),
        unsafe_statuses=frozenset({429, 503}),
        retry_after_statuses=frozenset({429, 503}),
        default_retry_after=5.0,
        max_retry_after=300.0,
    )


_LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}


@dataclass(frozen=True, slots=True)
class _Token:
    value: str
    refresh_at: float  # monotonic clock


@dataclass(frozen=True, slots=True)
class TranslateStatus:
    request_id: str
    status: str
    error: str | None
    body: dict[str, Any]


def translate_form(
    scan_type: str, assessment_name: str, import_type: str, auto_import: bool, scan_target: str | None
) -> dict[str, str]:
    """The multipart form fields of a translate upload (besides the file)."""
    form = {
        "scanType": scan_type,
        "assessmentName": assessment_name,
        "importType": import_type,
        "autoImport": "true" if auto_import else "false",
    }
    if scan_target:
        form["scanTarget"] = scan_target
    return form


class PhoenixClient:
    """Thread-safe client; one instance per (API URL, client id). Use as a context manager or call `close()`."""

    def __init__(
        self,
        api_url: str,
        client_id: str,
        client_secret: str,
        *,
        timeout: float = 60.0,
        requests_per_minute: float | None = None,
        max_retries: int = 5,
        allow_http: bool | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        parts = urlsplit(api_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise PhoenixRejected(f"invalid Phoenix API URL {_safe_url(api_url)!r}", reason="InvalidPhoenixURL")
        if allow_http is None:
            allow_http = parts.hostname in _LOOPBACK_HOSTS or os.environ.get("PHOENIX_ALLOW_HTTP") == "1"
        if parts.scheme == "http" and not allow_http:
            # the token call carries the client secret in a Basic header; never over plain HTTP by accident
            raise PhoenixRejected(
                f"refusing plain http:// for {parts.hostname}: the client secret would travel unencrypted "
                "(set PHOENIX_ALLOW_HTTP=1 to allow it)",
                reason="InsecurePhoenixURL",
            )
        if not client_id or not client_secret:
            raise PhoenixAuthError("Phoenix client id and client secret must both be set")
        self.api_url = api_url.rstrip("/")
        self.client_id = client_id
        self._secret = client_secret
        self.timeout = timeout
        self.max_retries = max_retries
        self._retry = phoenix_retry_policy(max_retries)
        self._sleep = sleep
        self._clock = clock
        self._pacer = Pacer(requests_per_minute, sleep=sleep, clock=clock)
        self._token: _Token | None = None
        self._token_lock = threading.Lock()
        self._http = httpx.Client(base_url=self.api_url, timeout=timeout, transport=transport, follow_redirects=False)
        #: how many HTTP requests went out (token calls included); for tests and metrics
        self.requests_sent = 0
        #: Every attempt's outcome by HTTP status ("error" for no answer), for the operator's metrics.
        self.responses: collections.Counter[str] = collections.Counter()

    # -- lifecycle --------------------------------------------------------------------------------------------
    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> PhoenixClient:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:  # never the secret
        return f"PhoenixClient(api_url={self.api_url!r}, client_id={self.client_id!r})"

    # -- token ------------------------------------------------------------------------------------------------
    def token(self) -> str:
        with self._token_lock:
            tok = self._token
            if tok is None or self._clock() >= tok.refresh_at:
                tok = self._token = self._fetch_token()
            return tok.value

    def invalidate_token(self) -> None:
        with self._token_lock:
            self._token = None

    def _fetch_token(self) -> _Token:
        basic = base64.b64encode(f"{self.client_id}:{self._secret}".encode()).decode("ascii")
        resp = self._send(
            "GET",
            TOKEN_PATH,
            headers={"Authorization": f"Basic {basic}"},
            timeout=min(TOKEN_TIMEOUT, self.timeout),
            idempotent=True,
            authenticated=False,
            pace=False,
        )
        if resp.status_code in (401, 403):
            raise PhoenixAuthError(
                f"Phoenix refused the credentials of client id {self.client_id!r} (HTTP {resp.status_code})"
            )
        self._raise_for_status(resp, "token request")
        try:
            data = resp.json()
            value = str(data["token"])
        except (ValueError, KeyError, TypeError) as exc:
            raise PhoenixUnavailable("Phoenix token response has no token") from exc
        if not value:
            raise PhoenixUnavailable("Phoenix token response has an empty token")
        lifetime = DEFAULT_TOKEN_LIFETIME
        expiry = data.get("expiry") if isinstance(data, dict) else None
        if isinstance(expiry, int | float) and not isinstance(expiry, bool):
            remaining = float(expiry) - time.time()
            # `expiry` may be skewed by the server's clock; an already-past or absurd value is not trusted
            if 60.0 < remaining < 7 * 86400:
                lifetime = remaining
        margin = min(REFRESH_MARGIN, lifetime / 2)
        return _Token(value, self._clock() + lifetime - margin)

    # -- API calls --------------------------------------------------------------------------------------------
    def import_assets(self, body: bytes, *, timeout: float | None = None) -> dict[str, Any]:
        """POST one import body (already serialized JSON). Returns the response JSON ({} when empty)."""
        resp = self._request(
            "POST",
            IMPORT_PATH,
            content=body,
            headers={"Content-Type": "application/json"},
            timeout=timeout or max(self.timeout, 120.0),
            idempotent=False,
        )
        return _json_or_empty(resp, "import")

    def translate_upload(
        self,
        path: Path,
        *,
        scan_type: str,
        assessment_name: str,
        import_type: str,
        auto_import: bool = True,
        scan_target: str | None = None,
        filename: str | None = None,
    ) -> str | None:
        """Upload a raw report to the translate endpoint; returns the translate-request id (None if not given)."""
        data = translate_form(scan_type, assessment_name, import_type, auto_import, scan_target)
        with open(path, "rb") as fh:
            files = {"file": (filename or path.name, fh, "application/octet-stream")}
            resp = self._request(
                "POST",
                TRANSLATE_PATH,
                data=data,
                files=files,
                timeout=max(self.timeout, 120.0),
                idempotent=False,
                rewind=fh,
            )
        body = _json_or_empty(resp, "translate upload")
        rid = body.get("id")
        return str(rid) if rid not in (None, "") else None

    def translate_status(self, request_id: str) -> TranslateStatus:
        resp = self._request(
            "GET",
            TRANSLATE_STATUS_PATH.format(id=request_id),
            timeout=min(STATUS_TIMEOUT, self.timeout),
            idempotent=True,
            pace=False,
        )
        body = _json_or_empty(resp, "translate status", check_status_field=False)
        err = body.get("error")
        return TranslateStatus(request_id, str(body.get("status", "")), str(err) if err else None, body)

    # -- plumbing ---------------------------------------------------------------------------------------------
    def _request(
        self,
        method: str,
        path: str,
        *,
        idempotent: bool,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        pace: bool = True,
        **kwargs: Any,
    ) -> httpx.Response:
        """An authenticated call with the 401-refresh-once rule."""
        refreshed = False
        while True:
            hdrs = dict(headers or {})
            hdrs["Authorization"] = f"Bearer {self.token()}"
            resp = self._send(method, path, headers=hdrs, timeout=timeout, idempotent=idempotent, pace=pace, **kwargs)
            if resp.status_code in (401, 403):
                if refreshed:
                    raise PhoenixAuthError(
                        f"Phoenix answered HTTP {resp.status_code} to {method} {path} with a freshly issued token; "
                        f"check the permissions of client id {self.client_id!r}"
                    )
                refreshed = True
                self.invalidate_token()
                continue
            self._raise_for_status(resp, f"{method} {path}")
            return resp

    def _send(
        self,
        method: str,
        path: str,
        *,
        headers: Mapping[str, str],
        timeout: float | None,
        idempotent: bool,
        authenticated: bool = True,
        pace: bool = True,
        rewind: Any = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """One logical request with the safe retries. Returns the final response (any status it does not retry)."""
        policy = self._retry
        attempt = 0
        while True:
            if pace:
                self._pacer.wait()
            if rewind is not None:
                rewind.seek(0)
            self.requests_sent += 1
            try:
                resp = self._counted(method, path, headers=headers, timeout=timeout, **kwargs)
            except httpx.TransportError as exc:
                verdict = policy.on_error(exc, attempt, idempotent=idempotent)
                if verdict is Verdict.UNCERTAIN:
                    raise PhoenixUncertain(
                        f"{method} {path}: the request was sent but the answer was lost ({_kind(exc)}); "
                        "Phoenix may or may not have stored it, so it is not sent again"
                    ) from None
                if verdict is Verdict.STOP:
                    if isinstance(exc, NOT_SENT_ERRORS):
                        raise PhoenixUnavailable(
                            f"cannot connect to Phoenix at {self.api_url} after {attempt + 1} attempts "
                            f"({type(exc).__name__})"
                        ) from None
                    raise PhoenixUnavailable(
                        f"{method} {path} failed after {attempt + 1} attempts ({_kind(exc)})"
                    ) from None
                delay = policy.backoff_delay(attempt)
                log.warning("Phoenix %s %s: %s; retrying in %.1fs", method, path, _kind(exc), delay)
            else:
                if policy.on_status(resp.status_code, attempt, idempotent=idempotent) is Verdict.STOP:
                    return resp  # a status it does not retry, or the last attempt: _raise_for_status decides
                delay = policy.response_delay(resp, attempt)
                log.warning("Phoenix %s %s: HTTP %d; retrying in %.1fs", method, path, resp.status_code, delay)
                resp.close()
            attempt += 1
            self._sleep(delay)

    def _counted(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            resp = self._http.request(method, path, **kwargs)
        except httpx.TransportError:
            self.responses["error"] += 1
            raise
        self.responses[str(resp.status_code)] += 1
        return resp

    def _raise_for_status(self, resp: httpx.Response, what: str) -> None:
        status = resp.status_code
        if status < 300:
            return
        text = self._scrub(_body_text(resp))
        suffix = f": {text}" if text else ""
        if status in (429, 503):
            raise PhoenixUnavailable(f"{what}: Phoenix still answered HTTP {status} after {self.max_retries} retries")
        if status in (500, 502, 504) and resp.request.method == "POST":
            raise PhoenixUncertain(
                f"{what}: Phoenix answered HTTP {status}; the request may or may not have been stored, "
                f"so it is not sent again{suffix}"
            )
        if status >= 500:
            raise PhoenixUnavailable(f"{what}: Phoenix answered HTTP {status}{suffix}")
        if status in (401, 403):
            raise PhoenixAuthError(f"{what}: Phoenix answered HTTP {status}")
        reason = {400: "PhoenixRejected", 404: "PhoenixNotFound", 413: "PhoenixPayloadTooLarge"}.get(
            status, "PhoenixRejected"
        )
        raise PhoenixRejected(f"{what}: Phoenix answered HTTP {status}{suffix}", status_code=status, reason=reason)

    def _scrub(self, text: str) -> str:
        """Keep server text, but never with our secret or token in it (a server may echo headers back)."""
        secrets = [self._secret, base64.b64encode(f"{self.client_id}:{self._secret}".encode()).decode("ascii")]
        if self._token is not None:
            secrets.append(self._token.value)
        for s in secrets:
            if s:
                text = text.replace(s, "***")
        return text


def _json_or_empty(resp: httpx.Response, what: str, *, check_status_field: bool = True) -> dict[str, Any]:
    """Phoenix may answer success with an empty body, `{}` or `{"id": ...}` (§3.12): all are fine."""
    raw = resp.content.strip()
    if not raw:
        return {}
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return {}
    if not isinstance(data, dict):
        return {}
    if check_status_field and str(data.get("status", "")).lower() in ("error", "failed"):
        detail = str(data.get("error") or data.get("message") or "")[:500]
        raise PhoenixRejected(f"{what}: Phoenix reported status {data.get('status')!r}: {detail}".rstrip(": "))
    return data


def _body_text(resp: httpx.Response) -> str:
    try:
        text = resp.text
    except (UnicodeDecodeError, LookupError):
        return ""
    text = " ".join(text.split())
    return text[:500]


def _kind(exc: BaseException) -> str:
    return type(exc).__name__


def _safe_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.password or parts.username:
        return url.replace(parts.netloc, parts.hostname or "")
    return url


__all__ = ["PhoenixClient", "PhoenixError", "TranslateStatus"]
