"""Black Duck Binary Analysis CSV: severity from CVSS, binary as CODE asset, broken input."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

CSV = (
    '"Component","Version","Latest version","CVE","Matching type","CVSS","CVE publication date",'
    '"Object compilation date","Object","Object full path","Object SHA1","CVSS3","CVSS vector (v2)",'
    '"CVSS vector (v3)","Summary","Distribution package","CVSS (Distribution)","CVSS3 (Distribution)",'
    '"Triage vectors","Unresolving triage vectors","Note type","Note reason","Vulnerability URL",'
    '"Missing exploit mitigations","BDSA","Version override type"\n'
    '"zlib","1.2.13","1.3","CVE-2023-45853","Exact match","0.0","2023-10-14T02:15:00Z","","java.exe",'
    '"JRE.msi:a.cab:java.exe","d705","9.8","","AV:N","overflow","","","","","","","","http://nvd","","",""\n'
    '"libjpeg","6b","9e","CVE-2020-14152","Exact match","4.3","","","jpeg.dll","JRE.msi:b.cab:jpeg.dll","aa",'
    '"","","","","","","","","","","","","","",""\n'
)


def test_fields_severity_and_asset() -> None:
    data = CSV.encode()
    assert detect_format(open_report(data, name="bdba.csv")).id == "blackduck_binary_analysis"
    zlib, jpeg = list(parse_report(data).findings)
    assert (zlib.name, zlib.severity, zlib.score) == ("CVE-2023-45853", Severity.CRITICAL, 9.8)
    assert zlib.location == "JRE.msi:a.cab:java.exe"
    assert "1.3" in zlib.remedy
    assert jpeg.severity is Severity.MEDIUM and jpeg.score == 4.3  # CVSS v2 when there is no v3
    assert zlib.asset.type is AssetType.CODE and zlib.asset.attributes["scannerSource"] == "JRE.msi"


def test_broken_input_is_invalid_report() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(b"Component,Version\nzlib,1\n", "bdba").findings)


def test_older_protecode_columns_and_repeated_rows() -> None:
    header = '"Component","Version","Latest version","CVE","CVSS","Object","Object full path","Object SHA1","Summary"'
    row = '"openssl","1.0.1","1.1.1","CVE-2014-0160","7.5","libssl.so","fw.bin:lib/libssl.so","ab12","Heartbleed"'
    data = "\n".join([header, row, row, row.replace("ab12", "cd34")]).encode() + b"\n"
    assert detect_format(open_report(data, name="bdba.csv")).id == "blackduck_binary_analysis"
    parsed = parse_report(data)
    found = list(parsed.findings)
    assert len(found) == 2 and found[0].score == 7.5 and found[0].asset.attributes["scannerSource"] == "fw.bin"
    assert sum(parsed._ctx.skipped.values()) == 1
