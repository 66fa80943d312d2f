"""SSL Labs JSON: one finding per assessed endpoint, severity from the grade, passing grades inactive."""

from __future__ import annotations

import json
from collections.abc import Mapping

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _host(name: str, *endpoints: Mapping[str, object]) -> dict[str, object]:
    return {"host": name, "port": 443, "status": "READY", "engineVersion": "2.1.0", "endpoints": list(endpoints)}


C_GRADE = {
    "ipAddress": "104.154.89.105",
    "grade": "C",
    "statusMessage": "Ready",
    "details": {
        "protocols": [{"name": "TLS", "version": "1.0"}, {"name": "TLS", "version": "1.2"}],
        "suites": [{"protocol": 771, "list": [{"name": "TLS_RSA_WITH_3DES_EDE_CBC_SHA"}]}],
        "vulnBeast": True,
        "heartbleed": False,
        "openSslCcs": 1,
        "ticketbleed": 2,
        "fallbackScsv": True,
    },
}


def test_one_finding_per_endpoint() -> None:
    doc = [
        _host("3des.example.com", C_GRADE, {"ipAddress": "2001:db8::1", "statusMessage": "Unable to connect"}),
        _host("good.example.com", {"ipAddress": "192.0.2.7", "grade": "A+", "details": {}}),
    ]
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="ssllabs.json")).id == "ssl_labs"
    parsed = parse_report(data, "ssl_labs")
    bad, good = list(parsed.findings)
    assert (bad.name, bad.severity, bad.location) == ("SSL Labs grade C", Severity.MEDIUM, "443/tcp")
    assert bad.details["issues"] == [
        "Ticketbleed",
        "BEAST",
        "TLS 1.0 enabled",
        "Broken cipher suite: TLS_RSA_WITH_3DES_EDE_CBC_SHA",
    ]
    assert bad.reference_ids == ["CVE-2016-9244", "CVE-2011-3389"]  # openSslCcs 1 is "not vulnerable"
    assert bad.asset.type is AssetType.INFRA
    assert bad.asset.attributes == {"hostname": "3des.example.com", "ip": "104.154.89.105"}
    assert not good.active and good.details["status"] == "passed" and good.severity is Severity.INFO
    assert any("endpoint not assessed" in w.message for w in parsed.warnings)


def test_single_host_object_and_grades() -> None:
    doc = _host("t.example.com", {**C_GRADE, "grade": "T"})
    (finding,) = parse_report(json.dumps(doc).encode(), "ssl_labs").findings
    assert finding.severity is Severity.HIGH and finding.active


def test_empty_and_foreign() -> None:
    assert list(parse_report(b'[{"host": "x.example.com", "endpoints": []}]', "ssl_labs").findings) == []
    with pytest.raises(InvalidReport, match="not an SSL Labs report"):
        list(parse_report(b'[{"name": "x"}]', "ssl_labs").findings)
