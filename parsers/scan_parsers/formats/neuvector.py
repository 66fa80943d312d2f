"""NeuVector image and workload scan reports from the NeuVector REST API (`GET /v1/scan/registry/<r>/image/<id>/
report`, `/v1/scan/workload/<id>`, `/v1/scan/image/<id>`) and the standalone NeuVector scanner's JSON
(`docker run neuvector/scanner ... ` writes the same {"report": {...}} object, with registry, repository, tag,
digest and base_os): {"report": {"vulnerabilities": [{name, score, severity, vectors, description,
package_name, package_version, fixed_version, link, score_v3, vectors_v3, published_timestamp, in_base_image,
...}], "checks": [...], "secrets": [...], "setid_perms", "envs", "labels", "cmds", "modules"}}.

One finding per vulnerability (CVE and package); one per image compliance check whose level says it failed
(WARN, HIGH, FAIL; INFO, PASS, NOTE and MANUAL results are counted as skipped); one per detected secret (its
evidence masked). The empty placeholder rows NeuVector writes in empty lists ({"type": ""}) are not records.
Severity: NeuVector's word (Critical/High/Medium/Low), else the v3 or v2 score. Asset: the image (CONTAINER:
registry/repository:tag with the digest) when the report names it, else a placeholder image shared by the report.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity, Tag
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import from_cvss, label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import container_attributes, cvss_score, parse_datetime, remedy, split_versions, text, unique
from ._static_common import SECRET_REMEDY, mask_secret, secret_digest

_FAILED_LEVELS = {"WARN": Severity.MEDIUM, "HIGH": Severity.HIGH, "FAIL": Severity.HIGH, "CRITICAL": Severity.CRITICAL}


@register
class NeuVector(ReportFormat):
    id = "neuvector"
    scan_types = ("NeuVector (REST)",)
    aliases = ("neuvector-rest", "neuvector-scan")
    default_asset_type = AssetType.CONTAINER
    recognises = "NeuVector REST scan report JSON: report.vulnerabilities[] of {name, package_name, package_version}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("report.vulnerabilities.item.package_name", "report.vulnerabilities.item.name"):
            return 0.9
        if sniff.has_paths("report.vulnerabilities") and sniff.has_any_path(
            "report.setid_perms", "report.modules", "report.checks", "report.secrets"
        ):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        data = load_json(report)
        body = data.get("report") if isinstance(data, dict) else None
        if not isinstance(body, dict) or not isinstance(body.get("vulnerabilities", []), list):
            raise InvalidReport(f"{report.name}: no `report.vulnerabilities` list: not a NeuVector scan report")
        asset = _asset(ctx, body)
        for vuln in body.get("vulnerabilities") or []:
            if not isinstance(vuln, dict) or not text(vuln.get("name")):
                raise InvalidReport(f"{report.name}: a vulnerability has no name: not a NeuVector scan report")
            yield _vulnerability(asset, vuln)
        for check in body.get("checks") or []:
            if not isinstance(check, dict) or not (text(check.get("test_number")) or text(check.get("description"))):
                continue
            level = text(check.get("level")).upper()
            if level not in _FAILED_LEVELS:
                ctx.skip(f"check level {level.lower() or 'missing'}")
                continue
            yield _check(asset, check, _FAILED_LEVELS[level])
        for secret in body.get("secrets") or []:
            if isinstance(secret, dict) and text(secret.get("type")):
                yield _secret(asset, secret)


def _asset(ctx: ParseContext, body: dict[str, Any]) -> Asset:
    repository = text(body.get("repository"))
    registry = text(body.get("registry")).removeprefix("https://").removeprefix("http://").rstrip("/")
    tag = text(body.get("tag"))
    digest = text(body.get("digest")) or None
    if repository:
        image = (f"{registry}/" if registry and not repository.startswith(registry) else "") + repository
        image += f":{tag}" if tag else ""
        return ctx.asset(AssetType.CONTAINER, container_attributes(image, digest, "neuvector"))
    return ctx.asset(
        AssetType.CONTAINER, container_attributes("neuvector-unknown-image", digest, "neuvector"), placeholder=True
    )


def _vulnerability(asset: Asset, vuln: dict[str, Any]) -> Finding:
    name = text(vuln["name"])
    pkg, version = text(vuln.get("package_name")), text(vuln.get("package_version"))
    fixed = split_versions(vuln.get("fixed_version"))
    score = cvss_score(vuln.get("score_v3")) or cvss_score(vuln.get("score"))
    word = text(vuln.get("severity"))
    fallback = from_cvss(score) if score else Severity.MEDIUM
    severity = label(word, fallback) if word else fallback
    link = text(vuln.get("link"))
    return Finding(
        asset=asset,
        name=f"{name} in {pkg}" if pkg else name,
        severity=severity,
        description=text(vuln.get("description")) or name,
        remedy=remedy(pkg, version, fixed) + (f"\n{link}" if link else ""),
        score=score,
        reference_ids=unique([name, *(c for c in vuln.get("cves") or [] if text(c))]),
        location=f"{pkg}@{version}" if pkg else None,
        package=Package(pkg, version or None, fixed) if pkg else None,
        published=parse_datetime(vuln.get("published_timestamp")),
        details={
            k: v
            for k, v in {
                "vectorsV3": text(vuln.get("vectors_v3")),
                "vectors": text(vuln.get("vectors")),
                "feedRating": text(vuln.get("feed_rating")),
                "link": link,
            }.items()
            if v
        },
        tags=[Tag("base-image", "layer")] if vuln.get("in_base_image") else [],
    )


def _check(asset: Asset, check: dict[str, Any], severity: Severity) -> Finding:
    number = text(check.get("test_number"))
    description = text(check.get("description"))
    messages = [text(m) for m in check.get("message") or [] if text(m)]
    return Finding(
        asset=asset,
        name=f"{number} {description}".strip(),
        severity=severity,
        description="\n".join([description, *messages]) or number,
        remedy=text(check.get("remediation")) or "No remediation provided",
        location=number or None,
        details={
            k: v
            for k, v in {
                "catalog": text(check.get("catalog")),
                "profile": text(check.get("profile")),
                "level": text(check.get("level")),
            }.items()
            if v
        },
    )


def _secret(asset: Asset, secret: dict[str, Any]) -> Finding:
    kind = text(secret.get("type"))
    evidence = secret.get("evidence")
    path = text(secret.get("path"))
    return Finding(
        asset=asset,
        name=f"Secret: {kind}",
        severity=Severity.HIGH,
        description=f"A {kind} secret in {path or 'the image'}"
        + (f" ({mask_secret(evidence)})." if text(evidence) else "."),
        remedy=text(secret.get("suggestion")) or SECRET_REMEDY,
        location=path or None,
        details={"secretDigest": secret_digest(evidence)} if text(evidence) else {},
    )
