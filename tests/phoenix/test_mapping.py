"""Mapping from scan_parsers' model to import bodies; every body validates against the JSON Schema."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import jsonschema
import pytest

from scan_parsers import Asset, AssetType, Finding, Package, Severity, Tag
from scanner_operator.phoenix import default_assessment_name
from scanner_operator.phoenix.mapping import (
    FINGERPRINT_KEY,
    asset_attributes,
    finding_payload,
    normalize_references,
    severity_string,
    tag_payloads,
)
from scanner_operator.testing.fake_phoenix import _documented_rules, load_schema

VALIDATOR = jsonschema.Draft202012Validator(load_schema())

#: asset type -> (attributes a parser might give with no required attribute, the required keys)
CASES: dict[str, tuple[dict[str, str], set[str]]] = {
    "INFRA": ({"name": "db01"}, {"hostname"}),
    "WEB": ({"url": "https://shop.example.com:8443/login"}, {"fqdn"}),
    "CLOUD": ({"providerResourceId": "arn:aws:s3:::bucket"}, {"providerType", "providerAccountId"}),
    "CONTAINER": ({"imageName": "registry.example/api:1.2"}, {"dockerfile"}),
    "REPOSITORY": ({"url": "https://git.example/org/repo"}, {"repository"}),
    "CODE": ({"file": "app.jar"}, {"scannerSource"}),
    "BUILD": ({"repository": "org/repo"}, {"buildFile"}),
}


def body_for(asset_type: str, attrs: dict[str, str], finding: dict[str, Any]) -> dict[str, Any]:
    return {
        "importType": "merge",
        "assessment": {"assetType": asset_type, "name": "mapping-test"},
        "assets": [{"attributes": attrs, "findings": [finding]}],
    }


def bare_finding(asset: Asset, **kw: Any) -> Finding:
    return Finding(asset=asset, name=kw.pop("name", "CVE-2024-1234"), severity=kw.pop("severity", Severity.HIGH), **kw)


@pytest.mark.parametrize("asset_type", sorted(CASES))
def test_required_attributes_always_present(asset_type: str) -> None:
    given, required = CASES[asset_type]
    warnings: list[str] = []
    asset = Asset(AssetType(asset_type), dict(given))
    attrs = asset_attributes(asset, asset_type, "report.json", warnings.append)
    assert required <= attrs.keys()
    assert all(isinstance(v, str) and v for v in attrs.values())
    body = body_for(asset_type, attrs, finding_payload(bare_finding(asset), asset_type, attrs, []))
    assert list(VALIDATOR.iter_errors(body)) == []
    assert _documented_rules(body) is None


@pytest.mark.parametrize("asset_type", sorted(CASES))
def test_asset_without_any_identity_uses_the_fallback_and_warns(asset_type: str) -> None:
    warnings: list[str] = []
    asset = Asset(AssetType(asset_type), {})
    attrs = asset_attributes(asset, asset_type, "scan-target", warnings.append)
    body = body_for(asset_type, attrs, finding_payload(bare_finding(asset), asset_type, attrs, []))
    assert list(VALIDATOR.iter_errors(body)) == []
    assert "scan-target" in attrs.values()
    assert warnings


def test_derived_values() -> None:
    def attrs(t: str, a: dict[str, str]) -> dict[str, str]:
        return asset_attributes(Asset(AssetType(t), a), t, "fb", lambda _m: None)

    assert attrs("WEB", {"url": "https://shop.example.com:8443/login"})["fqdn"] == "shop.example.com"
    assert attrs("CONTAINER", {"imageName": "reg/api:1"})["dockerfile"] == "reg/api:1"
    cloud = attrs("CLOUD", {"providerType": "azure", "providerAccountId": "sub-1"})
    assert cloud["providerType"] == "AZURE" and cloud["region"]  # region is required for AZURE
    assert attrs("INFRA", {"mac_address": "aa:bb", "ip": "10.0.0.1"})["macAddress"] == "aa:bb"


@pytest.mark.parametrize(
    ("score", "expected"),
    [(10.0, "10.0"), (12.0, "10.0"), (0.0, "1.0"), (-3.0, "1.0"), (7.25, "7.2"), (1.0, "1.0"), (float("nan"), "5.0")],
)
def test_severity_string(score: float, expected: str) -> None:
    assert severity_string(score) == expected
    assert VALIDATOR.is_valid(
        body_for("INFRA", {"ip": "1.2.3.4"}, {"name": "n", "description": "d", "remedy": "r", "severity": expected})
    )


@pytest.mark.parametrize(("label", "expected"), [(s, f"{s.score:.1f}") for s in Severity])
def test_label_scores(label: Severity, expected: str) -> None:
    asset = Asset(AssetType.INFRA, {"ip": "1.2.3.4"})
    assert finding_payload(bare_finding(asset, severity=label), "INFRA", {"ip": "1.2.3.4"}, [])["severity"] == expected


def test_reference_and_cwe_normalisation() -> None:
    refs, cwes = normalize_references(
        ["cve-2024-0001", "CVE-2024-0001", " ", "CWE-79", "ghsa-ABCD-efgh-IJKL", "https://x"], ["cwe_89", "79", "junk"]
    )
    assert refs == ["CVE-2024-0001", "GHSA-abcd-efgh-ijkl", "https://x"]
    assert cwes == ["CWE-89", "CWE-79"]


def test_omission_rules_and_placeholders() -> None:
    asset = Asset(AssetType.INFRA, {"ip": "10.0.0.1"})
    f = Finding(
        asset=asset,
        name="  ",
        severity=Severity.LOW,
        description="",
        remedy="",
        reference_ids=[],
        cwes=["not-a-cwe"],
        details={"empty": "", "none": None, "kept": 0, "list": []},
        tags=[Tag(value=""), Tag(value="x", key="k")],
        location="",
    )
    out = finding_payload(f, "INFRA", {"ip": "10.0.0.1"}, [])
    assert out["name"] == "Unnamed finding"
    assert out["description"] and out["remedy"]
    for key in ("referenceIds", "cwes", "publishedDateTime", "location", "packages"):
        assert key not in out
    assert out["details"] == {"kept": 0}
    assert out["tags"] == [{"key": "k", "value": "x"}]
    assert VALIDATOR.is_valid(body_for("INFRA", {"ip": "10.0.0.1"}, out))


def test_full_finding() -> None:
    asset = Asset(AssetType.CONTAINER, {"imageName": "reg/api:1"})
    f = Finding(
        asset=asset,
        name="CVE-2024-1234",
        severity=Severity.CRITICAL,
        score=9.8,
        description="overflow",
        reference_ids=["CVE-2024-1234"],
        cwes=["787"],
        package=Package("libx", "1.1.1", ["1.1.4", "1.1.4", "1.2.0"]),
        published=datetime(2024, 3, 1, 13, 0, tzinfo=timezone(timedelta(hours=1))),
        fingerprint="abc123",
    )
    attrs = asset_attributes(asset, "CONTAINER", "fb", lambda _m: None)
    out = finding_payload(f, "CONTAINER", attrs, [{"key": "scanner", "value": "trivy"}])
    assert out["severity"] == "9.8"
    assert out["remedy"] == "Update libx from 1.1.1 to 1.1.4, 1.2.0"
    assert out["location"] == "libx@1.1.1"
    assert out["publishedDateTime"] == "2024-03-01 12:00:00"  # UTC
    assert out["cwes"] == ["CWE-787"]
    assert out["packages"] == [{"name": "libx", "version": "1.1.1", "fixVersions": ["1.1.4", "1.2.0"]}]
    assert out["details"][FINGERPRINT_KEY] == "abc123"
    assert {"key": "scanner", "value": "trivy"} in out["tags"]
    assert VALIDATOR.is_valid(body_for("CONTAINER", attrs, out))


def test_code_findings_always_have_a_location() -> None:
    asset = Asset(AssetType.CODE, {"scannerSource": "app.jar"})
    out = finding_payload(bare_finding(asset), "CODE", {"scannerSource": "app.jar"}, [])
    assert out["location"] == "app.jar"
    assert VALIDATOR.is_valid(body_for("CODE", {"scannerSource": "app.jar"}, out))


def test_tag_payloads_dedupe_and_drop_empty() -> None:
    assert tag_payloads([("team", "a"), ("team", "a"), (None, "solo"), ("k", "")]) == [
        {"key": "team", "value": "a"},
        {"value": "solo"},
    ]


def test_default_assessment_name() -> None:
    now = datetime(2025, 11, 12, 10, 32, tzinfo=UTC)
    assert default_assessment_name("trivy", "scan.json.gz", "merge", now) == "TRIVY-scan"
    assert default_assessment_name("trivy", "scan.json", "new", now) == "TRIVY-scan"
    assert default_assessment_name("trivy", "scan.json", "delta", now) == "TRIVY-scan-20251112_1032"
