"""kube-bench JSON (`kube-bench --json`): a list of controls, {"Controls": [...]} or one control object; each
control has tests (sections) with results {test_number, test_desc, status, remediation, reason, scored}.

kube-bench defines no severities: a FAIL is medium, an automated WARN info, as DefectDojo maps them; PASS, INFO
and manual WARN checks are not findings. The report names no node, so findings land on one placeholder INFRA
asset per node type ("kube-bench-node", "kube-bench-master", ...).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text

_MANUAL = "Test marked as a manual test"


@register
class KubeBench(ReportFormat):
    id = "kubebench"
    scan_types = ("kube-bench Scan",)
    aliases = ("kube-bench", "kubebench")
    default_asset_type = AssetType.INFRA
    recognises = "kube-bench --json: controls with node_type and tests[].results[] (test_number, status)"

    def detect(self, sniff: Sniff) -> float:
        for prefix in ("item.", "Controls.item.", ""):
            if sniff.has_paths(f"{prefix}node_type", f"{prefix}tests.item.results.item.test_number"):
                return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)
        # three layouts: {"Controls": [...]}, a bare list of controls, or a single control object
        wrapped = doc.get("Controls") if isinstance(doc, dict) and "Controls" in doc else None
        controls = wrapped if wrapped is not None else [doc] if isinstance(doc, dict) else doc
        if not isinstance(controls, list) or not all(isinstance(c, dict) and "tests" in c for c in controls):
            raise InvalidReport(f"{report.name}: no kube-bench controls with tests: not a kube-bench JSON report")
        for control in controls:
            node_type = text(control.get("node_type")) or "node"
            asset = ctx.asset(AssetType.INFRA, {"hostname": f"kube-bench-{node_type}"}, placeholder=True)
            for section in control.get("tests") or []:
                for result in section.get("results") or []:
                    finding = _finding(asset, control, section, result)
                    if finding is not None:
                        yield finding


def _finding(asset: Any, control: dict[str, Any], section: dict[str, Any], result: dict[str, Any]) -> Finding | None:
    status = text(result.get("status")).upper()
    if status == "FAIL":
        severity = Severity.MEDIUM
    elif status == "WARN" and text(result.get("reason")) != _MANUAL:
        severity = Severity.INFO
    else:
        return None
    number = text(result.get("test_number"))
    desc = text(result.get("test_desc"))
    description = "\n\n".join(
        p
        for p in (
            f"{text(control.get('text'))} / {text(section.get('desc'))}".strip(" /"),
            desc,
            f"Audit: {text(result.get('audit'))}" if result.get("audit") else "",
            f"Expected: {text(result.get('expected_result'))}" if result.get("expected_result") else "",
            f"Actual: {text(result.get('actual_value'))}" if result.get("actual_value") else "",
            text(result.get("reason")),
        )
        if p
    )
    return Finding(
        asset=asset,
        name=f"{number} - {desc}"[:255] if number else desc[:255],
        severity=severity,
        description=description or desc or number,
        remedy=text(result.get("remediation")),
        location=f"{text(control.get('node_type'))}:{number}",
        details={
            "control": text(control.get("id")),
            "section": text(section.get("section")),
            "testNumber": number,
            "status": status,
            "scored": result.get("scored"),
            "benchmarkVersion": text(control.get("version")),
        },
    )
