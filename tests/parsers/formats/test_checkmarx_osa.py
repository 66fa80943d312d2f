"""Checkmarx OSA: vulnerabilities joined to libraries; states; the empty export; missing libraryId."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

LIB = {
    "id": "76F5",
    "name": "com.fasterxml.jackson.core:jackson-databind",
    "version": "2.10.2",
    "newestVersion": "2.12.1",
}


def _vuln(severity: str, state: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": "2A3E",
        "cveName": "CVE-2020-25649",
        "score": 7.5,
        "severity": {"name": severity, "id": 2},
        "publishDate": "2020-12-03T17:15:00",
        "url": "https://nvd.nist.gov/vuln/detail/CVE-2020-25649",
        "description": "XXE in jackson-databind.",
        "recommendations": "Upgrade to 2.10.5.1",
        "libraryId": "76F5",
        "state": {"id": 1, "actionType": "Regular", "name": state},
    } | extra


def test_findings_and_states() -> None:
    data = json.dumps([[_vuln("High", "TO_VERIFY"), _vuln("Low", "NOT_EXPLOITABLE", score=None)], [LIB]]).encode()
    assert detect_format(open_report(data, name="osa.json")).id == "checkmarx_osa"
    parsed = parse_report(data, "checkmarx_osa")
    high, low = list(parsed.findings)
    assert high.name == "CVE-2020-25649 in com.fasterxml.jackson.core:jackson-databind:2.10.2"
    assert high.severity is Severity.HIGH and high.score == 7.5 and low.score is None
    assert high.reference_ids == ["CVE-2020-25649"] and high.remedy == "Upgrade to 2.10.5.1"
    assert high.package is not None and high.package.version == "2.10.2"
    assert [t.value for t in low.tags] == ["not_exploitable"] and low.severity is Severity.LOW
    (asset,) = parsed.assets
    assert asset.type is AssetType.BUILD


def test_empty_export_and_errors() -> None:
    empty = b"[\n  [],\n  []\n]"
    assert detect_format(open_report(empty, name="osa.json")).id == "checkmarx_osa"
    assert list(parse_report(empty, "checkmarx_osa").findings) == []
    no_lib = json.dumps([[{k: v for k, v in _vuln("High", "TO_VERIFY").items() if k != "libraryId"}], [LIB]])
    with pytest.raises(InvalidReport, match="libraryId"):
        list(parse_report(no_lib.encode(), "checkmarx_osa").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b"[[], [], []]", "checkmarx_osa").findings)
