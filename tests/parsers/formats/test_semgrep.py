"""semgrep: CLI results (levels, CWE list, fix, folding of repeats) and Supply Chain vulns (package, references)."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _result(check_id: str, severity: str, line: int) -> dict[str, object]:
    return {
        "check_id": check_id,
        "path": "src/Cipher.java",
        "start": {"line": line, "col": 4},
        "end": {"line": line, "col": 83},
        "extra": {
            "message": "Using CBC with PKCS5Padding is susceptible to padding oracle attacks.",
            "metadata": {
                "cwe": ["CWE-696: Incorrect Behavior Order", "CWE-327: Use of a Broken Algorithm"],
                "owasp": "A3: Sensitive Data Exposure",
                "references": ["https://nvd.nist.gov/vuln/detail/CVE-2020-1234"],
            },
            "severity": severity,
            "fix": 'Cipher.getInstance("AES/GCM/NoPadding");',
            "lines": 'Cipher.getInstance("DES/CBC/PKCS5Padding");',
        },
    }


def test_cli_results() -> None:
    doc = {
        "results": [
            _result("java.cbc", "ERROR", 64),
            _result("java.cbc", "ERROR", 64),
            _result("java.info", "INFO", 9),
        ],
        "errors": [],
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="semgrep.json")).id == "semgrep"
    parsed = parse_report(data, "semgrep")
    cbc, info = list(parsed.findings)  # the repeated match is folded
    assert (cbc.severity, info.severity) == (Severity.HIGH, Severity.LOW)
    assert cbc.name == "java.cbc"
    assert cbc.cwes == ["CWE-696", "CWE-327"]
    assert cbc.reference_ids == ["CVE-2020-1234"]
    assert cbc.location == "src/Cipher.java:64"
    assert cbc.remedy.startswith("Suggested fix: Cipher.getInstance")
    assert "DES/CBC" in cbc.description
    (asset,) = parsed.assets
    assert asset.type is AssetType.CODE


def test_supply_chain_vulns() -> None:
    vuln = {
        "title": "Reachable Assertion in grpc",
        "advisory": {
            "ruleId": "ssc-8220",
            "title": "Reachable Assertion in grpc",
            "description": "grpc before 1.53.0 can abort.",
            "ecosystem": "pypi",
            "severity": "HIGH",
            "references": {
                "cveIds": ["CVE-2023-1428"],
                "cweIds": ["CWE-617: Reachable Assertion"],
                "urls": ["https://github.com/advisories/GHSA-6628-q6j9-w8vg"],
            },
            "announcedAt": "2023-07-06T21:15:08Z",
        },
        "matchedDependency": {"name": "grpcio", "versionSpecifier": "1.47.0"},
        "closestSafeDependency": {"name": "grpcio", "versionSpecifier": "1.53.0"},
        "dependencyFileLocation": {"path": "requirements.txt", "startLine": "222"},
        "repositoryName": "acme/api",
        "groupKey": "k",
        "triage": {"status": "NEW"},
    }
    closed = {
        **vuln,
        "dependencyFileLocation": {"path": "requirements.txt", "startLine": "9"},
        "triage": {"status": "CLOSED"},
    }
    data = json.dumps({"vulns": [vuln, vuln, closed], "hasMore": False, "cursor": "1"}).encode()
    assert detect_format(open_report(data, name="ssc.json")).id == "semgrep"
    parsed = parse_report(data, "semgrep")
    f, triaged = list(parsed.findings)
    assert f.active and not triaged.active and triaged.details["status"] == "triaged closed"
    assert parsed._ctx.skipped == {"the same rule at the same place again": 1}
    assert f.severity is Severity.HIGH
    assert f.reference_ids == ["CVE-2023-1428", "GHSA-6628-q6j9-w8vg"]
    assert f.cwes == ["CWE-617"]
    assert f.remedy == "Update grpcio from 1.47.0 to 1.53.0"
    assert f.package is not None and (f.package.name, f.package.version) == ("grpcio", "1.47.0")
    assert f.location == "requirements.txt:222"
    (asset,) = parsed.assets
    assert asset.type is AssetType.BUILD
    assert asset.attributes == {"buildFile": "requirements.txt", "repository": "acme/api", "origin": "semgrep"}


def test_broken() -> None:
    assert list(parse_report(b'{"results": [], "errors": []}', "semgrep").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": [{"path": "a.py"}]}', "semgrep").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b"[1, 2]", "semgrep").findings)


def test_ignored_results_are_skipped_and_empty_scan() -> None:
    result = {
        "check_id": "python.lang.security.audit.eval",
        "path": "app.py",
        "start": {"line": 3, "col": 1},
        "end": {"line": 3, "col": 9},
        "extra": {"message": "eval", "severity": "ERROR", "metadata": {}, "is_ignored": False},
    }
    ignored = {**result, "start": {"line": 9, "col": 1}, "extra": {**result["extra"], "is_ignored": True}}  # type: ignore[dict-item]
    parsed = parse_report(json.dumps({"results": [result, ignored], "errors": []}).encode(), "semgrep")
    assert len(list(parsed.findings)) == 1 and parsed._ctx.skipped == {"ignored (nosemgrep)": 1}
    clean = {"results": [], "errors": [], "paths": {"scanned": []}, "version": "1.50.0"}
    assert list(parse_report(json.dumps(clean).encode(), "semgrep").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"other": []}', "semgrep").findings)
