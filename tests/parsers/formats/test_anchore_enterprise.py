"""anchore_enterprise: evaluation table rows as findings, severity from output or action, whitelisted rows,
evaluations without detail, broken layouts."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

DIGEST = "sha256:" + "ab" * 32
HEADER = ["Image_Id", "Repo_Tag", "Trigger_Id", "Gate", "Trigger", "Check_Output", "Gate_Action", "Whitelisted"]


def _row(trigger_id: str, gate: str, trigger: str, output: str, action: str, *, whitelisted: bool = False) -> list[Any]:
    return ["c1d9", "registry.example.com/app:1.2", trigger_id, gate, trigger, output, action, whitelisted]


def _report(rows: list[list[Any]] | None, tables_key: str = "result") -> bytes:
    evaluation: dict[str, Any] = {"status": "fail", "last_evaluation": "2020-03-06T13:40:10Z", "policyId": "p1"}
    if rows is not None:
        table = {"c1d9": {"result": {"header": HEADER, "rows": rows, "row_count": len(rows)}}, "policy_data": []}
        evaluation["detail"] = {
            "policy": {"id": "p1"},
            "result": {"image_digest": DIGEST, "tag": "registry.example.com/app:1.2", tables_key: table},
        }
    return json.dumps([{DIGEST: {"registry.example.com/app:1.2": [evaluation]}}]).encode()


VULN = (
    "HIGH Vulnerability found in non-os package type (java) - /app/lib/struts-core-1.3.8.jar "
    "(CVE-2015-2992 - https://nvd.nist.gov/vuln/detail/CVE-2015-2992)"
)


def test_rows_are_findings() -> None:
    data = _report(
        [
            _row("41cb", "dockerfile", "instruction", "Dockerfile directive 'HEALTHCHECK' not found", "warn"),
            _row("CVE-2015-2992+struts-core-1.3.8.jar", "vulnerabilities", "package", VULN, "stop"),
            _row("77aa", "dockerfile", "exposed_ports", "Dockerfile exposes port 22", "stop"),
            _row("11bb", "licenses", "blacklist_exact_match", "LICENSE GPL found", "go", whitelisted=True),
        ]
    )
    assert detect_format(open_report(data, name="evaluate.json")).id == "anchore_enterprise"
    parsed = parse_report(data, "anchore_enterprise")
    health, vuln, port, licence = list(parsed.findings)
    assert health.name == "dockerfile instruction" and health.severity is Severity.MEDIUM
    assert vuln.name == "vulnerabilities package: CVE-2015-2992" and vuln.severity is Severity.HIGH
    assert vuln.reference_ids == ["CVE-2015-2992"] and vuln.location == "/app/lib/struts-core-1.3.8.jar"
    assert port.severity is Severity.HIGH  # a stop with no severity word
    assert licence.severity is Severity.LOW and not licence.active and licence.details["status"] == "allowlisted"
    assert health.asset is vuln.asset and health.asset.type is AssetType.CONTAINER
    assert health.asset.attributes["imageName"] == "registry.example.com/app:1.2"
    assert health.asset.attributes["imageDigest"] == DIGEST
    assert parsed.meta.scan_date is not None


def test_evaluation_without_detail_is_skipped() -> None:
    parsed = parse_report(_report(None), "anchore_enterprise")
    assert list(parsed.findings) == []
    assert [w.code for w in parsed.warnings] == ["skipped"]
    assert "without --detail" in parsed.warnings[0].message


def test_broken_layouts_are_refused() -> None:
    with pytest.raises(InvalidReport, match=r"detail\.result\.result"):
        list(parse_report(_report([], tables_key="results"), "anchore_enterprise").findings)
    with pytest.raises(InvalidReport, match="expected a JSON list"):
        list(parse_report(b'{"vulnerabilities": []}', "anchore_enterprise").findings)
    foreign = json.dumps([{DIGEST: ["not", "tags"]}]).encode()
    with pytest.raises(InvalidReport, match="maps to no tags"):
        list(parse_report(foreign, "anchore_enterprise").findings)


def test_other_anchore_documents_are_not_claimed() -> None:
    engine = json.dumps({"imageDigest": DIGEST, "vulnerabilities": [{"vuln": "CVE-1", "package_name": "x"}]})
    assert detect_format(open_report(engine.encode(), name="vulns.json")).id == "anchore_engine"
