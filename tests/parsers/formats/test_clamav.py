"""ClamAV: FOUND lines are findings, OK and ERROR lines skipped, foreign text refused."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

OUT = b"""/srv/a.bin: OK
/srv/eicar.com: Win.Test.EICAR_HDB-1 FOUND
/srv/locked: Access denied. ERROR

----------- SCAN SUMMARY -----------
Known viruses: 8700000
Engine version: 1.2.2
Scanned files: 3
Infected files: 1
"""


def test_found_lines() -> None:
    assert detect_format(open_report(OUT, name="clamscan.txt")).id == "clamav"
    parsed = parse_report(OUT, "clamav")
    (f,) = list(parsed.findings)
    assert f.name == "Win.Test.EICAR_HDB-1" and f.location == "/srv/eicar.com" and f.severity is Severity.HIGH
    assert f.asset.type is AssetType.INFRA and f.asset.placeholder
    assert parsed._ctx.skipped == {"file clean (OK)": 1, "file could not be scanned": 1}


def test_foreign() -> None:
    with pytest.raises(InvalidReport, match="not clamscan"):
        list(parse_report(b"hello world\n", "clamav").findings)
