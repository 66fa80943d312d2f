"""cloudflare_insights: API issues (bare list and envelope), the dashboard CSV, dismissed insights, refusals."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _issue(subject: str, severity: str, issue_class: str, *, dismissed: bool = False) -> dict[str, Any]:
    return {
        "id": f"{subject}-{issue_class}",
        "issue_class": issue_class,
        "issue_type": "configuration_suggestion",
        "payload": {"zone_tag": "z1"},
        "severity": severity,
        "subject": subject,
        "timestamp": "2024-12-01T05:43:45.712676Z",
        "dismissed": dismissed,
        "since": "2024-10-03T07:46:55.613682Z",
        "resolve_link": "https://dash.cloudflare.com/fix",
        "resolve_text": "Enable security.txt",
    }


ISSUES = [
    _issue("shop.example.com", "Low", "security_txt_not_enabled"),
    _issue("203.0.113.7", "Critical", "exposed_infrastructure", dismissed=True),
]


@pytest.mark.parametrize("wrap", [False, True], ids=["list", "envelope"])
def test_api_issues(wrap: bool) -> None:
    doc: Any = {"success": True, "errors": [], "result": {"issues": ISSUES, "count": 2}} if wrap else ISSUES
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="insights.json")).id == "cloudflare_insights"
    txt, exposed = list(parse_report(data, "cloudflare_insights").findings)
    assert txt.name == "security txt not enabled" and txt.severity is Severity.LOW
    assert txt.remedy == "Enable security.txt" and txt.published is not None
    assert txt.asset.type is AssetType.WEB and txt.asset.attributes == {"fqdn": "shop.example.com"}
    assert exposed.severity is Severity.CRITICAL and exposed.asset.attributes == {"ip": "203.0.113.7"}
    assert not exposed.active and exposed.details["status"] == "dismissed"


def test_dashboard_csv() -> None:
    data = (
        b"severity,issue_class,subject,issue_type,scan_performed_on,status,insight,detection_method,risk,"
        b"recommended_action\n"
        b"Moderate,Unproxied 'A' Records,example.com,Exposed infrastructure,2024-07-06T13:50:15Z,Active,,,,Proxy it.\n"
        b"Low,Missing SPF,example.com,Email security,2024-07-06T13:50:15Z,Dismissed,,,,Add SPF.\n"
    )
    assert detect_format(open_report(data, name="insights.csv")).id == "cloudflare_insights"
    unproxied, spf = list(parse_report(data, "cloudflare_insights").findings)
    assert unproxied.name == "Unproxied 'A' Records" and unproxied.severity is Severity.MEDIUM
    assert unproxied.remedy == "Proxy it." and unproxied.active
    assert not spf.active and spf.details["status"] == "Dismissed"


def test_refusals() -> None:
    with pytest.raises(InvalidReport, match=r"no result\.issues list"):
        list(parse_report(b'{"results": []}', "cloudflare_insights").findings)
    with pytest.raises(InvalidReport, match="no issue_class"):
        list(parse_report(b'[{"subject": "x"}]', "cloudflare_insights").findings)
    with pytest.raises(InvalidReport, match="CSV without the Cloudflare insights columns"):
        list(parse_report(b"name,severity\nx,Low\n", "cloudflare_insights").findings)
