"""chkrootkit: problem tests with their detail lines, quiet-mode lines, clean tests skipped, foreign text."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

FULL = b"""ROOTDIR is `/'
Checking `amd'...                                           not found
Checking `basename'...                                      not infected
Checking `bindshell'...                                     INFECTED (PORTS:  465)
Searching for for hidden directories using chkdirs...       WARNING

WARNING: chkdirs: Possible LKM Trojan installed (or chkdirs failed):
chkdirs: WARNING: Skipping unsupported filesystem (overlayfs): /tmp/

Checking `lkm'...                                           finished
"""


def test_full_run() -> None:
    assert detect_format(open_report(FULL, name="chkrootkit.txt")).id == "chkrootkit"
    parsed = parse_report(FULL, "chkrootkit")
    bindshell, chkdirs = list(parsed.findings)
    assert bindshell.severity is Severity.HIGH and bindshell.name == "Checking `bindshell': INFECTED (PORTS:  465)"
    assert chkdirs.severity is Severity.MEDIUM and "Skipping unsupported filesystem" in chkdirs.description
    assert chkdirs.asset.type is AssetType.INFRA and chkdirs.asset.placeholder
    assert parsed._ctx.skipped == {"test with a clean result": 3, "line that reports no problem": 1}


def test_quiet_mode_and_foreign() -> None:
    quiet = b"WARNING: chkdirs: Possible LKM Trojan installed\nchkdirs: WARNING: Skipping /tmp/\n"
    assert len(list(parse_report(quiet, "chkrootkit").findings)) == 2
    with pytest.raises(InvalidReport, match="not chkrootkit"):
        list(parse_report(b"hello\nworld\n", "chkrootkit").findings)
