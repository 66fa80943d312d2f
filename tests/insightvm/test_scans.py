"""`client.scans` against FakeInsightVM: every method, the console's quirks and the pitfalls of the old client."""

from __future__ import annotations

import time

import httpx
import pytest

from scanner_operator.insightvm import ConsoleHTTPError, InsightVMClient
from scanner_operator.insightvm.errors import envelope_status
from scanner_operator.testing.fake_insightvm import FakeInsightVM, RecordedRequest


def _requests(fake: FakeInsightVM, method: str, path_end: str) -> list[RecordedRequest]:
    return [r for r in fake.requests if r.method == method and r.path.endswith(path_end)]


def _running_scan(fake: FakeInsightVM, client: InsightVMClient, **kwargs: object) -> int:
    scan_id = client.scans.start_site_scan(42, **kwargs)  # type: ignore[arg-type]
    fake.advance_scan(scan_id)
    assert fake.scan_state(scan_id) == "running"
    return scan_id


# ---- start_site_scan --------------------------------------------------------------------------------------------


def test_start_returns_id_from_201_and_sends_only_set_fields(fake: FakeInsightVM, client: InsightVMClient) -> None:
    scan_id = client.scans.start_site_scan(
        site_id=42,
        scan_name="Monthly Security Audit",
        scan_template_id="full-audit-without-web-spider",
        hosts=["192.168.1.10", "192.168.1.20"],
        override_blackout=True,
    )
    assert isinstance(scan_id, int)
    assert fake.scan(scan_id).name == "Monthly Security Audit"
    (post,) = _requests(fake, "POST", "/sites/42/scans")
    assert post.body == {
        "name": "Monthly Security Audit",
        "templateId": "full-audit-without-web-spider",
        "hosts": ["192.168.1.10", "192.168.1.20"],
    }
    # overrideBlackout travels in the query string, never in the body.
    assert post.query == {"overrideBlackout": ["true"]}
    assert [a.ip for a in fake.scan(scan_id).targets] == ["192.168.1.10", "192.168.1.20"]


def test_start_with_defaults_sends_empty_body_and_no_override(fake: FakeInsightVM, client: InsightVMClient) -> None:
    scan_id = client.scans.start_site_scan(site_id=42)
    (post,) = _requests(fake, "POST", "/sites/42/scans")
    assert post.body == {}
    assert post.query == {}
    scan = fake.scan(scan_id)
    assert scan.engine.id == 3 and scan.template_id == "full-audit-without-web-spider"
    assert len(scan.targets) == 4


def test_start_with_engine_and_asset_groups(fake: FakeInsightVM, client: InsightVMClient) -> None:
    scan_id = client.scans.start_site_scan(site_id=42, engine_id=5, scan_name="Datacenter Scan")
    assert fake.scan(scan_id).engine.name == "Datacenter Engine"
    group_scan = client.scans.start_site_scan(site_id=42, asset_group_ids=[10, 11, 12], scan_template_id="discovery")
    assert fake.scan(group_scan).template_id == "discovery"
    assert _requests(fake, "POST", "/sites/42/scans")[-1].body == {
        "templateId": "discovery",
        "assetGroupIds": [10, 11, 12],
    }


def test_engine_id_zero_is_sent_not_dropped(fake: FakeInsightVM, client: InsightVMClient) -> None:
    with pytest.raises(httpx.HTTPStatusError) as info:
        client.scans.start_site_scan(site_id=42, engine_id=0)
    assert info.value.response.status_code == 400
    assert _requests(fake, "POST", "/sites/42/scans")[-1].body == {"engineId": 0}


@pytest.mark.parametrize(
    "kwargs",
    [
        {"scan_template_id": "no-such-template"},
        {"engine_id": 77},
        {"hosts": ["172.16.0.1"]},
        {"asset_group_ids": [99]},
    ],
)
def test_start_rejected_with_generic_400(
    fake: FakeInsightVM, client: InsightVMClient, kwargs: dict[str, object]
) -> None:
    with pytest.raises(httpx.HTTPStatusError) as info:
        client.scans.start_site_scan(42, **kwargs)  # type: ignore[arg-type]
    response = info.value.response
    assert response.status_code == 400
    assert envelope_status(response) == 400 and response.json()["status"] == 400  # an integer, as consoles send
    assert "unexpected error" in str(info.value)
    assert fake.scans == {}
    # A start is never replayed: exactly one POST reached the console.
    assert len(_requests(fake, "POST", "/sites/42/scans")) == 1


