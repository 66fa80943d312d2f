"""Coverity JSON issues (`cov-format-errors --json-output-v7..v10`, `coverity scan` / `cov-run-desktop
--json-output-v10`): {type: "Coverity issues", formatVersion, suppressedIssueCount, issues: [{mergeKey,
occurrenceCountForMK, occurrenceNumberInMK, checkerName, subcategory, type, domain, language,
mainEventFilePathname, strippedMainEventFilePathname, mainEventLineNumber, functionDisplayName, events[{
eventDescription, eventTag, main, remediation, ...}], stateOnServer, localTriage, checkerProperties{category,
cweCategory, issueKinds, impact, subcategoryShortDescription, subcategoryLongDescription}}], error, warnings}.
A clean run has an empty issues list (and still names itself in `type`).

One finding per issue (merge key): further occurrences of a merge key are the same Coverity issue (one CID on the
server) and are folded and counted with ctx.skip. Severity is the checker's impact: High high, Medium medium, Low
low, Audit info. Issues triaged on the server or locally as False Positive or Intentional are inactive. The asset
is the analysed code base (CODE; the report does not name the project).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._static_common import code_asset, drop_empty, location

_DISMISSED = {"false positive", "intentional"}


@register
class CoverityScan(ReportFormat):
    id = "coverity_scan"
    scan_types = ("Coverity Scan JSON Report",)
    aliases = ("coverity", "coverity-scan", "cov-format-errors")
    default_asset_type = AssetType.CODE
    recognises = 'Coverity JSON {type: "Coverity issues", formatVersion, issues[] of mergeKey/checkerName}'

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.json_string("type") == "Coverity issues":
            return 0.95
        if sniff.has_paths("issues.item.mergeKey", "issues.item.checkerName", "issues.item.mainEventFilePathname"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        asset = code_asset(ctx, None, "coverity")
        seen: set[str] = set()
        count = 0
        for item in iter_json(report, "issues.item"):
            count += 1
            if not isinstance(item, dict) or not item.get("checkerName"):
                raise InvalidReport(f"{report.name}: a Coverity issue has no checkerName")
            key = text(item.get("mergeKey"))
            if key and key in seen:
                ctx.skip("another occurrence of the same Coverity issue (merge key)")
                continue
            seen.add(key)
            yield _finding(asset, item)
        if not count:
            require_list_member(report, ("issues",), "a Coverity JSON issues report")


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _classification(item: dict[str, Any]) -> str:
    for source in ("stateOnServer", "localTriage"):
        state = _obj(item.get(source))
        triage = _obj(state.get("triage")) or state
        value = text(triage.get("classification")).lower()
        if value in _DISMISSED:
            return f"triaged {value}"
    return ""


def _events(item: dict[str, Any]) -> list[Any]:
    events = item.get("events")
    return events if isinstance(events, list) else []


def _main_event(item: dict[str, Any]) -> str:
    events = _events(item)
    main = [e for e in events if isinstance(e, dict) and e.get("main")]
    return text(main[0].get("eventDescription")) if main else ""


def _remediation(item: dict[str, Any]) -> str:
    events = _events(item)
    return "\n".join(text(e.get("eventDescription")) for e in events if isinstance(e, dict) and e.get("remediation"))


def _finding(asset: Asset, item: dict[str, Any]) -> Finding:
    props = _obj(item.get("checkerProperties"))
    checker = text(item["checkerName"])
    path = text(item.get("mainEventFilePathname")) or text(item.get("strippedMainEventFilePathname"))
    line = item.get("mainEventLineNumber")
    short = text(props.get("subcategoryShortDescription"))
    impact = text(props.get("impact")).lower()
    cwe = text(props.get("cweCategory"))
    status = _classification(item)
    return Finding(
        asset=asset,
        name=f"{checker}: {short}" if short else checker,
        severity=Severity.INFO if impact == "audit" else label(impact, Severity.MEDIUM),
        description=_main_event(item) or text(props.get("subcategoryLongDescription")) or short or checker,
        remedy=_remediation(item) or f"Review the code the Coverity checker {checker} flagged.",
        cwes=[f"CWE-{cwe}"] if cwe.isdigit() else [],
        location=location(path, line) or None,
        active=not status,
        details=drop_empty(
            {
                "checker": checker,
                "mergeKey": text(item.get("mergeKey")),
                "category": text(props.get("category")),
                "issueKinds": props.get("issueKinds"),
                "domain": text(item.get("domain")),
                "language": text(item.get("language")),
                "function": text(item.get("functionDisplayName")),
                "path": path,
                "line": line,
                "status": status,
            }
        ),
    )
