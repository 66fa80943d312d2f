"""Lynis report.dat: warnings and suggestions, the host asset, repeats folded, cut-off and foreign input."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

HEAD = """# Lynis Report
report_version_major=1
report_datetime_start=2026-07-31 00:00:00
lynis_version=3.1.4
os_fullname=Debian GNU/Linux 13 (trixie)
hostname=web01
"""
BODY = """warning[]=SSH-7408|Root login is allowed|PermitRootLogin|Set PermitRootLogin to no|
suggestion[]=LYNIS|This release is more than 4 months old.|-|-|
suggestion[]=LYNIS|This release is more than 4 months old.|-|-|
"""
END = "report_datetime_end=2026-07-31 00:00:30\nfinish=true\n"


def test_warnings_and_suggestions() -> None:
    data = (HEAD + BODY + END).encode()
    assert detect_format(open_report(data, name="lynis-report.dat")).id == "lynis"
    parsed = parse_report(data, "lynis")
    warning, suggestion = list(parsed.findings)
    assert warning.severity is Severity.MEDIUM and suggestion.severity is Severity.LOW
    assert warning.name == "SSH-7408: Root login is allowed"
    assert warning.remedy == "Set PermitRootLogin to no" and warning.location == "PermitRootLogin"
    assert suggestion.remedy == "" and suggestion.location is None
    assert warning.asset.type is AssetType.INFRA and warning.asset.attributes["hostname"] == "web01"
    assert parsed._ctx.skipped["repeated warning or suggestion line"] == 1


def test_clean_cut_and_foreign() -> None:
    assert list(parse_report((HEAD + END).encode(), "lynis").findings) == []
    with pytest.raises(InvalidReport, match="cut off"):
        list(parse_report((HEAD + BODY + "report_datetime_end=x\n").encode(), "lynis").findings)
    with pytest.raises(InvalidReport, match="not a Lynis"):
        list(parse_report(b"hello=world\n", "lynis").findings)
