"""anchorectl_policies: both anchorectl layouts, severity from description or action, allowlisted triggers,
passed evaluations, foreign documents."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

DIGEST = "sha256:" + "cd" * 32


def _trigger(gate: str, name: str, trigger_id: str, description: str, status: str, **extra: Any) -> dict[str, Any]:
    return {
        "description": description,
        "gate": gate,
        "imageId": "d26f",
        "policyId": "RootUser",
        "status": status,
        "tag": "docker.io/shop/web:2.0",
        "triggerId": trigger_id,
        "triggerName": name,
        **extra,
    }


ROOT = _trigger("dockerfile", "effective_user", "b260", "User root found as effective user", "warn")
VULN = _trigger(
    "vulnerabilities",
    "package",
    "CVE-2022-1234+openssl",
    "HIGH Vulnerability found in os package type (dpkg) - /usr/lib/libssl.so (CVE-2022-1234)",
    "stop",
)


def _current(details: list[dict[str, Any]]) -> bytes:
    evaluation = {"evaluationTime": "2024-09-20T08:25:52Z", "status": "fail", "finalAction": "stop"}
    return json.dumps(
        {
            "evaluatedTag": "docker.io/shop/web:2.0",
            "policyId": "p1",
            "imageDigest": DIGEST,
            "evaluations": [{**evaluation, "numberOfFindings": len(details), "details": details}],
        }
    ).encode()


def _legacy(detail: list[dict[str, Any]]) -> bytes:
    entry = {"detail": detail, "digest": DIGEST, "finalAction": "stop", "lastEvaluation": "2022-09-20T08:25:52Z"}
    return json.dumps([{**entry, "policyId": "p1", "status": "fail", "tag": "docker.io/shop/web:2.0"}]).encode()


@pytest.mark.parametrize("make", [_current, _legacy], ids=["anchorectl-4", "anchorectl-1"])
def test_triggers_are_findings(make: Any) -> None:
    data = make([ROOT, VULN])
    assert detect_format(open_report(data, name="check.json")).id == "anchorectl_policies"
    parsed = parse_report(data, "anchorectl_policies")
    root, vuln = list(parsed.findings)
    assert root.name == "dockerfile effective_user" and root.severity is Severity.MEDIUM
    assert vuln.name == "vulnerabilities package: CVE-2022-1234" and vuln.severity is Severity.HIGH
    assert vuln.location == "/usr/lib/libssl.so" and vuln.reference_ids == ["CVE-2022-1234"]
    assert root.asset is vuln.asset and root.asset.type is AssetType.CONTAINER
    assert root.asset.attributes["imageDigest"] == DIGEST
    assert parsed.meta.target == "docker.io/shop/web:2.0" and parsed.meta.scan_date is not None


def test_description_severity_and_allowlist() -> None:
    critical = {**ROOT, "description": "CRITICAL User root found as effective user"}
    allowed = {**VULN, "allowlisted": True}
    first, second = list(parse_report(_current([critical, allowed]), "anchorectl_policies").findings)
    assert first.severity is Severity.CRITICAL and first.active
    assert not second.active and second.details["status"] == "allowlisted"


@pytest.mark.parametrize("make", [_current, _legacy], ids=["anchorectl-4", "anchorectl-1"])
def test_passed_evaluation_is_counted(make: Any) -> None:
    data = make([])
    assert detect_format(open_report(data, name="check.json")).id == "anchorectl_policies"
    parsed = parse_report(data, "anchorectl_policies")
    assert list(parsed.findings) == []
    assert [w.message for w in parsed.warnings] == ["1 record skipped: policy evaluation with no triggered gate"]


def test_foreign_documents_are_refused() -> None:
    with pytest.raises(InvalidReport, match="no `evaluations` list"):
        list(parse_report(b'{"evaluatedTag": "x", "results": []}', "anchorectl_policies").findings)
    with pytest.raises(InvalidReport, match="names no gate"):
        list(parse_report(_current([{"message": "?"}]), "anchorectl_policies").findings)
    with pytest.raises(InvalidReport, match="neither"):
        list(parse_report(b'[{"vuln": "CVE-1"}]', "anchorectl_policies").findings)
