"""Hydra JSON: one critical finding per credential found, password masked, errors carried, foreign refused."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _report(results: list[dict[str, object]], errors: list[str] | None = None) -> bytes:
    return json.dumps(
        {
            "errormessages": errors or [],
            "generator": {"software": "Hydra", "version": "v9.1", "service": "ssh", "jsonoutputversion": "1.00"},
            "quantityfound": len(results),
            "results": results,
            "success": bool(results),
        }
    ).encode()


def test_credentials() -> None:
    data = _report([{"port": 22, "service": "ssh", "host": "192.0.2.3", "login": "root", "password": "toor-long-pass"}])
    assert detect_format(open_report(data, name="hydra.json")).id == "hydra"
    (finding,) = parse_report(data, "hydra").findings
    assert (finding.name, finding.severity, finding.location) == (
        "Weak credentials for ssh: root",
        Severity.CRITICAL,
        "22/tcp",
    )
    assert "toor-long-pass" not in finding.description + json.dumps(finding.details)
    assert finding.asset.type is AssetType.INFRA and finding.asset.attributes == {"ip": "192.0.2.3"}


def test_clean_run_and_foreign() -> None:
    parsed = parse_report(_report([], ["[ERROR] could not connect"]), "hydra")
    assert list(parsed.findings) == []
    assert "[ERROR] could not connect" in [w.message for w in parsed.warnings]
    with pytest.raises(InvalidReport, match="not a Hydra JSON report"):
        list(parse_report(b'{"service": "Not Hydra", "generator": {}}', "hydra").findings)
