"""firmwalker: one finding per search match, severities by search, listings skipped, hashes masked, the firmware
asset, refusals."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

HASH = "$1$abcdefgh$0123456789abcdefghijkl"
REPORT = f"""***Firmware Directory***
/fw/router/
***Search for password files***
##################################### passwd
/etc/passwd

##################################### shadow

***Search for Unix-MD5 hashes***
{HASH}

***List etc/ssl directory***
total 4
-rw-r--r--    1 root     root            55 Jul 31 18:46 cert.pem

***Search for SSL related files***
##################################### *.pem
/etc/ssl/cert.pem

***Search for patterns in files***
-------------------- password --------------------
/etc/init.d/S50telnet

***Search for urls***
##################################### urls
http://update.example.com/fw
"""


def test_matches() -> None:
    data = REPORT.encode()
    assert detect_format(open_report(data, name="firmwalker.txt")).id == "firmwalker"
    parsed = parse_report(data, "firmwalker")
    passwd, md5, pem, pattern, url = list(parsed.findings)
    assert passwd.name == "Firmware password files (passwd)" and passwd.severity is Severity.HIGH
    assert passwd.location == "/etc/passwd"
    assert md5.severity is Severity.HIGH and HASH not in md5.description and HASH not in (md5.location or "")
    assert pem.severity is Severity.MEDIUM and pem.location == "/etc/ssl/cert.pem"
    assert pattern.name == "Firmware patterns in files (password)" and pattern.severity is Severity.MEDIUM
    assert url.severity is Severity.INFO
    assert passwd.asset is url.asset and passwd.asset.type is AssetType.BUILD
    assert passwd.asset.attributes["buildFile"] == "/fw/router/"
    assert sorted(w.message for w in parsed.warnings) == [
        "1 record skipped: the firmware directory searched",
        "2 records skipped: directory listing line",
    ]


def test_refusals() -> None:
    with pytest.raises(InvalidReport, match="not a firmwalker report"):
        list(parse_report(b"just some text\nmore text\n", "firmwalker").findings)
