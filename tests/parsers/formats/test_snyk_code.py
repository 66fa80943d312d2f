"""Snyk Code SARIF: levels, rule titles and CWEs, CODE assets; parsed by snyk as well; detection vs other SARIF."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _sarif(driver: str = "SnykCode") -> dict[str, Any]:
    rule = {
        "id": "javascript/Sqli",
        "name": "Sqli",
        "shortDescription": {"text": "SQL Injection"},
        "defaultConfiguration": {"level": "error"},
        "help": {"markdown": "Use parameterised queries."},
        "properties": {"cwe": ["CWE-89"], "precision": "very-high"},
    }

    def result(level: str, line: int) -> dict[str, Any]:
        return {
            "ruleId": "javascript/Sqli",
            "ruleIndex": 0,
            "level": level,
            "message": {"text": "Unsanitized input flows into query."},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": "routes/login.js"}, "region": {"startLine": line}}}
            ],
            "fingerprints": {"0": "abc"},
            "properties": {"priorityScore": 800},
        }

    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": driver, "version": "1.0.0", "rules": [rule]}},
                "results": [result("error", 29), result("note", 40)],
            }
        ],
    }


def test_results_and_fields() -> None:
    data = json.dumps(_sarif()).encode()
    assert detect_format(open_report(data, name="code.sarif")).id == "snyk_code"
    parsed = parse_report(data, "snyk_code")
    error, note = list(parsed.findings)
    assert error.severity is Severity.HIGH and note.severity is Severity.LOW
    assert error.name == "SQL Injection (javascript/Sqli)" and error.cwes == ["CWE-89"]
    assert error.location == "routes/login.js:29" and error.remedy == "Use parameterised queries."
    assert error.details["priorityScore"] == 800
    (asset,) = parsed.assets
    assert asset.type is AssetType.CODE and asset.attributes["scannerSource"] == "routes/login.js"
    assert len(list(parse_report(data, "snyk").findings)) == 2


def test_other_sarif_is_not_claimed_and_broken_is_invalid() -> None:
    other = json.dumps(_sarif("CodeQL")).encode()
    s = open_report(other, name="codeql.sarif")
    from scan_parsers.registry import get_format
    from scan_parsers.sniff import sniff

    assert get_format("snyk_code").detect(sniff(s)) == 0.0
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"version": "2.1.0"}', "snyk_code").findings)
