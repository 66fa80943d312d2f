"""HTTP layer shared by the scans and reports APIs: Basic auth (plus the 2FA `Token` header), TLS verification,
bounded retries of what is safe to retry, metrics, and errors that carry the console's message."""

from __future__ import annotations

import logging
import ssl
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import httpx

from .errors import ConsoleHTTPError
from .metrics import API_REQUESTS
from .settings import ConsoleSettings

log = logging.getLogger(__name__)

QueryValue = str | int | bool | Sequence[str]
_IDEMPOTENT = frozenset({"GET", "HEAD", "DELETE"})
_RETRY_STATUSES = frozenset({502, 503, 504})
_MAX_RETRY_AFTER = 30.0


def _retry_after_seconds(response: httpx.Response, fallback: float) -> float:
    """`Retry-After` in seconds; the console's documented example (5000) is milliseconds, so large values are."""
    raw = response.headers.get("Retry-After", "").strip()
    try:
        value = float(raw)
    except ValueError:
        return fallback
    if value > 600:
        value /= 1000.0
    return max(0.0, min(value, _MAX_RETRY_AFTER))


def _encode_params(params: Mapping[str, QueryValue | None] | None) -> list[tuple[str, str | int | float | bool | None]]:
    """Booleans as `true`/`false`, lists as repeated keys (several `sort` keys), None dropped."""
    pairs: list[tuple[str, str | int | float | bool | None]] = []
    for key, value in (params or {}).items():
        if value is None:
            continue
        if isinstance(value, bool):
            pairs.append((key, "true" if value else "false"))
        elif isinstance(value, str | int):
            pairs.append((key, str(value)))
        else:
            pairs.extend((key, str(item)) for item in value)
    return pairs


def _ssl_verify(verify: bool | str | ssl.SSLContext) -> bool | ssl.SSLContext:
    if isinstance(verify, str):
        return ssl.create_default_context(cafile=verify)
    return verify


class ConsoleTransport:
    def __init__(
        self,
        settings: ConsoleSettings,
        *,
        timeout: float = 30.0,
        max_retries: int = 2,
        backoff: float = 0.5,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.max_retries = max_retries
        self.backoff = backoff
        headers = {"Accept": "application/json", "User-Agent": "phoenix-scanner-operator"}
        if settings.token:
            headers["Token"] = settings.token
        self._client = httpx.Client(
            base_url=settings.api_root,
            auth=httpx.BasicAuth(settings.username, settings.password),
            headers=headers,
            verify=_ssl_verify(settings.verify),
            timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)),
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def request_json(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, QueryValue | None] | None = None,
        json: Any = None,
    ) -> Any:
        response = self.request(method, path, params=params, json=json)
        if not response.content:
            return {}
        return response.json()

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, QueryValue | None] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        request = self._client.build_request(
            method, path.lstrip("/"), params=_encode_params(params), json=json, headers=headers
        )
        response = self._send_with_retries(request, stream=False)
        response.read()
        self._raise_for_status(request, response)
        return response

    @contextmanager
    def stream(self, path: str, *, headers: Mapping[str, str] | None = None) -> Iterator[httpx.Response]:
        """A streamed GET (report downloads can be large); raises before yielding on an error status."""
        request = self._client.build_request("GET", path.lstrip("/"), headers=headers)
        response = self._send_with_retries(request, stream=True)
        try:
            if response.is_error:
                response.read()
                self._raise_for_status(request, response)
            yield response
        finally:
            response.close()

    def _send_with_retries(self, request: httpx.Request, *, stream: bool) -> httpx.Response:
        attempt = 0
        while True:
            delay = self.backoff * (2**attempt)
            try:
                response = self._client.send(request, stream=stream)
            except (httpx.ConnectError, httpx.ConnectTimeout):
                # Nothing reached the console: safe to retry for every method, POST included.
                API_REQUESTS.labels(status="connection_error").inc()
                if attempt >= self.max_retries:
                    raise
            except httpx.TransportError as exc:
                API_REQUESTS.labels(
                    status="timeout" if isinstance(exc, httpx.TimeoutException) else "connection_error"
                ).inc()
                # A POST cut off mid-flight may have reached the console: never replay it (a second scan).
                if request.method not in _IDEMPOTENT or attempt >= self.max_retries:
                    raise
            else:
                API_REQUESTS.labels(status=str(response.status_code)).inc()
                retryable = response.status_code in _RETRY_STATUSES and request.method in _IDEMPOTENT
                if not retryable or attempt >= self.max_retries:
                    return response
                delay = _retry_after_seconds(response, delay)
                response.close()
            attempt += 1
            log.debug("retrying InsightVM %s %s in %.1fs", request.method, request.url.path, delay)
            time.sleep(delay)

    @staticmethod
    def _raise_for_status(request: httpx.Request, response: httpx.Response) -> None:
        if response.is_error:
            raise ConsoleHTTPError(request, response)
