"""njsscan: one finding per rule and matched position, in nodejs and templates sections; code asset; broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _match(path: str, line: int) -> dict[str, object]:
    return {"file_path": path, "match_lines": [line, line], "match_position": [3, 9], "match_string": " eval(x)"}


REPORT = {
    "errors": [],
    "njsscan_version": "0.4.3",
    "nodejs": {
        "eval_nodejs": {
            "files": [_match("server.js", 14), _match("server.js", 20)],
            "metadata": {
                "cwe": "CWE-95: Improper Neutralization of Directives in Dynamically Evaluated Code",
                "description": "User controlled data in eval().",
                "owasp-web": "A1: Injection",
                "severity": "ERROR",
            },
        }
    },
    "templates": {
        "handlebar_mustache_template": {
            "files": [_match("views/index.hbs", 3)],
            "metadata": {"cwe": "CWE-79: XSS", "description": "Unescaped output.", "severity": "WARNING"},
        }
    },
}


def test_rules_in_both_sections() -> None:
    data = json.dumps(REPORT).encode()
    assert detect_format(open_report(data, name="njsscan.json")).id == "njsscan"
    parsed = parse_report(data, "njsscan")
    first, second, tmpl = list(parsed.findings)
    assert first.name == "eval_nodejs" and first.severity is Severity.HIGH
    assert (first.location, second.location) == ("server.js:14", "server.js:20")
    assert first.cwes == ["CWE-95"] and first.details["owaspWeb"] == "A1: Injection"
    assert "eval(x)" in first.description
    assert tmpl.severity is Severity.MEDIUM and tmpl.details["section"] == "templates" and tmpl.cwes == ["CWE-79"]
    (asset,) = parsed.assets
    assert asset.type is AssetType.CODE and asset.attributes["scannerSource"] == "njsscan"
    assert parsed.meta.extra["njsscanVersion"] == "0.4.3"


def test_without_version_key_still_recognised() -> None:
    doc = {k: v for k, v in REPORT.items() if k != "njsscan_version"}
    assert detect_format(open_report(json.dumps(doc).encode(), name="r.json")).id == "njsscan"


def test_clean_scan() -> None:
    data = json.dumps({"errors": [], "njsscan_version": "0.3.1", "nodejs": {}, "templates": {}}).encode()
    assert detect_format(open_report(data, name="njsscan.json")).id == "njsscan"
    assert list(parse_report(data, "njsscan").findings) == []


def test_broken_or_foreign() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": []}', "njsscan").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"nodejs": {"r": {"files": [{"match_lines": [1]}]}}}', "njsscan").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"nodejs": {"r": {"files": [', "njsscan").findings)
