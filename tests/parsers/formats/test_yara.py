"""YARA: one finding per rule and file, meta severities, string matches masked, foreign text refused."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

OUT = b"""Hardcoded_Credential [description="Inline [credential] \\"x\\"",severity="high",confidence =90] /srv/app.conf
0x0:$a: password = "SuperSecretValue123"
0x16:$b: api_key
Tagged_Rule [malware,apt] [severity="low"] /srv/x.bin
0x10:$: MARKER
Bare_Rule [] /srv/y.txt
"""


def test_matches() -> None:
    assert detect_format(open_report(OUT, name="yara.txt")).id == "yara"
    cred, tagged, bare = parse_report(OUT, "yara").findings
    assert cred.name == "Hardcoded_Credential" and cred.severity is Severity.HIGH
    assert cred.location == "/srv/app.conf" and 'Inline [credential] "x"' in cred.description
    assert [s["offset"] for s in cred.details["strings"]] == ["0x0", "0x16"]
    assert "SuperSecretValue123" not in str(cred.details) and "SuperSecretValue123" not in cred.description
    assert tagged.severity is Severity.LOW and tagged.details["tags"] == ["malware", "apt"]
    assert bare.severity is Severity.MEDIUM and bare.location == "/srv/y.txt"
    assert cred.asset.type is AssetType.INFRA


def test_foreign() -> None:
    with pytest.raises(InvalidReport, match="neither a YARA"):
        list(parse_report(b"-- not yara --\n", "yara").findings)
