"""SSLyze JSON (2.x, 3-4.x, 5+) and XML: issues derived per target, the recommended cipher-suite rule, assets."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _suites(*names: str) -> dict[str, object]:
    return {"accepted_cipher_suites": [{"cipher_suite": {"name": n}} for n in names], "rejected_cipher_suites": []}


def _completed(result: object) -> dict[str, object]:
    return {"status": "COMPLETED", "result": result, "error_reason": None}


NEW = {
    "sslyze_version": "5.0.1",
    "sslyze_url": "https://github.com/nabla-c0d3/sslyze",
    "server_scan_results": [
        {
            "server_location": {"hostname": "example.com", "ip_address": "192.0.2.1", "port": 443},
            "connectivity_status": "COMPLETED",
            "scan_status": "COMPLETED",
            "scan_result": {
                "heartbleed": _completed({"is_vulnerable_to_heartbleed": True}),
                "robot": _completed({"robot_result": "VULNERABLE_STRONG_ORACLE"}),
                "session_renegotiation": _completed(
                    {"is_vulnerable_to_client_renegotiation_dos": True, "supports_secure_renegotiation": True}
                ),
                "tls_1_0_cipher_suites": _completed(_suites("TLS_RSA_WITH_AES_128_CBC_SHA")),
                "tls_1_2_cipher_suites": _completed(
                    _suites("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_3DES_EDE_CBC_SHA")
                ),
                "tls_1_3_cipher_suites": _completed(_suites("TLS_AES_256_GCM_SHA384")),
                "tls_fallback_scsv": {"status": "NOT_SCHEDULED", "result": None, "error_reason": None},
            },
        },
        {
            "server_location": {"hostname": "down.example.com", "ip_address": None, "port": 443},
            "connectivity_status": "ERROR",
            "scan_result": None,
        },
    ],
}


def test_sslyze5_json() -> None:
    data = json.dumps(NEW).encode()
    assert detect_format(open_report(data, name="sslyze.json")).id == "sslyze"
    parsed = parse_report(data, "sslyze")
    by_name = {f.name: f for f in parsed.findings}
    assert set(by_name) == {
        "Heartbleed",
        "ROBOT",
        "Insecure renegotiation",
        "TLS 1.0 enabled",
        "TLS 1.2 cipher suites not recommended",
    }
    assert by_name["Heartbleed"].reference_ids == ["CVE-2014-0160"] and by_name["Heartbleed"].location == "443/tcp"
    weak = by_name["TLS 1.2 cipher suites not recommended"]
    assert weak.severity is Severity.MEDIUM and weak.details["items"] == ["TLS_RSA_WITH_3DES_EDE_CBC_SHA"]
    assert by_name["TLS 1.0 enabled"].severity is Severity.LOW
    asset = by_name["Heartbleed"].asset
    assert asset.type is AssetType.INFRA and asset.attributes == {"hostname": "example.com"}
    assert {"hostname": "down.example.com"} in [a.attributes for a in parsed.assets]
    assert any("connectivity error" in w.message for w in parsed.warnings)


def test_sslyze3_and_2_json() -> None:
    v3 = {
        "sslyze_version": "3.0.7",
        "server_scan_results": [
            {
                "server_info": {
                    "server_location": {"hostname": "www.example.com", "ip_address": "1.2.3.4", "port": 8443}
                },
                "scan_commands_results": {
                    "openssl_ccs_injection": {"is_vulnerable_to_ccs_injection": True},
                    "session_renegotiation": {
                        "accepts_client_renegotiation": True,
                        "supports_secure_renegotiation": False,
                    },
                    "tls_1_1_cipher_suites": _suites("TLS_RSA_WITH_RC4_128_SHA"),
                    "tls_1_2_cipher_suites": _suites("TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"),
                    "tls_compression": {"supports_compression": True},
                },
            }
        ],
        "server_connectivity_errors": [],
    }
    names = sorted(f.name for f in parse_report(json.dumps(v3).encode(), "sslyze").findings)
    assert names == ["Insecure renegotiation", "OpenSSL CCS injection", "TLS 1.1 enabled", "TLS compression enabled"]
    v2 = {
        "accepted_targets": [
            {
                "server_info": {"hostname": "old.example.com", "ip_address": "1.2.3.5", "port": 443},
                "commands_results": {
                    "sslv3": {"accepted_cipher_suites": [{"openssl_name": "DES-CBC3-SHA"}]},
                    "tlsv1_2": {"accepted_cipher_suites": [{"openssl_name": "ECDHE-RSA-AES128-GCM-SHA256"}]},
                    "fallback": {"supports_fallback_scsv": False},
                },
            }
        ],
        "invalid_targets": [],
    }
    data = json.dumps(v2).encode()
    assert detect_format(open_report(data, name="sslyze.json")).id == "sslyze"
    findings = list(parse_report(data, "sslyze").findings)
    assert [(f.name, f.severity) for f in findings] == [
        ("SSL 3.0 enabled", Severity.HIGH),
        ("TLS_FALLBACK_SCSV not supported", Severity.LOW),
    ]


XML = b"""<?xml version="1.0" encoding="utf-8"?>
<document SSLyzeVersion="1.4.3" title="SSLyze Scan Results"><results>
 <target host="www.heroku.com" ip="174.129.35.144" port="443">
  <certinfo><pathValidation usingTrustStore="Android" validationResult="certificate has expired"/></certinfo>
  <heartbleed><openSslHeartbleed isVulnerable="True"/></heartbleed>
  <openssl_ccs><openSslCcsInjection isVulnerable="False"/></openssl_ccs>
  <reneg><sessionRenegotiation canBeClientInitiated="True" isSecure="False"/></reneg>
  <tlsv1 isProtocolSupported="True"><acceptedCipherSuites><cipherSuite name="TLS_RSA_WITH_AES_128_CBC_SHA"/>
  </acceptedCipherSuites></tlsv1>
  <tlsv1_2 isProtocolSupported="True"><acceptedCipherSuites>
   <cipherSuite name="TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"/></acceptedCipherSuites></tlsv1_2>
 </target>
 <target host="www.gitlab.com" ip="35.231.145.151" port="443"><heartbleed><openSslHeartbleed isVulnerable="False"/>
 </heartbleed></target>
</results></document>"""


def test_xml() -> None:
    assert detect_format(open_report(XML, name="sslyze.xml")).id == "sslyze"
    parsed = parse_report(XML, "sslyze")
    assert [f.name for f in parsed.findings] == ["Heartbleed", "Insecure renegotiation", "TLS 1.0 enabled"]
    assert any("target without issue" in w.message for w in parsed.warnings)


def test_empty_and_foreign() -> None:
    assert list(parse_report(b'{"sslyze_version": "5.0", "server_scan_results": []}', "sslyze").findings) == []
    with pytest.raises(InvalidReport, match="not an SSLyze JSON report"):
        list(parse_report(b'{"results": []}', "sslyze").findings)
    with pytest.raises(InvalidReport, match="not an SSLyze XML report"):
        list(parse_report(b"<report><target/></report>", "sslyze").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"server_scan_results": [{"foo": 1}]}', "sslyze").findings)
