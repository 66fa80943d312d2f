"""devskim: SARIF (1.x) and legacy JSON (0.x), DevSkim severities, suppressed results, outranking generic SARIF."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _result(rule: str, line: int, rating: str, **extra: object) -> dict[str, object]:
    region = {"startLine": line, "snippet": {"text": "hashlib.md5(x)"}}
    return {
        "ruleId": rule,
        "level": "note",
        "message": {"text": "Weak hash"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app/hash.py"}, "region": region}}],
        "properties": {"DevSkimSeverity": rating, "DevSkimConfidence": "High"},
        **extra,
    }


SARIF = {
    "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
    "version": "2.1.0",
    "runs": [
        {
            "tool": {
                "driver": {
                    "name": "devskim",
                    "rules": [
                        {
                            "id": "DS126858",
                            "name": "WeakbrokenHashAlgorithm",
                            "shortDescription": {"text": "A weak or broken hash algorithm was detected."},
                            "help": {"text": "Use SHA-256."},
                            "helpUri": "https://github.com/Microsoft/DevSkim/blob/main/guidance/DS126858.md",
                            "properties": {"DevSkimSeverity": "Critical"},
                        }
                    ],
                }
            },
            "results": [
                _result("DS126858", 5, "Critical"),
                _result("DS126858", 9, "ManualReview"),
                _result("DS126858", 12, "Important", suppressions=[{"kind": "inSource"}]),
            ],
        }
    ],
}


def test_sarif() -> None:
    data = json.dumps(SARIF).encode()
    assert detect_format(open_report(data, name="devskim.sarif")).id == "devskim"
    parsed = parse_report(data, "devskim")
    crit, review = list(parsed.findings)
    assert crit.name == "DS126858: A weak or broken hash algorithm was detected."
    assert (crit.severity, review.severity) == (Severity.CRITICAL, Severity.INFO)
    assert crit.location == "app/hash.py:5" and crit.remedy == "Use SHA-256." and "hashlib.md5" in crit.description
    assert parsed._ctx.skipped == {"suppressed": 1}
    (asset,) = parsed.assets
    assert asset.type is AssetType.CODE


def test_legacy_json() -> None:
    issue = {
        "filename": "src/a.c",
        "start_line": 16,
        "rule_id": "DS148264",
        "rule_name": "Use cryptographic random numbers",
        "severity": "Important",
        "match": "rand()",
    }
    data = json.dumps([issue]).encode()
    assert detect_format(open_report(data, name="devskim.json")).id == "devskim"
    (finding,) = parse_report(data, "devskim").findings
    assert finding.severity is Severity.HIGH and finding.location == "src/a.c:16"


def test_empty_and_broken() -> None:
    empty = {**SARIF, "runs": [{"tool": {"driver": {"name": "devskim"}}, "results": []}]}
    assert list(parse_report(json.dumps(empty).encode(), "devskim").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": []}', "devskim").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'[{"filename": "a"}]', "devskim").findings)
