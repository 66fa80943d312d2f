"""Batching: bounds, the new/merge safety rule, streaming flushes, and what a lost answer mid-import does."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

from scan_parsers import parse_report
from scanner_operator.phoenix import DryRunWriter, ImportOptions, PhoenixClient, PhoenixUncertain, import_report
from scanner_operator.phoenix.batching import Batcher, BatchInfo
from scanner_operator.testing.fake_phoenix import FakePhoenix, load_schema

from .conftest import hadolint_report

VALIDATOR = jsonschema.Draft202012Validator(load_schema())


def parsed_fingerprints(path: Path) -> Counter[str]:
    return Counter(f.fingerprint for f in parse_report(path, "hadolint").findings)


def client(fake: FakePhoenix) -> PhoenixClient:
    return PhoenixClient(fake.url, fake.client_id, fake.client_secret, sleep=lambda _s: None)


def test_asset_bound_and_split_sent_as_delta(fake: FakePhoenix, tmp_path: Path) -> None:
    report = hadolint_report(tmp_path / "r.json", files=10, per_file=5)
    with client(fake) as c:
        result = import_report(report, options=ImportOptions(import_type="merge", max_batch_assets=3), client=c)
    assert result.batches == len(fake.imports) == 4
    assert all(len(body["assets"]) <= 3 for body in fake.imports)
    assert {body["importType"] for body in fake.imports} == {"delta"}
    assert result.strategy == "split-delta" and result.effective_import_type == "delta"
    assert any("delta" in w for w in result.warnings)
    assert fake.fingerprint_counts() == parsed_fingerprints(report)
    assert result.findings == 50 and result.assets == 10


def test_byte_bound_holds_for_every_body(tmp_path: Path) -> None:
    report = hadolint_report(tmp_path / "r.json", files=6, per_file=8)
    out = tmp_path / "out"
    result = import_report(report, options=ImportOptions(max_batch_bytes=4000), client=DryRunWriter(out))
    files = sorted(out.iterdir())
    assert len(files) == result.batches > 1
    total = 0
    for f in files:
        raw = f.read_bytes()
        assert len(raw) <= 4000
        body = json.loads(raw)
        assert VALIDATOR.is_valid(body)
        total += sum(len(a.get("findings", [])) for a in body["assets"])
    assert total == 48


def test_report_that_fits_goes_in_one_request_with_the_requested_type(fake: FakePhoenix, tmp_path: Path) -> None:
    report = hadolint_report(tmp_path / "r.json", files=3, per_file=4)
    with client(fake) as c:
        result = import_report(report, options=ImportOptions(import_type="merge"), client=c)
    assert result.batches == 1 and result.strategy == "single-request"
    assert [b["importType"] for b in fake.imports] == ["merge"]


def test_fake_models_the_hazard_of_naive_batching(fake: FakePhoenix) -> None:
    """Sanity check of the oracle: two `merge` requests of one report close the first request's findings."""

    def body(ip: str) -> bytes:
        finding = {"name": "CVE-1", "description": "d", "remedy": "r", "severity": "5.0"}
        return json.dumps(
            {
                "importType": "merge",
                "assessment": {"assetType": "INFRA", "name": "naive"},
                "assets": [{"attributes": {"ip": ip}, "findings": [finding]}],
            }
        ).encode()

    with client(fake) as c:
        c.import_assets(body("10.0.0.1"))
        c.import_assets(body("10.0.0.2"))
    assert len(fake.closed_findings("naive")) == 1


@pytest.mark.parametrize("import_type", ["new", "merge"])
def test_split_report_never_closes_its_own_findings(fake: FakePhoenix, tmp_path: Path, import_type: str) -> None:
    report = hadolint_report(tmp_path / "r.json", files=9, per_file=3)
    options = ImportOptions(assessment_name="safe", import_type=import_type, max_batch_assets=2)
    with client(fake) as c:
        for _ in range(2):  # and a re-run of the same report does not either
            import_report(report, options=options, client=c)
    assert fake.closed_findings("safe") == set()
    assert len(fake.open_findings("safe")) == 27


def test_single_request_merge_closes_what_disappeared(fake: FakePhoenix, tmp_path: Path) -> None:
    """The documented merge semantics are kept when the report fits in one request."""
    with client(fake) as c:
        first = hadolint_report(tmp_path / "a.json", files=2, per_file=3)
        import_report(first, options=ImportOptions(assessment_name="m", import_type="merge"), client=c)
        second = hadolint_report(tmp_path / "b.json", files=2, per_file=2)
        import_report(second, options=ImportOptions(assessment_name="m", import_type="merge"), client=c)
    assert len(fake.closed_findings("m")) == 2
    assert len(fake.open_findings("m")) == 4


def test_batcher_flushes_while_fed() -> None:
    sent: list[BatchInfo] = []
    batcher = Batcher(
        import_type="new",
        assessment_name="a",
        max_assets=5,
        max_bytes=1_000_000,
        send=lambda body, info: sent.append(info),
    )
    for i in range(100):
        batcher.add("INFRA", i % 20, lambda i=i: Batcher.asset_head({"attributes": {"ip": f"10.0.0.{i % 20}"}}), b"{}")
        if i == 30:
            assert sent, "a full batch must go out before the report ends"
    batcher.finish()
    assert sum(b.findings for b in sent) == 100
    assert all(b.assets <= 5 for b in sent)
    assert {b.import_type for b in sent} == {"delta"}


def test_one_asset_with_many_findings_is_streamed_in_parts(tmp_path: Path) -> None:
    report = hadolint_report(tmp_path / "r.json", files=1, per_file=200)
    out = tmp_path / "out"
    result = import_report(report, options=ImportOptions(max_batch_bytes=10_000), client=DryRunWriter(out))
    assert result.batches > 5
    bodies = [json.loads(p.read_bytes()) for p in sorted(out.iterdir())]
    assert all(len(b["assets"]) == 1 and b["importType"] == "delta" for b in bodies)
    assert sum(len(b["assets"][0]["findings"]) for b in bodies) == 200


def test_lost_answer_mid_import_stops_and_says_what_landed(fake: FakePhoenix, tmp_path: Path) -> None:
    report = hadolint_report(tmp_path / "r.json", files=6, per_file=2)
    with client(fake) as c:
        c.token()
        fake.slow_next(0.0, path="/v1/import/assets")  # batch 1 answered normally
        fake.drop_next_import()  # the fault list is ordered: batch 1 slow(0), batch 2 dropped
        with pytest.raises(PhoenixUncertain) as info:
            import_report(report, options=ImportOptions(max_batch_assets=2), client=c)
    err = info.value
    assert err.batch == 2 and err.batches_accepted == 1 and err.body_sha256
    assert "nothing after this batch was sent" in str(err)
    assert fake.accepted_imports == 2  # batch 2 was stored by the server; batch 3 was never sent
    assert fake.replayed_imports == 0
