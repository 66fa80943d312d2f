"""SARIF: rules, levels and security-severity, one finding per location, message arguments, suppressions,
CWE tags, multi-run reports (same tool merged, different tools kept apart), and broken input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _location(uri: str, line: int) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": line}}}


def _run(tool: str, rules: list[dict[str, Any]], results: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "tool": {"driver": {"name": tool, "rules": rules}},
        "versionControlProvenance": [{"repositoryUri": "https://github.com/acme/shop"}],
        "results": results,
    }


RULES = [
    {
        "id": "js/xss",
        "shortDescription": {"text": "Cross-site scripting"},
        "help": {"text": "Escape user input before writing it to the page."},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"tags": ["security", "external/cwe/cwe-079"], "security-severity": "6.1"},
    },
    {
        "id": "C2001",
        "messageStrings": {"default": {"text": 'Variable "{0}" was used without being initialized.'}},
        "defaultConfiguration": {"level": "note"},
    },
]


def _report(*runs: dict[str, Any]) -> bytes:
    return json.dumps(
        {"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "runs": list(runs)}
    ).encode()


def test_results_and_rules() -> None:
    results: list[dict[str, Any]] = [
        {
            "ruleId": "js/xss",
            "message": {"text": "User input flows to innerHTML."},
            "locations": [_location("file:///src/a.js", 3), _location("src/b.js", 9)],
        },
        {"ruleId": "C2001", "ruleIndex": 1, "message": {"id": "default", "arguments": ["count"]}, "level": "error"},
        {"ruleId": "C2001", "message": {"text": "ok"}, "kind": "pass"},
        {"ruleId": "js/other", "message": {"text": "Suppressed one."}, "suppressions": [{"kind": "external"}]},
    ]
    data = _report(_run("CodeQL", RULES, results))
    assert detect_format(open_report(data, name="scan.sarif")).id == "sarif"
    parsed = parse_report(data, "sarif")
    findings = list(parsed.findings)
    assert len(findings) == 4  # two locations, one located nowhere, the pass result skipped, the suppressed one kept
    xss_a, xss_b, uninit, suppressed = findings
    assert [xss_a.location, xss_b.location] == ["/src/a.js:3", "src/b.js:9"]
    assert xss_a.name == "js/xss: Cross-site scripting"
    assert xss_a.severity is Severity.MEDIUM and xss_a.score == 6.1  # from security-severity
    assert xss_a.cwes == ["CWE-79"]
    assert xss_a.remedy == "Escape user input before writing it to the page."
    assert uninit.description == 'Variable "count" was used without being initialized.'
    assert uninit.severity is Severity.HIGH  # the result's level beats the rule's default
    assert uninit.location == "C2001"
    assert suppressed.severity is Severity.MEDIUM  # SARIF's default level is warning
    assert [t.value for t in suppressed.tags] == ["suppressed"]
    (asset,) = parsed.assets
    assert asset.type is AssetType.CODE
    assert asset.attributes == {"scannerSource": "https://github.com/acme/shop", "origin": "codeql"}


def test_runs_of_different_tools_keep_their_rules() -> None:
    first = _run(
        "ToolA", [{"id": "R1", "shortDescription": {"text": "From A"}}], [{"ruleIndex": 0, "message": {"text": "a"}}]
    )
    second = _run(
        "ToolB", [{"id": "R1", "shortDescription": {"text": "From B"}}], [{"ruleIndex": 0, "message": {"text": "b"}}]
    )
    findings = list(parse_report(_report(first, second), "sarif").findings)
    assert [f.name for f in findings] == ["R1: From A", "R1: From B"]
    assert [f.details["tool"] for f in findings] == ["ToolA", "ToolB"]


def test_runs_of_one_tool_are_merged() -> None:
    first = _run(
        "Scanner", [RULES[0]], [{"ruleId": "js/xss", "message": {"text": "a"}, "locations": [_location("a.js", 1)]}]
    )
    second = _run(
        "Scanner", [RULES[1]], [{"ruleId": "C2001", "message": {"text": "b"}, "locations": [_location("b.c", 2)]}]
    )
    parsed = parse_report(_report(first, second), "sarif")
    findings = list(parsed.findings)
    assert [f.name for f in findings] == ["js/xss: Cross-site scripting", "C2001: b"]  # no rule title: the message
    assert findings[1].severity is Severity.LOW
    assert len(parsed.assets) == 1


def test_any_tool_and_schema_mirror_is_claimed_by_the_standard() -> None:
    # DevSkim has a DefectDojo format of its own; until one is registered here, the generic SARIF reader claims it
    for schema in (
        "https://json.schemastore.org/sarif-2.1.0.json",
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json",
    ):
        doc = json.loads(_report(_run("devskim", [], [])))
        doc["$schema"] = schema
        assert detect_format(open_report(json.dumps(doc).encode(), name="devskim.sarif")).id == "sarif"
    parsed = parse_report(_report(_run("devskim", [], [])), "sarif")
    assert list(parsed.findings) == []
    assert [w.message for w in parsed.warnings] == ["1 record skipped: run with no results"]


def test_results_before_the_tool_beyond_the_head_are_still_sarif() -> None:
    results = [{"ruleId": "R1", "message": {"text": f"issue {i}" + "x" * 200}} for i in range(6000)]
    data = json.dumps({"version": "2.1.0", "runs": [{"results": results, "tool": {"driver": {"name": "Late"}}}]})
    assert len(data) > 1 << 20
    assert detect_format(open_report(data.encode(), name="late.sarif")).id == "sarif"
    assert sum(1 for _ in parse_report(data.encode(), "sarif").findings) == 6000


def test_broken() -> None:
    assert list(parse_report(_report(_run("X", [], [])), "sarif").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"version": "2.1.0"}', "sarif").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"runs": [{"tool": {"driver": {"name": "X"}}, "results": [{"ruleId": ', "sarif").findings)
