"""Connection settings of the console: explicit arguments first, then the INSIGHTVM_* environment."""

from __future__ import annotations

import os
import ssl
from dataclasses import dataclass, field
from pathlib import Path

ENV_BASE_URL = "INSIGHTVM_BASE_URL"
ENV_USERNAME = "INSIGHTVM_USERNAME"
ENV_PASSWORD = "INSIGHTVM_PASSWORD"  # noqa: S105 - the variable's name, not a secret
ENV_VERIFY_SSL = "INSIGHTVM_VERIFY_SSL"
ENV_TOKEN = "INSIGHTVM_TOKEN"  # noqa: S105 - the variable's name, not a secret

_FALSE_WORDS = frozenset({"false", "0", "no", "off"})
_TRUE_WORDS = frozenset({"true", "1", "yes", "on", ""})


@dataclass(frozen=True)
class ConsoleSettings:
    """Where the console is and how to authenticate. `repr` never shows the password or the 2FA token."""

    base_url: str
    username: str
    password: str = field(repr=False)
    verify: bool | str | ssl.SSLContext = True
    token: str | None = field(default=None, repr=False)

    @property
    def api_root(self) -> str:
        """`https://host:3780/api/3/` whether the user gave the console root or the API root."""
        root = self.base_url.rstrip("/")
        if root.endswith("/api/3"):
            root = root[: -len("/api/3")]
        return root + "/api/3/"


def parse_verify(value: str) -> bool | str:
    """`INSIGHTVM_VERIFY_SSL`: a boolean word, or the path of a CA bundle to verify against."""
    word = value.strip().lower()
    if word in _FALSE_WORDS:
        return False
    if word in _TRUE_WORDS:
        return True
    path = Path(value.strip())
    if not path.is_file():
        raise ValueError(f"{ENV_VERIFY_SSL} is neither true/false nor an existing CA bundle file: {value!r}")
    return str(path)


def resolve_settings(
    base_url: str | None = None,
    username: str | None = None,
    password: str | None = None,
    verify: bool | str | ssl.SSLContext | None = True,
    token: str | None = None,
) -> ConsoleSettings:
    """Fill what the caller left out from the environment; a setting missing from both raises ValueError."""
    env = os.environ
    url = base_url or env.get(ENV_BASE_URL)
    user = username or env.get(ENV_USERNAME)
    secret = password if password is not None else env.get(ENV_PASSWORD)
    missing = [name for name, value in ((ENV_BASE_URL, url), (ENV_USERNAME, user), (ENV_PASSWORD, secret)) if not value]
    if missing:
        raise ValueError(
            "InsightVM connection settings missing: "
            + ", ".join(missing)
            + " (pass them to InsightVMClient or set the environment variables)"
        )
    assert url is not None and user is not None and secret is not None  # narrowed by the check above
    if not url.lower().startswith(("https://", "http://")):
        raise ValueError(f"InsightVM base URL must start with https:// or http://, got {url!r}")
    # An explicit verify=False/CA path wins; the default True defers to the environment when it is set.
    effective_verify: bool | str | ssl.SSLContext = True if verify is None else verify
    if verify is True and env.get(ENV_VERIFY_SSL) is not None:
        effective_verify = parse_verify(env[ENV_VERIFY_SSL])
    return ConsoleSettings(
        base_url=url,
        username=user,
        password=secret,
        verify=effective_verify,
        token=token if token is not None else (env.get(ENV_TOKEN) or None),
    )
