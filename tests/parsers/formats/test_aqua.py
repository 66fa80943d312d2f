"""Aqua: CLI scan, DevOps list and API v2 shapes; severity precedence; sensitive data; broken input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

VULN = {
    "name": "CVE-2019-14697",
    "description": "musl x87 issue",
    "nvd_score_v3": 9.8,
    "nvd_severity_v3": "critical",
    "vendor_severity": "unimportant",
    "aqua_severity": "high",
    "aqua_score": 7.5,
    "fix_version": "1.1.20-r5",
    "publish_date": "2019-08-06",
    "cwe_info": [{"id": "CWE-787"}],
}


def _scan(resources: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "image": "myreg.azurecr.io/app:1.0",
        "registry": "myreg",
        "digest": "sha256:f6",
        "os": "alpine",
        "resources": resources,
        "image_assurance_results": {},
        "vulnerability_summary": {"total": 1},
    }


RESOURCES = [
    {"resource": {"format": "apk", "name": "musl", "version": "1.1.20-r4"}, "vulnerabilities": [VULN]},
    {
        "resource": {
            "type": 1,
            "path": "/app/server.key",
            "name": "server.key",
            "sensitive_items": ["RSA PRIVATE KEY"],
        },
        "sensitive_data_items": [{"type": "RSA PRIVATE KEY"}],
    },
]


def test_cli_scan_fields_severity_precedence_and_sensitive_data() -> None:
    data = json.dumps(_scan(RESOURCES)).encode()
    assert detect_format(open_report(data, name="aqua.json")).id == "aqua"
    parsed = parse_report(data)
    vuln, secret = list(parsed.findings)
    assert vuln.severity is Severity.HIGH  # aqua_severity wins over NVD's and the vendor's
    assert vuln.score == 7.5 and vuln.cwes == ["CWE-787"] and vuln.reference_ids == ["CVE-2019-14697"]
    assert vuln.remedy == "Update musl from 1.1.20-r4 to 1.1.20-r5"
    assert vuln.package is not None and vuln.package.ecosystem == "apk"
    assert secret.location == "/app/server.key" and "RSA PRIVATE KEY" in secret.description
    (asset,) = parsed.assets
    assert asset.type is AssetType.CONTAINER and asset.attributes["imageDigest"] == "sha256:f6"


def test_devops_list_and_api_v2_shapes() -> None:
    devops = json.dumps([{"image_name": "app:1", "results": _scan(RESOURCES[:1])}]).encode()
    assert detect_format(open_report(devops, name="d.json")).id == "aqua"
    assert len(list(parse_report(devops).findings)) == 1
    api = {
        "count": 1,
        "result": [dict(VULN, aqua_severity="negligible", resource={"name": "jsonwebtoken", "version": "0.4.0"})],
        "query": {"image_name": "juiceshop:latest", "registry_name": "myRegistry"},
    }
    data = json.dumps(api).encode()
    assert detect_format(open_report(data, name="api.json")).id == "aqua"
    (f,) = list(parse_report(data).findings)
    assert f.severity is Severity.INFO and f.asset.attributes["imageName"] == "juiceshop:latest"


def test_empty_object_is_a_clean_report() -> None:
    assert list(parse_report(b"{}", "aqua").findings) == []


@pytest.mark.parametrize("data", [b'{"image": "x", "resources": [', b'{"something": "else"}', b'[{"x": 1}]'])
def test_broken_input_is_invalid_report(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "aqua").findings)
