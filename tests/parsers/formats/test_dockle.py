"""Dockle: FATAL/WARN/INFO details are findings, PASS/SKIP/IGNORE skipped, the image asset, foreign input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _report(details: Any, **extra: Any) -> bytes:
    summary = {"fatal": 1, "warn": 1, "info": 1, "skip": 0, "pass": 3}
    return json.dumps({"summary": summary, "details": details, **extra}).encode()


def _detail(code: str, level: str, *alerts: str) -> dict[str, Any]:
    return {"code": code, "title": f"title {code}", "level": level, "alerts": list(alerts)}


def test_levels_and_image() -> None:
    details = [
        _detail("CIS-DI-0010", "FATAL", "Suspicious ENV key found"),
        _detail("CIS-DI-0001", "WARN", "Last user should not be root"),
        _detail("CIS-DI-0008", "INFO", "setuid file: bin/su", "setuid file: bin/mount"),
        _detail("CIS-DI-0006", "IGNORE", "not found HEALTHCHECK statement"),
        _detail("DKL-DI-0001", "PASS"),
    ]
    data = _report(details, image="registry.example.com/app:1.2")
    assert detect_format(open_report(data, name="dockle.json")).id == "dockle"
    parsed = parse_report(data, "dockle")
    fatal, warn, info = list(parsed.findings)
    assert [f.severity for f in (fatal, warn, info)] == [Severity.HIGH, Severity.MEDIUM, Severity.INFO]
    assert warn.name == "CIS-DI-0001: title CIS-DI-0001"
    assert "setuid file: bin/mount" in info.description and len(info.details["alerts"]) == 2
    assert fatal.asset.type is AssetType.CONTAINER
    assert fatal.asset.attributes["imageName"] == "registry.example.com/app:1.2"
    assert parsed._ctx.skipped == {"level IGNORE": 1, "level PASS": 1}


def test_clean_and_foreign() -> None:
    (f,) = parse_report(_report([_detail("CIS-DI-0001", "WARN")]), "dockle").findings
    assert f.asset.placeholder
    assert list(parse_report(_report([]), "dockle").findings) == []
    with pytest.raises(InvalidReport, match="not a Dockle"):
        list(parse_report(b'{"results": []}', "dockle").findings)
    with pytest.raises(InvalidReport, match="unknown Dockle level"):
        list(parse_report(_report([_detail("X", "SEVERE")]), "dockle").findings)
