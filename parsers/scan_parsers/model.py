"""The normalized model every report format is parsed into.

Plain slotted dataclasses rather than pydantic: a report can carry millions of findings and the model is
built on the hot path of every parser.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any


class AssetType(str, Enum):
    INFRA = "INFRA"
    WEB = "WEB"
    CLOUD = "CLOUD"
    CONTAINER = "CONTAINER"
    REPOSITORY = "REPOSITORY"
    CODE = "CODE"
    BUILD = "BUILD"


class Severity(str, Enum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def score(self) -> float:
        """Phoenix's 1.0-10.0 import scale for the label (the vendor translators' map)."""
        return _LABEL_SCORES[self]


_LABEL_SCORES = {
    Severity.CRITICAL: 10.0,
    Severity.HIGH: 8.0,
    Severity.MEDIUM: 5.0,
    Severity.LOW: 2.0,
    Severity.INFO: 1.0,
}


@dataclass(slots=True, frozen=True)
class Tag:
    value: str
    key: str | None = None


@dataclass(slots=True)
class Package:
    name: str
    version: str | None = None
    fixed_versions: list[str] = field(default_factory=list)
    purl: str | None = None
    ecosystem: str | None = None


def fingerprint_of(parts: Iterable[str]) -> str:
    """A finding fingerprint from the values that identify it (unit-separated, hashed, 32 hex digits)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def asset_key(type_: AssetType, attributes: dict[str, str]) -> str:
    return type_.value + "|" + "|".join(f"{k}={v}" for k, v in sorted(attributes.items()))


@dataclass(slots=True, eq=False)
class Asset:
    """One asset of a report. Identity is its type plus its identifying attributes (see `key`)."""

    type: AssetType
    attributes: dict[str, str]
    tags: list[Tag] = field(default_factory=list)
    #: True when no identity was found in the report and a stable fallback was derived instead.
    placeholder: bool = False
    #: (type, copy of the attributes, key) the key was last computed from; reused while both are unchanged.
    _key_memo: tuple[AssetType, dict[str, str], str] | None = field(default=None, init=False, repr=False)

    @property
    def key(self) -> str:
        # Every finding's fingerprint needs its asset's key; comparing two small dicts is far cheaper than sorting
        # and joining the attributes again, and still sees any change to them.
        memo = self._key_memo
        if memo is not None and memo[0] is self.type and memo[1] == self.attributes:
            return memo[2]
        key = asset_key(self.type, self.attributes)
        self._key_memo = (self.type, dict(self.attributes), key)
        return key


@dataclass(slots=True, eq=False)
class Finding:
    asset: Asset
    name: str
    severity: Severity
    description: str = ""
    remedy: str = ""
    #: 1.0-10.0; None means "derive from the severity label".
    score: float | None = None
    reference_ids: list[str] = field(default_factory=list)
    cwes: list[str] = field(default_factory=list)
    location: str | None = None
    package: Package | None = None
    published: datetime | None = None
    details: dict[str, Any] = field(default_factory=dict)
    tags: list[Tag] = field(default_factory=list)
    #: Stable identity of the finding across runs; filled by the parse context when a parser leaves it empty.
    fingerprint: str = ""
    #: False when the report itself marks the finding closed: fixed, a false positive, suppressed, not affected or
    #: a passed check (its state is in `details["status"]`). Parsed, so counts match the report; never imported into
    #: Phoenix as open (left out of a new/merge import, which closes it there).
    active: bool = True

    @property
    def effective_score(self) -> float:
        if self.score is None:
            return self.severity.score
        return min(10.0, max(1.0, self.score))

    def compute_fingerprint(self, format_id: str) -> str:
        parts = [format_id, self.asset.key, self.name, self.location or ""]
        if self.package is not None:
            parts += [self.package.name, self.package.version or ""]
        return fingerprint_of(parts)


@dataclass(slots=True)
class ParseWarning:
    code: str
    message: str


@dataclass(slots=True)
class ReportMeta:
    format_id: str
    scanner: str
    scan_date: datetime | None = None
    target: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
