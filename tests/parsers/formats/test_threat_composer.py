"""threat_composer: one finding per threat, priorities, linked mitigations and assumptions, resolved threats,
dangling links, empty models, refusals."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _threat(tid: str, number: int, priority: str | None, status: str | None = None) -> dict[str, Any]:
    meta: list[dict[str, Any]] = [{"key": "STRIDE", "value": ["S", "T"]}]
    if priority:
        meta.append({"key": "Priority", "value": priority})
    threat: dict[str, Any] = {
        "id": tid,
        "numericId": number,
        "statement": f"An attacker with stolen tokens can call the API {number}",
        "metadata": meta,
        "tags": ["CWE-287", "CVE-2021-44228", "auth"],
    }
    if status:
        threat["status"] = status
    return threat


def _model(threats: list[dict[str, Any]], mitigation_links: list[dict[str, str]] | None = None) -> bytes:
    return json.dumps(
        {
            "schema": 1,
            "applicationInfo": {"name": "Payments", "description": ""},
            "architecture": {},
            "dataflow": {},
            "assumptions": [{"id": "a1", "content": "Tokens expire after 1 hour"}],
            "mitigations": [{"id": "m1", "content": "Rotate tokens", "status": "mitigationResolved"}],
            "assumptionLinks": [{"type": "Threat", "assumptionId": "a1", "linkedId": "t1"}],
            "mitigationLinks": mitigation_links
            if mitigation_links is not None
            else [{"mitigationId": "m1", "linkedId": "t1"}],
            "threats": threats,
        }
    ).encode()


def test_threats() -> None:
    data = _model([_threat("t1", 1, "High"), _threat("t2", 2, None, "threatResolvedNotUseful")])
    assert detect_format(open_report(data, name="model.tc.json")).id == "threat_composer"
    parsed = parse_report(data, "threat_composer")
    first, second = list(parsed.findings)
    assert first.name == "T-1: An attacker with stolen tokens can call the API 1" and first.severity is Severity.HIGH
    assert "- Rotate tokens (resolved)" in first.description and "Tokens expire" in first.description
    assert first.cwes == ["CWE-287"] and first.reference_ids == ["CVE-2021-44228"]
    assert first.asset.type is AssetType.CODE and first.asset.attributes["scannerSource"] == "Payments"
    assert second.severity is Severity.INFO and not second.active and second.details["status"] == "not useful"
    assert parsed.warnings == []


def test_dangling_links_and_empty_model() -> None:
    parsed = parse_report(
        _model([_threat("t1", 1, "Low")], [{"mitigationId": "gone", "linkedId": "t1"}]), "threat_composer"
    )
    (only,) = list(parsed.findings)
    assert only.remedy == "No mitigation is linked to this threat in the model."
    assert [w.code for w in parsed.warnings] == ["dangling-link"]
    empty = parse_report(_model([]), "threat_composer")
    assert list(empty.findings) == []
    assert [w.message for w in empty.warnings] == ["1 record skipped: threat model with no threat"]


def test_refusals() -> None:
    with pytest.raises(InvalidReport, match="no `threats` list"):
        list(parse_report(b'{"applicationInfo": {}}', "threat_composer").findings)
    with pytest.raises(InvalidReport, match="has no statement"):
        list(parse_report(_model([{"id": "x"}]), "threat_composer").findings)
