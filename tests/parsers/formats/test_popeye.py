"""Popeye: warning and error issues become findings, ok/info are skipped, both JSON layouts, foreign input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _issue(level: int, message: str) -> dict[str, Any]:
    return {"group": "__root__", "gvr": "v1/pods", "level": level, "message": message}


def _report(key: str, issues: Any, **extra: Any) -> bytes:
    name_key = "linter" if key == "sections" else "sanitizer"
    section = {name_key: "pods", "gvr": "v1/pods", "tally": {"ok": 1, "warning": 1}, "issues": issues}
    return json.dumps({"popeye": {"score": 80, "grade": "B", key: [section], **extra}}).encode()


@pytest.mark.parametrize("key", ["sections", "sanitizers"])
def test_levels_and_layouts(key: str) -> None:
    issues = {
        "shop/web-1": [
            _issue(0, "[POP-100] ok"),
            _issue(1, "[POP-101] info"),
            _issue(2, "[POP-106] No resources requests/limits defined"),
            _issue(3, "[POP-204] Pod is not ready"),
        ]
    }
    data = _report(key, issues, cluster_name="prod", report_time="2026-01-02T03:04:05Z")
    assert detect_format(open_report(data, name="popeye.json")).id == "popeye"
    parsed = parse_report(data, "popeye")
    warn, err = list(parsed.findings)
    assert (warn.severity, err.severity) == (Severity.MEDIUM, Severity.HIGH)
    assert warn.name == "POP-106: No resources requests/limits defined"
    assert warn.location == "v1/pods shop/web-1"
    assert warn.asset.type is AssetType.INFRA and warn.asset.attributes["hostname"] == "prod"
    assert warn.details["code"] == "POP-106" and warn.details["linter"] == "pods"
    assert parsed._ctx.skipped == {"issue at level ok": 1, "issue at level info": 1}
    assert parsed.meta.scan_date is not None


def test_clean_cluster_and_placeholder() -> None:
    assert list(parse_report(_report("sections", None), "popeye").findings) == []
    (f,) = parse_report(_report("sections", {"node-1": [_issue(2, "no code here")]}), "popeye").findings
    assert f.asset.placeholder and f.name == "no code here"


def test_refusals() -> None:
    with pytest.raises(InvalidReport, match="no `popeye` object"):
        list(parse_report(b'{"results": []}', "popeye").findings)
    with pytest.raises(InvalidReport, match="no level"):
        list(parse_report(_report("sections", {"x": [{"message": "m"}]}), "popeye").findings)
