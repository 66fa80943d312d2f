"""cred_scan: one finding per row, suppressed rows skipped, triage descriptions never copied, empty and foreign CSV."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

HEADER = "TimeofDiscovery,Source,Searcher,Description,Line,IsSuppressed,HashKey,SuppressJustification,MatchingScore\n"
SECRET = "P@ssw0rd-in-clear-text"


def test_rows() -> None:
    data = (
        HEADER
        + "2021-04-10T21:43:46.792Z,src/App.config,CSCAN-GENERAL0060 General Password,"
        + f'"password={SECRET}",10,NO,4Bsz=,"",95.9\n'
        + "2021-04-10T21:43:46.917Z,src/b.config,CSCAN-GENERAL0030 User Login Credentials,x,31,YES,578h=,test,99.4\n"
    ).encode()
    assert detect_format(open_report(data, name="credscan.csv")).id == "cred_scan"
    parsed = parse_report(data, "credscan")
    (finding,) = parsed.findings
    assert finding.name == "Hard-coded secret: General Password" and finding.severity is Severity.HIGH
    assert finding.location == "src/App.config:10" and finding.details["searcher"] == "CSCAN-GENERAL0060"
    assert finding.details["hashKey"] == "4Bsz=" and finding.published is not None
    assert SECRET not in repr((finding.description, finding.details))
    assert parsed._ctx.skipped == {"suppressed": 1}
    (asset,) = parsed.assets
    assert asset.type is AssetType.REPOSITORY


def test_empty_and_foreign() -> None:
    assert list(parse_report(HEADER.encode(), "cred_scan").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b"Host,Port,Name\n1.2.3.4,80,x\n", "cred_scan").findings)
