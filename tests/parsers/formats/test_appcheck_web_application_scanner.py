"""AppCheck NG JSON: one finding per item, WEB or INFRA asset by item type, closed statuses, identical repeats."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _item(**overrides: object) -> dict[str, object]:
    item: dict[str, object] = {
        "_id": "a25d",
        "title": "Apache Tomcat < v9.0.0.M10",
        "type": "WEB_APP",
        "status": "unfixed",
        "fixed": False,
        "trashed": False,
        "host": "shop.example.com",
        "ipv4_address": "192.0.2.5",
        "port": 443,
        "url": "https://shop.example.com/",
        "priority": "2.0-low",
        "cvss_base_score": 5.0,
        "cvss_v3_base_score": 7.5,
        "cves": ["CVE-2016-6796"],
        "description": "[[markup]]Tomcat is old.",
        "solution": "[[markup]]Upgrade Tomcat.",
        "details": {"Technical Details": "[[markup]]Version 8.0.32", "_meta": {"ordered_keys": []}},
        "results_set_id": ["0717"],
        "suppression_days": 14,
        "meta": {"raw_data": "<result>raw scanner output</result>"},
    }
    item.update(overrides)
    return item


def test_items() -> None:
    infra = _item(
        _id="c50f",
        title="FTP Unencrypted Cleartext Login",
        type="INFRA",
        port=21,
        url=None,
        host="192.0.2.9",
        ipv4_address="192.0.2.9",
        priority="3.0-medium",
        cvss_v3_base_score=None,
        cvss_base_score=4.8,
    )
    fixed = _item(_id="ffff", title="Old jQuery", status="fixed", fixed=True)
    data = json.dumps({"items": [_item(), infra, _item(), fixed], "hosts": []}).encode()
    assert detect_format(open_report(data, name="appcheck.json")).id == "appcheck_web_application_scanner"
    parsed = parse_report(data, "appcheck_web_application_scanner")
    tomcat, ftp, jquery = list(parsed.findings)
    assert (tomcat.severity, tomcat.score, tomcat.reference_ids) == (Severity.LOW, 7.5, ["CVE-2016-6796"])
    assert tomcat.description.startswith("Tomcat is old.") and "Version 8.0.32" in tomcat.description
    assert tomcat.remedy == "Upgrade Tomcat." and "raw scanner output" not in str(tomcat.details)
    assert tomcat.asset.type is AssetType.WEB and tomcat.asset.attributes == {"fqdn": "shop.example.com"}
    assert tomcat.location == "https://shop.example.com/"
    assert ftp.asset.type is AssetType.INFRA and ftp.asset.attributes == {"ip": "192.0.2.9"}
    assert (ftp.severity, ftp.score, ftp.location) == (Severity.MEDIUM, 4.8, "21/tcp")
    assert not jquery.active and jquery.details["status"] == "fixed"
    assert any("same content" in w.message for w in parsed.warnings)


def test_empty_and_foreign() -> None:
    assert list(parse_report(b'{"items": [], "hosts": []}', "appcheck_web_application_scanner").findings) == []
    with pytest.raises(InvalidReport, match="not an AppCheck"):
        list(parse_report(b'{"results": []}', "appcheck_web_application_scanner").findings)
    with pytest.raises(InvalidReport, match="without a title"):
        list(parse_report(b'{"items": [{"_id": "x"}]}', "appcheck_web_application_scanner").findings)
