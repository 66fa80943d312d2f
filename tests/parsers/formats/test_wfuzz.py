"""wfuzz JSON: one informational finding per result, repeats folded, payloads not copied."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _result(url: str, code: int | None = 200, method: str = "GET") -> dict[str, object]:
    item: dict[str, object] = {
        "chars": 2823,
        "code": code,
        "payload": f"{url} | {method} HTTP/1.1\nCookie: session=s3cr3t\n",
        "lines": 10,
        "location": "",
        "method": method,
        "post_data": [],
        "server": "nginx",
        "url": url,
        "words": 60,
    }
    if code is None:
        del item["code"]
    return item


def test_results() -> None:
    results = [
        _result("https://shop.example.com/server-status", 401),
        _result("https://shop.example.com/status", method="POST"),
        _result("https://shop.example.com/status"),
        _result("https://shop.example.com/server-status", 401),
        _result("https://other.example.com/admin", None),
    ]
    data = json.dumps(results).encode()
    assert detect_format(open_report(data, name="wfuzz.json")).id == "wfuzz"
    parsed = parse_report(data, "wfuzz")
    status, post, get, admin = list(parsed.findings)
    assert (status.name, status.severity) == ("Discovered path /server-status", Severity.INFO)
    assert status.details["status"] == 401 and status.location == "https://shop.example.com/server-status"
    assert status.asset.type is AssetType.WEB and status.asset.attributes == {"fqdn": "shop.example.com"}
    assert post.details["method"] == "POST" and post.fingerprint != get.fingerprint
    assert "status" not in admin.details and admin.asset.attributes == {"fqdn": "other.example.com"}
    assert all("s3cr3t" not in f.description + str(f.details) for f in (status, post, get, admin))
    assert any("repeated" in w.message for w in parsed.warnings)


def test_empty_and_foreign() -> None:
    assert list(parse_report(b"[]", "wfuzz").findings) == []
    with pytest.raises(InvalidReport, match="not a wfuzz JSON report"):
        list(parse_report(b'[{"name": "x"}]', "wfuzz").findings)
    with pytest.raises(InvalidReport, match="not a JSON array"):
        list(parse_report(b'{"results": []}', "wfuzz").findings)