def test_blackout_needs_override(fake: FakeInsightVM, client: InsightVMClient) -> None:
    fake.sites[42].blackout = True
    with pytest.raises(ConsoleHTTPError, match="blackout"):
        client.scans.start_site_scan(42)
    assert client.scans.start_site_scan(42, override_blackout=True) in fake.scans


def test_unknown_site_is_404(client: InsightVMClient) -> None:
    with pytest.raises(httpx.HTTPStatusError) as info:
        client.scans.start_site_scan(404404)
    assert info.value.response.status_code == 404


# ---- get_scan, quirks ------------------------------------------------------------------------------------------


def test_get_scan_shape_and_quirks(fake: FakeInsightVM, client: InsightVMClient) -> None:
    first = client.scans.start_site_scan(42, scan_name="one")
    second = client.scans.start_site_scan(42, scan_name="two")
    scan = client.scans.get_scan(first)
    assert scan["scanType"] == "Manual"  # capitalised, as real consoles send
    assert scan["status"] == "dispatched"
    assert scan["engineName"] == "Local scan engine" and scan["engineIds"] == [3]
    assert "endTime" not in scan and "siteId" not in scan
    assert scan["duration"].startswith("PT")
    # Consoles send either startedBy or startedByUsername; the summary reads both.
    variants = {k for s in (first, second) for k in client.scans.get_scan(s) if k.startswith("startedBy")}
    assert variants == {"startedBy", "startedByUsername"}
    assert client.scans.get_scan_summary(first)["started_by"] == fake.username
    assert client.scans.get_scan_summary(second)["started_by"] == fake.username


def test_get_missing_scan_raises_with_response_and_message(client: InsightVMClient) -> None:
    with pytest.raises(httpx.HTTPStatusError) as info:
        client.scans.get_scan(999999)
    assert info.value.response.status_code == 404
    assert "999999 was not found" in str(info.value)


# ---- pause / resume / stop -------------------------------------------------------------------------------------


def test_pause_resume_stop_follow_valid_transitions(fake: FakeInsightVM, client: InsightVMClient) -> None:
    scan_id = _running_scan(fake, client)
    assert "links" in client.scans.pause_scan(scan_id)
    assert client.scans.get_scan(scan_id)["status"] == "paused"
    client.scans.resume_scan(scan_id)
    assert client.scans.get_scan(scan_id)["status"] == "running"
    client.scans.pause_scan(scan_id)
    client.scans.stop_scan(scan_id)  # stop is valid from paused too
    scan = client.scans.get_scan(scan_id)
    assert scan["status"] == "stopped" and "endTime" in scan


@pytest.mark.parametrize(
    ("setup", "action"),
    [
        ("dispatched", "pause"),
        ("dispatched", "stop"),
        ("running", "resume"),
        ("integrating", "pause"),
        ("paused", "pause"),
        ("finished", "stop"),
        ("stopped", "resume"),
        ("error", "stop"),
        ("aborted", "resume"),
    ],
)
def test_invalid_transitions_answer_400(fake: FakeInsightVM, client: InsightVMClient, setup: str, action: str) -> None:
    scan_id = client.scans.start_site_scan(42)
    if setup != "dispatched":
        fake.set_scan_state(scan_id, setup)
    with pytest.raises(httpx.HTTPStatusError) as info:
        getattr(client.scans, f"{action}_scan")(scan_id)
    assert info.value.response.status_code == 400
    assert info.value.response.json()["status"] == 400
    assert setup in str(info.value)
    assert fake.scan_state(scan_id) == setup
    # Not retried: one POST for the action.
    assert len(_requests(fake, "POST", f"/scans/{scan_id}/{action}")) == 1


# ---- waiting, summary, is_scan_running -------------------------------------------------------------------------


def test_wait_returns_when_finished(timed_fake: FakeInsightVM, timed_client: InsightVMClient) -> None:
    scan_id = timed_client.scans.start_site_scan(42, scan_name="timed")
    final = timed_client.scans.wait_for_scan_completion(scan_id, poll_interval=0.05, timeout=10)
    assert final["status"] == "finished"
    assert final["assets"] == 4
    assert final["vulnerabilities"] == {"critical": 2, "severe": 2, "moderate": 2, "total": 6}
    seen = {r.path for r in timed_fake.requests if r.method == "GET" and r.path.endswith(f"/scans/{scan_id}")}
    assert seen  # it polled


@pytest.mark.parametrize("terminal", ["stopped", "error", "aborted"])
def test_wait_ends_on_every_terminal_state(fake: FakeInsightVM, client: InsightVMClient, terminal: str) -> None:
    scan_id = _running_scan(fake, client)
    fake.set_scan_state(scan_id, terminal, message="engine lost")
    final = client.scans.wait_for_scan_completion(scan_id, poll_interval=0.01, timeout=5)
    assert final["status"] == terminal
    assert final["message"] == "engine lost"


