"""govulncheck: 1.x message streams (concatenated or in an array), the 0.x results and SARIF; called only."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import (
    AssetType,
    Finding,
    InvalidReport,
    ParsedReport,
    Severity,
    detect_format,
    open_report,
    parse_report,
)

CONFIG = {
    "config": {
        "protocol_version": "v1.0.0",
        "scanner_name": "govulncheck",
        "scanner_version": "v1.1.3",
        "scan_level": "symbol",
    }
}


def _osv(vid: str, **extra: Any) -> dict[str, Any]:
    return {
        "osv": {
            "id": vid,
            "aliases": ["CVE-2022-32149"],
            "summary": f"Summary of {vid}",
            "details": "Details.",
            "published": "2022-10-11T00:00:00Z",
            **extra,
        }
    }


def _frame(level: str, **extra: Any) -> dict[str, Any]:
    frame: dict[str, Any] = {"module": "golang.org/x/text", "version": "v0.3.5"}
    if level in ("package", "symbol"):
        frame["package"] = "golang.org/x/text/language"
    if level == "symbol":
        frame["function"] = "Parse"
    return frame | extra


def _finding(vid: str, level: str) -> dict[str, Any]:
    trace = [_frame(level)]
    if level == "symbol":
        trace.append(
            {
                "module": "example.com/app",
                "package": "example.com/app",
                "function": "main",
                "position": {"filename": "main.go", "line": 12},
            }
        )
    return {"finding": {"osv": vid, "fixed_version": "v0.3.8", "trace": trace}}


def _stream(messages: list[dict[str, Any]], array: bool = False) -> bytes:
    if array:
        return json.dumps(messages, indent=2).encode()
    return "".join(json.dumps(m, indent=2) + "\n" for m in messages).encode()


MESSAGES = [
    CONFIG,
    {"progress": {"message": "Scanning your code..."}},
    _osv("GO-2022-1059", severity=[{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"}]),
    _finding("GO-2022-1059", "module"),
    _finding("GO-2022-1059", "package"),
    _finding("GO-2022-1059", "symbol"),
    _osv("GO-2021-0113"),
    _finding("GO-2021-0113", "module"),
    _finding("GO-2021-0113", "package"),
    _osv("GO-2023-0001"),
    _finding("GO-2023-0001", "module"),
]


def _by_activity(parsed: ParsedReport) -> list[Finding]:
    """Active findings first: the ones the scan reached at its level."""
    return sorted(parsed.findings, key=lambda f: not f.active)


@pytest.mark.parametrize("array", [False, True])
def test_stream_counts_called_vulnerabilities_only(array: bool) -> None:
    data = _stream(MESSAGES, array)
    assert detect_format(open_report(data, name="govulncheck.json")).id == "govulncheck"
    parsed = parse_report(data, "govulncheck")
    finding, *inactive = _by_activity(parsed)
    assert finding.name == "GO-2022-1059: Summary of GO-2022-1059"
    assert finding.severity is Severity.HIGH and finding.score == 7.5
    assert finding.reference_ids == ["GO-2022-1059", "CVE-2022-32149"] and finding.location == "main.go:12"
    assert finding.package is not None and finding.package.fixed_versions == ["v0.3.8"]
    assert finding.package.purl == "pkg:golang/golang.org/x/text@v0.3.5"
    assert finding.details["symbols"] == ["golang.org/x/text/language.Parse"]
    assert [f.details["status"] for f in inactive] == ["imported package, not called", "required module, not imported"]
    assert not parsed._ctx.skipped
    assert [a.attributes["buildFile"] for a in parsed.assets] == ["example.com/app/go.mod"]
    assert parsed.assets[0].type is AssetType.BUILD


def test_package_scan_level_counts_imported() -> None:
    config = {"config": CONFIG["config"] | {"scan_level": "package"}}
    parsed = parse_report(_stream([config, *MESSAGES[1:]]), "govulncheck")
    assert sorted(f.name.split(":")[0] for f in parsed.findings if f.active) == ["GO-2021-0113", "GO-2022-1059"]


def test_minified_one_message_per_line_and_clean_scan() -> None:
    data = b"\n".join(json.dumps(m).encode() for m in MESSAGES)
    assert detect_format(open_report(data, name="g.json")).id == "govulncheck"
    assert sum(f.active for f in parse_report(data, "govulncheck").findings) == 1
    clean = _stream(MESSAGES[:2])
    assert detect_format(open_report(clean, name="g.json")).id == "govulncheck"
    assert list(parse_report(clean, "govulncheck").findings) == []
    assert list(parse_report(b"", "govulncheck", name="g.json").findings) == []


def test_legacy_vulncheck_result() -> None:
    osv = {
        "id": "GO-2022-1144",
        "aliases": ["CVE-2022-41717"],
        "details": "Memory growth.",
        "affected": [
            {
                "package": {"name": "stdlib"},
                "ranges": [
                    {
                        "events": [
                            {"introduced": "0"},
                            {"fixed": "1.18.9"},
                            {"introduced": "1.19.0"},
                            {"fixed": "1.19.4"},
                        ]
                    }
                ],
            }
        ],
    }
    other = osv | {"id": "GO-2022-0001"}
    data = json.dumps(
        {
            "Calls": {"Functions": {}},
            "Imports": {},
            "Requires": {"Modules": {}},
            "Modules": [{"Path": "example.com/app", "Version": ""}, {"Path": "stdlib", "Version": "v1.19.0"}],
            "Vulns": [
                {
                    "OSV": osv,
                    "Symbol": "Serve",
                    "PkgPath": "net/http",
                    "ModPath": "stdlib",
                    "CallSink": 5,
                    "ImportSink": 3,
                },
                {"OSV": osv, "Symbol": "ListenAndServe", "PkgPath": "net/http", "ModPath": "stdlib", "CallSink": 9},
                {
                    "OSV": other,
                    "Symbol": "X",
                    "PkgPath": "net/http",
                    "ModPath": "stdlib",
                    "CallSink": 0,
                    "ImportSink": 3,
                },
            ],
        }
    ).encode()
    assert detect_format(open_report(data, name="old.json")).id == "govulncheck"
    parsed = parse_report(data, "govulncheck")
    finding, *inactive = _by_activity(parsed)
    assert finding.name == "GO-2022-1144 in stdlib" and finding.package is not None
    assert finding.package.version == "1.19.0" and finding.package.fixed_versions == ["1.19.4"]
    assert finding.details["symbols"] == ["net/http.Serve", "net/http.ListenAndServe"]
    assert [f.details["status"] for f in inactive] == ["imported package, not called"]


def test_sarif() -> None:
    rule = {"id": "GO-2026-1", "fullDescription": {"text": "XSS in html/template"}, "properties": {"tags": ["CVE-1"]}}
    results = [
        {"ruleId": "GO-2026-1", "level": "error", "message": {"text": "Your code calls"}},
        {"ruleId": "GO-2026-2", "level": "warning", "message": {"text": "Your code imports"}},
    ]
    data = json.dumps(
        {
            "version": "2.1.0",
            "runs": [{"tool": {"driver": {"name": "govulncheck", "rules": [rule]}}, "results": results}],
        }
    ).encode()
    assert detect_format(open_report(data, name="g.sarif")).id == "govulncheck"
    parsed = parse_report(data, "govulncheck")
    finding, *inactive = _by_activity(parsed)
    assert finding.name == "GO-2026-1: XSS in html/template" and finding.reference_ids == ["GO-2026-1", "CVE-1"]
    assert [f.details["status"] for f in inactive] == ["imported package, not called"]


@pytest.mark.parametrize(
    "data",
    [
        b'{"results": []}',
        b'[{"matches": []}]',
        b"[1]",
        _stream(MESSAGES)[:-40],
        b'{"runs": [{"tool": {"driver": {"name": "gosec"}}, "results": []}]}',
    ],
)
def test_foreign_or_broken_input(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "govulncheck").findings)
