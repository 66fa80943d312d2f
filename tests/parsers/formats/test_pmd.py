"""PMD CSV: priorities, names and locations, header-only clean scans, foreign CSVs refused."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

HEADER = '"Problem","Package","File","Priority","Line","Description","Rule set","Rule"\n'


def _row(priority: str = "3", rule: str = "UseUtilityClass") -> str:
    return f'"1","com.acme","/src/A.java","{priority}","21","All methods are static.","Design","{rule}"\n'


def test_row_fields() -> None:
    data = (HEADER + _row()).encode()
    assert detect_format(open_report(data, name="pmd.csv")).id == "pmd"
    (f,) = parse_report(data).findings
    assert (f.name, f.severity, f.location) == ("Design: UseUtilityClass", Severity.MEDIUM, "/src/A.java:21")
    assert f.description == "All methods are static." and f.asset.type is AssetType.CODE
    assert f.details["package"] == "com.acme"


@pytest.mark.parametrize(("priority", "expected"), [("1", Severity.HIGH), ("4", Severity.LOW), ("5", Severity.INFO)])
def test_priorities(priority: str, expected: Severity) -> None:
    (f,) = parse_report((HEADER + _row(priority)).encode(), "pmd").findings
    assert f.severity is expected


def test_clean_and_refused() -> None:
    assert list(parse_report(HEADER.encode(), "pmd").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b"Name,Severity\nx,high\n", "pmd").findings)
    with pytest.raises(InvalidReport):
        list(parse_report((HEADER + _row(rule="")).encode(), "pmd").findings)
