"""deepfence_threatmapper: the four xlsx report kinds and the 1.x CSV, node assets, masked rows and passed
checks, secrets masked, detection from the workbook's member names, refusals."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _xlsx(rows: list[list[str]]) -> bytes:
    cells = "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{chr(65 + i)}{r}" t="inlineStr"><is><t>{escape(v)}</t></is></c>' for i, v in enumerate(row))
        + "</row>"
        for r, row in enumerate(rows, 1)
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}"><sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>',
        )
        zf.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{MAIN}"><sheetData>{cells}</sheetData></worksheet>')
    return buf.getvalue()


VULNS = [
    [
        "CVE ID",
        "Severity",
        "Caused By Package",
        "CVSS Score",
        "Fixed In",
        "Description",
        "Node Name",
        "Node Type",
        "Masked",
    ],
    [
        "CVE-2023-4911",
        "high",
        "libc6:2.36-9",
        "7.8",
        "2.36-9+deb12u3",
        "Looney Tunables",
        "api / node-1",
        "container",
        "FALSE",
    ],
    ["CVE-2005-2541", "low", "tar:1.34", "", "", "Tar setuid", "api / node-1", "container", "TRUE"],
]


def test_vulnerability_workbook() -> None:
    data = _xlsx(VULNS)
    assert detect_format(open_report(data, name="report.xlsx")).id == "deepfence_threatmapper"
    libc, tar = list(parse_report(data, "deepfence_threatmapper").findings)
    assert libc.name == "CVE-2023-4911" and libc.severity is Severity.HIGH and libc.score == 7.8
    assert (
        libc.package is not None and libc.package.name == "libc6" and libc.package.fixed_versions == ["2.36-9+deb12u3"]
    )
    assert libc.asset.type is AssetType.CONTAINER and libc.asset.attributes["imageName"] == "api"
    assert not tar.active and tar.details["status"] == "masked"


def test_secret_malware_and_compliance_workbooks() -> None:
    secret = "http://joe:hunter2hunter2@proxy.example.com"
    rows = [
        ["Filename", "Content", "Rule", "Severity", "Content Starting Index", "Node Name", "Node Type", "Masked"],
        ["/etc/app.conf", secret, "index-username_and_password_in_uri", "high", "120", "host-1", "host", "FALSE"],
    ]
    (found,) = list(parse_report(_xlsx(rows), "deepfence_threatmapper").findings)
    assert found.name == "username and password in uri" and found.severity is Severity.HIGH
    assert "hunter2" not in found.description and found.location == "/etc/app.conf@120"
    assert found.asset.type is AssetType.INFRA and found.asset.attributes["hostname"] == "host-1"
    malware = [["Rule Name", "File Name", "Summary", "Severity", "Node Name", "Node Type", "Masked"]]
    malware.append(["spyeye", "/tmp/x.so", "", "high", "host-1", "host", "FALSE"])
    (bad,) = list(parse_report(_xlsx(malware), "deepfence_threatmapper").findings)
    assert bad.name == "Malware: spyeye" and bad.location == "/tmp/x.so"
    header = [
        "Compliance Standard",
        "Status",
        "Category",
        "Description",
        "Info",
        "Control ID",
        "Node Name",
        "Node Type",
    ]
    compliance = [
        header,
        ["cis", "warn", "Docker", "2.7 - WARN", "Ensure TLS auth", "cis_2.7", "host-1", "host"],
        ["cis", "pass", "Docker", "3.4 - PASS", "Ensure socket perms", "cis_3.4", "host-1", "host"],
    ]
    warn, passed = list(parse_report(_xlsx(compliance), "deepfence_threatmapper").findings)
    assert warn.name == "cis_2.7: Ensure TLS auth" and warn.severity is Severity.MEDIUM and warn.active
    assert not passed.active and passed.details["status"] == "pass"


def test_threatmapper_1_csv() -> None:
    data = (
        b"@timestamp,cve_caused_by_package,cve_container_image,cve_cvss_score,cve_id,cve_severity,host_name,masked\n"
        b"2024-02-22 15:54:17 +0000 UTC,libsepol:2.5,aws-node / host-1,3.3,CVE-2021-36084,low,host-1,False\n"
    )
    assert detect_format(open_report(data, name="vulns.csv")).id == "deepfence_threatmapper"
    (finding,) = list(parse_report(data, "deepfence_threatmapper").findings)
    assert finding.name == "CVE-2021-36084" and finding.severity is Severity.LOW
    assert finding.asset.attributes["imageName"] == "aws-node"


def test_refusals() -> None:
    with pytest.raises(InvalidReport, match="not a Deepfence vulnerability"):
        list(parse_report(_xlsx([["Name", "Value"], ["a", "b"]]), "deepfence_threatmapper").findings)
