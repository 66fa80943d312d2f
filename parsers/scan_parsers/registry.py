"""The format registry. A format is a module in `scan_parsers.formats` that defines a `ReportFormat` subclass
decorated with `@register`; nothing else needs editing to add one.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import ClassVar, TypeVar

from .context import ParseContext
from .errors import UnknownScanner
from .model import AssetType, Finding
from .sniff import Sniff
from .source import ReportInput


class ReportFormat(ABC):
    """One report format. Subclasses set the class attributes and implement `detect` and `parse`."""

    #: DefectDojo parser folder name, e.g. "anchore_grype".
    id: ClassVar[str]
    #: Scan-type display names it answers to (../shared/corpus/scan_types.tsv), e.g. ("Anchore Grype",).
    scan_types: ClassVar[tuple[str, ...]]
    #: Short names users type: ("grype",).
    aliases: ClassVar[tuple[str, ...]] = ()
    default_asset_type: ClassVar[AssetType]
    #: The Phoenix translate-endpoint scanType for a raw upload of this format, when Phoenix knows it.
    phoenix_scan_type: ClassVar[str | None] = None
    #: For the generic reader of a standard (SARIF, CycloneDX, ...): the standard's name. Such a format claims every
    #: valid document of the standard; a tool's own format outranks it on evidence that names the tool.
    standard: ClassVar[str | None] = None
    #: Human description of what a file of this format looks like (shown by `phoenix-scanner formats`).
    recognises: ClassVar[str] = ""

    @abstractmethod
    def detect(self, sniff: Sniff) -> float:
        """How sure it is that the sniffed report is of this format: 0.0 (no) to 1.0 (certain).

        Scores of 0.5 and above are claims; lower positive scores only name a format as a "closest candidate".
        """

    @abstractmethod
    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        """Yield findings; register assets (also finding-less ones) through `ctx.asset(...)`."""


_F = TypeVar("_F", bound=type[ReportFormat])
_FORMATS: dict[str, ReportFormat] = {}
_loaded = False


def register(cls: _F) -> _F:
    instance = cls()
    if cls.id in _FORMATS and type(_FORMATS[cls.id]) is not cls:
        raise RuntimeError(f"format id {cls.id!r} registered twice")
    _FORMATS[cls.id] = instance
    return cls


def _load() -> None:
    global _loaded
    if _loaded:
        return
    from . import formats

    for mod in pkgutil.iter_modules(formats.__path__):
        if not mod.name.startswith("_"):
            importlib.import_module(f"{formats.__name__}.{mod.name}")
    _loaded = True


def all_formats() -> list[ReportFormat]:
    _load()
    return sorted(_FORMATS.values(), key=lambda f: f.id)


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", name.lower())


def get_format(name: str) -> ReportFormat:
    """Resolve a format by id, alias or scan-type name (case and punctuation insensitive)."""
    _load()
    wanted = _norm(name)
    for f in _FORMATS.values():
        if wanted in {_norm(f.id), *(_norm(a) for a in f.aliases), *(_norm(t) for t in f.scan_types)}:
            return f
    # "Trivy Scan" -> "trivy": users often add or drop the "Scan"/"Report" suffix
    trimmed = re.sub(r"(scan|report|scanner)$", "", wanted)
    for f in _FORMATS.values():
        names = {_norm(f.id), *(_norm(a) for a in f.aliases), *(_norm(t) for t in f.scan_types)}
        if trimmed and trimmed in {re.sub(r"(scan|report|scanner)$", "", n) for n in names}:
            return f
    raise UnknownScanner(f"unknown scanner {name!r}; run `phoenix-scanner formats` for the list")
