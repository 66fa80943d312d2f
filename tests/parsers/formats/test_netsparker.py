"""Netsparker JSON exports (the shared reader is tested in test_invicti)."""

from __future__ import annotations

import pytest

from scan_parsers import InvalidReport, Severity, detect_format, open_report, parse_report
from tests.parsers.formats.test_invicti import export


def test_netsparker_export() -> None:
    data = export("Netsparker", vulns=3)
    assert detect_format(open_report(data, name="netsparker.json")).id == "netsparker"
    (finding,) = list(parse_report(data, "netsparker").findings)
    assert finding.severity is Severity.HIGH and len(finding.details["paths"]) == 3
    assert "falsepositive" in {t.value for t in finding.tags}


def test_invicti_era_export_is_not_claimed() -> None:
    assert detect_format(open_report(export("Invicti"), name="x.json")).id == "invicti"
    assert list(parse_report(export("Netsparker", vulns=0), "netsparker").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b"[1, 2]", "netsparker").findings)
