"""sqlmap results CSV and session log: one finding per injection point, repeats folded, truncation refused."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

CSV = b"""Target URL,Place,Parameter,Technique(s),Note(s)
http://shop.example.com:5000/two?id=1&name=w,GET,id,BTU,
http://shop.example.com:5000/two?id=1&name=w,GET,name,BT,
http://shop.example.com:5000/two?id=1&name=w,GET,id,BTU,
"""

LOG = b"""sqlmap identified the following injection point(s) with a total of 51 HTTP(s) requests:
---
Parameter: id (GET)
    Type: boolean-based blind
    Title: AND boolean-based blind - WHERE or HAVING clause
    Payload: id=1 AND 1415=1415

    Type: UNION query
    Title: Generic UNION query (NULL) - 2 columns
    Payload: id=1 UNION ALL SELECT NULL,NULL-- TJwZ

Parameter: #1* (URI)
    Type: time-based blind
    Title: MySQL >= 5.0.12 AND time-based blind (query SLEEP)
    Payload: http://shop.example.com/item/1' AND SLEEP(5)-- x
---
web server operating system: Linux Ubuntu
back-end DBMS: MySQL >= 5.0.12
sqlmap resumed the following injection point(s) from stored session:
---
Parameter: id (GET)
    Type: boolean-based blind
    Title: AND boolean-based blind - WHERE or HAVING clause
    Payload: id=1 AND 1415=1415
---
back-end DBMS: MySQL >= 5.0.12
"""


def test_csv_one_finding_per_injection_point() -> None:
    assert detect_format(open_report(CSV, name="results.csv")).id == "sqlmap"
    parsed = parse_report(CSV, "sqlmap")
    first, second = list(parsed.findings)
    assert first.name == "SQL injection in GET parameter 'id'" and first.severity is Severity.HIGH
    assert first.details["techniques"] == ["boolean-based blind", "time-based blind", "UNION query"]
    assert first.location == "http://shop.example.com:5000/two?id=1&name=w" and first.cwes == ["CWE-89"]
    assert first.asset.type is AssetType.WEB and first.asset.attributes == {"fqdn": "shop.example.com"}
    assert second.details["parameter"] == "name"
    assert any("reported again" in w.message for w in parsed.warnings)


def test_log_blocks_and_resumed_session() -> None:
    assert detect_format(open_report(LOG, name="log")).id == "sqlmap"
    parsed = parse_report(LOG, "sqlmap")
    get_id, uri = list(parsed.findings)
    assert get_id.details["techniques"] == ["boolean-based blind", "UNION query"]
    assert get_id.details["payloads"][1] == "id=1 UNION ALL SELECT NULL,NULL-- TJwZ"
    assert uri.name == "SQL injection in URI parameter '#1*'" and uri.location is None
    assert uri.asset.placeholder
    assert any("reported again" in w.message for w in parsed.warnings)


def test_empty_truncated_and_foreign() -> None:
    assert list(parse_report(b"", "sqlmap").findings) == []
    assert list(parse_report(b"Target URL,Place,Parameter,Technique(s),Note(s)\n", "sqlmap").findings) == []
    with pytest.raises(InvalidReport, match="truncated"):
        list(parse_report(LOG[:300], "sqlmap").findings)
    with pytest.raises(InvalidReport, match="sqlmap"):
        list(parse_report(b"hello world\n", "sqlmap").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b"url,severity\nhttp://x,high\n", "sqlmap").findings)


def test_log_cut_mid_line() -> None:
    with pytest.raises(InvalidReport, match="middle of a line"):
        list(parse_report(LOG.rstrip(b"\n"), "sqlmap", fix_data=False).findings)
    parsed = parse_report(LOG.rstrip(b"\n"), "sqlmap")
    assert len(list(parsed.findings)) == 2 and "truncated-record" in [w.code for w in parsed.warnings]
