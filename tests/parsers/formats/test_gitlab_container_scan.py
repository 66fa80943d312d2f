"""GitLab container scanning: the image is the CONTAINER asset; no de-duplication of repeated CVEs."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

IMAGE = "registry.gitlab.com/acme/app@sha256:bc09fe"


def _vuln(package: str, severity: str) -> dict[str, Any]:
    return {
        "id": "CVE-2022-28391",
        "cve": "CVE-2022-28391",
        "description": "BusyBox netstat escape sequences.",
        "severity": severity,
        "solution": f"Upgrade {package} to 1.34.1-r5",
        "location": {
            "dependency": {"package": {"name": package}, "version": "1.34.1-r4"},
            "operating_system": "alpine 3.15",
            "image": IMAGE,
        },
        "identifiers": [{"type": "cve", "name": "CVE-2022-28391", "value": "CVE-2022-28391"}],
    }


def test_container_findings() -> None:
    doc = {
        "version": "15.0.0",
        "vulnerabilities": [_vuln("busybox", "Critical"), _vuln("ssl_client", "Low")],
        "remediations": [],
        "scan": {"type": "container_scanning", "scanner": {"id": "trivy", "name": "Trivy"}},
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="gl-container-scanning-report.json")).id == "gitlab_container_scan"
    parsed = parse_report(data, "gitlab_container_scan")
    busybox, ssl = list(parsed.findings)
    assert busybox.severity is Severity.CRITICAL and ssl.severity is Severity.LOW
    assert busybox.reference_ids == ["CVE-2022-28391"] and busybox.location == "busybox@1.34.1-r4"
    assert busybox.package is not None and busybox.package.ecosystem == "alpine 3.15"
    (asset,) = parsed.assets
    assert asset.type is AssetType.CONTAINER
    assert asset.attributes["imageName"] == IMAGE and asset.attributes["imageDigest"] == "sha256:bc09fe"
    assert asset.attributes["repository"] == "registry.gitlab.com/acme/app"


def test_detected_without_scan_section_and_wrong_type_refused() -> None:
    doc = {"version": "14.0.6", "vulnerabilities": [_vuln("curl", "High")], "remediations": []}
    assert detect_format(open_report(json.dumps(doc).encode(), name="r.json")).id == "gitlab_container_scan"
    sast = {"version": "15.0.0", "vulnerabilities": [], "scan": {"type": "sast"}}
    with pytest.raises(InvalidReport):
        list(parse_report(json.dumps(sast).encode(), "gitlab_container_scan").findings)
