"""JFrog Xray (legacy export): fields, CWE lists, fixed-version operators, placeholder asset, broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

ITEM = {
    "id": "",
    "severity": "High",
    "summary": "libX11 oob write",
    "issue_type": "security",
    "provider": "JFrog",
    "component": "debian:stretch:libx11",
    "source_id": "deb://debian:stretch:libx11",
    "source_comp_id": "deb://debian:stretch:libx11:2:1.6.4-3",
    "component_versions": {
        "id": "debian:stretch:libx11",
        "vulnerable_versions": ["< 2:1.6.4-3+deb9u1"],
        "fixed_versions": ["≥ 2:1.6.4-3+deb9u1"],
        "more_details": {
            "cves": [
                {
                    "cve": "CVE-2018-14600",
                    "cwe": ["CWE-787", "CWE-119"],
                    "cvss_v2": "7.5/CVSS:2.0/AV:N",
                    "cvss_v3": "9.8/CVSS:3.0/AV:N/AC:L",
                }
            ],
            "description": "long text",
        },
    },
    "edited": "2019-05-14T00:21:16Z",
}


def test_fields() -> None:
    data = json.dumps({"total_count": 1, "data": [ITEM]}, ensure_ascii=False).encode()
    assert detect_format(open_report(data, name="xray.json")).id == "jfrogxray"
    parsed = parse_report(data)
    (f,) = list(parsed.findings)
    assert (f.name, f.severity, f.score) == ("CVE-2018-14600", Severity.HIGH, 9.8)
    assert f.cwes == ["CWE-787", "CWE-119"]
    assert f.package is not None and (f.package.name, f.package.version) == ("libx11", "1.6.4-3")
    assert f.remedy == "Update libx11 from 1.6.4-3 to 2:1.6.4-3+deb9u1"
    (asset,) = parsed.assets
    assert asset.type is AssetType.BUILD and asset.placeholder


@pytest.mark.parametrize("data", [b'{"total_count": 1, "data": [{"severity": ', b'{"data": 5}'])
def test_broken_input_is_invalid_report(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "jfrogxray").findings)


def test_repeated_entries_are_one_finding_as_defectdojo_counts() -> None:
    other = dict(ITEM, source_comp_id="deb://debian:stretch:libx11:2:1.6.4-4")
    data = json.dumps({"total_count": 3, "data": [ITEM, ITEM, other]}).encode()
    parsed = parse_report(data, "jfrogxray")
    assert len(list(parsed.findings)) == 2
    assert sum(parsed._ctx.skipped.values()) == 1
