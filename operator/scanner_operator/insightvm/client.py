"""`InsightVMClient`: the entry point replacing the `rapid7` package's client of the same name."""

from __future__ import annotations

import ssl
from types import TracebackType

import httpx

from .reports import ReportsAPI
from .scans import ScansAPI
from .settings import ConsoleSettings, resolve_settings
from .transport import ConsoleTransport


class InsightVMClient:
    """A Security Console API v3 client. Missing arguments come from INSIGHTVM_BASE_URL, INSIGHTVM_USERNAME,
    INSIGHTVM_PASSWORD, INSIGHTVM_VERIFY_SSL (`false` or a CA bundle path) and INSIGHTVM_TOKEN (2FA code);
    a setting missing from both raises ValueError. TLS is verified by default; `verify` also takes an SSLContext."""

    def __init__(  # noqa: PLR0917 - the replaced client's positional signature
        self,
        base_url: str | None = None,
        username: str | None = None,
        password: str | None = None,
        verify: bool | str | ssl.SSLContext = True,
        timeout: float = 30.0,
        token: str | None = None,
        *,
        max_retries: int = 2,
        retry_backoff: float = 0.5,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.settings: ConsoleSettings = resolve_settings(base_url, username, password, verify, token)
        self._transport = ConsoleTransport(
            self.settings, timeout=timeout, max_retries=max_retries, backoff=retry_backoff, transport=transport
        )
        self.scans = ScansAPI(self._transport)
        self.reports = ReportsAPI(self._transport)

    @property
    def base_url(self) -> str:
        return self.settings.base_url

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> InsightVMClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"InsightVMClient(base_url={self.settings.base_url!r}, username={self.settings.username!r})"
