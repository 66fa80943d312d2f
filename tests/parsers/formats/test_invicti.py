"""Invicti / Netsparker JSON exports: told apart by the product their issue texts name, folded per issue and site."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def export(product: str, vulns: int = 2, site_title: str = "") -> bytes:
    def vuln(i: int) -> dict:
        return {
            "Name": "Cookie Not Marked as HttpOnly",
            "Type": "CookieNotMarkedAsHttpOnly",
            "Url": f"https://shop.example.com/p{i}",
            "Severity": "Medium" if i else "High",
            "State": "Present" if i else "Present, FalsePositive",
            "Certainty": 100,
            "Classification": {"Cwe": "16", "Cvss31": {"BaseScore": {"Value": "5.7"}, "Vector": "CVSS:3.1/AV:N"}},
            "Description": f"<p>{product} Enterprise identified a cookie not marked as HTTPOnly.</p>",
            "RemedialProcedure": "<p>Mark the cookie HttpOnly.</p>",
            "HttpRequest": {"Content": "GET / HTTP/1.1\r\nCookie: session=s3cr3t"},
            "HttpResponse": {"Content": f"<title>{site_title}</title>"},
        }

    target = {"ScanId": "663eb6e8", "Url": "https://shop.example.com/", "Initiated": "25/06/2021 09:53 AM"}
    doc = {"Generated": "25/06/2021 09:59 AM", "Target": target, "Vulnerabilities": [vuln(i) for i in range(vulns)]}
    return json.dumps(doc).encode()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (export("Invicti"), "invicti"),
        (export("Netsparker"), "netsparker"),
        # the scanned site's own title in the recorded response is no evidence of the scanner
        (export("Netsparker", site_title="Invicti Test Web Site"), "netsparker"),
        (export("Acunetix 360"), "acunetix"),
    ],
)
def test_detected_by_the_product_the_texts_name(data: bytes, expected: str) -> None:
    assert detect_format(open_report(data, name="scan.json")).id == expected


def test_parse_folds_per_issue_and_site() -> None:
    (finding,) = list(parse_report(export("Invicti"), "invicti").findings)
    assert finding.name == "Cookie Not Marked as HttpOnly" and finding.severity is Severity.HIGH
    assert finding.asset.type is AssetType.WEB and finding.asset.attributes == {"fqdn": "shop.example.com"}
    assert finding.details["paths"] == ["https://shop.example.com/p0", "https://shop.example.com/p1"]
    assert finding.cwes == ["CWE-16"] and finding.score == 5.7
    assert "s3cr3t" not in str(finding.details) + finding.description


def test_empty_export_and_foreign_input() -> None:
    empty = export("Invicti", vulns=0)
    assert detect_format(open_report(empty, name="scan.json")).id == "acunetix"  # names no product
    parsed = parse_report(empty, "invicti")
    assert list(parsed.findings) == [] and [a.attributes for a in parsed.assets] == [{"fqdn": "shop.example.com"}]
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"issues": []}', "invicti").findings)
