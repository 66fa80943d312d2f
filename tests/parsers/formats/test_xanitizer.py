"""xanitizer: one finding per finding element, rating and classification, harmless skipped, package location."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _finding(fid: int, rating: str, classification: str, nodes: str = "") -> str:
    return f"""<finding id="{fid}" kind="PATH">
    <problemType>Injection: OS Command Injection</problemType><problemTypeId>ci:OSCommandInjection</problemTypeId>
    <category>Taint Paths</category><rating>{rating}</rating><classification>{classification}</classification>
    <matchCode>NOT</matchCode><reviewed>Not Reviewed</reviewed><date>2019-11-21 13:31:08 - new</date>
    <package>org.acme.web</package><class>Exec</class><file>Exec.java</file><line>108</line>
    <cweNumber>CWE-78</cweNumber><description><![CDATA[A taint path.]]></description>{nodes}</finding>"""


def _report(findings: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<XanitizerFindingsList xanitizerVersion="5.2" xanitizerVersionShort="5.2" allFindings="3">{findings}
</XanitizerFindingsList>""".encode()


NODES = """<startNode lineNo="516" classFQN="org.acme.Params"><code lineNo="516" finding="true">v = req.get(n);</code>
</startNode><endNode lineNo="108" classFQN="org.acme.web.Exec"><code lineNo="108" finding="true">exec(v);</code>
</endNode>"""


def test_findings() -> None:
    data = _report(
        _finding(1, "10.00", "Warning", NODES) + _finding(2, "0.00", "Information") + _finding(3, "5.0", "Harmless")
    )
    assert detect_format(open_report(data, name="xanitizer.xml")).id == "xanitizer"
    parsed = parse_report(data, "xanitizer")
    crit, info = list(parsed.findings)
    assert crit.name == "Injection: OS Command Injection" and crit.severity is Severity.CRITICAL
    assert crit.location == "org/acme/web/Exec.java:108" and crit.cwes == ["CWE-78"]
    assert "516: v = req.get(n);" in crit.description and "exec(v);" in crit.description
    assert info.severity is Severity.INFO and crit.published is not None
    assert parsed._ctx.skipped == {"classified harmless": 1}
    (asset,) = parsed.assets
    assert asset.type is AssetType.CODE


def test_must_fix_is_at_least_high() -> None:
    (finding,) = parse_report(_report(_finding(1, "4.0", "Must Fix")), "xanitizer").findings
    assert finding.severity is Severity.HIGH


def test_clean_and_broken() -> None:
    assert list(parse_report(_report(""), "xanitizer").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b"<findings><finding/></findings>", "xanitizer").findings)
