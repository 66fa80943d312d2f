"""dsop: the DSOP justifications workbook, each worksheet's findings and skipped rows, justified rows inactive,
the image asset from the Anchore tag and Summary digest, detection from member names, refusals."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DIGEST = "sha256:" + "7" * 64


def _sheet(rows: list[list[str]]) -> str:
    cells = "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{chr(65 + i)}{r}" t="inlineStr"><is><t>{escape(v)}</t></is></c>' for i, v in enumerate(row))
        + "</row>"
        for r, row in enumerate(rows, 1)
    )
    return f'<worksheet xmlns="{MAIN}"><sheetData>{cells}</sheetData></worksheet>'


def _workbook(sheets: dict[str, list[list[str]]]) -> bytes:
    listed = "".join(f'<sheet name="{escape(n)}" sheetId="{i}"/>' for i, n in enumerate(sheets, 1))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}"><sheets>{listed}</sheets></workbook>')
        for i, rows in enumerate(sheets.values(), 1):
            zf.writestr(f"xl/worksheets/sheet{i}.xml", _sheet(rows))
    return buf.getvalue()


def _sheets(clean: bool = False) -> dict[str, list[list[str]]]:
    disa = [["title", "ruleid", "result", "severity", "identifiers", "refs", "desc", "rationale", "JUSTIFICATION"]]
    oval = [["id", "result", "cls", "ref", "title", "JUSTIFICATION"]]
    twistlock = [["cve", "cvss", "desc", "id", "packageName", "packageVersion", "severity", "status", "JUSTIFICATION"]]
    anchore = [["tag", "cve", "severity", "vuln", "fix", "url", "JUSTIFICATION"]]
    compliance = [
        ["image_id", "repo_tag", "trigger_id", "gate", "trigger", "check_output", "gate_action", "JUSTIFICATION"]
    ]
    if not clean:
        disa += [
            ["Disable ctrl-alt-del", "xccdf_rule_1", "fail", "high", "CCE-1", "", "desc", "why", ""],
            ["Set umask", "xccdf_rule_2", "pass", "medium", "", "", "", "", ""],
        ]
        oval += [
            ["oval:1", "true", "vulnerability", "CVE-2024-1", "RHSA-2024:1", ""],
            ["oval:2", "false", "", "", "x", ""],
        ]
        twistlock += [["CVE-2023-2", "9.8", "overflow", "", "openssl", "1.1.1", "critical", "fixed in 1.1.1w", ""]]
        anchore += [
            ["registry1.dso.mil/ironbank/app:1.0", "CVE-2023-3", "High", "zlib-1.2", "1.3", "u", "False positive"]
        ]
        compliance += [
            ["id", "app:1.0", "t1", "dockerfile", "instruction", "HEALTHCHECK not found", "warn", ""],
            ["id", "app:1.0", "t2", "dockerfile", "effective_user", "root", "go", ""],
        ]
    summary = [["Scan", "Automated Findings"], [f"Scans performed on container layer {DIGEST},,,", ""]]
    return {
        "Summary": summary,
        "OpenSCAP - DISA Compliance": disa,
        "OpenSCAP - OVAL Results": oval,
        "Twistlock Vulnerability Results": twistlock,
        "Anchore CVE Results": anchore,
        "Anchore Compliance Results": compliance,
    }


def test_workbook_findings() -> None:
    data = _workbook(_sheets())
    assert detect_format(open_report(data, name="app-1.0-justifications.xlsx")).id == "dsop"
    parsed = parse_report(data, "dsop")
    disa, oval, twistlock, anchore, healthcheck = list(parsed.findings)
    assert disa.name == "Disable ctrl-alt-del" and disa.severity is Severity.HIGH and disa.location == "xccdf_rule_1"
    assert oval.name == "RHSA-2024:1" and "CVE-2024-1" in oval.reference_ids
    assert (
        twistlock.name == "CVE-2023-2 in openssl" and twistlock.severity is Severity.CRITICAL and twistlock.score == 9.8
    )
    assert not anchore.active and anchore.details["status"] == "justified"
    assert healthcheck.name == "dockerfile instruction" and healthcheck.severity is Severity.MEDIUM
    assert disa.asset.type is AssetType.CONTAINER
    assert disa.asset.attributes["imageName"] == "registry1.dso.mil/ironbank/app:1.0"
    assert disa.asset.attributes["imageDigest"] == DIGEST
    assert sorted(w.message for w in parsed.warnings) == [
        "1 record skipped: Anchore compliance trigger with action go",
        "1 record skipped: DISA rule pass",
        "1 record skipped: OVAL definition not matched",
    ]


def test_clean_workbook_and_refusals() -> None:
    assert list(parse_report(_workbook(_sheets(clean=True)), "dsop").findings) == []
    with pytest.raises(InvalidReport, match="not a DSOP scan report"):
        list(parse_report(_workbook({"Sheet1": [["a"]], "Sheet2": [["b"]]}), "dsop").findings)
    with pytest.raises(InvalidReport, match="not an xlsx workbook"):
        list(parse_report(b"cve,severity\nCVE-1,high\n", "dsop").findings)
