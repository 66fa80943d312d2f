"""masscan -oJ: one finding per open host port; closed ports, banner repeats and the finished marker skipped."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, detect_format, open_report, parse_report

REPORT = b"""[
{   "ip": "198.51.100.7",   "timestamp": "1785522037", "ports": [ {"port": 22, "proto": "tcp", "status": "open",
    "reason": "syn-ack", "ttl": 64} ] },
{   "ip": "198.51.100.7",   "timestamp": "1785522038", "ports": [ {"port": 22, "proto": "tcp", "service":
    {"name": "ssh", "banner": "SSH-2.0-OpenSSH_9.6"} } ] },
{   "ip": "198.51.100.8",   "timestamp": "1785522039", "ports": [ {"port": 53, "proto": "udp", "status": "closed"} ] },
{"finished": 1}
]"""


def test_open_ports() -> None:
    assert detect_format(open_report(REPORT, name="masscan.json")).id == "masscan"
    parsed = parse_report(REPORT, "masscan")
    (ssh,) = list(parsed.findings)
    assert ssh.name == "Open port 22/tcp" and ssh.asset.type is AssetType.INFRA
    assert ssh.asset.attributes == {"ip": "198.51.100.7"} and ssh.details["reason"] == "syn-ack"
    assert parsed._ctx.skipped == {"port reported again": 1, "port closed": 1}


def test_empty_and_foreign() -> None:
    assert list(parse_report(b"[]", "masscan").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'[{"host": "x"}]', "masscan").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"ip": "x"}', "masscan").findings)
