"""rusty_hog: hits of the git, file, Confluence and JIRA hogs, assets per place, secrets never copied."""

from __future__ import annotations

import json

import pytest

from scan_parsers import (
    AssetType,
    InvalidReport,
    Severity,
    UnrecognisedFormat,
    detect_format,
    open_report,
    parse_report,
)

SECRET = "password: hunter2hunter2"


def test_hits_of_each_hog() -> None:
    hits = [
        {
            "commit": "fix\n",
            "commitHash": "a7bc",
            "date": "2020-04-15 12:47:20",
            "diff": SECRET,
            "stringsFound": [SECRET],
            "path": ".github/workflows/main.yml",
            "reason": "Email address",
            "old_file_id": "2aba",
            "new_file_id": "0000",
            "old_line_num": 35,
            "new_line_num": 0,
            "parent_commit_hash": "d8b2",
        },
        {"stringsFound": [SECRET], "path": "/scan/app.cfg", "reason": "password (Password)", "linenum": 12},
        {"stringsFound": [SECRET], "page_id": "99", "reason": "RSA private key", "url": "https://wiki.acme.io/p?99"},
        {
            "stringsFound": [SECRET],
            "issue_id": "TEST-1",
            "reason": "password",
            "url": "https://jira.acme.io/browse/TEST-1",
            "location": "Issue Description",
        },
    ]
    data = json.dumps(hits).encode()
    assert detect_format(open_report(data, name="hog.json")).id == "rusty_hog"
    parsed = parse_report(data, "Choctaw Hog Scan")
    git, files, wiki, jira = list(parsed.findings)
    assert git.location == ".github/workflows/main.yml:35" and git.details["hog"] == "Choctaw Hog"
    assert git.published is not None and git.severity is Severity.HIGH
    assert files.location == "/scan/app.cfg:12" and files.name == "Hard-coded secret: password (Password)"
    assert git.asset is files.asset and git.asset.type is AssetType.REPOSITORY
    assert wiki.asset.type is AssetType.WEB and wiki.asset.attributes["fqdn"] == "wiki.acme.io"
    assert jira.location == "TEST-1 (Issue Description)" and jira.details["hog"] == "Gottingen Hog"
    for f in (git, files, wiki, jira):
        assert SECRET not in repr((f.description, f.details, f.location))


def test_trufflehog_documents_are_not_claimed() -> None:
    doc = [{"stringsFound": ["x"], "reason": "r", "path": "a", "branch": "main", "commitHash": "c", "linenum": 1}]
    with pytest.raises(UnrecognisedFormat):
        detect_format(open_report(json.dumps(doc).encode(), name="x.json"))


def test_empty_and_broken() -> None:
    assert list(parse_report(b"[]", "rusty_hog").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": []}', "rusty_hog").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'[{"path": "a"}]', "duroc_hog").findings)
