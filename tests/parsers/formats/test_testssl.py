"""testssl.sh CSV and JSON: issues and INFO rows are findings, OK and rating rows skipped, one asset per name."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

CSV = b""""id","fqdn/ip","port","severity","finding","cve","cwe"
"SSLv2","shop.example.com/192.0.2.1","443","OK","not offered","",""
"TLS1","shop.example.com/192.0.2.1","443","LOW","offered (deprecated)","","CWE-327"
"TLS1","shop.example.com/192.0.2.2","443","LOW","offered (deprecated)","","CWE-327"
"DROWN","shop.example.com/192.0.2.1","443","HIGH","vulnerable","CVE-2016-0800 CVE-2016-0703","CWE-310"
"service","shop.example.com/192.0.2.1","443","INFO","HTTP","",""
"overall_grade","shop.example.com/192.0.2.1","443","CRITICAL","F","",""
"scanProblem","10.9.9.9/10.9.9.9","8443","FATAL","Can't connect to '10.9.9.9:8443'","",""
"""


def test_csv() -> None:
    assert detect_format(open_report(CSV, name="testssl.csv")).id == "testssl"
    parsed = parse_report(CSV, "testssl.sh")
    tls1, drown_a, drown_b, service, problem = list(parsed.findings)
    assert tls1.name == "TLS1" and tls1.severity is Severity.LOW and tls1.cwes == ["CWE-327"]
    assert tls1.asset.type is AssetType.INFRA and tls1.asset.attributes == {"hostname": "shop.example.com"}
    assert tls1.details["ips"] == ["192.0.2.1", "192.0.2.2"] and tls1.location == "443/tcp"
    assert (drown_a.name, drown_a.reference_ids) == ("DROWN (CVE-2016-0800)", ["CVE-2016-0800"])
    assert drown_b.reference_ids == ["CVE-2016-0703"] and drown_a.severity is Severity.HIGH
    assert service.severity is Severity.INFO
    assert problem.name == "scanProblem" and problem.asset.attributes == {"ip": "10.9.9.9"}
    assert parsed._ctx.skipped == {"check passed": 1, "rating summary": 1}


def test_json_layouts() -> None:
    flat = [
        {
            "id": "BREACH",
            "ip": "app.example.com/198.51.100.3",
            "port": "443",
            "severity": "MEDIUM",
            "finding": "potentially VULNERABLE",
            "cve": "CVE-2013-3587",
            "cwe": "CWE-310",
        }
    ]
    pretty = {
        "Invocation": "testssl.sh app.example.com",
        "version": "3.2",
        "scanResult": [
            {
                "targetHost": "app.example.com",
                "ip": "198.51.100.3",
                "port": "443",
                "vulnerabilities": [{k: v for k, v in flat[0].items() if k not in ("ip", "port")}],
                "protocols": [{"id": "SSLv3", "severity": "OK", "finding": "not offered"}],
            }
        ],
    }
    for doc in (flat, pretty):
        data = json.dumps(doc).encode()
        assert detect_format(open_report(data, name="testssl.json")).id == "testssl"
        (breach,) = list(parse_report(data, "testssl").findings)
        assert breach.name == "BREACH" and breach.severity is Severity.MEDIUM
        assert breach.reference_ids == ["CVE-2013-3587"] and breach.asset.attributes == {"hostname": "app.example.com"}


def test_empty_and_foreign() -> None:
    assert list(parse_report(b'"id","fqdn/ip","port","severity","finding","cve","cwe"\n', "testssl").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b"host,port,severity\nx,1,HIGH\n", "testssl").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": []}', "testssl").findings)
