"""progpilot: taint-style and custom vulnerabilities, sink location, CWE, identity; empty and broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

TAINT = {
    "source_name": ["$sql"],
    "source_line": [590],
    "source_file": ["/src/Order.php"],
    "sink_name": "executeS",
    "sink_line": 593,
    "sink_file": "/src/Order.php",
    "tainted_flow": [[{"flow_name": "$sql", "flow_line": 590, "flow_file": "/src/Order.php"}]],
    "vuln_name": "sql_injection",
    "vuln_cwe": "CWE_89",
    "vuln_id": "9c4f",
    "vuln_type": "taint-style",
}
CUSTOM = {
    "vuln_rule": "MUST_VERIFY_DEFINITION",
    "vuln_name": "security misconfiguration",
    "vuln_line": 461,
    "vuln_file": "/src/Order.php",
    "vuln_description": "curl must verify that the certificate is trusted",
    "vuln_cwe": "CWE_295",
    "vuln_id": "797d",
    "vuln_type": "custom",
}


def test_both_kinds() -> None:
    data = json.dumps([TAINT, CUSTOM]).encode()
    assert detect_format(open_report(data, name="progpilot.json")).id == "progpilot"
    parsed = parse_report(data, "progpilot")
    sqli, misconf = list(parsed.findings)
    assert sqli.name == "sql injection" and sqli.location == "/src/Order.php:593" and sqli.cwes == ["CWE-89"]
    assert "$sql (/src/Order.php:590)" in sqli.description and sqli.fingerprint == "9c4f"
    assert sqli.severity is Severity.MEDIUM and sqli.details["flowSteps"] == 1
    assert misconf.location == "/src/Order.php:461" and misconf.details["rule"] == "MUST_VERIFY_DEFINITION"
    assert misconf.description.startswith("curl must verify")
    (asset,) = parsed.assets
    assert asset.type is AssetType.CODE


def test_empty_and_broken() -> None:
    assert list(parse_report(b"[]", "progpilot").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": []}', "progpilot").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'[{"vuln_id": "x"}]', "progpilot").findings)
