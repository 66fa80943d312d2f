"""Findings a report marks closed (here OpenVEX `not_affected`) are parsed, but never imported as open: the import
leaves them out, says so, and a merge import closes the finding that was open before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scan_parsers import parse_report
from scanner_operator.cli import ExitCode, main
from scanner_operator.testing.fake_phoenix import FakePhoenix


def _vex(second_status: str) -> bytes:
    product = {"@id": "pkg:npm/shop@1.0.0"}
    statements = [
        {"vulnerability": {"name": "CVE-2024-1"}, "products": [product], "status": "affected"},
        {"vulnerability": {"name": "CVE-2024-2"}, "products": [product], "status": second_status},
    ]
    if second_status == "not_affected":
        statements[1]["justification"] = "vulnerable_code_not_present"
    doc = {
        "@context": "https://openvex.dev/ns/v0.2.0",
        "@id": "https://example.com/vex/1",
        "author": "Security",
        "timestamp": "2026-12-01T00:00:00Z",
        "version": 1,
        "statements": statements,
    }
    return json.dumps(doc).encode()


def _import(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    code = main(
        ["import", str(path), "--scanner", "openvex", "--assessment", "vex", "--import-type", "merge", "--json"]
    )
    out = capsys.readouterr()
    assert code == ExitCode.OK, out.err
    summary: dict[str, object] = json.loads(out.out)
    return summary


def test_a_finding_the_report_rules_out_is_closed_not_imported(
    fake: FakePhoenix, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PHOENIX_API_URL", fake.url)
    monkeypatch.setenv("PHOENIX_CLIENT_ID", fake.client_id)
    monkeypatch.setenv("PHOENIX_CLIENT_SECRET", fake.client_secret)
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    before.write_bytes(_vex("affected"))
    after.write_bytes(_vex("not_affected"))

    assert _import(before, capsys)["findings"] == 2
    assert len(fake.open_findings("vex")) == 2

    # the parse still holds both (counts match the report), one of them inactive
    assert [f.active for f in parse_report(after, "openvex").findings] == [True, False]
    summary = _import(after, capsys)
    assert summary["findings"] == 1 and summary["assets"] == 1
    assert "1 finding not imported: marked not_affected in the report" in " ".join(summary["warnings"])  # type: ignore[arg-type]
    assert len(fake.open_findings("vex")) == 1 and len(fake.closed_findings("vex")) == 1


def test_a_report_of_inactive_findings_only_still_sends_its_asset(
    fake: FakePhoenix, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PHOENIX_API_URL", fake.url)
    monkeypatch.setenv("PHOENIX_CLIENT_ID", fake.client_id)
    monkeypatch.setenv("PHOENIX_CLIENT_SECRET", fake.client_secret)
    first, fixed = tmp_path / "first.json", tmp_path / "fixed.json"
    first.write_bytes(_vex("affected"))
    fixed.write_bytes(_vex("affected").replace(b'"affected"', b'"fixed"'))
    _import(first, capsys)
    summary = _import(fixed, capsys)
    assert summary["findings"] == 0 and summary["assets"] == 1 and summary["batches"] == 1
    assert fake.open_findings("vex") == set() and len(fake.closed_findings("vex")) == 2
