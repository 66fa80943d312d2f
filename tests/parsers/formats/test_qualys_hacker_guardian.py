"""HackerGuardian CSV: severities (words and Qualys 1-5), INFRA hosts, accepted false positives inactive."""

from __future__ import annotations

import csv
import io

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report
from scan_parsers.errors import UnrecognisedFormat

HEADER_LINE = (
    "IP,HOSTNAME,LAST SCAN,QID,VULN TITLE,TYPE,SEVERITY,PORT,PROTOCOL,OPERATING SYSTEM,IS_PCI,"
    "FALSE POSITIVE STATUS,CVSS_BASE,Q_SEVERITY,THREAT,IMPACT,SOLUTION,CVSS_TEMPORAL,CATEGORY,RESULT,BUGTRAQID,CVEID"
)
HEADER = HEADER_LINE.split(",")


def _csv(*rows: dict[str, str]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=HEADER, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writeheader()
    for row in rows:
        writer.writerow(dict.fromkeys(HEADER, "") | row)
    return buf.getvalue().encode()


def _row(qid: str, severity: str, **extra: str) -> dict[str, str]:
    return {
        "IP": "203.0.113.20",
        "HOSTNAME": "mail.example.com",
        "LAST SCAN": "2024-01-02 03:04:05",
        "QID": qid,
        "VULN TITLE": f"Vulnerability {qid}",
        "SEVERITY": severity,
        "PORT": "25",
        "PROTOCOL": "tcp",
        "OPERATING SYSTEM": "Linux 5.x",
        "CVSS_BASE": "7.5",
        "THREAT": "An attacker can ...",
        "SOLUTION": "Upgrade the MTA",
        "CVEID": "CVE-2023-1234, CVE-2023-5678",
    } | extra


def test_rows() -> None:
    data = _csv(_row("38170", "High"), _row("38171", "", **{"Q_SEVERITY": "2"}), _row("1", "5"))
    high, low, critical = parse_report(data, "qualys_hacker_guardian").findings
    assert (high.name, high.severity, high.score, high.active) == ("Vulnerability 38170", Severity.HIGH, 7.5, True)
    assert high.asset.type is AssetType.INFRA
    assert high.asset.attributes == {"ip": "203.0.113.20", "hostname": "mail.example.com", "os": "Linux 5.x"}
    assert high.reference_ids == ["CVE-2023-1234", "CVE-2023-5678"] and high.remedy == "Upgrade the MTA"
    assert high.location == "203.0.113.20:25/tcp"
    assert low.severity is Severity.LOW and critical.severity is Severity.CRITICAL


def test_auto_detection_leaves_the_shared_header_to_qualys() -> None:
    # the same columns are Qualys' monthly PCI CSV: auto-detection cannot tell a HackerGuardian export from it
    with pytest.raises(UnrecognisedFormat) as refused:
        detect_format(open_report(_csv(_row("1", "High")), name="hg.csv"))
    assert "qualys_hacker_guardian" in refused.value.candidates


def test_accepted_false_positive_is_inactive() -> None:
    (f,) = parse_report(
        _csv(_row("9", "Medium", **{"FALSE POSITIVE STATUS": "Accepted"})), "qualys_hacker_guardian"
    ).findings
    assert (f.active, f.details["status"]) == (False, "accepted")


def test_empty_and_refused() -> None:
    assert list(parse_report(_csv(), "qualys_hacker_guardian").findings) == []
    with pytest.raises(InvalidReport, match="HackerGuardian"):
        list(parse_report(b"IP,QID\n1.2.3.4,1\n", "qualys_hacker_guardian").findings)
