"""gitleaks: v8 and v7 shapes, folding of the same leak across commits, the secret never copied, broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

SECRET = "AKIAIOSFODNN7EXAMPLEKEY"


def _v8(commit: str, line: int = 2) -> dict[str, object]:
    return {
        "Description": "AWS Access Key",
        "StartLine": line,
        "EndLine": line,
        "Match": f"key = {SECRET}",
        "Secret": SECRET,
        "File": "conf/aws.tf",
        "Commit": commit,
        "Author": "Dev",
        "Date": "2021-10-14T17:05:15Z",
        "Tags": ["aws"],
        "RuleID": "aws-access-token",
    }


def test_v8_folds_commits_and_hides_the_secret() -> None:
    data = json.dumps([_v8("c1"), _v8("c2"), _v8("c3", line=9)]).encode()
    assert detect_format(open_report(data, name="gitleaks.json")).id == "gitleaks"
    parsed = parse_report(data, "gitleaks")
    findings = list(parsed.findings)
    assert [f.location for f in findings] == ["conf/aws.tf:2", "conf/aws.tf:9"]
    first = findings[0]
    assert first.severity is Severity.HIGH
    assert first.name == "Hard-coded secret: AWS Access Key"
    assert first.published is not None and first.published.year == 2021
    assert first.details["secretMasked"] == "AKIA********"
    everything = repr((first.name, first.description, first.remedy, first.details, first.tags))
    assert SECRET not in everything
    (asset,) = parsed.assets
    assert asset.type is AssetType.REPOSITORY and asset.placeholder


def test_legacy_shape_uses_the_repo() -> None:
    leak = {
        "line": "-----BEGIN PRIVATE KEY-----",
        "offender": "-----BEGIN PRIVATE KEY-----",
        "commit": "9afb561b",
        "repo": "payments-api",
        "rule": "Asymmetric Private Key",
        "commitMessage": "saving my cert\n",
        "file": "cert-key.pem",
        "date": "2020-04-04T15:58:14-07:00",
        "tags": "key, AsymmetricPrivateKey",
    }
    data = json.dumps([leak]).encode()
    assert detect_format(open_report(data, name="leaks.json")).id == "gitleaks"
    parsed = parse_report(data, "gitleaks")
    (f,) = list(parsed.findings)
    assert f.name == "Hard-coded secret: Asymmetric Private Key"
    assert f.location == "cert-key.pem"
    assert [t.value for t in f.tags] == ["key", "AsymmetricPrivateKey"]
    assert parsed.assets[0].attributes == {"repository": "payments-api", "origin": "gitleaks"}
    assert not parsed.assets[0].placeholder


def test_empty_and_broken() -> None:
    assert list(parse_report(b"[]", "gitleaks").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'[{"something": 1}]', "gitleaks").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'[{"RuleID": "x", "File": "a"', "gitleaks").findings)


def test_oldest_layout_and_null() -> None:
    """gitleaks 1.x-3.x: reason instead of rule, commitMsg, repoURL; v7 wrote null for a clean scan."""
    leak = {
        "line": "aws_key = AKIAIOSFODNN7EXAMPLE",
        "commit": "abc123",
        "offender": "AKIAIOSFODNN7EXAMPLE",
        "reason": "AWS",
        "commitMsg": "add config",
        "author": "dev",
        "file": "config.py",
        "repoURL": "https://github.com/acme/app",
        "time": "2019-01-01 10:00:00 +0000",
    }
    data = json.dumps([leak]).encode()
    assert detect_format(open_report(data, name="leaks.json")).id == "gitleaks"
    (f,) = list(parse_report(data, "gitleaks").findings)
    assert f.name == "Hard-coded secret: AWS" and f.asset.attributes["repository"] == "https://github.com/acme/app"
    assert list(parse_report(b"null", "gitleaks").findings) == []
