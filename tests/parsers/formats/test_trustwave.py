"""Trustwave scan CSV: severity letters, INFRA assets, closed statuses, refusals."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

HEADER = (
    '"Status","IP","Target Name","Domain","Vulnerability Name","Description","Remediation","Protocol","Port",'
    '"Severity","CVE","Service","Evidence"\n'
)
ROWS = (
    '"","192.168.0.57","Box 1","www.example12.com","Monkey HTTP injection","Log injection","Upgrade","tcp","443",'
    '"H","CVE-3011-123","monkey:http","Match: equals 1.3.2"\n'
    '"Passed","192.168.0.58","Box 2","","Old TLS","TLS 1.0 on","Disable TLS 1.0","tcp","8443","M","","tls",""\n'
    '"","192.168.0.59","Box 3","","Remote code execution","RCE","Patch","tcp","80","C","","http",""\n'
)


def test_rows() -> None:
    data = (HEADER + ROWS).encode()
    assert detect_format(open_report(data, name="trustwave.csv")).id == "trustwave"
    monkey, tls, rce = parse_report(data).findings
    assert (monkey.name, monkey.severity, monkey.active) == ("Monkey HTTP injection", Severity.HIGH, True)
    assert monkey.asset.type is AssetType.INFRA
    assert monkey.asset.attributes == {"ip": "192.168.0.57", "hostname": "www.example12.com"}
    assert (monkey.reference_ids, monkey.location, monkey.remedy) == (
        ["CVE-3011-123"],
        "192.168.0.57:443/tcp",
        "Upgrade",
    )
    assert monkey.details["targetName"] == "Box 1" and monkey.details["evidence"] == "Match: equals 1.3.2"
    assert (tls.severity, tls.active, tls.details["status"]) == (Severity.MEDIUM, False, "passed")
    assert tls.asset.attributes == {"ip": "192.168.0.58"}
    assert rce.severity is Severity.CRITICAL


@pytest.mark.parametrize(("value", "severity"), [("L", Severity.LOW), ("I", Severity.INFO), ("High", Severity.HIGH)])
def test_severity_words(value: str, severity: Severity) -> None:
    row = f'"","10.0.0.1","T","","N","D","R","tcp","22","{value}","","ssh",""\n'
    (f,) = parse_report((HEADER + row).encode(), "trustwave").findings
    assert f.severity is severity


def test_empty_and_refused() -> None:
    assert list(parse_report(HEADER.encode(), "trustwave").findings) == []
    with pytest.raises(InvalidReport, match="Trustwave"):
        list(parse_report(b"IP,Name\n1.2.3.4,x\n", "trustwave").findings)
