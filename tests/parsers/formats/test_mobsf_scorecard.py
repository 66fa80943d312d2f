"""MobSF appsec scorecard: one finding per scorecard entry, secure entries passed, detection against mobsf."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

SCORECARD = {
    "high": [
        {
            "title": "App Link assetlinks.json file not found",
            "description": "[host=http://xe.com]",
            "section": "manifest",
        },
        {
            "title": "App Link assetlinks.json file not found",
            "description": "[host=https://xe.com]",
            "section": "manifest",
        },
    ],
    "warning": [{"title": "Janus", "description": "v1 signature", "section": "certificate"}],
    "info": [{"title": "The App logs information.", "description": "logs", "section": "code"}],
    "secure": [{"title": "No privacy trackers", "description": "none found", "section": "trackers"}],
    "hotspot": [{"title": "Reads the clipboard", "description": "review", "section": "code"}],
    "security_score": 40,
    "app_name": "DamnVulnerableBank",
    "file_name": "dvba.apk",
    "hash": "5b40b49cd80dbe20ba611d32045b57c6",
}
REPORT = {
    "version": "v4.0.7",
    "title": "Static Analysis",
    "md5": "5b40b49cd80dbe20ba611d32045b57c6",
    "package_name": "com.app.damnvulnerablebank",
    "permissions": {},
    "code_analysis": {"findings": {}, "summary": {}},
    "appsec": SCORECARD,
}


def test_one_finding_per_entry() -> None:
    data = json.dumps(REPORT).encode()
    assert detect_format(open_report(data, name="report.json")).id == "mobsf_scorecard"
    parsed = parse_report(data, "mobsf_scorecard")
    findings = list(parsed.findings)
    assert [f.severity for f in findings] == [
        Severity.HIGH,
        Severity.HIGH,
        Severity.MEDIUM,
        Severity.LOW,
        Severity.INFO,
        Severity.INFO,
    ]
    link1, link2 = findings[:2]
    assert link1.location == "manifest" and link1.fingerprint != link2.fingerprint
    secure = findings[-1]
    assert secure.name == "No privacy trackers" and not secure.active and secure.details["status"] == "passed"
    assert all(f.active for f in findings[:-1])
    (asset,) = parsed.assets
    assert asset.type is AssetType.CODE and asset.attributes["scannerSource"] == "com.app.damnvulnerablebank"
    assert parsed.meta.extra["securityScore"] == 40


def test_scorecard_alone_and_mobsf3() -> None:
    data = json.dumps(SCORECARD).encode()
    assert detect_format(open_report(data, name="scorecard.json")).id == "mobsf_scorecard"
    findings = list(parse_report(data, "mobsf_scorecard").findings)
    assert len(findings) == 6 and findings[0].asset.attributes["scannerSource"] == "DamnVulnerableBank"
    # a MobSF 3 report with a scorecard is read for its analysis sections by default
    v3 = json.dumps({**REPORT, "version": "v3.6.7 Beta"}).encode()
    assert detect_format(open_report(v3, name="report.json")).id == "mobsf"
    assert len(list(parse_report(v3, "mobsf_scorecard").findings)) == 6


def test_empty_and_foreign() -> None:
    empty = {**REPORT, "appsec": {"high": [], "warning": [], "info": [], "secure": [], "hotspot": []}}
    assert list(parse_report(json.dumps(empty).encode(), "mobsf_scorecard").findings) == []
    with pytest.raises(InvalidReport, match="no appsec scorecard"):
        list(parse_report(json.dumps({**REPORT, "appsec": None}).encode(), "mobsf_scorecard").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'["x"]', "mobsf_scorecard").findings)
    with pytest.raises(InvalidReport, match="without a title"):
        list(parse_report(json.dumps({"high": [{"x": 1}]}).encode(), "mobsf_scorecard").findings)
