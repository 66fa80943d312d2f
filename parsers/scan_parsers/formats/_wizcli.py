"""The Wiz CLI scan document shared by `wizcli docker scan` / `wizcli scan container-image` (wizcli_img),
`wizcli dir scan` / `wizcli scan dir` (wizcli_dir) and `wizcli iac scan` (wizcli_iac), written with `-f json`
(`--json-output-file`): the CICD scan object of Wiz's API, {"id", "createdAt", "status": {state, verdict},
"policies", "scanOriginResource": {__typename, name, ...}, "result": {__typename, ...}, "reportUrl"}.

Disk scans (image, directory: result __typename CICDDiskScanResult) hold `osPackages`, `libraries`, `applications`
and `cpes` (each item {name, version, path, vulnerabilities[{name, severity, fixedVersion, source, description,
score, hasExploit, hasCisaKevExploit, ...}]}), `secrets` ({description, path, lineNumber, type, contains}) and
`dataFindings` (sensitive data). IaC scans (CICDIACScanResult) hold `ruleMatches` ({rule{id, name}, severity,
matches[{resourceName, fileName, lineNumber, expected, found, fileType, remediationInstructions}]}) and `secrets`.
Lists are null when nothing was found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, Finding, Package, Severity, Tag
from ..readers import load_json
from ..severity import label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import cvss_score, parse_datetime, remedy, split_versions, text, unique
from ._static_common import SECRET_REMEDY, location

#: scanOriginResource.__typename of each scan kind.
ORIGINS = {
    "img": "CICDScanOriginContainerImage",
    "dir": "CICDScanOriginDirectory",
    "iac": "CICDScanOriginIAC",
}
_PACKAGE_LISTS = ("osPackages", "libraries", "applications", "cpes")


def detect_kind(sniff: Sniff) -> tuple[str | None, bool]:
    """(scan kind named by the origin type or None, whether the document has the Wiz CLI scan structure)."""
    if sniff.kind != "json" or sniff.json_root != "object":
        return None, False
    shaped = sniff.has_paths("scanOriginResource", "result") and sniff.has_any_path(
        "status.verdict", "reportUrl", "result.__typename"
    )
    if not shaped:
        return None, False
    for kind, typename in ORIGINS.items():
        if f'"{typename}"' in sniff.text:
            return kind, True
    return None, True


def load_scan(report: ReportInput, kind: str, what: str) -> dict[str, Any]:
    data = load_json(report)
    if not isinstance(data, dict) or "result" not in data or "scanOriginResource" not in data:
        raise InvalidReport(f"{report.name}: no `result` and `scanOriginResource`: not a Wiz CLI {what} JSON report")
    origin = data.get("scanOriginResource") or {}
    typename = text(origin.get("__typename"))
    if typename and typename in ORIGINS.values() and typename != ORIGINS[kind]:
        other = next(k for k, v in ORIGINS.items() if v == typename)
        raise InvalidReport(f"{report.name}: a Wiz CLI {typename} report; read it as wizcli_{other}, not as {what}")
    if data["result"] is not None and not isinstance(data["result"], dict):
        raise InvalidReport(f"{report.name}: `result` is not an object: not a Wiz CLI report")
    return data


def set_meta(ctx: ParseContext, data: dict[str, Any]) -> None:
    ctx.meta.scanner = "wizcli"
    ctx.meta.scan_date = parse_datetime(data.get("createdAt"))
    ctx.meta.target = text((data.get("scanOriginResource") or {}).get("name")) or None
    verdict = text((data.get("status") or {}).get("verdict"))
    if verdict:
        ctx.meta.extra["verdict"] = verdict


def _policy_tags(item: dict[str, Any]) -> list[Tag]:
    names = unique(
        # failedPolicyMatches hold {policy: {...}}; a match's failedPolicies hold the policies themselves
        (m.get("policy") or m).get("name")
        for m in item.get("failedPolicyMatches") or []
        if isinstance(m, dict)
    )
    return [Tag(n, "failedPolicy") for n in names]


def _item(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidReport(f"an entry of `{where}` is not an object: not a Wiz CLI report")
    return value


def disk_findings(
    ctx: ParseContext,
    result: dict[str, Any],
    package_asset: Callable[[dict[str, Any]], Asset],
    secret_asset: Callable[[dict[str, Any]], Asset],
) -> Iterator[Finding]:
    for key in _PACKAGE_LISTS:
        for pkg in result.get(key) or []:
            pkg = _item(pkg, key)
            vulns = pkg.get("vulnerabilities") or []
            if not vulns:
                ctx.skip("package without vulnerabilities")
            for vuln in vulns:
                yield _vulnerability(package_asset(pkg), pkg, _item(vuln, f"{key}.vulnerabilities"), key)
    for secret in result.get("secrets") or []:
        secret = _item(secret, "secrets")
        yield _secret(secret_asset(secret), secret)
    for data_finding in result.get("dataFindings") or []:
        data_finding = _item(data_finding, "dataFindings")
        yield _data_finding(secret_asset(data_finding), data_finding)


def _vulnerability(asset: Asset, pkg: dict[str, Any], vuln: dict[str, Any], kind: str) -> Finding:
    name, version, path = text(pkg.get("name")), text(pkg.get("version")), text(pkg.get("path"))
    vid = text(vuln.get("name"))
    if not vid:
        raise InvalidReport("a Wiz CLI vulnerability has no name")
    fixed = split_versions(vuln.get("fixedVersion"))
    source = text(vuln.get("source"))
    tags = _policy_tags(vuln)
    if vuln.get("hasCisaKevExploit"):
        tags.append(Tag("cisa-kev", "exploit"))
    elif vuln.get("hasExploit"):
        tags.append(Tag("known", "exploit"))
    return Finding(
        asset=asset,
        name=f"{vid} in {name}" if name else vid,
        severity=label(vuln.get("severity"), Severity.MEDIUM),
        description=text(vuln.get("description")) or f"{vid} affects {name} {version}".strip(),
        remedy=remedy(name, version, fixed) + (f"\n{source}" if source else ""),
        score=cvss_score(vuln.get("score")),
        reference_ids=unique([vid]),
        location=path or (f"{name}@{version}" if name else None),
        package=Package(name, version or None, fixed) if name else None,
        published=parse_datetime(vuln.get("publishDate")),
        details={
            k: v
            for k, v in {
                "packageList": kind,
                "detectionMethod": text(pkg.get("detectionMethod")),
                "source": source,
                "exploitabilityScore": vuln.get("exploitabilityScore"),
                "epssProbability": vuln.get("epssProbability"),
            }.items()
            if v not in (None, "")
        },
        tags=tags,
    )


def _secret(asset: Asset, secret: dict[str, Any]) -> Finding:
    kind = text(secret.get("type")) or "SECRET"
    path = text(secret.get("path"))
    # Wiz redacts the secret in `description`; `snippet` may hold the matched text, so it is not copied.
    return Finding(
        asset=asset,
        name=f"Secret: {kind.replace('_', ' ').lower()}",
        severity=Severity.HIGH,
        description=text(secret.get("description")) or f"A {kind} secret in {path or 'the scanned files'}.",
        remedy=SECRET_REMEDY,
        location=location(path, secret.get("lineNumber")) or None,
        details={
            k: v
            for k, v in {
                "type": kind,
                "contains": unique(text(c.get("name")) for c in secret.get("contains") or [] if isinstance(c, dict)),
            }.items()
            if v
        },
        tags=_policy_tags(secret),
    )


def _data_finding(asset: Asset, finding: dict[str, Any]) -> Finding:
    classifier: dict[str, Any] = finding.get("dataClassifier") or {}
    name = (
        text(classifier.get("name")) or text(finding.get("name")) or text(finding.get("category")) or "sensitive data"
    )
    where: dict[str, Any] = finding.get("location") or {}
    path = text(where.get("path")) or text(finding.get("path"))
    return Finding(
        asset=asset,
        name=f"Sensitive data: {name}",
        severity=label(finding.get("severity") or classifier.get("severity"), Severity.MEDIUM),
        description=text(finding.get("description")) or f"{name} found in {path or 'the scanned files'}.",
        remedy="Remove the sensitive data or restrict access to it.",
        location=path or None,
        details={k: v for k, v in {"matchCount": finding.get("matchCount")}.items() if v is not None},
        tags=_policy_tags(finding),
    )


def iac_findings(
    ctx: ParseContext,
    result: dict[str, Any],
    file_asset: Callable[[str], Asset],
    secret_asset: Callable[[dict[str, Any]], Asset],
) -> Iterator[Finding]:
    for rule_match in result.get("ruleMatches") or []:
        rule_match = _item(rule_match, "ruleMatches")
        rule = rule_match.get("rule") or {}
        rule_name = text(rule.get("name")) or text(rule.get("id"))
        if not rule_name:
            raise InvalidReport("a Wiz CLI rule match names no rule")
        matches = rule_match.get("matches") or []
        if not matches:
            ctx.skip("rule without matches")
        for match in matches:
            match = _item(match, "ruleMatches.matches")
            path = text(match.get("fileName"))
            expected, found = text(match.get("expected")), text(match.get("found"))
            fix = text(match.get("remediationInstructions")) or text(match.get("fileRemediation"))
            yield Finding(
                asset=file_asset(path),
                name=rule_name,
                severity=label(match.get("severity") or rule_match.get("severity"), Severity.MEDIUM),
                description="\n".join(
                    p
                    for p in (
                        found,
                        f"Expected: {expected}" if expected else "",
                        f"Resource: {text(match.get('resourceName'))}" if match.get("resourceName") else "",
                    )
                    if p
                )
                or rule_name,
                remedy=fix or expected or "No remediation provided",
                location=location(path, match.get("lineNumber")) or None,
                details={
                    k: v
                    for k, v in {
                        "ruleId": text(rule.get("id")),
                        "fileType": text(match.get("fileType")),
                        "resourceName": text(match.get("resourceName")),
                        "matchContent": text(match.get("matchContent"))[:500],
                    }.items()
                    if v
                },
                tags=_policy_tags(rule_match) + _policy_tags({"failedPolicyMatches": match.get("failedPolicies")}),
            )
    for secret in result.get("secrets") or []:
        secret = _item(secret, "secrets")
        yield _secret(secret_asset(secret), secret)
