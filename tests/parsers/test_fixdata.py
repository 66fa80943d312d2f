"""fix_data repairs what real reports get wrong, and reports each repair as a warning."""

from __future__ import annotations

import codecs

import pytest

from scan_parsers import AssetType, InvalidReport, ReportInput
from scan_parsers.context import ParseContext
from scan_parsers.fixdata import FindingFixer
from scan_parsers.model import Asset, Finding, Severity
from scan_parsers.readers import iter_csv, iter_json_lines, load_json
from scan_parsers.severity import known, label


def report(data: bytes, fix: bool = True) -> tuple[ReportInput, list[tuple[str, str]]]:
    r = ReportInput.from_bytes(data, name="r")
    r.fix_data = fix
    seen: list[tuple[str, str]] = []
    r.repair_sink = lambda code, msg: seen.append((code, msg))
    return r, seen


def test_bom_is_removed_and_reported() -> None:
    r, seen = report(codecs.BOM_UTF8 + b'{"a": 1}')
    assert load_json(r) == {"a": 1}
    assert [c for c, _ in seen] == ["bom"]


def test_latin1_report_is_decoded_and_reported() -> None:
    r, seen = report('{"name": "Caf\u00e9"}'.encode("latin-1"))
    assert load_json(r) == {"name": "Café"}
    assert [c for c, _ in seen] == ["encoding"]
    strict, _ = report('{"name": "Caf\u00e9"}'.encode("latin-1"), fix=False)
    with pytest.raises(InvalidReport):
        load_json(strict)


def test_utf16_report_is_decoded() -> None:
    r, seen = report('{"k": "v"}'.encode("utf-16"))
    assert load_json(r) == {"k": "v"}
    assert seen and seen[0][0] == "encoding"


def test_csv_column_drift_is_folded_into_last_column() -> None:
    r, seen = report(b"Title,Severity,Description\nXSS,High,a, b, c\nSQLi,Low,plain\n")
    rows = list(iter_csv(r))
    assert rows[0] == {"Title": "XSS", "Severity": "High", "Description": "a, b, c"}
    assert rows[1]["Description"] == "plain"
    assert [c for c, _ in seen] == ["csv-column-drift"]
    strict, _ = report(b"Title,Severity,Description\nXSS,High,a, b, c\n", fix=False)
    with pytest.raises(InvalidReport, match="has 5 fields, the header has 3"):
        list(iter_csv(strict))


def test_truncated_last_csv_row_is_dropped() -> None:
    r, seen = report(b"Title,Severity,Description\nXSS,High,desc\nSQLi,Lo")
    assert [row["Title"] for row in iter_csv(r)] == ["XSS"]
    assert [c for c, _ in seen] == ["truncated-record"]


def test_short_rows_with_a_final_newline_are_kept() -> None:
    r, seen = report(b"Title,Severity,Description\nXSS,High\n")
    assert list(iter_csv(r)) == [{"Title": "XSS", "Severity": "High", "Description": ""}]
    assert seen == []


def test_truncated_last_json_line_is_dropped_only_with_fix_data() -> None:
    data = b'{"a": 1}\n{"a": 2}\n{"a": 3, "b'
    r, seen = report(data)
    assert list(iter_json_lines(r)) == [{"a": 1}, {"a": 2}]
    assert [c for c, _ in seen] == ["truncated-record"]
    strict, _ = report(data, fix=False)
    with pytest.raises(InvalidReport, match="line 3"):
        list(iter_json_lines(strict))


def test_a_broken_line_in_the_middle_is_never_skipped() -> None:
    r, _ = report(b'{"a": 1}\n{"a": \n{"a": 3}\n')
    with pytest.raises(InvalidReport, match="line 2"):
        list(iter_json_lines(r))


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("CRITICAL", Severity.CRITICAL),
        (" High ", Severity.HIGH),
        ("moderate", Severity.MEDIUM),
        ("Informational", Severity.INFO),
        ("negligible", Severity.INFO),
        ("9.8", Severity.CRITICAL),
        ("7.0", Severity.HIGH),
        ("0", Severity.INFO),
        ("severe", Severity.HIGH),
    ],
)
def test_odd_severity_spellings(word: str, expected: Severity) -> None:
    assert label(word) == expected


def test_unknown_severity_word_falls_back_and_is_not_known() -> None:
    assert label("purple") == Severity.MEDIUM
    assert not known("purple") and known("Moderate")


def test_finding_fixer_repairs_fields_and_warns_once() -> None:
    ctx = ParseContext("x")
    fixer = FindingFixer(ctx)
    asset = Asset(AssetType.INFRA, {"ip": "10.0.0.1"})
    f = fixer(
        Finding(
            asset=asset,
            name="",
            severity=Severity.HIGH,
            description="bad\x00text",
            score=12.0,
            reference_ids=["cve-2024-1", "CWE-79", " ", "GHSA-ABCD-1234-wxyz"],
            cwes=["89", "cwe-89", "x"],
        )
    )
    assert f.name == "CVE-2024-1"
    assert f.description == "badtext"
    assert f.score == 10.0
    assert f.reference_ids == ["CVE-2024-1", "GHSA-abcd-1234-wxyz"]
    assert f.cwes == ["CWE-89", "CWE-79"]
    fixer(Finding(asset=asset, name="", severity=Severity.LOW, score=-1))
    codes = [w.code for w in ctx.warnings]
    assert sorted(codes) == sorted(set(codes))  # each kind of repair is reported once
    assert {"empty-name", "score-out-of-range", "bad-cwe", "control-characters-description"} <= set(codes)