@pytest.mark.parametrize("stuck", ["paused", "unknown", "integrating", "dispatched"])
def test_wait_does_not_treat_non_terminal_as_done(fake: FakeInsightVM, client: InsightVMClient, stuck: str) -> None:
    scan_id = client.scans.start_site_scan(42)
    fake.set_scan_state(scan_id, stuck)
    started = time.monotonic()
    with pytest.raises(TimeoutError, match=stuck):
        client.scans.wait_for_scan_completion(scan_id, poll_interval=0.05, timeout=0.3)
    assert 0.25 <= time.monotonic() - started < 3


def test_is_scan_running_counts_every_in_progress_state(fake: FakeInsightVM, client: InsightVMClient) -> None:
    scan_id = client.scans.start_site_scan(42)
    observed = {}
    for _ in range(3):
        observed[fake.scan_state(scan_id)] = client.scans.is_scan_running(scan_id)
        fake.advance_scan(scan_id)
    observed[fake.scan_state(scan_id)] = client.scans.is_scan_running(scan_id)
    assert observed == {"dispatched": True, "running": True, "integrating": True, "finished": False}
    paused = _running_scan(fake, client)
    client.scans.pause_scan(paused)
    assert client.scans.is_scan_running(paused) is False
    assert client.scans.is_scan_finished(paused) is False
    assert client.scans.is_scan_finished(scan_id) is True


def test_summary_fields(fake: FakeInsightVM, client: InsightVMClient) -> None:
    scan_id = client.scans.start_site_scan(42, scan_name="Summary", hosts=["192.168.1.10"])
    for _ in range(3):
        fake.advance_scan(scan_id)
    summary = client.scans.get_scan_summary(scan_id)
    assert summary["id"] == scan_id
    assert summary["name"] == "Summary"
    assert summary["status"] == "finished"
    assert summary["assets_scanned"] == 1
    assert summary["vulnerabilities"] == {"critical": 1, "severe": 1, "moderate": 1, "total": 3}
    assert summary["engine_name"] == "Local scan engine"
    assert summary["start_time"].endswith("Z") and summary["end_time"].endswith("Z")
    assert summary["duration"].startswith("PT")
    assert summary["scan_type"] == "manual"
    assert set(summary) >= {"message", "engine_id"}


def test_progress_grows_while_running(timed_fake: FakeInsightVM, timed_client: InsightVMClient) -> None:
    timed_fake.run_seconds = 1.0
    scan_id = timed_client.scans.start_site_scan(42)
    assets_seen = []
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        scan = timed_client.scans.get_scan(scan_id)
        assets_seen.append(scan["assets"])
        if scan["status"] == "finished":
            break
        time.sleep(0.05)
    assert assets_seen == sorted(assets_seen)
    assert assets_seen[0] < 4 and assets_seen[-1] == 4


# ---- listing and paging ----------------------------------------------------------------------------------------


def test_list_sends_active_explicitly_and_repeats_sort(fake: FakeInsightVM, client: InsightVMClient) -> None:
    client.scans.list()
    client.scans.list(active=True, page=0, size=50, sort=["endTime,DESC", "id,ASC"])
    default, explicit = _requests(fake, "GET", "/api/3/scans")
    assert default.query["active"] == ["false"] and default.query["size"] == ["500"]
    assert explicit.query == {"active": ["true"], "page": ["0"], "size": ["50"], "sort": ["endTime,DESC", "id,ASC"]}
    with pytest.raises(ValueError, match="500"):
        client.scans.list(size=501)


def test_list_page_envelope_and_active_filter(fake: FakeInsightVM, client: InsightVMClient) -> None:
    done = fake.seed_scans(42, 3, "finished")
    running = client.scans.start_site_scan(42, scan_name="live")
    past = client.scans.list(active=False, size=2)
    assert past["page"] == {"number": 0, "size": 2, "totalPages": 2, "totalResources": 3}
    assert {link["rel"] for link in past["links"]} == {"self", "first", "last", "next"}
    assert [s["id"] for s in past["resources"]] == done[:2]
    assert past["resources"][0]["siteId"] == 42 and past["resources"][0]["siteName"] == "Production DMZ"
    active = client.scans.list(active=True)
    assert [s["id"] for s in active["resources"]] == [running]
    with pytest.raises(httpx.HTTPStatusError) as info:
        client.scans.list(active=False, page=2, size=2)  # past the last page: 404, not an empty list
    assert info.value.response.status_code == 404


