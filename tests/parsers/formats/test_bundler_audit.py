"""bundler-audit: text blocks of old and new versions, --format json, insecure sources, clean and foreign input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

TEXT = b"""Insecure Source URI found: git://github.com/rails/jquery-rails.git
Name: rack
Version: 1.6.13
CVE: CVE-2020-8161
GHSA: GHSA-5f9h-9pjv-v6j7
Criticality: High
URL: https://groups.google.com/forum/#!topic/ruby-security-ann/T4ZIsfRf2eA
Title: Directory traversal in Rack::Directory app bundled with Rack
Solution: upgrade to '~> 2.1.3', '>= 2.2.0'

Name: actionpack
Version: 3.2.10
Advisory: OSVDB-91452
Criticality: Unknown
URL: http://www.osvdb.org/show/osvdb/91452
Title: XSS vulnerability in sanitize_css in Action Pack
Solution: remove or disable this gem until a patch is available!

Vulnerabilities found!
"""


def test_text_output() -> None:
    assert detect_format(open_report(TEXT, name="audit.txt")).id == "bundler_audit"
    parsed = parse_report(TEXT, "bundler_audit")
    insecure, rack, actionpack = list(parsed.findings)
    assert insecure.name == "Insecure gem source: git://github.com/rails/jquery-rails.git"
    assert rack.name == "rack: Directory traversal in Rack::Directory app bundled with Rack"
    assert rack.severity is Severity.HIGH and rack.reference_ids == ["CVE-2020-8161", "GHSA-5f9h-9pjv-v6j7"]
    assert rack.package is not None and rack.package.fixed_versions == ["~> 2.1.3", ">= 2.2.0"]
    assert rack.location == "Gemfile.lock: rack@1.6.13"
    assert actionpack.severity is Severity.MEDIUM and actionpack.reference_ids == ["OSVDB-91452"]
    assert actionpack.remedy.startswith("Remove or disable actionpack")
    assert parsed.assets[0].type is AssetType.BUILD and parsed.assets[0].attributes["buildFile"] == "Gemfile.lock"


def test_text_crlf_and_clean_run() -> None:
    assert len(list(parse_report(TEXT.replace(b"\n", b"\r\n"), "bundler_audit").findings)) == 3
    assert list(parse_report(b"No vulnerabilities found\n", "bundler_audit").findings) == []


def test_json_output() -> None:
    data = json.dumps(
        {
            "version": "0.9.0.1",
            "created_at": "2021-09-16 19:25:23 +0200",
            "results": [
                {
                    "type": "unpatched_gem",
                    "gem": {"name": "rack", "version": "1.6.13"},
                    "advisory": {
                        "id": "CVE-2020-8161",
                        "title": "Directory traversal",
                        "cve": "2020-8161",
                        "ghsa": "5f9h-9pjv-v6j7",
                        "cvss_v3": 8.6,
                        "criticality": None,
                        "patched_versions": ["~> 2.1.3"],
                        "date": "2020-05-12",
                    },
                },
                {"type": "insecure_source", "source": "http://rubygems.org/"},
            ],
        }
    ).encode()
    assert detect_format(open_report(data, name="audit.json")).id == "bundler_audit"
    parsed = parse_report(data, "bundler_audit")
    rack, insecure = list(parsed.findings)
    assert rack.reference_ids == ["CVE-2020-8161", "GHSA-5f9h-9pjv-v6j7"] and rack.severity is Severity.HIGH
    assert rack.score == 8.6 and rack.published is not None and insecure.severity is Severity.MEDIUM
    assert parsed.meta.scan_date is not None


@pytest.mark.parametrize(
    "data", [b"hello world\n", b'{"results": [{"type": "other"}]}', b'{"results": 1}', b'{"version": "1", "results": [']
)
def test_foreign_or_broken_input(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "bundler_audit").findings)
