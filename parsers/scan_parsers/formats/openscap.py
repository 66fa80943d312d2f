"""OpenSCAP XCCDF results (`oscap xccdf eval --results results.xml`, also `oscap oval`-generated benchmarks and
the XCCDF part of `--results-arf`): an XCCDF 1.1 or 1.2 <Benchmark> with its <Rule> definitions (title,
description, ident, fix, severity) and a <TestResult> (target, target-address, rule-result[@idref, @severity]
with <result> and <ident>); a <TestResult> document alone is read too.

XCCDF results are pass, fail, error, unknown, notapplicable, notchecked, notselected, informational, fixed.
Counting rule: one finding per rule-result whose result is `fail`; every other result is counted with ctx.skip by
its name. Severity: the rule-result's (or the Rule's) XCCDF severity high / medium / low; unknown is info. CVE and
other idents are reference ids. Asset: the host of the TestResult (INFRA: its target name and first non-loopback
target address).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import clear_element, iter_xml
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._scan_common import child_text, children_text, infra_asset, is_ip, strip_html

_SEVERITIES = {"high": Severity.HIGH, "medium": Severity.MEDIUM, "low": Severity.LOW, "unknown": Severity.INFO}
_TAGS = ("Rule", "target", "target-address", "rule-result", "TestResult", "Benchmark")


@dataclass
class _Rule:
    title: str
    description: str
    severity: str
    fix: str
    idents: list[str] = field(default_factory=list)


@register
class OpenScap(ReportFormat):
    id = "openscap"
    scan_types = ("Openscap Vulnerability Scan",)
    aliases = ("oscap", "xccdf")
    default_asset_type = AssetType.INFRA
    recognises = "XCCDF 1.1/1.2 results: <Benchmark> with <TestResult> and <rule-result> (oscap xccdf eval --results)"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "xml":
            return 0.0
        xccdf = "xccdf" in (sniff.xml_namespace or "").lower()
        if sniff.xml_root in ("Benchmark", "TestResult") and (xccdf or "rule-result" in sniff.xml_tags):
            return 0.9
        if sniff.xml_root == "asset-report-collection" and "rule-result" in sniff.xml_tags:
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        rules: dict[str, _Rule] = {}
        target = ""
        addresses: list[str] = []
        asset: Asset | None = None
        seen_root = False
        for _event, el in iter_xml(report, _TAGS):
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "Rule":
                rules[el.get("id", "")] = _rule(el)
                clear_element(el)
            elif tag == "target":
                target = (el.text or "").strip()
            elif tag == "target-address":
                addresses.append((el.text or "").strip())
            elif tag == "rule-result":
                result = child_text(el, "{*}result").lower()
                if result != "fail":
                    ctx.skip(f"result {result or 'missing'}")
                else:
                    if asset is None:
                        asset = _asset(ctx, target, addresses)
                    yield _finding(asset, el, rules.get(el.get("idref", "")))
                clear_element(el)
            else:
                seen_root = True
        if not seen_root:
            raise InvalidReport(f"{report.name}: no XCCDF <Benchmark> or <TestResult>: not OpenSCAP XCCDF results")


def _rule(el: Any) -> _Rule:
    return _Rule(
        title=child_text(el, "{*}title"),
        description=strip_html(child_text(el, "{*}description")),
        severity=el.get("severity", ""),
        fix=child_text(el, "{*}fix") or child_text(el, "{*}fixtext"),
        idents=children_text(el, "{*}ident"),
    )


def _asset(ctx: ParseContext, target: str, addresses: list[str]) -> Asset:
    ips = [a for a in addresses if is_ip(a) and not a.startswith(("127.", "::1"))]
    return infra_asset(ctx, "openscap", ip=ips[0] if ips else None, hostname=target or None)


def _finding(asset: Asset, el: Any, rule: _Rule | None) -> Finding:
    idref = el.get("idref", "")
    rule = rule or _Rule(title="", description="", severity="", fix="")
    severity = (el.get("severity") or rule.severity).lower()
    idents = list(dict.fromkeys([*children_text(el, "{*}ident"), *rule.idents]))
    return Finding(
        asset=asset,
        name=rule.title or idref,
        severity=_SEVERITIES.get(severity, label(severity)),
        description=rule.description or f"XCCDF rule {idref} failed.",
        remedy=rule.fix or child_text(el, "{*}fix"),
        reference_ids=idents,
        location=idref or None,
        details={k: v for k, v in {"rule": idref, "time": el.get("time", "")}.items() if v},
    )