def test_empty_listing_reports_zero_pages(client: InsightVMClient) -> None:
    page = client.scans.list(active=True)
    assert page["resources"] == [] and page["page"]["totalPages"] == 0


def test_get_site_scans_and_history_sort(fake: FakeInsightVM, client: InsightVMClient) -> None:
    ids = fake.seed_scans(42, 3, "finished")
    fake.seed_scans(7, 2, "finished")
    fake.scans[ids[0]].end_wall = fake.scans[ids[2]].end_wall.replace(year=2030)  # type: ignore[union-attr]
    page = client.scans.get_site_scans(site_id=42, active=False, sort=["endTime,DESC"], size=100)
    assert page["resources"][0]["id"] == ids[0]
    assert len(page["resources"]) == 3
    assert "siteId" not in page["resources"][0]


def test_get_all_scans_pages_until_total_pages(fake: FakeInsightVM, client: InsightVMClient) -> None:
    ids = fake.seed_scans(42, 1001, "finished")
    scans = client.scans.get_all_scans(active=False)
    assert [s["id"] for s in scans] == ids
    pages = [r.query["page"] for r in _requests(fake, "GET", "/api/3/scans")]
    assert pages == [["0"], ["1"], ["2"]]


def test_get_all_scans_stops_on_404_when_history_shrinks(fake: FakeInsightVM, client: InsightVMClient) -> None:
    ids = fake.seed_scans(42, 1001, "finished")

    def purge_after_first_page(request: RecordedRequest) -> None:
        if request.path.endswith("/scans") and request.query.get("page") == ["0"]:
            fake.delete_scans(ids[:600])  # page 0 said 3 pages; now there are 401 scans = 1 page

    fake.after_request = purge_after_first_page
    scans = client.scans.get_all_scans(active=False)
    pages = [(r.query["page"], r.path) for r in _requests(fake, "GET", "/api/3/scans")]
    assert [p for p, _ in pages] == [["0"], ["1"]]
    # Page 1 of the shrunken list is a 404: the iteration ends there with what it has, no exception.
    assert [s["id"] for s in scans] == ids[:500]


def test_get_all_scans_deduplicates_shifted_records(fake: FakeInsightVM, client: InsightVMClient) -> None:
    ids = fake.seed_scans(42, 600, "finished")

    def add_newer_after_first_page(request: RecordedRequest) -> None:
        if request.path.endswith("/scans") and request.query.get("page") == ["0"]:
            fake.seed_scans(42, 10, "finished")  # newest first: pushes 10 already-seen records onto page 1

    fake.after_request = add_newer_after_first_page
    scans = client.scans.get_all_scans(active=False, sort=["id,DESC"])
    returned = [s["id"] for s in scans]
    assert len(returned) == len(set(returned)) == 600
    assert set(returned) == set(ids)


def test_get_all_scans_without_active_merges_both(fake: FakeInsightVM, client: InsightVMClient) -> None:
    done = fake.seed_scans(42, 2, "finished")
    live = client.scans.start_site_scan(42)
    assert sorted(s["id"] for s in client.scans.get_all_scans()) == sorted([*done, live])
    assert [s["id"] for s in client.scans.get_active_scans()] == [live]


def test_active_includes_paused_and_completed_includes_every_terminal(
    fake: FakeInsightVM, client: InsightVMClient
) -> None:
    paused = _running_scan(fake, client)
    client.scans.pause_scan(paused)
    stopped = _running_scan(fake, client)
    client.scans.stop_scan(stopped)
    errored = client.scans.start_site_scan(42)
    fake.set_scan_state(errored, "error")
    finished = fake.seed_scans(42, 1, "finished")[0]
    assert {s["id"] for s in client.scans.get_active_scans()} == {paused}
    completed = client.scans.get_completed_scans()
    assert {s["id"] for s in completed} == {stopped, errored, finished}
    assert _requests(fake, "GET", "/api/3/scans")[-1].query["sort"] == ["endTime,DESC"]
    ends = [s["endTime"] for s in completed]
    assert ends == sorted(ends, reverse=True)


def test_site_scan_by_name_lookup(fake: FakeInsightVM, client: InsightVMClient) -> None:
    a = client.scans.start_site_scan(42, scan_name="ivs-abc-1")
    client.scans.start_site_scan(42, scan_name="ivs-abc-2")
    fake.set_scan_state(a, "finished")
    b = client.scans.start_site_scan(42, scan_name="ivs-abc-1")
    found = client.scans.find_site_scans_by_name(42, "ivs-abc-1")
    assert [s["id"] for s in found] == [b, a]
    assert [s["id"] for s in client.scans.find_site_scans_by_name(42, "ivs-abc-1", active=True)] == [b]
