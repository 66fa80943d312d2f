"""PingCastle: one finding per risk rule, points to severity, the domain asset, foreign XML."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report
from scan_parsers.formats.pingcastle import severity_of


def _doc(rules: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<HealthcheckData><EngineVersion>3.2.0.1</EngineVersion><GenerationDate>2024-06-06T13:01:09+02:00</GenerationDate>
<DomainFQDN>corp.example</DomainFQDN><NetBIOSName>CORP</NetBIOSName><RiskRules>{rules}</RiskRules></HealthcheckData>
""".encode()


RULE = (
    "<HealthcheckRiskRule><Points>{p}</Points><Category>Anomalies</Category><Model>WeakPassword</Model>"
    "<RiskId>{r}</RiskId><Rationale>why {r}</Rationale><Details><string>user1</string></Details>"
    "</HealthcheckRiskRule>"
)


def test_risk_rules() -> None:
    data = _doc(RULE.format(p=20, r="P-AdminLogin") + RULE.format(p=0, r="A-Info"))
    assert detect_format(open_report(data, name="ad_hc_corp.xml")).id == "pingcastle"
    admin, info = parse_report(data, "pingcastle").findings
    assert admin.name == "P-AdminLogin: why P-AdminLogin" and admin.severity is Severity.HIGH
    assert info.severity is Severity.INFO
    assert "user1" in admin.description and admin.details["category"] == "Anomalies"
    assert admin.asset.type is AssetType.INFRA
    assert admin.asset.attributes == {"hostname": "corp.example", "fqdn": "corp.example", "netbios": "CORP"}


@pytest.mark.parametrize(
    ("points", "sev"),
    [
        ("0", Severity.INFO),
        ("5", Severity.LOW),
        ("10", Severity.MEDIUM),
        ("50", Severity.CRITICAL),
        ("x", Severity.MEDIUM),
    ],
)
def test_points(points: str, sev: Severity) -> None:
    assert severity_of(points) is sev


def test_clean_and_foreign() -> None:
    assert list(parse_report(_doc(""), "pingcastle").findings) == []
    with pytest.raises(InvalidReport, match="not a PingCastle"):
        list(parse_report(b"<report><x/></report>", "pingcastle").findings)
