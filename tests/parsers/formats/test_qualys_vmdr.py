"""Qualys VMDR CSV: preamble lines, QID and CVE flavours, broken input."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

PREAMBLE = (
    b'"Asset Vuln Datalist Report","04 Feb 2026 10:00AM GMT-0500","1"\n'
    b'"TestCompany","123 Test Street","Test City","None","12345","USA"\n'
    b'"Test User","testuser","IDM - Scanner VMDR"\n'
)
CVE_CSV = PREAMBLE + (
    b'"CVE","CVE-Description","CVSSv2 Base (nvd)","CVSSv3.1 Base (nvd)","QID","Title","Severity","Protocol","Port",'
    b'"Status","Asset Id","Asset Name","Asset IPV4","Asset IPV6","Solution","Operating System","Threat","Results"\n'
    b'"CVE-2021-44228","Log4j2 RCE","9.3","10.0","730143","Apache Log4j RCE","5","TCP","8080","ACTIVE","2001",'
    b'"JAVAAPP01","10.1.0.50","","Upgrade Log4j.","Ubuntu 20.04","Critical RCE.<P>","Log4j 2.14.1 detected"\n'
)


def test_cve_flavour() -> None:
    assert detect_format(open_report(CVE_CSV, name="vmdr.csv")).id == "qualys_vmdr"
    (f,) = list(parse_report(CVE_CSV, "qualys-vmdr").findings)
    assert f.name == "QID-730143 | Apache Log4j RCE"
    assert f.severity is Severity.CRITICAL and f.score == 10.0
    assert f.reference_ids == ["CVE-2021-44228"]
    assert f.remedy == "Upgrade Log4j." and "Log4j 2.14.1 detected" in f.description
    assert f.location == "10.1.0.50:8080/TCP"
    assert f.asset.type is AssetType.INFRA
    assert f.asset.attributes == {"ip": "10.1.0.50", "hostname": "JAVAAPP01", "os": "Ubuntu 20.04"}


def test_header_only_and_broken() -> None:
    header_only = CVE_CSV.rsplit(b"\n", 2)[0] + b"\n"
    assert list(parse_report(header_only, "qualys_vmdr").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(PREAMBLE, "qualys_vmdr").findings)


QID_CSV = (
    b'"Vulnerabilities by Asset - Production","05 Mar 2026 09:12AM GMT+0100","2"\n'
    b'"TestCompany","1 Road","City","None","12345","Germany"\n'
    b'"Test User","testuser","Manager"\n'
    b'"Filters: Status = Active, New, Re-Opened, Fixed"\n'
    b'"QID","Title","Severity","KB Severity","Type Detected","Last Detected","First Detected","Protocol","Port",'
    b'"Status","Asset Id","Asset Name","Asset IPV4","Asset IPV6","Solution","Threat","Results"\n'
    b'"100269","Microsoft Internet Explorer Security Update","4","5","Confirmed","Feb 03, 2026 07:00 AM",'
    b'"Apr 13, 2021 03:14 PM","\'-","0","ACTIVE","119586089","TESTSERVER01","","fe80::1","Apply it.",'
    b'"RCE.<P>","11.0.100"\n'
    b'"105484","Old OpenSSH","3","3","Confirmed","Feb 03, 2026 07:00 AM","Apr 13, 2021 03:14 PM","TCP","22",'
    b'"FIXED","119586089","TESTSERVER01","","fe80::1","Upgrade.","Old.","OpenSSH_7.4"\n'
)


def test_qid_flavour_without_cve_columns_other_title_and_longer_preamble() -> None:
    assert detect_format(open_report(QID_CSV, name="vmdr.csv")).id == "qualys_vmdr"
    parsed = parse_report(QID_CSV, "qualys_vmdr")
    f, fixed = list(parsed.findings)
    assert f.active and not fixed.active and fixed.details["status"] == "detection status FIXED"
    assert f.name == "QID-100269 | Microsoft Internet Explorer Security Update"
    assert f.severity is Severity.HIGH and f.reference_ids == []
    assert f.location == "fe80::1"
    assert f.asset.attributes == {"ip": "fe80::1", "hostname": "TESTSERVER01"}
    assert not parsed._ctx.skipped


def test_header_row_first_without_preamble() -> None:
    no_preamble = QID_CSV.split(b"\n", 4)[4]
    assert detect_format(open_report(no_preamble, name="vmdr.csv")).id == "qualys_vmdr"
    assert [f.active for f in parse_report(no_preamble, "qualys_vmdr").findings] == [True, False]
