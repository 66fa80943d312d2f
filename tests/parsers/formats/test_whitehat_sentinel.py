"""WhiteHat Sentinel JSON: one finding per vulnerability, risk ratings, closed ones inactive, attack data not copied."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _vuln(vuln_id: str, cls: str, risk: int, status: str, url: str) -> dict[str, object]:
    return {
        "id": vuln_id,
        "class": cls,
        "risk": risk,
        "custom_risk": None,
        "status": status,
        "site_name": "Shop",
        "retest_state": "automatic_retest_available",
        "url": "shop.example.com",
        "found": "2021-02-24T22:15:17Z",
        "description": {"description": "<p>Bad <b>thing</b>.</p>"},
        "solution": {"solution": "<p>Fix it.</p>", "solution_prepend": "First do this."},
        "attack_vectors": [
            {
                "request": {
                    "method": "GET",
                    "url": url,
                    "param_name": "q",
                    "headers": [{"name": "Cookie", "value": "sid=s3cr3t"}],
                },
                "scanner_tags": ["CWE-79"],
            }
        ],
    }


def test_vulnerabilities() -> None:
    doc = {
        "collection": [
            _vuln("1", "Cross Site Scripting", 4, "open", "https://shop.example.com/search?q=x"),
            _vuln("2", "Cross Site Scripting", 4, "open", "https://shop.example.com/other?q=x"),
            _vuln("3", "Information Leakage", 1, "closed", "https://shop.example.com/"),
        ]
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="sentinel.json")).id == "whitehat_sentinel"
    xss, xss2, leak = list(parse_report(data, "whitehat_sentinel").findings)
    assert (xss.name, xss.severity, xss.cwes) == ("Cross Site Scripting", Severity.HIGH, ["CWE-79"])
    assert xss.description == "Bad thing." and xss.remedy == "First do this.\n\nFix it."
    assert xss.location == "https://shop.example.com/search?q=x" and xss.fingerprint != xss2.fingerprint
    assert xss.asset.type is AssetType.WEB and xss.asset.attributes == {"fqdn": "shop.example.com"}
    assert "s3cr3t" not in json.dumps(xss.details)
    assert leak.severity is Severity.INFO and not leak.active and leak.details["status"] == "closed"


def test_empty_and_foreign() -> None:
    assert list(parse_report(b'{"collection": []}', "whitehat_sentinel").findings) == []
    with pytest.raises(InvalidReport, match="WhiteHat Sentinel"):
        list(parse_report(b'{"items": []}', "whitehat_sentinel").findings)
    with pytest.raises(InvalidReport, match="without a class"):
        list(parse_report(b'{"collection": [{"id": "1"}]}', "whitehat_sentinel").findings)
