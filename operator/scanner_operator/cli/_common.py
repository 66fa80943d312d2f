"""Helpers shared by several sub-commands (a leading underscore: not a command itself)."""

from __future__ import annotations

import os


class UsageError(Exception):
    """A command was called in a way it cannot run; `main` prints the message and exits 2."""


def anonymize_key(wanted: bool) -> bytes | None:
    """The --anonymize key from $PHOENIX_ANONYMIZE_KEY (None when not wanted). Without a key, refuse rather than
    guess: pseudonyms must be reproducible across runs."""
    if not wanted:
        return None
    text = os.environ.get("PHOENIX_ANONYMIZE_KEY", "")
    if not text:
        raise UsageError("--anonymize needs a key in PHOENIX_ANONYMIZE_KEY")
    return text.encode()
