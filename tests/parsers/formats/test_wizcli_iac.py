"""wizcli_iac: one finding per rule match, severity words, file assets, secrets, rules without matches, empty scan
and broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report
from tests.parsers.formats.test_wizcli_img import SECRET, scan

IAC = {"__typename": "CICDScanOriginIAC", "name": "IAC scan 2024-07-16T12:17:28Z", "subTypes": ["DOCKERFILE"]}


def _match(path: str, line: int) -> dict[str, object]:
    return {
        "failedPolicies": [{"name": "Default IaC policy"}],
        "resourceName": "FROM=alpine.{{RUN apk add make}}",
        "fileName": path,
        "lineNumber": line,
        "expected": "'RUN' should not contain 'apk add' command without '--no-cache' switch",
        "found": "'RUN' contains 'apk add' command without '--no-cache' switch",
        "fileType": "DOCKERFILE",
        "remediationInstructions": None,
    }


RESULT = {
    "__typename": "CICDIACScanResult",
    "ruleMatches": [
        {
            "rule": {"id": "r1", "name": "Apk Add Using Local Cache Path"},
            "severity": "INFORMATIONAL",
            "matches": [_match("Dockerfile", 8), _match("build/Dockerfile", 3)],
        },
        {"rule": {"id": "r2", "name": "Privileged container"}, "severity": "HIGH", "matches": []},
    ],
    "scanStatistics": {"totalMatches": 2},
    "secrets": [SECRET],
}


def test_iac_scan() -> None:
    data = json.dumps(scan(IAC, RESULT)).encode()
    assert detect_format(open_report(data, name="iac.json")).id == "wizcli_iac"
    parsed = parse_report(data, "wizcli_iac")
    first, second, secret = list(parsed.findings)
    assert first.name == "Apk Add Using Local Cache Path" and first.severity is Severity.INFO
    assert first.location == "Dockerfile:8" and first.asset.type is AssetType.BUILD
    assert second.asset.attributes["buildFile"] == "build/Dockerfile"
    assert first.remedy.startswith("'RUN' should not contain")
    assert ("failedPolicy", "Default IaC policy") in [(t.key, t.value) for t in first.tags]
    assert secret.asset.attributes["buildFile"] == "/app/testing.go" and secret.severity is Severity.HIGH
    assert dict(parsed._ctx.skipped) == {"rule without matches": 1}


def test_empty_scan_and_broken_input() -> None:
    empty = {"__typename": "CICDIACScanResult", "ruleMatches": None, "secrets": None, "fileTypes": None}
    data = json.dumps(scan(IAC, empty)).encode()
    assert detect_format(open_report(data, name="iac.json")).id == "wizcli_iac"
    assert list(parse_report(data, "wizcli_iac").findings) == []
    with pytest.raises(InvalidReport, match="names no rule"):
        list(parse_report(json.dumps(scan(IAC, {"ruleMatches": [{"matches": []}]})).encode(), "wizcli_iac").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b"[1, 2]", "wizcli_iac").findings)
