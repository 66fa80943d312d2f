"""mayhem: Mayhem for API and Mayhem Code Security SARIF, claimed over the generic SARIF reader only on the driver
name; names, CWEs, endpoints, clean runs, refusals."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import InvalidReport, Severity, detect_format, open_report, parse_report

SCHEMA = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"


def _log(driver: dict[str, Any], results: list[dict[str, Any]]) -> bytes:
    return json.dumps(
        {"$schema": SCHEMA, "version": "2.1.0", "runs": [{"tool": {"driver": driver}, "results": results}]}
    ).encode()


API_DRIVER = {
    "name": "mAPI",
    "fullName": "Mayhem for API",
    "rules": [
        {
            "id": "internal-server-error",
            "shortDescription": {"text": "Internal Server Error"},
            "help": {"text": "Add error handling."},
            "defaultConfiguration": {"level": "error"},
            "properties": {"tags": ["CWE-20"]},
        }
    ],
}
CODE_DRIVER = {
    "name": "Mayhem Code Security",
    "rules": [{"id": "MI110", "name": "UndefinedBehavior", "defaultConfiguration": {"level": "error"}}],
}


def test_mayhem_for_api() -> None:
    result = {
        "ruleId": "internal-server-error",
        "message": {"text": "Internal Server Error in 'PUT /pet'. [Details](https://app.mayhem.security/d/1)"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "unknown-file"}}}],
    }
    data = _log(API_DRIVER, [result])
    assert detect_format(open_report(data, name="mapi.sarif")).id == "mayhem"
    (finding,) = list(parse_report(data, "mayhem").findings)
    assert finding.severity is Severity.HIGH and finding.cwes == ["CWE-20"]
    assert finding.location == "PUT /pet" and finding.details["defectUrl"] == "https://app.mayhem.security/d/1"
    assert finding.remedy == "Add error handling."


def test_mayhem_code_security() -> None:
    result = {
        "ruleId": "MI110",
        "message": {"text": "TDID-2307883 - Integer Overflow or Wraparound"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/gps.c"}, "region": {"startLine": 97}}}],
        "taxa": [{"id": "190", "toolComponent": {"name": "CWE"}}],
    }
    data = _log(CODE_DRIVER, [result])
    assert detect_format(open_report(data, name="mayhem.sarif")).id == "mayhem"
    (finding,) = list(parse_report(data, "mayhem").findings)
    assert finding.name == "Integer Overflow or Wraparound" and finding.details["defect"] == "TDID-2307883"
    assert finding.cwes == ["CWE-190"] and finding.location == "src/gps.c:97"


def test_clean_run_other_sarif_and_refusal() -> None:
    clean = parse_report(_log(API_DRIVER, []), "mayhem")
    assert list(clean.findings) == []
    assert [w.message for w in clean.warnings] == ["1 record skipped: run with no results"]
    other = _log({"name": "CodeQL", "rules": []}, [])
    assert detect_format(open_report(other, name="codeql.sarif")).id == "sarif"
    with pytest.raises(InvalidReport, match="no `runs` array"):
        list(parse_report(b'{"results": []}', "mayhem").findings)
