"""WPScan JSON: interesting findings (info), core/theme/plugin vulnerabilities with packages, repeated advisories."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

BANNER = {"description": "WordPress Security Scanner by the WPScan Team", "version": "3.8.25"}


def _vuln(title: str, wpvulndb: str, cve: str | None = None, cvss: float | None = None) -> dict:
    refs: dict = {"url": ["https://wpscan.com/x"], "wpvulndb": [wpvulndb]}
    if cve:
        refs["cve"] = [cve]
    out: dict = {"title": title, "fixed_in": "5.3.2", "references": refs}
    if cvss is not None:
        out["cvss"] = {"score": cvss, "vector": "CVSS:3.1/AV:N"}
    return out


DOC = {
    "banner": BANNER,
    "target_url": "https://blog.example.com/",
    "interesting_findings": [
        {
            "url": "https://blog.example.com/xmlrpc.php",
            "to_s": "https://blog.example.com/xmlrpc.php",
            "type": "xmlrpc",
            "found_by": "Direct Access",
            "confidence": 100,
            "interesting_entries": [],
        },
        {
            "url": "https://blog.example.com/",
            "to_s": "Headers",
            "type": "headers",
            "interesting_entries": ["Server: nginx"],
        },
    ],
    "version": {"number": "5.2.2", "vulnerabilities": [_vuln("WordPress <= 5.2.3 - XSS", "a1", "2019-16219", 9.1)]},
    "main_theme": {
        "slug": "customizr",
        "location": "https://blog.example.com/wp-content/themes/customizr/",
        "version": {"number": "4.1"},
        "vulnerabilities": [_vuln("YouTube Embed CSRF", "8873")],
    },
    "plugins": {
        "youtube-embed-plus": {
            "location": "https://blog.example.com/wp-content/plugins/youtube-embed-plus/",
            "version": {"number": "11.8"},
            "vulnerabilities": [_vuln("YouTube Embed CSRF", "8873")],
        },
    },
    "config_backups": {"https://blog.example.com/wp-config.php.bak": {"found_by": "Direct Access"}},
}


def test_report() -> None:
    data = json.dumps(DOC).encode()
    assert detect_format(open_report(data, name="wpscan.json")).id == "wpscan"
    parsed = parse_report(data, "wpscan")
    xmlrpc, headers, core, csrf, backup = list(parsed.findings)
    assert xmlrpc.name == "XML-RPC enabled" and xmlrpc.severity is Severity.INFO
    assert headers.name == "Interesting HTTP headers" and "Server: nginx" in headers.description
    assert core.severity is Severity.CRITICAL and core.reference_ids == ["CVE-2019-16219"] and core.score == 9.1
    assert core.package is not None and core.package.name == "wordpress" and core.package.fixed_versions == ["5.3.2"]
    assert csrf.severity is Severity.MEDIUM and csrf.package is not None and csrf.package.name == "customizr"
    assert backup.severity is Severity.HIGH and backup.location == "https://blog.example.com/wp-config.php.bak"
    assert parsed._ctx.skipped["advisory repeated for another component"] == 1
    assert {a.type for a in parsed.assets} == {AssetType.WEB} and len(parsed.assets) == 1


def test_aborted_and_foreign() -> None:
    aborted = json.dumps({"banner": BANNER, "scan_aborted": "The url seems to be down", "target_url": "https://x/"})
    with pytest.raises(InvalidReport, match="seems to be down"):
        list(parse_report(aborted.encode(), "wpscan").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"plugins": {}}', "wpscan").findings)
    clean = {"banner": BANNER, "target_url": "https://x.example/", "interesting_findings": [], "plugins": {}}
    assert list(parse_report(json.dumps(clean).encode(), "wpscan").findings) == []
