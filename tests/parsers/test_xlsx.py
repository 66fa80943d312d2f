"""The streaming xlsx reader: shared, inline and rich-text strings, column gaps, numbers and booleans, sheets by
position and name, sheet parts found through the workbook relationships, and refusals."""

from __future__ import annotations

import io
import zipfile

import pytest

from scan_parsers import InvalidReport, open_report
from scan_parsers.readers import is_xlsx, iter_xlsx_records, iter_xlsx_rows, xlsx_sheet_names

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

WORKBOOK = (
    f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
    '<sheet name="Findings" sheetId="1" r:id="rId1"/><sheet name="Notes" sheetId="2" r:id="rId2"/>'
    "</sheets></workbook>"
)
RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet7.xml"/>'
    '<Relationship Id="rId2" Type="worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>'
)
SHARED = (
    f'<sst xmlns="{MAIN}"><si><t>CVE ID</t></si><si><t>Severity</t></si>'
    "<si><r><t>CVE-</t></r><r><rPr/><t>2024-1</t></r><rPh><t>phonetic</t></rPh></si><si><t>high</t></si></sst>"
)
FINDINGS = (
    f'<worksheet xmlns="{MAIN}"><sheetData>'
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="D1" t="inlineStr"><is><t>Score</t></is></c>'
    '<c r="E1" t="inlineStr"><is><t>Fixed</t></is></c></row>'
    '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c><c r="D2"><v>9.8</v></c>'
    '<c r="E2" t="b"><v>1</v></c></row>'
    '<row r="3"><c r="A3" s="1"/></row>'
    '<row r="4"><c r="B4" t="str"><v>low</v></c></row>'
    "</sheetData></worksheet>"
)
NOTES = (
    f'<worksheet xmlns="{MAIN}"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>note</t></is></c></row></sheetData></worksheet>'
)


def _xlsx(**extra: str) -> bytes:
    parts = {
        "[Content_Types].xml": "<Types/>",
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": RELS,
        "xl/sharedStrings.xml": SHARED,
        "xl/worksheets/sheet7.xml": FINDINGS,
        "xl/worksheets/sheet2.xml": NOTES,
        **extra,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in parts.items():
            zf.writestr(name, body)
    return buf.getvalue()


def test_rows_and_cells() -> None:
    report = open_report(_xlsx(), name="book.xlsx")
    assert is_xlsx(report.zip_members)
    assert xlsx_sheet_names(report) == ["Findings", "Notes"]
    rows = list(iter_xlsx_rows(open_report(_xlsx(), name="book.xlsx")))
    assert rows == [
        ["CVE ID", "Severity", "", "Score", "Fixed"],
        ["CVE-2024-1", "high", "", "9.8", "TRUE"],
        ["", "low"],
    ]
    assert list(iter_xlsx_rows(open_report(_xlsx(), name="book.xlsx"), "notes")) == [["note"]]
    assert list(iter_xlsx_rows(open_report(_xlsx(), name="book.xlsx"), 1)) == [["note"]]


def test_records() -> None:
    records = list(iter_xlsx_records(open_report(_xlsx(), name="book.xlsx")))
    assert records[0] == {"CVE ID": "CVE-2024-1", "Severity": "high", "Score": "9.8", "Fixed": "TRUE"}
    assert records[1] == {"CVE ID": "", "Severity": "low", "Score": "", "Fixed": ""}


def test_refusals() -> None:
    with pytest.raises(InvalidReport, match="no worksheet named"):
        list(iter_xlsx_rows(open_report(_xlsx(), name="book.xlsx"), "Missing"))
    with pytest.raises(InvalidReport, match="no worksheet 3"):
        list(iter_xlsx_rows(open_report(_xlsx(), name="book.xlsx"), 2))
    broken = _xlsx(**{"xl/worksheets/sheet7.xml": "<worksheet><sheetData><row>"})
    with pytest.raises(InvalidReport, match="malformed XML"):
        list(iter_xlsx_rows(open_report(broken, name="book.xlsx")))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.csv", "x\n")
        zf.writestr("b.csv", "y\n")
    with pytest.raises(InvalidReport, match="not an xlsx workbook"):
        list(iter_xlsx_rows(open_report(buf.getvalue(), name="book.xlsx")))


def test_entities_are_not_expanded() -> None:
    evil = (
        '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x "expanded">]>'
        f'<sst xmlns="{MAIN}"><si><t>&x;</t></si><si><t>Severity</t></si><si><t>a</t></si><si><t>b</t></si></sst>'
    )
    rows = list(iter_xlsx_rows(open_report(_xlsx(**{"xl/sharedStrings.xml": evil}), name="book.xlsx")))
    assert "expanded" not in rows[0][0]
