"""rkhunter: one finding per Warning check with its explanation, other results skipped, cut-off and foreign logs."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

LOG = """[05:01:52] Running Rootkit Hunter version 1.4.6 on web01
[05:01:52] Info: Start date is Fri Jul 31 05:01:52 UTC 2026
[05:04:04]     Checking hard link count on '/sbin/init'      [ Warning ]
[05:04:04] Warning: Suckit Rootkit additional checks         [ Warning ]
[05:04:04]          Error from '/usr/bin/stat' command when checking '/sbin/init'
[05:04:04]     Checking for file '/dev/sdr0'                 [ Not found ]
[05:04:49]   Checking for a running system logging daemon    [ Warning ]
[05:04:49] Warning: No running system logging daemon has been found.
[05:04:49] Info: Starting test name 'filesystem'
[05:04:50]   Checking /dev for suspicious file types         [ None found ]
"""
END = "[05:04:51] Info: End date is Fri Jul 31 05:04:51 UTC 2026\n"


def test_warnings() -> None:
    data = (LOG + END).encode()
    assert detect_format(open_report(data, name="rkhunter.log")).id == "rkhunter"
    parsed = parse_report(data, "rkhunter")
    link, suckit, syslog = list(parsed.findings)
    assert suckit.name == "Suckit Rootkit additional checks" and suckit.severity is Severity.HIGH
    assert "Error from '/usr/bin/stat'" in suckit.description
    assert syslog.severity is Severity.MEDIUM and "No running system logging daemon" in syslog.description
    assert link.asset.type is AssetType.INFRA and link.asset.attributes["hostname"] == "web01"
    assert parsed._ctx.skipped == {"check not found": 1, "check none found": 1}


def test_cut_and_foreign() -> None:
    with pytest.raises(InvalidReport, match="cut off"):
        list(parse_report(LOG.encode(), "rkhunter").findings)
    with pytest.raises(InvalidReport, match="not an rkhunter log"):
        list(parse_report(b"just some text\n", "rkhunter").findings)
