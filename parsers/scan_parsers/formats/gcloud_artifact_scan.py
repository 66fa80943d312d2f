"""Google Cloud Artifact Analysis vulnerability scans of container images, as gcloud writes them with
`--format=json`:

- `gcloud artifacts docker images describe <image> --show-package-vulnerability`: {"image_summary": {digest,
  fully_qualified_digest, registry, repository}, "discovery_summary", "package_vulnerability_summary":
  {"vulnerabilities": {"CRITICAL": [occurrence, ...], "HIGH": [...], ...}}};
- `gcloud artifacts docker images list-vulnerabilities <scan>` (On-Demand Scanning) and `gcloud artifacts
  vulnerabilities list`: a JSON list of the same occurrences.

An occurrence is {kind: VULNERABILITY, name, noteName (projects/goog-vulnz/notes/<CVE>), resourceUri,
createTime, vulnerability: {effectiveSeverity, severity, cvssScore, cvssv3, shortDescription, longDescription,
fixAvailable, packageIssue[{affectedPackage, affectedVersion{fullName}, fixedVersion{fullName}, packageType,
fileLocation[{filePath}]}], relatedUrls[]}}. One finding per vulnerability occurrence (its first package issue is
the package; further ones are listed in the details). Occurrences of other kinds (DISCOVERY, BUILD, ...) are not
findings and are counted as skipped. Severity: effectiveSeverity (the distro's rating), else severity, else the
CVSS score. Asset: the image (CONTAINER, from the occurrence's resourceUri, with its digest).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Package, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import from_cvss, label
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import container_attributes, cvss_score, parse_datetime, remedy, split_versions, text, unique


@register
class GcloudArtifactScan(ReportFormat):
    id = "gcloud_artifact_scan"
    scan_types = ("Google Cloud Artifact Vulnerability Scan",)
    aliases = ("gcloud-artifact", "artifact-analysis", "gcr-scan")
    default_asset_type = AssetType.CONTAINER
    recognises = (
        "gcloud artifacts JSON: package_vulnerability_summary.vulnerabilities, or a list of VULNERABILITY occurrences"
    )

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json":
            return 0.0
        if sniff.has_any_path("package_vulnerability_summary") and sniff.has_any_path(
            "image_summary", "discovery_summary"
        ):
            return 0.9
        if sniff.has_paths("item.noteName", "item.kind") and sniff.has_any_path(
            "item.vulnerability.packageIssue", "item.vulnerability.effectiveSeverity"
        ):
            return 0.9 if sniff.contains("goog-vulnz") else 0.75
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        data = load_json(report)
        if isinstance(data, list):
            occurrences: list[Any] = data
            default_image = ""
        elif isinstance(data, dict) and "package_vulnerability_summary" in data:
            summary = data.get("package_vulnerability_summary") or {}
            groups = summary.get("vulnerabilities") or {}
            if not isinstance(groups, dict):
                raise InvalidReport(f"{report.name}: package_vulnerability_summary.vulnerabilities is not an object")
            occurrences = [o for group in groups.values() for o in group or []]
            default_image = text((data.get("image_summary") or {}).get("fully_qualified_digest"))
        else:
            raise InvalidReport(
                f"{report.name}: neither a `package_vulnerability_summary` nor a list of occurrences: "
                "not a gcloud artifacts vulnerability scan"
            )
        for occurrence in occurrences:
            if not isinstance(occurrence, dict) or not (occurrence.get("kind") or occurrence.get("vulnerability")):
                raise InvalidReport(f"{report.name}: an entry is not an Artifact Analysis occurrence")
            kind = text(occurrence.get("kind")) or "VULNERABILITY"
            if kind != "VULNERABILITY" or not isinstance(occurrence.get("vulnerability"), dict):
                ctx.skip(f"{kind.lower()} occurrence")
                continue
            yield _finding(ctx, occurrence, default_image)


def _finding(ctx: ParseContext, occurrence: dict[str, Any], default_image: str) -> Finding:
    vuln: dict[str, Any] = occurrence["vulnerability"]
    image = text(occurrence.get("resourceUri")).removeprefix("https://").removeprefix("http://") or default_image
    digest = image.split("@", 1)[1] if "@" in image else None
    asset = ctx.asset(
        AssetType.CONTAINER,
        container_attributes(image or "gcloud-unknown-image", digest, "gcloud-artifact-analysis"),
        placeholder=not image,
    )
    note = text(occurrence.get("noteName"))
    vid = text(vuln.get("shortDescription")) or note.rsplit("/", 1)[-1] or "Artifact Analysis vulnerability"
    issues = [i for i in vuln.get("packageIssue") or [] if isinstance(i, dict)]
    issue = issues[0] if issues else {}
    pkg = text(issue.get("affectedPackage")) or text(issue.get("packageName"))
    version = text((issue.get("affectedVersion") or {}).get("fullName"))
    fixed_version = text((issue.get("fixedVersion") or {}).get("fullName"))
    fixed = [] if fixed_version in ("", "MAXIMUM") else split_versions(fixed_version)
    score = cvss_score(vuln.get("cvssScore")) or cvss_score((vuln.get("cvssv3") or {}).get("baseScore"))
    word = text(vuln.get("effectiveSeverity")) or text(vuln.get("severity"))
    if word and word != "SEVERITY_UNSPECIFIED":
        severity = label(word, from_cvss(score) if score else Severity.MEDIUM)
    else:
        severity = from_cvss(score) if score else Severity.MEDIUM
    paths = [text(f.get("filePath")) for f in issue.get("fileLocation") or [] if isinstance(f, dict)]
    urls = [text(u.get("url")) for u in vuln.get("relatedUrls") or [] if isinstance(u, dict) and u.get("url")]
    return Finding(
        asset=asset,
        name=f"{vid} in {pkg}" if pkg else vid,
        severity=severity,
        description=text(vuln.get("longDescription")) or vid,
        remedy=remedy(pkg, version, fixed) + (f"\n{urls[0]}" if urls else ""),
        score=score,
        reference_ids=unique([vid, note.rsplit("/", 1)[-1]]) if note else unique([vid]),
        location=", ".join(p for p in paths if p) or (f"{pkg}@{version}" if pkg else None),
        package=Package(pkg, version or None, fixed, None, text(issue.get("packageType")) or None) if pkg else None,
        published=parse_datetime(occurrence.get("createTime")),
        details={
            k: v
            for k, v in {
                "occurrence": text(occurrence.get("name")),
                "cpe": text(issue.get("affectedCpeUri")),
                "otherPackages": [text(i.get("affectedPackage")) for i in issues[1:]],
                "references": urls[:20],
            }.items()
            if v
        },
    )
