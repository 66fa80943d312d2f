"""Mayhem (ForAllSecure / Mayhem Security) SARIF reports, from both products:

- Mayhem for API (`mapi run ... --sarif mapi.sarif`): runs[].tool.driver {name "mAPI", fullName "Mayhem for
  API", rules: one per issue kind ("internal-server-error (<exception>)", "invalid-response-spec (...)") with
  help and CWE tags}; each result's message names the endpoint ("Internal Server Error in 'PUT /pet'") and links the
  defect, its location is a frame of the server's stack trace when the API returned one, else "unknown-file".
- Mayhem Code Security (`mayhem run` / the Mayhem CLI's SARIF download): driver {name "Mayhem Code Security",
  rules MI1xx}, results {message "TDID-<defect> - <weakness>", locations (the crashing source line), taxa [CWE id]},
  with the CWE taxonomy in `taxonomies`.

Read with the generic SARIF reading (one finding per result location, a clean run counted as skipped), then made
specific: a Mayhem Code defect is named after its weakness with the defect id in the details and the result's CWE
taxa as CWEs; a Mayhem for API defect without a source frame is located at its endpoint. The tool-specific format
claims a SARIF log only when its driver names Mayhem (mAPI, Mayhem for API, Mayhem Code Security); other SARIF
stays with the sarif format.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cwe_id, text, unique
from .sarif import _Run, driver_name

_DRIVERS = {"mapi", "mayhem for api", "mayhem code security", "mayhem"}
_DEFECT = re.compile(r"^\s*(TDID-\d+)\s*-\s*(.+)$")
_ENDPOINT = re.compile(r"\bin '([A-Z]+ [^']+)'")
_LINK = re.compile(r"\[Details\]\((https?://[^)\s]+)\)")


def _is_mayhem(name: str) -> bool:
    return name.lower() in _DRIVERS or name.lower().startswith("mayhem")


@register
class Mayhem(ReportFormat):
    id = "mayhem"
    scan_types = ("Mayhem SARIF Report",)
    aliases = ("mayhem-sarif", "mapi", "mayhem-for-api")
    default_asset_type = AssetType.CODE
    recognises = "SARIF 2.1.0 whose runs[].tool.driver is mAPI / Mayhem for API / Mayhem Code Security"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object" or "runs" not in sniff.json_top_keys:
            return 0.0
        names = (driver_name(sniff), sniff.json_string("runs.item.tool.driver.fullName"))
        # above the generic SARIF reader: the driver names Mayhem
        return 0.95 if any(n and _is_mayhem(n) for n in names) else 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)  # one result per defect: Mayhem logs are small
        if not isinstance(doc, dict) or not isinstance(doc.get("runs"), list):
            raise InvalidReport(f"{report.name}: no `runs` array: not a Mayhem SARIF report")
        for run in doc["runs"]:
            if not isinstance(run, dict) or not isinstance(run.get("results", []), list):
                raise InvalidReport(f"{report.name}: a SARIF run is not an object with a results list")
            results = run.get("results") or []
            if not results:
                ctx.skip("run with no results")
                continue
            state = _Run(ctx, run)
            for result in results:
                if not isinstance(result, dict):
                    raise InvalidReport(f"{report.name}: a SARIF result is not an object")
                for finding in state.findings(result):
                    yield _specific(finding, result)


def _specific(finding: Finding, result: dict[str, Any]) -> Finding:
    message: dict[str, Any] = result["message"] if isinstance(result.get("message"), dict) else {}
    body = text(message.get("text")) or text(message.get("markdown"))
    defect = _DEFECT.match(body)
    if defect:  # Mayhem Code Security: "TDID-2307883 - Integer Overflow or Wraparound"
        finding.name = defect.group(2).strip()
        finding.details["defect"] = defect.group(1)
    taxa = [t for t in result.get("taxa") or [] if isinstance(t, dict)]
    cwes = [cwe_id(t.get("id")) for t in taxa if text((t.get("toolComponent") or {}).get("name")).upper() == "CWE"]
    finding.cwes = unique([*finding.cwes, *cwes])
    endpoint = _ENDPOINT.search(body)
    if endpoint:  # Mayhem for API: the endpoint the defect was found on
        finding.details["endpoint"] = endpoint.group(1)
        if finding.location in (None, "unknown-file", finding.details.get("ruleId")):
            finding.location = endpoint.group(1)
    link = _LINK.search(body)
    if link:
        finding.details["defectUrl"] = link.group(1)
    return finding
