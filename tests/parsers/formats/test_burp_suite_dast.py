"""Burp Suite DAST / Enterprise HTML report: one finding per issue type and site, severity from the summary table."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, get_format, open_report, parse_report
from scan_parsers.sniff import sniff


def _container(anchor: str, name: str, path: str, cwe: str = "523") -> str:
    return f"""<div class="issue-container"><a name="{anchor}"></a><h2>{name}</h2><a href="">{path}</a>
<h3>Issue detail:</h3><div>Found at {path}.</div>
<h3>Issue background</h3><div><p>The application fails.</p></div>
<h3>Issue remediation</h3><div><p>Enable HSTS.</p></div>
<h3>Vulnerability classifications</h3><div class="no-bullets"><ul>
<li><a href="https://cwe.mitre.org/data/definitions/{cwe}.html">CWE-{cwe}: Something</a></li></ul></div>
<div class="evidence-container"><h3>Request:</h3><div class="request-response">GET {path} HTTP/1.1 SECRET</div></div>
</div>"""


REPORT = f"""<html><head><title>Scan Remediation Report #13</title></head><body><div class="report">
<div class="section"><h1>Issues found on https://shop.example.com</h1>
<table class="issue-table"><thead><tr><th>URLs By issue type</th><th>Severity</th><th>Confidence</th></tr></thead>
<tbody>
<tr class="issue-type-row"><td colspan="4">Strict transport security not enforced [2]</td></tr>
<tr><td class="issue-path"><a href="https://dast/issues/1">/login</a></td><td>Low</td><td>Certain</td>
<td><a href="#1">&gt;&gt;</a></td></tr>
<tr><td class="issue-path"><a href="https://dast/issues/2">/cart</a></td><td>Medium</td><td>Firm</td>
<td><a href="#2">&gt;&gt;</a></td></tr>
<tr class="issue-type-row"><td colspan="4">Robots.txt file [1]</td></tr>
<tr><td class="issue-path"><a href="https://dast/issues/3">/robots.txt</a></td><td>Info</td><td>Certain</td>
<td><a href="#3">&gt;&gt;</a></td></tr>
</tbody></table></div>
<div class="section details"><h1>More details for https://shop.example.com</h1></div>
<div class="section details">{_container("1", "Strict transport security not enforced", "/login")}</div>
<div class="section details">{_container("2", "Strict transport security not enforced", "/cart")}</div>
<div class="section details">{_container("3", "Robots.txt file", "/robots.txt", "200")}</div>
</div></body></html>""".encode()


def test_one_finding_per_issue_type_and_site() -> None:
    assert detect_format(open_report(REPORT, name="report.html")).id == "burp_suite_dast"
    parsed = parse_report(REPORT, "burp_suite_dast")
    hsts, robots = list(parsed.findings)
    assert hsts.name == "Strict transport security not enforced"
    assert hsts.severity is Severity.MEDIUM  # the most severe of its issues
    assert hsts.details["urls"] == ["https://shop.example.com/login", "https://shop.example.com/cart"]
    assert hsts.cwes == ["CWE-523"] and hsts.remedy == "Enable HSTS."
    assert "Found at /login." in hsts.description and "SECRET" not in hsts.description
    assert hsts.asset.type is AssetType.WEB and hsts.asset.attributes == {"fqdn": "shop.example.com"}
    assert (robots.severity, robots.location, robots.cwes) == (
        Severity.INFO,
        "https://shop.example.com/robots.txt",
        ["CWE-200"],
    )
    assert any("issue folded" in w.message for w in parsed.warnings)


def test_summary_only_report() -> None:
    summary_only = REPORT.split(b'<div class="section details">')[0] + b"</div></body></html>"
    findings = list(parse_report(summary_only, "burp_suite_dast").findings)
    assert [(f.name, f.severity) for f in findings] == [
        ("Strict transport security not enforced", Severity.MEDIUM),
        ("Robots.txt file", Severity.INFO),
    ]


def test_foreign_and_truncated() -> None:
    with pytest.raises(InvalidReport, match="not a Burp Suite DAST HTML report"):
        list(parse_report(b"<html><body><table><tr><td>x</td></tr></table></body></html>", "burp_suite_dast").findings)
    with pytest.raises(InvalidReport, match="truncated"):
        list(parse_report(REPORT[: len(REPORT) // 2], "burp_suite_dast").findings)
    plain = open_report(b"<html><body><h1>Issues found on x</h1><p>hello</p></body></html>", name="x.html")
    assert get_format("burp_suite_dast").detect(sniff(plain)) == 0.0
