"""scantist: one finding per issue, manifest asset, severities, fixed versions, folded repeats, refusals."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _issue(vid: str, score: str, path: str = "app/build.gradle", patched: str = "0.4") -> dict[str, Any]:
    return {
        "Public ID": vid,
        "Library": "org.mindrot jbcrypt",
        "Library Version": "0.3m",
        "Issue Source": "source_code",
        "Issue Type": "cve",
        "Description": "Integer overflow in crypt_raw.",
        "File Path": path,
        "Score": score,
        "Priority": "",
        "Comments": "",
        "Patched Version": patched,
        "Latest Component Version": "0.4",
    }


def test_issues() -> None:
    issues = [
        _issue("CVE-2015-0886", "Medium"),
        _issue("SEC-2019-1", "High", path=""),
        _issue("CVE-2015-0886", "Medium"),
    ]
    data = json.dumps(issues).encode()
    assert detect_format(open_report(data, name="scantist.json")).id == "scantist"
    parsed = parse_report(data, "scantist")
    cve, sec = list(parsed.findings)
    assert cve.name == "CVE-2015-0886 in org.mindrot jbcrypt" and cve.severity is Severity.MEDIUM
    assert cve.reference_ids == ["CVE-2015-0886"] and cve.package is not None and cve.package.fixed_versions == ["0.4"]
    assert cve.asset.type is AssetType.BUILD and cve.asset.attributes["buildFile"] == "app/build.gradle"
    assert cve.location == "app/build.gradle: org.mindrot jbcrypt@0.3m"
    assert sec.severity is Severity.HIGH and sec.asset.attributes["buildFile"] == "report"
    assert [w.message for w in parsed.warnings] == [
        "1 record skipped: the same issue again for the same library and file"
    ]


def test_empty_and_foreign() -> None:
    assert list(parse_report(b"[]", "scantist").findings) == []
    with pytest.raises(InvalidReport, match="expected a JSON list"):
        list(parse_report(b'{"issues": []}', "scantist").findings)
    with pytest.raises(InvalidReport, match="not a Scantist issue"):
        list(parse_report(b'[{"id": 1}]', "scantist").findings)
