"""RuboCop JSON: only Security cops are findings, severities, corrected offenses, clean runs, refusals."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _offense(cop: str = "Security/YAMLLoad", severity: str = "convention", **over: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "severity": severity,
        "message": "Prefer using `YAML.safe_load` over `YAML.load`.",
        "cop_name": cop,
        "corrected": False,
        "correctable": True,
        "location": {"start_line": 22, "start_column": 6, "last_line": 22, "line": 22, "column": 6},
    }
    item.update(over)
    return item


def _doc(*offenses: dict[str, Any]) -> bytes:
    files = [{"path": "app/main.rb", "offenses": list(offenses)}] if offenses else []
    summary = {"offense_count": len(offenses), "target_file_count": len(files), "inspected_file_count": len(files)}
    return json.dumps({"metadata": {"rubocop_version": "1.60.0"}, "files": files, "summary": summary}).encode()


def test_security_offense() -> None:
    data = _doc(_offense(), _offense("Style/StringLiterals"))
    assert detect_format(open_report(data, name="rubocop.json")).id == "rubocop"
    parsed = parse_report(data)
    (f,) = parsed.findings
    assert (f.name, f.severity, f.location) == ("Security/YAMLLoad", Severity.LOW, "app/main.rb:22")
    assert f.asset.type is AssetType.CODE and f.active
    assert parsed._ctx.skipped["offense of a cop outside the Security department"] == 1


@pytest.mark.parametrize(
    ("level", "expected"), [("fatal", Severity.CRITICAL), ("error", Severity.HIGH), ("warning", Severity.MEDIUM)]
)
def test_severities(level: str, expected: Severity) -> None:
    (f,) = parse_report(_doc(_offense(severity=level)), "rubocop").findings
    assert f.severity is expected


def test_corrected_offense_is_inactive() -> None:
    (f,) = parse_report(_doc(_offense(corrected=True)), "rubocop").findings
    assert not f.active and f.details["status"] == "corrected by rubocop -a"


def test_clean_and_refused() -> None:
    assert detect_format(open_report(_doc(), name="r.json")).id == "rubocop"
    assert list(parse_report(_doc(), "rubocop").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(_doc({"message": "x"}), "rubocop").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"metadata": {}}', "rubocop").findings)
