"""github_secrets_detection_report: open alerts are findings, resolved inactive, validity, secret never copied."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

SECRET = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"


def _alert(number: int, state: str = "open", **extra: object) -> dict[str, object]:
    return {
        "number": number,
        "created_at": "2020-11-06T18:48:51Z",
        "url": f"https://api.github.com/repos/acme/shop/secret-scanning/alerts/{number}",
        "html_url": f"https://github.com/acme/shop/security/secret-scanning/{number}",
        "locations_url": f"https://api.github.com/repos/acme/shop/secret-scanning/alerts/{number}/locations",
        "state": state,
        "resolution": "revoked" if state == "resolved" else None,
        "secret_type": "github_personal_access_token",
        "secret_type_display_name": "GitHub Personal Access Token",
        "secret": SECRET,
        "first_location_detected": {"path": "ci/deploy.sh", "start_line": 7, "commit_sha": "f14d"},
        **extra,
    }


def test_alerts() -> None:
    data = json.dumps([_alert(1, validity="active"), _alert(2, validity="inactive"), _alert(3, "resolved")]).encode()
    assert detect_format(open_report(data, name="secrets.json")).id == "github_secrets_detection_report"
    parsed = parse_report(data, "github_secrets_detection_report")
    active, inactive, resolved = list(parsed.findings)
    assert active.active and inactive.active and not resolved.active
    assert resolved.details["status"] == "state resolved (revoked)"
    assert active.severity is Severity.CRITICAL and inactive.severity is Severity.HIGH
    assert active.name == "Hard-coded secret: GitHub Personal Access Token"
    assert active.location == "ci/deploy.sh:7" and active.details["commit"] == "f14d"
    assert SECRET not in repr((active.description, active.details)) and active.details["secretMasked"] == "ghp_********"
    assert not parsed._ctx.skipped
    (asset,) = parsed.assets
    assert asset.type is AssetType.REPOSITORY and asset.attributes["repository"] == "https://github.com/acme/shop"


def test_org_listing_and_locations_list() -> None:
    alert = _alert(4, repository={"full_name": "acme/api", "html_url": "https://github.com/acme/api"})
    del alert["first_location_detected"]
    alert["locations"] = [{"type": "commit", "details": {"path": "a.env", "start_line": 2}}]
    (finding,) = parse_report(json.dumps([alert]).encode(), "github_secrets_detection_report").findings
    assert finding.asset.attributes["repository"] == "https://github.com/acme/api" and finding.location == "a.env:2"


def test_empty_and_broken() -> None:
    assert list(parse_report(b"[]", "github_secrets_detection_report").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"alerts": 1}', "github_secrets_detection_report").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'[{"number": 1}]', "github_secrets_detection_report").findings)
