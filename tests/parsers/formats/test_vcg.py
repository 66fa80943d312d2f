"""vcg: XML and headerless CSV exports, VCG severities, directory asset, clean and broken input."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _issue(priority: int, severity: str, line: int) -> str:
    return f"""<CodeIssue><Priority>{priority}</Priority><Severity>{severity}</Severity>
<Title>Potentially Unsafe Code - strcpy</Title><Description>strcpy can overflow.</Description>
<FileName>C:\\src\\a.c</FileName><Line>{line}</Line><CodeLine>strcpy(buf, in);</CodeLine>
<Checked>False</Checked><CheckColour>LawnGreen</CheckColour></CodeIssue>"""


def _xml(issues: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!--XML Export of VCG Results for directory: C:\\Projects\\Shop. Scanned for C/C++ security issues.-->
<CodeIssueCollection>{issues}</CodeIssueCollection>""".encode()


def test_xml() -> None:
    data = _xml(_issue(2, "High", 10) + _issue(4, "Standard", 20) + _issue(6, "Suspicious Comment", 30))
    assert detect_format(open_report(data, name="vcg.xml")).id == "vcg"
    parsed = parse_report(data, "vcg")
    high, std, comment = list(parsed.findings)
    assert (high.severity, std.severity, comment.severity) == (Severity.HIGH, Severity.MEDIUM, Severity.INFO)
    assert high.name == "Potentially Unsafe Code - strcpy" and high.location == "C:\\src\\a.c:10"
    assert "strcpy(buf, in);" in high.description
    (asset,) = parsed.assets
    assert asset.type is AssetType.CODE and asset.attributes["scannerSource"] == "C:\\Projects\\Shop"


def test_csv() -> None:
    data = b'1,Critical,"Unsafe - gets","gets is unsafe",src/a.c,5,"gets(b);",False,LawnGreen\n'
    data += b'5,Low,"Info leak","prints",src/b.c,9,"printf(x);",False,LawnGreen\n'
    assert detect_format(open_report(data, name="vcg.csv")).id == "vcg"
    crit, low = list(parse_report(data, "vcg").findings)
    assert crit.severity is Severity.CRITICAL and crit.location == "src/a.c:5" and low.severity is Severity.LOW


def test_clean_and_broken() -> None:
    assert list(parse_report(_xml(""), "vcg").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b"<report/>", "vcg").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b"Host,Port,Name,a,b,c\n1,2,3,4,5,6\n", "vcg").findings)
