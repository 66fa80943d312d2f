"""ssh-audit JSON: flagged algorithms and CVEs as findings on the target host."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

DOC = {
    "banner": {"raw": "SSH-2.0-OpenSSH_7.4", "software": "OpenSSH_7.4", "protocol": "2.0"},
    "target": "bastion.example.com:2222",
    "cves": [{"name": "CVE-2018-15473", "cvssv2": 5.3, "description": "enumerate usernames"}],
    "kex": [
        {"algorithm": "curve25519-sha256", "notes": {"info": ["available since OpenSSH 7.4"]}},
        {"algorithm": "ecdh-sha2-nistp256", "notes": {"fail": ["NSA-suspected curves"], "info": ["x"]}},
    ],
    "key": [{"algorithm": "ssh-rsa", "keysize": 2048, "notes": {"warn": ["SHA-1"]}}],
    "enc": [],
    "mac": [],
}


def test_report() -> None:
    data = json.dumps(DOC).encode()
    assert detect_format(open_report(data, name="ssh-audit.json")).id == "ssh_audit"
    parsed = parse_report(data, "ssh-audit")
    ecdh, rsa, cve = list(parsed.findings)
    assert ecdh.name == "Key exchange algorithm ecdh-sha2-nistp256" and ecdh.severity is Severity.HIGH
    assert ecdh.description == "fail: NSA-suspected curves" and ecdh.location == "2222/tcp"
    assert ecdh.asset.type is AssetType.INFRA and ecdh.asset.attributes == {"hostname": "bastion.example.com"}
    assert rsa.severity is Severity.MEDIUM and rsa.details["keysize"] == 2048
    assert cve.reference_ids == ["CVE-2018-15473"] and cve.severity is Severity.MEDIUM and cve.score == 5.3
    assert parsed._ctx.skipped["algorithm without issue"] == 1


def test_clean_and_foreign() -> None:
    clean = {**DOC, "cves": [], "kex": [DOC["kex"][0]], "key": []}
    assert list(parse_report(json.dumps(clean).encode(), "ssh_audit").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"banner": {}}', "ssh_audit").findings)
