"""Per-parse state shared between a parser and the library: assets, warnings, report metadata."""

from __future__ import annotations

from collections import Counter

from .model import Asset, AssetType, ParseWarning, ReportMeta, Tag, asset_key


class ParseContext:
    def __init__(self, format_id: str, asset_type: AssetType | None = None, mode: str = "default") -> None:
        self.format_id = format_id
        #: "default", or "detailed" for formats whose detailed scan types report one finding per occurrence.
        self.mode = mode
        #: The user's asset-type override (None = the parser's choice).
        self.asset_type_override = asset_type
        self.meta = ReportMeta(format_id=format_id, scanner=format_id)
        self.warnings: list[ParseWarning] = []
        self._assets: dict[str, Asset] = {}
        self._requests: dict[tuple[object, ...], Asset] = {}
        #: Records of the report that were read and deliberately not turned into findings, counted by reason.
        self.skipped: Counter[str] = Counter()

    def warn(self, code: str, message: str) -> None:
        if len(self.warnings) < 1000:
            self.warnings.append(ParseWarning(code, message))

    def skip(self, reason: str, n: int = 1) -> None:
        """Count `n` records of the report that are not findings (a passed check, a mitigated issue, a target with
        nothing found), by a short reason such as "status passed". The parse pipeline turns the counts into one
        warning per reason; a report with records and no finding must account for them here (no silent zero)."""
        self.skipped[reason] += n

    def asset(
        self,
        type_: AssetType,
        attributes: dict[str, str | None],
        tags: list[Tag] | None = None,
        placeholder: bool = False,
    ) -> Asset:
        """Return the one Asset object for this identity, creating it on first use.

        None and empty attribute values are dropped; all values become strings.
        """
        if self.asset_type_override is not None:
            type_ = self.asset_type_override
        # Parsers ask for the same asset once per finding: remember the answer per exact request (string values
        # only: 1, 1.0 and True are equal as dict keys but not as attribute values).
        request: tuple[object, ...] | None = (type_, *attributes.items())
        for value in attributes.values():
            if value is not None and type(value) is not str:
                request = None
                break
        if request is not None:
            known = self._requests.get(request)
            if known is not None:
                return known
        attrs = {k: v if isinstance(v, str) else str(v) for k, v in attributes.items() if v is not None and v != ""}
        key = asset_key(type_, attrs)
        asset = self._assets.get(key)
        if asset is None:
            asset = Asset(type_, attrs, list(tags or []), placeholder)
            self._assets[key] = asset
        if request is not None:
            self._requests[request] = asset
        return asset

    @property
    def assets(self) -> list[Asset]:
        return list(self._assets.values())
