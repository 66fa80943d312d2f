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


def test_api_v2_rows_carry_their_own_image_and_results_key() -> None:
    row = dict(
        VULN,
        cwe_info=[{"Id": "CWE-125", "name": "Out-of-bounds Read"}],
        resource={"type": "package", "format": "npm", "name": "jsonwebtoken", "version": "0.4.0"},
        image_name="juiceshop:latest",
        registry="myRegistry",
        image_digest="sha256:82",
        image_uid=344,
    )
    other = dict(row, name="CVE-2020-1", image_name="other:2", image_digest="sha256:99")
    for key in ("result", "results"):
        data = json.dumps({"count": 2, "page": 1, "pagesize": 200, key: [row, other]}).encode()
        assert detect_format(open_report(data, name="v2.json")).id == "aqua"
        parsed = parse_report(data)
        first, second = list(parsed.findings)
        assert first.cwes == ["CWE-125"] and first.asset.attributes["imageDigest"] == "sha256:82"
        assert second.asset.attributes["imageName"] == "other:2"
        assert len(parsed.assets) == 2


def test_scan_result_detected_whatever_the_key_order() -> None:
    # the digest and the assurance results after the (possibly huge) resources list, minified
    scan = {"resources": RESOURCES, "image": "app:1", "digest": "sha256:1"}
    data = json.dumps(scan, separators=(",", ":")).encode()
    assert detect_format(open_report(data, name="scan.json")).id == "aqua"
    assert len(list(parse_report(data).findings)) == 2


def test_cves_layout_dedupes_per_file_and_maps_the_score() -> None:
    cve = {
        "type": "vulnerability",
        "name": "CVE-2019-15601",
        "file": "/usr/lib/x86_64-linux-gnu/libcurl.so.4",
        "url": "https://nvd.nist.gov/vuln/detail/CVE-2019-15601",
        "score": 4.3,
        "description": "curl SMB path traversal",
        "fix_version": "7.68.0",
    }
    data = json.dumps({"cves": [cve, cve, dict(cve, name="CVE-2020-8177", score=9.1)]}).encode()
    assert detect_format(open_report(data, name="v2.json")).id == "aqua"
    parsed = parse_report(data)
    found = list(parsed.findings)
    assert [f.severity for f in found] == [Severity.MEDIUM, Severity.CRITICAL]
    assert found[0].location and found[0].location.startswith("/usr/lib/")


def test_clean_resources_are_counted_as_skipped() -> None:
    scan = _scan(
        [{"resource": {"format": "apk", "name": "musl", "version": "1"}, "scanned": True, "vulnerabilities": None}]
    )
    parsed = parse_report(json.dumps(scan).encode(), "aqua")
    assert list(parsed.findings) == []
    assert sum(parsed._ctx.skipped.values()) == 1
