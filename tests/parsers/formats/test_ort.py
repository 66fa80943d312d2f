"""ort: unresolved rule violations with their package and license, resolved violations and issues skipped,
the repository asset, refusals."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

PACKAGES = [
    {"_id": 0, "id": "Maven:junit:junit:4.12", "purl": "pkg:maven/junit/junit@4.12"},
    {"_id": 1, "id": "NPM::left-pad:1.3.0", "purl": "pkg:npm/left-pad@1.3.0"},
]
LICENSES = [{"_id": 0, "id": "EPL-1.0"}, {"_id": 1, "id": "WTFPL"}]


def _violation(n: int, rule: str, pkg: int, licence: int, severity: str, **extra: Any) -> dict[str, Any]:
    return {
        "_id": n,
        "rule": rule,
        "pkg": pkg,
        "license": licence,
        "license_source": "DECLARED",
        "severity": severity,
        "message": f"{rule} message",
        "how_to_fix": "Replace the dependency.",
        **extra,
    }


def _model(violations: list[dict[str, Any]]) -> bytes:
    return json.dumps(
        {
            "licenses": LICENSES,
            "issues": [{"_id": 0, "type": "SCANNER", "message": "No source artifact"}],
            "scan_results": [],
            "packages": PACKAGES,
            "dependency_trees": [],
            "rule_violation_resolutions": [{"_id": 0, "reason": "CANT_FIX_EXCEPTION"}],
            "rule_violations": violations,
            "repository": {"vcs": {"url": ""}, "vcs_processed": {"type": "Git", "url": "https://git.example/app.git"}},
        }
    ).encode()


def test_rule_violations() -> None:
    data = _model(
        [
            _violation(0, "COPYLEFT_LIMITED", 0, 0, "ERROR"),
            _violation(1, "UNHANDLED_LICENSE", 1, 1, "WARNING"),
            _violation(2, "HINT_RULE", 1, 1, "HINT", resolutions=[0]),
        ]
    )
    assert detect_format(open_report(data, name="evaluated-model.json")).id == "ort"
    parsed = parse_report(data, "ort")
    copyleft, unhandled = list(parsed.findings)
    assert copyleft.name == "COPYLEFT_LIMITED: EPL-1.0" and copyleft.severity is Severity.HIGH
    assert copyleft.location == "Maven:junit:junit:4.12" and copyleft.remedy == "Replace the dependency."
    assert (
        copyleft.package is not None and copyleft.package.name == "junit:junit" and copyleft.package.version == "4.12"
    )
    assert unhandled.severity is Severity.MEDIUM and unhandled.package is not None
    assert unhandled.package.purl == "pkg:npm/left-pad@1.3.0"
    assert copyleft.asset.type is AssetType.REPOSITORY
    assert copyleft.asset.attributes["repository"] == "https://git.example/app.git"
    assert sorted(w.message for w in parsed.warnings) == [
        "1 record skipped: ORT issue (an analyzer or scanner problem, not a policy violation)",
        "1 record skipped: rule violation resolved by the repository configuration",
    ]


def test_refusals() -> None:
    with pytest.raises(InvalidReport, match="not an ORT evaluated model"):
        list(parse_report(b'{"rule_violations": {}}', "ort").findings)
    with pytest.raises(InvalidReport, match="names no rule"):
        list(parse_report(_model([{"_id": 0, "pkg": 0}]), "ort").findings)
