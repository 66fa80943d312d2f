"""Scan-scoped report export (xml-export-v2): create, generate, poll, download, gunzip, delete."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pytest

from scanner_operator.insightvm import InsightVMClient, ReportGenerationError, ScanNotFinishedError
from scanner_operator.testing.fake_insightvm import FakeInsightVM


def _finished_scan(fake: FakeInsightVM, client: InsightVMClient, **kwargs: object) -> int:
    scan_id = client.scans.start_site_scan(42, **kwargs)  # type: ignore[arg-type]
    for _ in range(3):
        fake.advance_scan(scan_id)
    return scan_id


def test_export_scan_to_file(fake: FakeInsightVM, client: InsightVMClient, tmp_path: Path) -> None:
    fake.report_seconds = 0.2
    scan_id = _finished_scan(fake, client, scan_name="export me")
    path = client.reports.export_scan(scan_id, tmp_path / "out" / "scan.xml", poll_interval=0.05)
    root = ET.parse(path).getroot()  # noqa: S314 - the fake's own output
    assert root.tag == "NexposeReport" and root.get("version") == "2.0"
    assert root.find("scans/scan").get("id") == str(scan_id)  # type: ignore[union-attr]
    assert root.find("scans/scan").get("status") == "finished"  # type: ignore[union-attr]
    scan = client.scans.get_scan(scan_id)
    assert len(root.findall("nodes/node")) == scan["assets"] == 4
    assert len(root.findall(".//test")) == scan["vulnerabilities"]["total"] == 6
    severities = {v.get("id"): int(v.get("severity", "0")) for v in root.iter("vulnerability")}
    assert sum(1 for s in severities.values() if s >= 8) == 2
    # The flow: create scoped to the scan, generate, poll until complete, download with Accept */*, delete.
    calls = [(r.method, r.path.split("/api/3/")[1]) for r in fake.requests if "/reports" in r.path]
    (create,) = [r for r in fake.requests if r.method == "POST" and r.path.endswith("/reports")]
    assert create.body == {
        "name": f"phoenix-export-scan-{scan_id}",
        "format": "xml-export-v2",
        "scope": {"scan": scan_id},
    }
    assert calls[0] == ("POST", "reports") and calls[1] == ("POST", "reports/1/generate")
    assert ("GET", "reports/1/history/1") in calls
    assert calls[-2] == ("GET", "reports/1/history/1/output") and calls[-1] == ("DELETE", "reports/1")
    (download,) = [r for r in fake.requests if r.path.endswith("/output")]
    assert download.headers["accept"] == "*/*"
    assert fake.reports == {}
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".report-")]


def test_export_plain_output_is_used_as_is(fake: FakeInsightVM, client: InsightVMClient) -> None:
    fake.gzip_reports = False
    scan_id = _finished_scan(fake, client, hosts=["10.0.1.5"])
    data = client.reports.export_scan_bytes(scan_id, poll_interval=0.05)
    assert data.startswith(b"<?xml")
    root = ET.fromstring(data)  # noqa: S314 - the fake's own output
    assert [n.get("address") for n in root.iter("node")] == ["10.0.1.5"]


def test_console_serves_gzip_and_refuses_json_accept(fake: FakeInsightVM, client: InsightVMClient) -> None:
    scan_id = _finished_scan(fake, client)
    report_id = client.reports.create({"name": "r", "format": "xml-export-v2", "scope": {"scan": scan_id}})
    instance = client.reports.generate(report_id)
    client.reports.wait_for_instance(report_id, instance, poll_interval=0.05, timeout=5)
    raw = httpx.get(
        f"{fake.url}/api/3/reports/{report_id}/history/{instance}/output",
        auth=(fake.username, fake.password),
        headers={"Accept": "*/*"},
    )
    assert raw.content[:2] == b"\x1f\x8b"
    assert gzip.decompress(raw.content).startswith(b"<?xml")
    refused = httpx.get(
        f"{fake.url}/api/3/reports/{report_id}/history/{instance}/output",
        auth=(fake.username, fake.password),
        headers={"Accept": "application/json"},
    )
    assert refused.status_code == 406
    assert client.reports.get_instance(report_id)["status"] == "complete"  # `latest`
    client.reports.delete(report_id)
    client.reports.delete(report_id)  # already gone: fine


def test_only_finished_scans_are_exported(fake: FakeInsightVM, client: InsightVMClient) -> None:
    scan_id = client.scans.start_site_scan(42)
    fake.advance_scan(scan_id)
    fake.advance_scan(scan_id)
    assert fake.scan_state(scan_id) == "integrating"
    with pytest.raises(ScanNotFinishedError, match="integrating"):
        client.reports.export_scan_bytes(scan_id)
    assert not [r for r in fake.requests if r.path.endswith("/reports")]


def test_failed_generation_raises_and_cleans_up(fake: FakeInsightVM, client: InsightVMClient) -> None:
    scan_id = _finished_scan(fake, client)
    with pytest.raises(ReportGenerationError, match="failed"):
        # The fake only renders xml-export-v2; a csv-export instance ends `failed`.
        client.reports.export_scan_bytes(scan_id, report_format="csv-export", poll_interval=0.05)
    assert fake.reports == {}


def test_generation_timeout_cleans_up(fake: FakeInsightVM, client: InsightVMClient) -> None:
    fake.report_seconds = 60
    scan_id = _finished_scan(fake, client)
    with pytest.raises(TimeoutError):
        client.reports.export_scan_bytes(scan_id, poll_interval=0.05, timeout=0.3)
    assert fake.reports == {}


def test_report_create_validation(fake: FakeInsightVM, client: InsightVMClient) -> None:
    scan_id = _finished_scan(fake, client)
    bad_configs: list[dict[str, object]] = [
        {"name": "r", "format": "nope", "scope": {"scan": scan_id}},
        {"name": "r", "format": "pdf", "scope": {"scan": scan_id}},
        {"name": "r", "format": "xml-export-v2", "scope": {"scan": scan_id, "sites": [42]}},
        {"name": "r", "format": "xml-export-v2", "scope": {"scan": 424242}},
        {"name": "r", "format": "xml-export-v2"},
    ]
    for config in bad_configs:
        with pytest.raises(httpx.HTTPStatusError) as info:
            client.reports.create(config)
        assert info.value.response.status_code == 400, config
    with pytest.raises(ValueError, match="cannot be scoped"):
        client.reports.export_scan(scan_id, Path("unused.xml"), report_format="pdf")
