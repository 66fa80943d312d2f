"""SKF checklist CSV: one informational finding per requirement, escapes undone, refusals."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report
from scan_parsers.errors import UnrecognisedFormat

DATA = (
    b"title,description,mitigation\n"
    b'"Authentication Verification Requirements : Verify that passwords are at least 12 characters. (C6)",'
    b'"The product does not require strong passwords\\, which makes it easier (CWE-521).",'
    b"\"PHASE:Architecture and Design: A product''s design should require a password policy.\"\n"
    b'"Session Management : Verify that logout invalidates the session. (C7)","Sessions stay valid","Invalidate"\n'
)


def test_rows() -> None:
    assert detect_format(open_report(DATA, name="export.csv")).id == "skf"
    first, second = parse_report(DATA).findings
    assert first.name.startswith("Authentication Verification Requirements : Verify that passwords")
    assert first.severity is Severity.INFO
    assert first.description == "The product does not require strong passwords, which makes it easier (CWE-521)."
    assert first.remedy == "PHASE:Architecture and Design: A product's design should require a password policy."
    assert first.cwes == ["CWE-521"]
    assert first.details == {
        "category": "Authentication Verification Requirements",
        "requirement": "Verify that passwords are at least 12 characters. (C6)",
        "control": "C6",
    }
    assert first.asset.type is AssetType.WEB and first.asset.placeholder
    assert second.details["control"] == "C7"


def test_empty_and_refused() -> None:
    assert list(parse_report(b"title,description,mitigation\n", "skf").findings) == []
    with pytest.raises(InvalidReport, match="SKF"):
        list(parse_report(b"name,severity\nx,High\n", "skf").findings)
    many_columns = b"title,description,mitigation,severity,host,port,cve\nx,y,z,High,h,1,c\n"
    with pytest.raises(UnrecognisedFormat):  # a wider table that happens to have the three columns is not SKF's
        detect_format(open_report(many_columns, name="other.csv"))
