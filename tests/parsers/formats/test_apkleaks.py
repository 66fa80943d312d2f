"""APKLeaks JSON: one finding per matching rule, secrets masked, endpoints informational, app as CODE asset."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

REPORT = {
    "package": "com.example.shop",
    "results": [
        {"name": "Google_API_Key", "matches": ["AIzaSyD-real-looking-key-000000000000"]},
        {"name": "LinkFinder", "matches": ['"https://api.example.com/v1/"', '"https://cdn.example.com/"']},
    ],
}


def test_rules() -> None:
    data = json.dumps(REPORT).encode()
    assert detect_format(open_report(data, name="apkleaks.json")).id == "apkleaks"
    parsed = parse_report(data, "apkleaks")
    key, links = list(parsed.findings)
    assert (key.name, key.severity) == ("Hard-coded secret: Google_API_Key", Severity.HIGH)
    assert "real-looking" not in key.description + json.dumps(key.details) and "AIza****" in key.description
    assert (links.name, links.severity) == ("LinkFinder found in the app", Severity.INFO)
    assert links.details["values"] == ['"https://api.example.com/v1/"', '"https://cdn.example.com/"']
    (asset,) = parsed.assets
    assert asset.type is AssetType.CODE and asset.attributes["scannerSource"] == "com.example.shop"


def test_empty_and_foreign() -> None:
    assert list(parse_report(b'{"package": "a.b", "results": []}', "apkleaks").findings) == []
    with pytest.raises(InvalidReport, match="not an APKLeaks report"):
        list(parse_report(b'{"results": []}', "apkleaks").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"package": "a", "results": [{"matches": []}]}', "apkleaks").findings)
