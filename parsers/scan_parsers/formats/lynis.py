"""Lynis report data file (`/var/log/lynis-report.dat`, written by `lynis audit system`, Lynis 2.x-3.x): one
`key=value` per line, list values as `key[]=value`, a `# Lynis Report` comment on top. Findings are the lines
`warning[]=TEST-ID|message|details|solution|` and `suggestion[]=TEST-ID|message|details|solution|`; the host is
described by hostname, os_fullname / os_name, and the run by report_datetime_start / report_datetime_end.

One finding per warning (medium: Lynis warnings are issues to fix) and per suggestion (low: hardening advice); a
line repeated verbatim (Lynis writes some of them once per matching item) is folded and counted with ctx.skip.
Asset: the audited host (INFRA). Lynis closes the file with `finish=true` when the audit ends; a file without that
line was cut off (or the audit aborted) and is refused.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import text_stream
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import parse_datetime
from ._scan_common import infra_asset

_KINDS = {"warning[]": Severity.MEDIUM, "suggestion[]": Severity.LOW}
_IDENTITY = {"report_version_major", "lynis_version", "report_datetime_start"}


def _keys(text: str) -> set[str]:
    return {line.split("=", 1)[0].strip() for line in text.splitlines() if "=" in line}


@register
class Lynis(ReportFormat):
    id = "lynis"
    scan_types = ("Lynis Scan",)
    aliases = ("lynis",)
    default_asset_type = AssetType.INFRA
    recognises = "lynis-report.dat: key=value lines with lynis_version, warning[]= and suggestion[]="

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind not in ("text", "csv"):
            return 0.0
        keys = _keys(sniff.text)
        if "lynis_version" in keys and len(_IDENTITY & keys) >= 2:
            return 0.95
        if sniff.text.lstrip().startswith("# Lynis Report") and keys & _IDENTITY:
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        values: dict[str, str] = {}
        entries: list[tuple[str, str]] = []
        with report.open() as f:
            for raw in text_stream(f):
                line = raw.strip()
                if not line or line.startswith("#") or "=" not in line:
                    continue
                key, value = line.split("=", 1)
                if key in _KINDS:
                    entries.append((key, value))
                else:
                    values.setdefault(key, value)
        if not _IDENTITY & values.keys():
            raise InvalidReport(f"{report.name}: no lynis_version / report_version_major: not a Lynis report.dat")
        if values.get("finish") != "true":
            raise InvalidReport(
                f"{report.name}: no closing finish=true line: the Lynis report is cut off or incomplete"
            )
        ctx.meta.scan_date = parse_datetime(values.get("report_datetime_start"))
        hostname = values.get("hostname", "")
        ctx.meta.target = hostname or None
        asset: Asset | None = None
        seen: set[tuple[str, str]] = set()
        for key, value in entries:
            if (key, value) in seen:
                ctx.skip("repeated warning or suggestion line")
                continue
            seen.add((key, value))
            if asset is None:
                os_name = values.get("os_fullname") or values.get("os_name") or values.get("os")
                asset = infra_asset(ctx, "lynis", hostname=hostname or None, os=os_name)
            yield _finding(asset, key, value)


def _finding(asset: Asset, key: str, value: str) -> Finding:
    parts = [p.strip() for p in value.split("|")] + ["", "", "", ""]
    test_id, message, details, solution = parts[:4]
    details = "" if details == "-" else details
    solution = "" if solution == "-" else solution
    kind = key.removesuffix("[]")
    return Finding(
        asset=asset,
        name=f"{test_id}: {message}" if message else test_id,
        severity=_KINDS[key],
        description="\n\n".join(p for p in (message, f"Details: {details}" if details else "") if p) or test_id,
        remedy=solution,
        reference_ids=[test_id] if test_id else [],
        location=details or None,
        details={"test": test_id, "kind": kind, "documentation": f"https://cisofy.com/lynis/controls/{test_id}/"},
    )
