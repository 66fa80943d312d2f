"""Test and demo stand-ins that are real servers on 127.0.0.1: the local control plane, FakePhoenix,
FakeInsightVM and the local Job runner. Shipped in the package so `make demo` and users' own tests can use them.

The names are imported lazily: importing `scanner_operator.testing` starts nothing and pulls in no server code.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "FakePhoenix": "scanner_operator.testing.fake_phoenix",
    "FakeInsightVM": "scanner_operator.testing.fake_insightvm",
    "LocalCluster": "scanner_operator.testing.localcluster",
}

__all__ = ["FakeInsightVM", "FakePhoenix", "LocalCluster"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
