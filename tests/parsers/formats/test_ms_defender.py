"""ms_defender: machinesVulnerabilities pages, the per-device export, the machines + vulnerabilities zip, fixed
entries, empty pages and foreign input."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

CONTEXT = "https://api.securitycenter.microsoft.com/api/$metadata#Collection(microsoft.windowsDefenderATP.api.PublicAssetVulnerabilityDto)"


def _page(values: list[dict[str, Any]]) -> dict[str, Any]:
    return {"@odata.context": CONTEXT, "value": values}


VULN = {
    "id": "m1-_-CVE-2024-21338-_-microsoft-_-windows_11-_-10.0.22631.3007-_-",
    "cveId": "CVE-2024-21338",
    "machineId": "m1",
    "fixingKbId": "5034765",
    "productName": "windows_11",
    "productVendor": "microsoft",
    "productVersion": "10.0.22631.3007",
    "severity": "High",
}
MACHINE = {
    "id": "m1",
    "computerDnsName": "ws-042.corp.example",
    "osPlatform": "Windows11",
    "lastIpAddress": "10.0.0.42",
    "ipAddresses": [{"ipAddress": "10.0.0.42", "macAddress": "00-B0-D0-63-C2-26"}],
}


def test_machines_vulnerabilities_page() -> None:
    data = json.dumps(_page([VULN])).encode()
    assert detect_format(open_report(data, name="vulns.json")).id == "ms_defender"
    (f,) = parse_report(data, "ms_defender").findings
    assert f.name == "CVE-2024-21338 in windows_11" and f.severity is Severity.HIGH
    assert f.remedy == "Install KB5034765."
    assert f.asset.type is AssetType.INFRA and f.asset.attributes == {"hostname": "m1"}
    assert f.package is not None and f.package.version == "10.0.22631.3007"


def test_zip_with_machines() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("machines/machines.json", json.dumps(_page([MACHINE])))
        zf.writestr("vulnerabilities/page1.json", json.dumps(_page([VULN])))
        zf.writestr(
            "vulnerabilities/page2.json",
            json.dumps(_page([{**VULN, "cveId": "CVE-2024-1111", "machineId": "unknown", "severity": "Low"}])),
        )
    data = buf.getvalue()
    assert detect_format(open_report(data, name="defender.zip")).id == "ms_defender"
    known, unknown = list(parse_report(data, "ms_defender").findings)
    assert known.asset.attributes == {
        "ip": "10.0.0.42",
        "hostname": "ws-042.corp.example",
        "os": "Windows11",
        "macAddress": "00-B0-D0-63-C2-26",
    }
    assert unknown.asset.attributes == {"hostname": "unknown"} and unknown.severity is Severity.LOW


def test_per_device_export_and_fixed_entries() -> None:
    entry = {
        "deviceId": "d1",
        "deviceName": "srv-01",
        "osPlatform": "WindowsServer2019",
        "softwareVendor": "openssl",
        "softwareName": "openssl",
        "softwareVersion": "1.1.1",
        "cveId": "CVE-2023-0286",
        "cvssScore": 7.4,
        "vulnerabilitySeverityLevel": None,
        "diskPaths": ["C:\\app\\libssl.dll"],
        "status": "Vulnerable",
    }
    parsed = parse_report(
        json.dumps(_page([entry, {**entry, "cveId": "CVE-2023-0001", "status": "Fixed"}])).encode(), "ms_defender"
    )
    (f,) = parsed.findings
    assert (f.severity, f.score) == (Severity.HIGH, 7.4)
    assert f.asset.attributes == {"hostname": "srv-01", "os": "WindowsServer2019"}
    assert f.location == "C:\\app\\libssl.dll"
    assert dict(parsed._ctx.skipped) == {"status fixed": 1}


def test_empty_and_foreign() -> None:
    data = json.dumps(_page([])).encode()
    assert detect_format(open_report(data, name="empty.json")).id == "ms_defender"
    assert list(parse_report(data, "ms_defender").findings) == []
    with pytest.raises(InvalidReport, match="machines, not of vulnerabilities"):
        list(parse_report(json.dumps(_page([MACHINE])).encode(), "ms_defender").findings)
    with pytest.raises(InvalidReport, match="no `value` list"):
        list(parse_report(b'{"results": []}', "ms_defender").findings)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.json", "{}")
        zf.writestr("b.json", "{}")
    with pytest.raises(InvalidReport, match="without vulnerabilities"):
        list(parse_report(buf.getvalue(), "ms_defender").findings)
