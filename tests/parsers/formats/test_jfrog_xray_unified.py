"""JFrog Xray Unified: one finding per row; component parsing, CVSS, assets, broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

ROW = {
    "cves": [{"cve": "CVE-2019-2988", "cvss_v2_score": 4.3, "cvss_v3_score": 3.7}],
    "cvss3_max_score": 6.8,
    "summary": "RHSA-2019:3127: java update",
    "severity": "High",
    "vulnerable_component": "rpm://7:java-11-openjdk-headless:1:11.0.5.10-0.el7_7",
    "impacted_artifact": "docker://test-artifact:1.0.5",
    "path": "docker-reg/test-artifact/1.0.5/",
    "fixed_versions": ["[1:11.0.5.10-0.el7_7]"],
    "published": "2020-04-30T13:26:51Z",
    "issue_id": "XRAY-96880",
    "package_type": "rpm",
    "description": "openjdk",
}


def test_row_fields_and_assets() -> None:
    other = dict(
        ROW,
        cves=[],
        severity="Unknown",
        vulnerable_component="npm://ip:2.0.0",
        impacted_artifact="build://[app]",
        fixed_versions=[],
    )
    data = json.dumps({"total_rows": 2, "rows": [ROW, other]}).encode()
    assert detect_format(open_report(data, name="xray.json")).id == "jfrog_xray_unified"
    parsed = parse_report(data)
    first, second = list(parsed.findings)
    assert (first.name, first.severity, first.score) == ("CVE-2019-2988", Severity.HIGH, 3.7)
    assert first.reference_ids == ["CVE-2019-2988", "XRAY-96880"]
    assert first.package is not None and first.package.name == "java-11-openjdk-headless"
    assert first.package.version == "11.0.5.10-0.el7_7"
    assert first.remedy == "Update java-11-openjdk-headless from 11.0.5.10-0.el7_7 to 1:11.0.5.10-0.el7_7"
    assert first.asset.type is AssetType.CONTAINER and first.asset.attributes["imageName"] == "test-artifact:1.0.5"
    assert second.name == "XRAY-96880" and second.severity is Severity.INFO and second.score == 6.8
    assert second.asset.type is AssetType.BUILD and second.package is not None and second.package.name == "ip"


def test_empty_export() -> None:
    data = b'{"total_rows": 0, "rows": []}'
    assert detect_format(open_report(data, name="x.json")).id == "jfrog_xray_unified"
    assert list(parse_report(data).findings) == []


@pytest.mark.parametrize("data", [b'{"total_rows": 1, "rows": [{"cves": [', b'{"total_rows": 0}'])
def test_broken_input_is_invalid_report(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "jfrog_xray_unified").findings)


def test_empty_export_detected_in_any_key_order() -> None:
    data = json.dumps({"rows": [], "total_rows": 0}).encode()
    assert detect_format(open_report(data, name="x.json")).id == "jfrog_xray_unified"
    assert list(parse_report(data).findings) == []
