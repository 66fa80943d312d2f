"""Burp Dastardly JUnit XML: failures folded per issue and host, clean URLs skipped."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _suite(url: str, name: str | None = None, severity: str = "High", path: str = "/") -> str:
    if name is None:
        return (
            f'<testsuite failures="0" name="{url}" tests="1"><testcase name="No issues were identified"/></testsuite>'
        )
    body = f"""Severity: {severity}

Confidence: Certain

Host: https://shop.example.com

Path: {path}


Issue Detail
The q parameter is echoed. See CVE-2020-7676.

Issue Background
Reflected XSS background.

Remediation Detail
Encode it.

References
- XSS (https://portswigger.net/xss)

Vulnerability Classifications
- CWE-79: Improper Neutralization (https://cwe.mitre.org/data/definitions/79.html)
"""
    return f"""<testsuite failures="1" name="{url}" tests="1"><testcase name="{name}">
      <failure message="{name} found at {url}" type="{severity}"><![CDATA[{body}]]></failure></testcase></testsuite>"""


REPORT = (
    '<?xml version="1.0"?><testsuites failures="2" name="Dastardly scan results - have a vulnerability-free day!">'
    + _suite("https://shop.example.com:443/")
    + _suite("https://shop.example.com:443/search", "Cross-site scripting (reflected)", "Info", "/search")
    + _suite("https://shop.example.com:443/login", "Cross-site scripting (reflected)", "High", "/login")
    + "</testsuites>"
).encode()


def test_one_finding_per_failing_testcase() -> None:
    assert detect_format(open_report(REPORT, name="dastardly-report.xml")).id == "burp_dastardly"
    parsed = parse_report(REPORT, "dastardly")
    xss, xss_login = list(parsed.findings)
    assert (xss.severity, xss_login.severity) == (Severity.INFO, Severity.HIGH)
    assert xss.cwes == ["CWE-79"] and xss.reference_ids == ["CVE-2020-7676"]
    assert (xss.location, xss_login.location) == ("https://shop.example.com/search", "https://shop.example.com/login")
    assert xss_login.name == xss.name and xss_login.asset is xss.asset and xss.fingerprint != xss_login.fingerprint
    assert xss.details["confidence"] == "Certain" and xss.details["references"] == ["https://portswigger.net/xss"]
    assert xss.description.startswith("The q parameter is echoed.") and xss.remedy == "Encode it."
    assert xss.asset.type is AssetType.WEB and xss.asset.attributes == {"fqdn": "shop.example.com"}
    assert parsed._ctx.skipped["URL without issues"] == 1


def test_clean_scan_and_other_junit() -> None:
    clean = b'<testsuites name="Dastardly scan results">' + _suite("https://a.example/").encode() + b"</testsuites>"
    assert list(parse_report(clean, "burp_dastardly").findings) == []
    junit = b'<testsuites name="pytest"><testsuite name="t"><testcase name="x"/></testsuite></testsuites>'
    with pytest.raises(Exception, match="no known format"):
        detect_format(open_report(junit, name="junit.xml"))
    with pytest.raises(InvalidReport):
        list(parse_report(junit, "burp_dastardly").findings)
