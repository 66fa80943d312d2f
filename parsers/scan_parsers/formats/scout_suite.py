"""NCC Group Scout Suite results: the `scoutsuite-results/scoutsuite_results_<account>.js` file of the HTML report
(`scoutsuite_results =` followed by one JSON document), or the same document written with `--result-format json`.
The document has provider_code (aws, azure, gcp, aliyun, oci), account_id, last_run{ruleset_name, summary} and
services{<service>: {findings{<rule>: {description, level (danger / warning), flagged_items, checked_items, items[],
path, rationale, remediation, references, compliance}}}}.

Counting rule: one finding per rule and flagged item (an item is the dotted path of one resource in the document,
e.g. "iam.users.id.<user>"); a rule with no flagged item (`flagged_items` 0, passed) is counted with ctx.skip.
Severity: Scout Suite's `danger` is high, `warning` medium. Asset: the cloud resource (CLOUD) of the scanned
account, the item path as its resource id and the region when the path holds one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import orjson

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..registry import ReportFormat, register
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import parse_datetime, text

_ASSIGNMENT = re.compile(rb"^\s*(?:\xef\xbb\xbf)?\s*scoutsuite_results\s*=\s*")
_REGION = re.compile(r"\.regions\.([^.]+)\.")
_PROVIDERS = {"aws": "AWS", "azure": "AZURE", "gcp": "GCP"}
_SEVERITIES = {"danger": Severity.HIGH, "warning": Severity.MEDIUM}


@register
class ScoutSuite(ReportFormat):
    id = "scout_suite"
    scan_types = ("Scout Suite Scan",)
    aliases = ("scoutsuite", "scout-suite")
    default_asset_type = AssetType.CLOUD
    recognises = "Scout Suite scoutsuite_results_*.js (`scoutsuite_results = {...}`) or its JSON result format"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "text" and _ASSIGNMENT.match(sniff.text.encode()):
            return 0.95
        if sniff.json_root == "object" and sniff.has_paths("provider_code", "last_run.ruleset_name"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = _load(report)
        services = doc.get("services")
        if not isinstance(services, dict) or ("provider_code" not in doc and "last_run" not in doc):
            raise InvalidReport(f"{report.name}: no `services` with provider_code/last_run: not Scout Suite results")
        ctx.meta.scan_date = parse_datetime((doc.get("last_run") or {}).get("time"))
        account = text(doc.get("account_id")) or text(doc.get("project_id")) or text(doc.get("subscription_id"))
        ctx.meta.target = account or None
        provider = text(doc.get("provider_code")).lower()
        for service_name, service in services.items():
            for rule_id, rule in ((service or {}).get("findings") or {}).items():
                if not isinstance(rule, dict):
                    raise InvalidReport(f"{report.name}: the Scout Suite rule {rule_id!r} is not an object")
                items = [text(i) for i in rule.get("items") or [] if text(i)]
                if not items:
                    ctx.skip("rule with no flagged item")
                    continue
                for item in items:
                    asset = _asset(ctx, provider, account, item)
                    yield _finding(asset, str(service_name), str(rule_id), rule, item)


def _load(report: ReportInput) -> dict[str, Any]:
    data = report.read_all()
    match = _ASSIGNMENT.match(data)
    body = data[match.end() :] if match else data.removeprefix(b"\xef\xbb\xbf")
    try:
        doc = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise InvalidReport(f"{report.name}: the Scout Suite results are not valid JSON ({exc})") from exc
    if not isinstance(doc, dict):
        raise InvalidReport(f"{report.name}: the Scout Suite results are not a JSON object")
    return doc


def _asset(ctx: ParseContext, provider: str, account: str, item: str) -> Asset:
    region = _REGION.search(item)
    return ctx.asset(
        AssetType.CLOUD,
        {
            "providerType": _PROVIDERS.get(provider, provider.upper() or None),
            "providerAccountId": account or "scoutsuite-unknown-account",
            "region": region.group(1) if region else "global",
            "providerResourceId": item,
        },
        placeholder=not account,
    )


def _finding(asset: Asset, service: str, rule_id: str, rule: dict[str, Any], item: str) -> Finding:
    level = text(rule.get("level")).lower()
    description = text(rule.get("description")) or rule_id
    compliance = [
        f"{text(c.get('name'))} {text(c.get('version'))} {text(c.get('reference'))}".strip()
        for c in rule.get("compliance") or []
        if isinstance(c, dict)
    ]
    return Finding(
        asset=asset,
        name=description,
        severity=_SEVERITIES.get(level, label(level)),
        description="\n\n".join(p for p in (text(rule.get("rationale")), f"Flagged resource: {item}") if p),
        remedy=text(rule.get("remediation")),
        location=item,
        details={
            k: v
            for k, v in {
                "rule": rule_id,
                "service": text(rule.get("service")) or service,
                "references": [text(r) for r in rule.get("references") or []],
                "compliance": compliance,
            }.items()
            if v
        },
    )
