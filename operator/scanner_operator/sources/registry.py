"""Source kinds by their key in `spec.source`. A new kind is a new module that calls `register`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import Source
from .errors import SourceInvalid

_SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    if source.key in _SOURCES:
        raise ValueError(f"source kind {source.key!r} is registered twice")
    _SOURCES[source.key] = source
    return source


def source_kinds() -> list[str]:
    return sorted(_SOURCES)


def get_source(spec_source: Mapping[str, Any]) -> Source:
    """The one source kind present in `spec.source`; SourceInvalid for none, several or an unknown kind."""
    if not isinstance(spec_source, Mapping):
        raise SourceInvalid("spec.source must be an object with exactly one source kind")
    present = [key for key, value in spec_source.items() if value is not None]
    unknown = [key for key in present if key not in _SOURCES]
    if unknown:
        raise SourceInvalid(
            f"spec.source has an unknown kind {', '.join(sorted(unknown))}; known kinds: {', '.join(source_kinds())}"
        )
    if len(present) != 1:
        raise SourceInvalid(
            f"spec.source must set exactly one of {', '.join(source_kinds())}; "
            f"found {', '.join(sorted(present)) or 'none'}"
        )
    return _SOURCES[present[0]]
