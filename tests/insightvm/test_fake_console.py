"""FakeInsightVM itself: the catalogue endpoints, envelopes and the standalone mode used by `make demo`."""

from __future__ import annotations

import json
import signal
import ssl
import subprocess
import sys

import httpx

from scanner_operator.testing.fake_insightvm import FakeInsightVM, iso_duration


def _get(fake: FakeInsightVM, path: str, **kwargs: object) -> httpx.Response:
    return httpx.get(f"{fake.url}/api/3/{path}", auth=(fake.username, fake.password), **kwargs)  # type: ignore[arg-type]


def test_engines_templates_sites(fake: FakeInsightVM) -> None:
    engines = _get(fake, "scan_engines").json()
    assert "page" not in engines  # Resources«ScanEngine» is not paged
    assert {e["id"]: e["status"] for e in engines["resources"]} == {3: "active", 5: "active", 9: "not-responding"}
    assert _get(fake, "scan_engines/5").json()["name"] == "Datacenter Engine"
    templates = _get(fake, "scan_templates").json()["resources"]
    assert "full-audit-without-web-spider" in {t["id"] for t in templates}
    assert _get(fake, "scan_templates/discovery").json()["discoveryOnly"] is True
    sites = _get(fake, "sites").json()
    assert sites["page"]["totalResources"] == 2
    assert _get(fake, "sites/42").json()["scanTemplate"] == "full-audit-without-web-spider"
    assert _get(fake, "sites/42/scan_engine").json()["id"] == 3
    assert _get(fake, "sites/42/scan_template").json()["id"] == "full-audit-without-web-spider"
    groups = _get(fake, "sites/42/included_asset_groups").json()["resources"]
    assert [g["id"] for g in groups] == [5, 6, 7, 10, 11, 12]
    assert _get(fake, "report_formats").json()["resources"][0]["format"] == "arf-xml"


def test_envelopes_for_unknown_paths_methods_and_auth(fake: FakeInsightVM) -> None:
    missing = _get(fake, "nothing/here")
    assert missing.status_code == 404 and missing.json()["status"] == 404
    assert missing.json()["links"][0]["rel"] == "self"
    wrong_method = httpx.delete(f"{fake.url}/api/3/scans", auth=(fake.username, fake.password))
    assert wrong_method.status_code == 405
    anonymous = httpx.get(f"{fake.url}/api/3/scans")
    assert anonymous.status_code == 401 and anonymous.headers["WWW-Authenticate"].startswith("Basic")
    assert anonymous.headers["Server"].startswith("Security Console")
    bad_size = _get(fake, "scans", params={"size": "501"})
    assert bad_size.status_code == 400
    bad_active = _get(fake, "scans", params={"active": "maybe"})
    assert bad_active.status_code == 400


def test_overrideblackout_in_body_is_rejected(fake: FakeInsightVM) -> None:
    response = httpx.post(
        f"{fake.url}/api/3/sites/42/scans", auth=(fake.username, fake.password), json={"overrideBlackout": True}
    )
    assert response.status_code == 400
    assert fake.scans == {}


def test_engine_not_responding_keeps_scan_dispatched(timed_fake: FakeInsightVM) -> None:
    response = httpx.post(
        f"{timed_fake.url}/api/3/sites/7/scans", auth=(timed_fake.username, timed_fake.password), json={}
    )
    assert response.status_code == 201
    scan_id = response.json()["id"]
    timed_fake.advance_time(3600)
    assert timed_fake.scan_state(scan_id) == "dispatched"


def test_time_driven_state_machine_and_clock(timed_fake: FakeInsightVM) -> None:
    timed_fake.run_seconds = 100
    response = httpx.post(
        f"{timed_fake.url}/api/3/sites/42/scans", auth=(timed_fake.username, timed_fake.password), json={}
    )
    scan_id = response.json()["id"]
    assert timed_fake.scan_state(scan_id) == "dispatched"
    timed_fake.advance_time(1)
    assert timed_fake.scan_state(scan_id) == "running"
    timed_fake.advance_time(100)
    assert timed_fake.scan_state(scan_id) == "finished"
    scan = _get(timed_fake, f"scans/{scan_id}").json()
    assert scan["assets"] == 4 and scan["vulnerabilities"]["total"] == 6


def test_iso_duration() -> None:
    assert iso_duration(51.316) == "PT51.316S"
    assert iso_duration(3723.5) == "PT1H2M3.5S"
    assert iso_duration(0) == "PT0S"
    assert iso_duration(120) == "PT2M"


def test_standalone_prints_connection_json_and_stops_on_sigterm() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "scanner_operator.testing.fake_insightvm", "--tls", "--run-seconds", "0.2"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        info = json.loads(proc.stdout.readline())
        assert info["url"].startswith("https://127.0.0.1:") and info["siteId"] == 42
        response = httpx.post(
            f"{info['url']}/api/3/sites/42/scans",
            auth=(info["username"], info["password"]),
            json={"name": "standalone"},
            verify=ssl.create_default_context(cafile=info["caFile"]),
        )
        assert response.status_code == 201
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
