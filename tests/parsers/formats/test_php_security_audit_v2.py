"""phpcs-security-audit JSON: one finding per message; ERROR/WARNING severities; clean files skipped."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _msg(source: str, kind: str, line: int, severity: int = 5) -> dict[str, Any]:
    return {
        "message": f"Possible XSS detected with $x on echo ({line})",
        "source": source,
        "severity": severity,
        "fixable": False,
        "type": kind,
        "line": line,
        "column": 3,
    }


def _report(files: dict[str, Any]) -> bytes:
    return json.dumps({"totals": {"errors": 1, "warnings": 2, "fixable": 0}, "files": files}).encode()


def test_messages() -> None:
    data = _report(
        {
            "/src/index.php": {
                "errors": 1,
                "warnings": 2,
                "messages": [
                    _msg("Security.BadFunctions.EasyXSS.EasyXSSerr", "ERROR", 35),
                    _msg("Security.BadFunctions.EasyXSS.EasyXSSwarn", "WARNING", 38),
                    _msg("Security.Misc.TypeJuggle.TypeJuggle", "WARNING", 40, severity=3),
                ],
            },
            "/src/empty.php": {"errors": 0, "warnings": 0, "messages": []},
        }
    )
    assert detect_format(open_report(data, name="phpcs.json")).id == "php_security_audit_v2"
    parsed = parse_report(data, "php_security_audit_v2")
    err, warn, low = list(parsed.findings)
    assert err.name == "EasyXSS: Possible XSS detected with $x on echo (35)" and err.severity is Severity.HIGH
    assert err.location == "/src/index.php:35" and err.details["source"] == "Security.BadFunctions.EasyXSS.EasyXSSerr"
    assert warn.severity is Severity.MEDIUM and low.severity is Severity.LOW
    assert parsed._ctx.skipped == {"file without issues": 1}
    assert parsed.assets[0].type is AssetType.CODE


def test_clean_scan() -> None:
    assert list(parse_report(_report({}), "php_security_audit_v2").findings) == []


@pytest.mark.parametrize("data", [b'{"results": []}', b'{"files": {"a.php": 3}}', _report({})[:-5]])
def test_foreign_or_broken_input(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "php_security_audit_v2").findings)
