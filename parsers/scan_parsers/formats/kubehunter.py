"""kube-hunter (Aqua) reports with `--report json`: {"nodes": [{type, location}], "services": [{service,
location}], "vulnerabilities": [{location, vid (KHV###), category, severity, vulnerability, description,
evidence, avd_reference, hunter}], "hunter_statistics"?: [...]}.

One finding per vulnerability: a weakness found on one node or service endpoint. Nodes and services are the
attack surface kube-hunter mapped, not findings; their hosts become (finding-less) assets. Severity: kube-hunter's
low / medium / high. Asset: the host of the location (INFRA: IP or host name; the port goes in the location).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text, unique
from ._scan_common import host_of, infra_asset

_ORIGIN = "kube-hunter"


@register
class KubeHunter(ReportFormat):
    id = "kubehunter"
    scan_types = ("KubeHunter Scan",)
    aliases = ("kube-hunter",)
    default_asset_type = AssetType.INFRA
    recognises = "kube-hunter --report json: {nodes, services, vulnerabilities[] of {vid, location, severity}}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("vulnerabilities.item.vid", "vulnerabilities.item.location"):
            return 0.9
        if sniff.has_paths("nodes", "services", "vulnerabilities") and sniff.has_any_path(
            "nodes.item.location", "services.item.service", "hunter_statistics"
        ):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if not report.read_head(4096).strip():
            return  # kube-hunter writes nothing when it found no cluster to hunt
        data = load_json(report)
        if not isinstance(data, dict) or not isinstance(data.get("vulnerabilities"), list):
            raise InvalidReport(f"{report.name}: no `vulnerabilities` list: not a kube-hunter JSON report")
        for entry in (data.get("nodes") or []) + (data.get("services") or []):
            if isinstance(entry, dict) and text(entry.get("location")):
                infra_asset(ctx, _ORIGIN, hostname=host_of(text(entry["location"]))[0])
        for vuln in data["vulnerabilities"]:
            if not isinstance(vuln, dict) or not (vuln.get("vulnerability") or vuln.get("vid")):
                raise InvalidReport(f"{report.name}: a vulnerability has no name or vid: not a kube-hunter report")
            yield _finding(ctx, vuln)


def _finding(ctx: ParseContext, vuln: dict[str, Any]) -> Finding:
    location = text(vuln.get("location"))
    host = host_of(location)[0] if location else ""
    vid = text(vuln.get("vid"))
    title = text(vuln.get("vulnerability")) or vid
    evidence = text(vuln.get("evidence"))
    reference = text(vuln.get("avd_reference"))
    return Finding(
        asset=infra_asset(ctx, _ORIGIN, hostname=host or None),
        name=f"{vid}: {title}" if vid and vid != title else title,
        severity=label(vuln.get("severity"), Severity.MEDIUM),
        description="\n\n".join(
            p
            for p in (text(vuln.get("description")), f"Evidence: {evidence}" if evidence and evidence != "none" else "")
            if p
        )
        or title,
        remedy=f"See {reference}" if reference else "No remediation provided",
        reference_ids=unique([vid]) if vid and vid != "None" else [],
        location=location or None,
        details={
            k: v for k, v in {"category": text(vuln.get("category")), "hunter": text(vuln.get("hunter"))}.items() if v
        },
    )
