"""horusec: one finding per analysis vulnerability of type Vulnerability, managed types skipped, leaks masked."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _vuln(**over: str) -> dict[str, object]:
    v = {
        "vulnerabilityID": "c5b8",
        "line": "20",
        "column": "15",
        "confidence": "MEDIUM",
        "file": "app/db.py",
        "code": "cursor.execute(q % x)",
        "details": "SQL Injection\nUser input in a query. See CWE-89 (https://cwe.mitre.org/data/definitions/89.html).",
        "securityTool": "Bandit",
        "language": "Python",
        "severity": "HIGH",
        "type": "Vulnerability",
        "commitAuthor": "-",
        "commitHash": "-",
        "vulnHash": "da68",
    }
    v.update(over)
    return {"vulnerabilityID": "0000", "analysisID": "5a8c", "vulnerabilities": v}


def _report(items: list[dict[str, object]] | None, repo: str = "shop") -> bytes:
    doc = {
        "version": "v2.8.0",
        "id": "5a8c",
        "repositoryName": repo,
        "workspaceName": "",
        "status": "success",
        "errors": "",
        "createdAt": "2024-04-15T03:03:05.03Z",
        "analysisVulnerabilities": items,
    }
    return json.dumps(doc).encode()


def test_findings_and_managed_types() -> None:
    secret = "AKIAABCDEFGHIJKLMNOP"
    data = _report(
        [
            _vuln(),
            _vuln(type="False Positive"),
            _vuln(type="Corrected"),
            _vuln(
                language="Leaks",
                securityTool="HorusecEngine",
                severity="CRITICAL",
                code=f"aws_key = '{secret}'",
                details="(1/1) * Possible vulnerability detected: AWS Secret Key\nUse a vault. CWE-798",
                rule_id="HS-LEAKS-2",
                line="0",
            ),
        ]
    )
    assert detect_format(open_report(data, name="horusec.json")).id == "horusec"
    parsed = parse_report(data, "horusec")
    sqli, leak = list(parsed.findings)
    assert sqli.name == "SQL Injection" and sqli.severity is Severity.HIGH
    assert sqli.location == "app/db.py:20" and sqli.cwes == ["CWE-89"]
    assert "cursor.execute" in sqli.description and "commitHash" not in sqli.details
    assert leak.name == "AWS Secret Key" and leak.severity is Severity.CRITICAL and leak.location == "app/db.py"
    assert leak.details["ruleId"] == "HS-LEAKS-2" and leak.cwes == ["CWE-798"]
    assert secret not in repr(leak) and leak.details["secretDigest"]
    assert parsed._ctx.skipped == {"type false positive": 1, "type corrected": 1}
    (asset,) = parsed.assets
    assert asset.type is AssetType.CODE and asset.attributes["scannerSource"] == "shop" and not asset.placeholder


def test_clean_scans() -> None:
    for items in ([], None):
        data = _report(items, repo="")
        assert detect_format(open_report(data, name="h.json")).id == "horusec"
        assert list(parse_report(data, "horusec").findings) == []


def test_broken_or_foreign() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": []}', "horusec").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"analysisVulnerabilities": [{"x": 1}]}', "horusec").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(_report([_vuln()])[:-40], "horusec").findings)
