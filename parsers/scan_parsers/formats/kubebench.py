"""kube-bench JSON (`kube-bench --json`), the layouts it has written:

- kube-bench >= 0.3: {"Controls": [<control>...], "Totals": {total_pass, total_fail, total_warn, total_info}};
- older releases: one control object per benchmark target (master, node, etcd, controlplane, policies), printed
  one after the other (one JSON document per line, or pretty-printed back to back), or a JSON list of them;
- a single control object (one target, `--targets`).
Each control has `id`, `version`, `text`, `node_type` and `tests[]` (sections: `section`, `desc`) with
`results[]` {test_number, test_desc, audit, status PASS / FAIL / WARN / INFO, remediation, reason, scored, type,
expected_result, actual_value}.

kube-bench defines no severities: a FAIL is medium, an automated WARN info, as DefectDojo maps them. PASS and INFO
results and manual WARN checks (type "manual" / reason "Test marked as a manual test") are counted with ctx.skip.
The report names no node, so findings land on one placeholder INFRA asset per node type ("kube-bench-node",
"kube-bench-master", ...).
"""

from __future__ import annotations

import json
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
        controls: list[Any] = []
        for doc in _documents(report):
            # {"Controls": [...]}, a bare list of controls, or control objects
            if isinstance(doc, dict) and "Controls" in doc:
                controls += doc.get("Controls") or []
            elif isinstance(doc, list):
                controls += doc
            elif doc is not None:
                controls.append(doc)
        if not all(isinstance(c, dict) and "tests" in c for c in controls):
            raise InvalidReport(f"{report.name}: no kube-bench controls with tests: not a kube-bench JSON report")
        for control in controls:
            node_type = text(control.get("node_type")) or "node"
            asset = ctx.asset(AssetType.INFRA, {"hostname": f"kube-bench-{node_type}"}, placeholder=True)
            for section in control.get("tests") or []:
                for result in section.get("results") or []:
                    finding = _finding(ctx, asset, control, section, result)
                    if finding is not None:
                        yield finding


def _documents(report: ReportInput) -> list[Any]:
    """The report's JSON documents: one, or several back to back (older kube-bench printed one per target)."""
    try:
        return [load_json(report)]
    except InvalidReport:
        data = report.read_all().decode("utf-8-sig", errors="replace")
    decoder = json.JSONDecoder()
    docs: list[Any] = []
    pos = 0
    while True:
        while pos < len(data) and data[pos].isspace():
            pos += 1
        if pos >= len(data):
            return docs
        try:
            doc, pos = decoder.raw_decode(data, pos)
        except json.JSONDecodeError as exc:
            raise InvalidReport(f"{report.name}: not valid JSON ({exc})") from exc
        docs.append(doc)


def _finding(
    ctx: ParseContext, asset: Any, control: dict[str, Any], section: dict[str, Any], result: dict[str, Any]
) -> Finding | None:
    status = text(result.get("status")).upper()
    manual = text(result.get("reason")) == _MANUAL or text(result.get("type")).lower() == "manual"
    if status == "FAIL":
        severity = Severity.MEDIUM
    elif status == "WARN" and not manual:
        severity = Severity.INFO
    else:
        ctx.skip("manual check" if status == "WARN" else f"status {status.lower() or 'missing'}")
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
