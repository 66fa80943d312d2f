"""cfn-lint: every match is a finding, levels to severities, the template asset, foreign input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _match(rule_id: str, level: str | None, line: int = 4) -> dict[str, Any]:
    m: dict[str, Any] = {
        "Filename": "templates/app.yaml",
        "Location": {"Start": {"LineNumber": line, "ColumnNumber": 3}, "Path": ["Resources", "Bucket", 1]},
        "Message": f"message {rule_id}",
        "Rule": {"Id": rule_id, "ShortDescription": f"short {rule_id}", "Description": "d", "Source": "https://x"},
    }
    if level:
        m["Level"] = level
    return m


def test_matches() -> None:
    data = json.dumps([_match("E3002", "Error"), _match("W2001", "Warning", 9), _match("I3011", None)]).encode()
    assert detect_format(open_report(data, name="cfn-lint.json")).id == "cfn_lint"
    err, warn, info = parse_report(data, "cfn_lint").findings
    assert [f.severity for f in (err, warn, info)] == [Severity.HIGH, Severity.MEDIUM, Severity.LOW]
    assert err.name == "E3002: short E3002" and warn.location == "templates/app.yaml:9"
    assert err.details["path"] == "Resources/Bucket/1"
    assert err.asset.type is AssetType.BUILD and err.asset.attributes["buildFile"] == "templates/app.yaml"


def test_clean_and_foreign() -> None:
    assert list(parse_report(b"[]", "cfn_lint").findings) == []
    with pytest.raises(InvalidReport, match=r"no Rule\.Id"):
        list(parse_report(b'[{"Level": "Error"}]', "cfn_lint").findings)
