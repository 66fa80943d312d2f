"""nsp check JSON: one finding per advisory and module version (paths folded); clean and broken input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _rec(aid: int, module: str, version: str, path: list[str], score: float | None) -> dict[str, Any]:
    return {
        "id": aid,
        "title": "Regular Expression Denial of Service",
        "module": module,
        "version": version,
        "vulnerable_versions": "<=2.6.8",
        "patched_versions": ">= 2.6.9",
        "overview": "ReDoS (CVE-2017-16137).",
        "recommendation": "Update to 2.6.9.",
        "cvss_vector": "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:L",
        "cvss_score": score,
        "created_at": "2017-08-13T04:26:17.960Z",
        "advisory": f"https://nodesecurity.io/advisories/{aid}",
        "path": path,
    }


def test_paths_fold_into_one_finding() -> None:
    data = json.dumps(
        [
            _rec(534, "debug", "2.2.0", ["app@1.0.0", "express@4.13.4", "debug@2.2.0"], 3.7),
            _rec(534, "debug", "2.2.0", ["app@1.0.0", "debug@2.2.0"], 3.7),
            _rec(521, "pg", "5.1.0", ["app@1.0.0", "pg@5.1.0"], None),
        ]
    ).encode()
    assert detect_format(open_report(data, name="nsp.json")).id == "nsp"
    parsed = parse_report(data, "nsp")
    debug, pg = list(parsed.findings)
    assert debug.name == "debug: Regular Expression Denial of Service" and debug.severity is Severity.LOW
    assert debug.score == 3.7 and debug.details["paths"] == ["express@4.13.4>debug@2.2.0", "debug@2.2.0"]
    assert debug.reference_ids == ["CVE-2017-16137"] and debug.location == "debug@2.2.0"
    assert debug.package is not None and debug.package.fixed_versions == [">= 2.6.9"]
    assert pg.severity is Severity.MEDIUM
    assert [(a.type, a.attributes["buildFile"]) for a in parsed.assets] == [(AssetType.BUILD, "app/package.json")]


def test_clean_check() -> None:
    assert list(parse_report(b"[]", "nsp").findings) == []


@pytest.mark.parametrize("data", [b'{"results": []}', b'[{"id": 1}]', b'[{"module": "x"', b"[1]"])
def test_foreign_or_broken_input(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "nsp").findings)
