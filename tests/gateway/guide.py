"""The Scanner Service user guide's own client code and scripts, taken from the guide itself, with only the URL,
the API key, the Phoenix connection, file names and job ids replaced (what a user switching to the gateway changes)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.corpus import CORPUS

GUIDE = CORPUS.parent / "reference" / "phoenix-scanner-service-user-guide.md"


def guide_text() -> str:
    if not GUIDE.is_file():
        pytest.skip(f"the Scanner Service user guide is not at {GUIDE}")
    return GUIDE.read_text()


def block(heading: str, language: str) -> str:
    """The first ```language block after the line `heading`."""
    text = guide_text()
    start = text.index(heading)
    match = re.compile(rf"```{language}\n(.*?)```", re.DOTALL).search(text, start)
    assert match is not None, f"no {language} block after {heading!r}"
    return match.group(1)


def localize(code: str, *, url: str, api_key: str, phoenix: tuple[str, str, str], **more: str) -> str:
    """Replace what a user points at the gateway; `more` maps further literal strings to replacements."""
    phoenix_url, client_id, client_secret = phoenix
    replacements = {
        "ws://localhost:8000": "ws" + url[4:],
        "http://localhost:8000": url,
        "your-api-key": api_key,
        "your-client-id": client_id,
        "your-secret": client_secret,
        "https://phoenix.example.com/api": phoenix_url,
        **more,
    }
    for old, new in replacements.items():
        code = code.replace(old, new)
    return code


def write_script(directory: Path, name: str, code: str) -> Path:
    path = directory / name
    path.write_text(code)
    path.chmod(0o755)
    return path
