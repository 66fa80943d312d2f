from __future__ import annotations

import hashlib
import socket
from pathlib import Path

from scanner_operator.sources import Fetched


def assert_fetched(fetched: Fetched, data: bytes) -> None:
    assert fetched.size == len(data)
    assert fetched.sha256 == hashlib.sha256(data).hexdigest()
    assert fetched.path.read_bytes() == data


def no_partial_files(directory: Path) -> bool:
    return not any(p.name.startswith(".partial-") for p in directory.iterdir())


def closed_port() -> int:
    """A port nothing listens on (bound then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
