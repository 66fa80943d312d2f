"""GitLab dependency scanning: dependency file assets, packages, references, a component-less entry."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

REPORT = {
    "version": "15.0.0",
    "vulnerabilities": [
        {
            "id": "e4f8",
            "name": "Nil Pointer Dereference",
            "description": "A nil pointer dereference in golang.org/x/crypto/ssh.",
            "severity": "High",
            "solution": "Upgrade to version v0.0.0-20201216223049-8b5274cf687f or above.",
            "location": {
                "file": "service/go.sum",
                "dependency": {"package": {"name": "golang.org/x/crypto"}, "version": "v0.0.0-2019"},
            },
            "identifiers": [
                {"type": "gemnasium", "name": "Gemnasium-ffb8", "value": "ffb8"},
                {"type": "cve", "name": "CVE-2020-29652", "value": "CVE-2020-29652"},
            ],
            "links": [{"url": "https://nvd.nist.gov/vuln/detail/CVE-2020-29652"}],
        },
        {
            "id": "2d8b",
            "name": "XML Entity Expansion",
            "description": "go-yaml billion laughs.",
            "severity": "Unknown",
            "location": {"file": "service/go.sum", "dependency": {"package": {}}},
            "identifiers": [{"type": "gemnasium", "name": "Gemnasium-7368", "value": "7368"}],
        },
    ],
    "remediations": [],
    "dependency_files": [{"path": "service/go.sum", "package_manager": "go", "dependencies": []}],
    "scan": {"type": "dependency_scanning", "scanner": {"id": "gemnasium", "name": "Gemnasium"}},
}


def test_dependency_findings() -> None:
    data = json.dumps(REPORT).encode()
    assert detect_format(open_report(data, name="gl-dependency-scanning-report.json")).id == "gitlab_dep_scan"
    parsed = parse_report(data, "gitlab_dep_scan")
    crypto, yaml = list(parsed.findings)
    assert crypto.severity is Severity.HIGH and yaml.severity is Severity.INFO
    assert crypto.reference_ids == ["CVE-2020-29652"]
    assert crypto.package is not None and crypto.package.name == "golang.org/x/crypto"
    assert crypto.location == "service/go.sum: golang.org/x/crypto@v0.0.0-2019"
    assert crypto.remedy.startswith("Upgrade to version")
    assert yaml.package is None and yaml.location == "service/go.sum"
    (asset,) = parsed.assets
    assert asset.type is AssetType.BUILD and asset.attributes["buildFile"] == "service/go.sum"


def test_detected_without_scan_section_and_malformed() -> None:
    no_scan = {k: v for k, v in REPORT.items() if k != "scan"}
    assert detect_format(open_report(json.dumps(no_scan).encode(), name="r.json")).id == "gitlab_dep_scan"
    with pytest.raises(InvalidReport):
        list(parse_report(json.dumps(REPORT).encode()[:-25], "gitlab_dep_scan").findings)
