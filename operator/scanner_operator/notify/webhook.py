"""Webhook notifications with the payload of the replaced Phoenix Scanner Service (its user guide, "Webhook
Notifications"), plus what that service lacked: custom headers, bounded retries, an optional HMAC signature and a
guard against server-side request forgery.

SSRF guard: the host is resolved once, every address is checked, and the request goes to the checked address
(the Host header and TLS SNI keep the name), so a DNS answer that changes between check and use cannot redirect
it. Refused always: link-local (169.254.0.0/16, fe80::/10, which includes 169.254.169.254), the cloud metadata
names and addresses (fd00:ec2::254, metadata.google.internal), unspecified and multicast addresses. Refused unless
`allow_private=True`: loopback, private, shared (100.64.0.0/10) and reserved ranges. Redirects are not followed.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import socket
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import orjson

from ..retry import RetryPolicy

log = logging.getLogger(__name__)

_METADATA_HOSTS = {
    "metadata.google.internal",
    "metadata.goog",
    "metadata",
    "instance-data",
    "instance-data.ec2.internal",
}
_METADATA_ADDRESSES = {
    ipaddress.ip_address("169.254.169.254"),
    ipaddress.ip_address("fd00:ec2::254"),
    ipaddress.ip_address("100.100.100.200"),
}
_SHARED = ipaddress.ip_network("100.64.0.0/10")
#: notifications are at-least-once: every failed attempt is sent again, after this back-off
_BACKOFF = RetryPolicy(max_retries=0, backoff=1.0, max_backoff=30.0)
SIGNATURE_HEADER = "X-Phoenix-Scanner-Signature"
TIMESTAMP_HEADER = "X-Phoenix-Scanner-Timestamp"
#: how old a signed notification may be when it is verified (replayed notifications are refused after this)
SIGNATURE_TOLERANCE = 300.0


class WebhookError(Exception):
    """The notification could not be delivered (after the allowed attempts)."""


class WebhookBlocked(WebhookError):
    """The URL points somewhere a webhook must not go (SSRF guard)."""


def sign(key: bytes, timestamp: int, body: bytes) -> str:
    """The signature header value: HMAC-SHA256 over `<timestamp>.<body>`, so a captured notification cannot be
    replayed later with a new timestamp."""
    return "sha256=" + hmac.new(key, str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()


def verify_signature(
    key: bytes,
    body: bytes,
    timestamp: str,
    signature: str,
    *,
    now: float | None = None,
    tolerance: float = SIGNATURE_TOLERANCE,
) -> bool:
    """What a receiver checks (docs/webhooks.md): the signature matches the raw body and the timestamp header, and
    the timestamp is recent."""
    try:
        ts = int(timestamp)
    except ValueError:
        return False
    if abs((time.time() if now is None else now) - ts) > tolerance:
        return False
    return hmac.compare_digest(sign(key, ts, body), signature)


def check_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, *, allow_private: bool) -> str | None:
    """Why a webhook must not be sent to `ip`, or None when it may."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in _METADATA_ADDRESSES:
        return "a cloud metadata address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_unspecified or ip.is_multicast:
        return "not a unicast address"
    if not allow_private:
        if ip.is_loopback:
            return "a loopback address"
        if ip.is_private or ip in _SHARED or ip.is_reserved:
            return "a private address"
    return None


Resolver = Callable[[str, int], list[str]]


def _resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class WebhookNotifier:
    def __init__(
        self,
        url: str,
        headers: dict[str, str] | None = None,
        *,
        allow_private: bool = False,
        max_attempts: int = 3,
        timeout: float = 30.0,
        signing_key: bytes | None = None,
        resolver: Resolver = _resolve,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise WebhookBlocked("webhook URL must be http(s)://host/...")
        if parts.username or parts.password:
            raise WebhookBlocked("webhook URL must not carry credentials; use headers from a Secret")
        self.url = url
        self._headers = dict(headers or {})
        self.allow_private = allow_private
        self.max_attempts = max(1, max_attempts)
        self.timeout = timeout
        self._key = signing_key
        self._resolver = resolver
        self._sleep = sleep
        self._clock = clock

    def __repr__(self) -> str:  # header values are secrets
        return f"WebhookNotifier(url={self._safe_url()!r}, headers={sorted(self._headers)!r})"

    def _safe_url(self) -> str:
        p = urlsplit(self.url)
        return urlunsplit((p.scheme, p.netloc, p.path, "", ""))  # query strings often carry tokens

    def _target(self) -> tuple[str, str]:
        """(URL with the checked IP as host, original host name)."""
        parts = urlsplit(self.url)
        host = parts.hostname or ""
        if host.lower().rstrip(".") in _METADATA_HOSTS:
            raise WebhookBlocked(f"webhook host {host!r} is a cloud metadata service")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            literal = ipaddress.ip_address(host)
            addresses = [str(literal)]
        except ValueError:
            try:
                addresses = self._resolver(host, port)
            except OSError as exc:
                raise WebhookError(f"cannot resolve webhook host {host!r}: {exc.strerror or exc}") from None
        if not addresses:
            raise WebhookError(f"webhook host {host!r} has no address")
        for a in addresses:
            why = check_address(ipaddress.ip_address(a.split("%", 1)[0]), allow_private=self.allow_private)
            if why is not None:
                raise WebhookBlocked(f"webhook host {host!r} resolves to {a}, {why}; refused")
        ip = addresses[0]
        netloc = f"[{ip}]" if ":" in ip else ip
        if parts.port:
            netloc += f":{parts.port}"
        return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, "")), host

    def send(self, event: dict[str, Any]) -> None:
        """POST the event as JSON. Retries connection failures, 429 and 5xx with backoff, up to `max_attempts`.

        Raises WebhookBlocked for a forbidden target and WebhookError when every attempt failed.
        """
        url, host = self._target()
        body = orjson.dumps(event)
        headers = {
            **self._headers,
            "Content-Type": "application/json",
            "Host": host,
            "User-Agent": "phoenix-scanner-operator",
        }
        if self._key:
            timestamp = int(self._clock())
            headers[TIMESTAMP_HEADER] = str(timestamp)
            headers[SIGNATURE_HEADER] = sign(self._key, timestamp, body)
        extensions = {"sni_hostname": host} if url.startswith("https") else {}
        last = ""
        with httpx.Client(timeout=self.timeout, follow_redirects=False) as http:
            for attempt in range(1, self.max_attempts + 1):
                try:
                    resp = http.post(url, content=body, headers=headers, extensions=extensions)
                except httpx.TransportError as exc:
                    last = type(exc).__name__
                else:
                    if resp.status_code < 300:
                        return
                    last = f"HTTP {resp.status_code}"
                    if resp.status_code < 500 and resp.status_code != 429:
                        raise WebhookError(f"webhook {self._safe_url()} refused the notification ({last})")
                if attempt < self.max_attempts:
                    delay = _BACKOFF.backoff_delay(attempt - 1)
                    log.warning("webhook %s: %s; retrying in %.0fs", self._safe_url(), last, delay)
                    self._sleep(delay)
        raise WebhookError(f"webhook {self._safe_url()} failed after {self.max_attempts} attempts ({last})")
