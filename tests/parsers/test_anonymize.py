"""Keyed, deterministic, shape-preserving pseudonyms."""

from __future__ import annotations

import ipaddress
import re

import orjson

from scan_parsers import AssetType, parse_report
from scan_parsers.anonymize import Anonymizer
from scan_parsers.model import Asset, Finding, Severity

KEY = b"test-key-1"


def test_ip_stays_an_ip_and_is_deterministic_per_key() -> None:
    a, b, other = Anonymizer(KEY), Anonymizer(KEY), Anonymizer(b"another-key")
    p = a.ip("192.168.1.20")
    assert ipaddress.ip_address(p).version == 4
    assert p != "192.168.1.20"
    assert p == b.ip("192.168.1.20")  # across runs with the same key
    assert p != other.ip("192.168.1.20")
    assert a.ip("192.168.1.21") != p
    v6 = a.ip("2001:db8::1")
    assert ipaddress.ip_address(v6).version == 6


def test_hostnames_keep_their_shape() -> None:
    an = Anonymizer(KEY)
    fqdn = an.host("web01.corp.example.com")
    labels = fqdn.split(".")
    assert len(labels) == 4 and labels[-1] == "com"
    assert "example" not in fqdn and "web01" not in fqdn
    assert an.host("WEB01") == an.host("web01")
    assert re.fullmatch(r"host-[0-9a-f]{10}", an.host("web01"))


def test_email_user_repo_and_mac() -> None:
    an = Anonymizer(KEY)
    email = an.email("alice@example.org")
    assert re.fullmatch(r"user-[0-9a-f]{8}@h[0-9a-f]{8}\.org", email)
    assert an.user("alice") != "alice"
    repo = an.repo("https://github.com/acme/payments.git")
    assert repo.startswith("https://github.com/") and repo.endswith(".git")
    assert "acme" not in repo and "payments" not in repo
    ssh = an.repo("git@gitlab.example.com:acme/payments")
    assert ssh.startswith("git@gitlab.example.com:")
    assert re.fullmatch(r"02(:[0-9a-f]{2}){5}", an.mac("00:11:22:33:44:55"))


def test_finding_text_and_asset_are_rewritten_consistently() -> None:
    an = Anonymizer(KEY)
    asset = Asset(AssetType.INFRA, {"ip": "10.1.2.3", "hostname": "db.internal.example.net"})
    f = Finding(
        asset=asset,
        name="Open port on 10.1.2.3",
        severity=Severity.HIGH,
        description="db.internal.example.net answered; contact ops@example.net",
        details={"hosts": ["10.1.2.3"]},
    )
    second = Finding(asset=asset, name="10.1.2.3", severity=Severity.LOW)
    an.finding(f)
    an.finding(second)  # the asset is shared by findings: it must be rewritten once, not hashed twice
    assert second.name == asset.attributes["ip"]
    ip = asset.attributes["ip"]
    assert ip != "10.1.2.3" and f.name == f"Open port on {ip}"
    assert asset.attributes["hostname"] in f.description
    assert "example.net answered" not in f.description and "ops@" not in f.description
    assert f.details == {"hosts": [ip]}


def test_parse_report_applies_the_anonymizer_to_assets_and_findings() -> None:
    report = orjson.dumps(
        [
            {
                "line": 1,
                "code": "DL3008",
                "message": "see 10.0.0.5",
                "column": 1,
                "file": "Dockerfile",
                "level": "warning",
            }
        ]
    )
    parsed = parse_report(report, "hadolint", anonymize_key=KEY)
    findings = list(parsed.findings)
    assert "10.0.0.5" not in findings[0].description
    assert findings[0].description == "see " + Anonymizer(KEY).ip("10.0.0.5")
    assert parsed.assets[0].attributes["buildFile"] == "Dockerfile"  # not an identifying attribute
