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

from ..retry import NOT_SENT_ERRORS, RetryPolicy, Verdict
from .errors import ConsoleHTTPError
from .metrics import API_REQUESTS
from .settings import ConsoleSettings

log = logging.getLogger(__name__)

QueryValue = str | int | bool | Sequence[str]
_IDEMPOTENT = frozenset({"GET", "HEAD", "DELETE"})


def console_retry_policy(max_retries: int, backoff: float) -> RetryPolicy:
    """Idempotent requests on 502/503/504; a POST (a scan start) is never replayed once it may have arrived."""
    return RetryPolicy(
        max_retries=max_retries,
        backoff=backoff,
        max_backoff=60.0,
        idempotent_statuses=frozenset({502, 503, 504}),
        retry_after_statuses=frozenset({502, 503, 504}),
        max_retry_after=30.0,
        # the console's documented Retry-After example (5000) is milliseconds, so large values are
        retry_after_millis_above=600.0,
    )


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
        self._retry = console_retry_policy(max_retries, backoff)
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
        idempotent = request.method in _IDEMPOTENT
        attempt = 0
        while True:
            try:
                response = self._client.send(request, stream=stream)
            except httpx.TransportError as exc:
                timeout = isinstance(exc, httpx.TimeoutException) and not isinstance(exc, NOT_SENT_ERRORS)
                API_REQUESTS.labels(status="timeout" if timeout else "connection_error").inc()
                # A POST cut off mid-flight may have reached the console: never replay it (a second scan).
                if self._retry.on_error(exc, attempt, idempotent=idempotent) is not Verdict.RETRY:
                    raise
                delay = self._retry.backoff_delay(attempt)
            else:
                API_REQUESTS.labels(status=str(response.status_code)).inc()
                if self._retry.on_status(response.status_code, attempt, idempotent=idempotent) is Verdict.STOP:
                    return response
                delay = self._retry.response_delay(response, attempt)
                response.close()
            attempt += 1
            log.debug("retrying InsightVM %s %s in %.1fs", request.method, request.url.path, delay)
            time.sleep(delay)

    @staticmethod
    def _raise_for_status(request: httpx.Request, response: httpx.Response) -> None:
        if response.is_error:
            raise ConsoleHTTPError(request, response)
