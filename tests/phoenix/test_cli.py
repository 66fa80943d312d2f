"""`phoenix-scanner import`: --json, --dry-run, tags, many files, anonymize and the exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from scanner_operator.cli import ExitCode, main
from scanner_operator.testing.fake_phoenix import FakePhoenix, load_schema

from .conftest import hadolint_report

VALIDATOR = jsonschema.Draft202012Validator(load_schema())


@pytest.fixture
def phoenix_env(fake: FakePhoenix, monkeypatch: pytest.MonkeyPatch) -> FakePhoenix:
    monkeypatch.setenv("PHOENIX_API_URL", fake.url)
    monkeypatch.setenv("PHOENIX_CLIENT_ID", fake.client_id)
    monkeypatch.setenv("PHOENIX_CLIENT_SECRET", fake.client_secret)
    return fake


def test_json_summary(phoenix_env: FakePhoenix, small_report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["import", str(small_report), "--json", "--import-type", "merge", "--tag", "team=payments"])
    assert code == ExitCode.OK
    out = json.loads(capsys.readouterr().out)
    assert out["assessmentName"] == "HADOLINT-hadolint"
    assert (out["assets"], out["findings"], out["batches"], out["importType"]) == (3, 12, 1, "merge")
    assert out["severityCounts"] == {"critical": 0, "high": 3, "medium": 3, "low": 3, "info": 3}
    (body,) = phoenix_env.imports
    assert {"key": "team", "value": "payments"} in body["assets"][0]["tags"]
    assert body["importType"] == "merge"


def test_api_url_flag_overrides_env(
    phoenix_env: FakePhoenix, small_report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PHOENIX_API_URL", "http://127.0.0.1:9")
    assert main(["import", str(small_report), "--api-url", phoenix_env.url]) == ExitCode.OK
    assert phoenix_env.accepted_imports == 1


def test_dry_run_writes_exact_bodies_and_sends_nothing(
    small_report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for var in ("PHOENIX_API_URL", "PHOENIX_CLIENT_ID", "PHOENIX_CLIENT_SECRET"):
        monkeypatch.delenv(var, raising=False)
    out = tmp_path / "bodies"
    code = main(["import", str(small_report), "--dry-run", str(out), "--max-batch-assets", "1", "--json"])
    assert code == ExitCode.OK
    summary = json.loads(capsys.readouterr().out)
    files = sorted(out.iterdir())
    assert len(files) == summary["batches"] == 3
    bodies = [json.loads(f.read_bytes()) for f in files]
    assert all(VALIDATOR.is_valid(b) for b in bodies)
    assert sum(len(a["findings"]) for b in bodies for a in b["assets"]) == 12


def test_many_files(phoenix_env: FakePhoenix, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = hadolint_report(tmp_path / "a.json", files=1, per_file=2)
    b = hadolint_report(tmp_path / "b.json", files=2, per_file=3)
    assert main(["import", str(a), str(b), "--json"]) == ExitCode.OK
    out = json.loads(capsys.readouterr().out)
    assert out["findings"] == 8 and len(out["files"]) == 2
    assert {f["assessmentName"] for f in out["files"]} == {"HADOLINT-a", "HADOLINT-b"}


def test_many_files_into_one_merge_assessment_refused(phoenix_env: FakePhoenix, tmp_path: Path) -> None:
    a = hadolint_report(tmp_path / "a.json", files=1, per_file=2)
    b = hadolint_report(tmp_path / "b.json", files=1, per_file=2)
    assert main(["import", str(a), str(b), "--assessment", "one", "--import-type", "merge"]) == ExitCode.INVALID
    assert main(["import", str(a), str(b), "--assessment", "one", "--import-type", "delta"]) == ExitCode.OK
    assert phoenix_env.accepted_imports == 2


def test_exit_codes(
    phoenix_env: FakePhoenix, tmp_path: Path, small_report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("just some words, not a report\n")
    assert main(["import", str(text)]) == ExitCode.UNRECOGNISED
    broken = tmp_path / "broken.json"
    broken.write_text('[{"code": "DL3000", "file": "Dockerfile", "level": "error", "line": ')
    assert main(["import", str(broken), "--scanner", "hadolint"]) == ExitCode.INVALID
    assert main(["import", str(tmp_path / "missing.json")]) == ExitCode.INVALID
    assert main(["import", str(small_report), "--tag", "team="]) == ExitCode.INVALID
    monkeypatch.setenv("PHOENIX_CLIENT_SECRET", "not-the-secret")
    assert main(["import", str(small_report)]) == ExitCode.REFUSED
    monkeypatch.delenv("PHOENIX_CLIENT_SECRET")
    assert main(["import", str(small_report)]) == ExitCode.INVALID
    assert phoenix_env.accepted_imports == 0


def test_rejected_import_is_exit_4_without_secret(
    phoenix_env: FakePhoenix, small_report: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    phoenix_env.fail_next(400, path="/v1/import/assets")
    assert main(["import", str(small_report)]) == ExitCode.REFUSED
    err = capsys.readouterr().err
    assert "HTTP 400" in err and phoenix_env.client_secret not in err


def test_anonymize(phoenix_env: FakePhoenix, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = hadolint_report(
        tmp_path / "r.json", files=1, per_file=2, message="fetch from 10.1.2.3 as ops@corp.example"
    )
    assert main(["import", str(report), "--anonymize"]) == ExitCode.INVALID  # no key
    monkeypatch.setenv("PHOENIX_ANONYMIZE_KEY", "k" * 32)
    assert main(["import", str(report), "--anonymize", "--assessment", "anon"]) == ExitCode.OK
    assert main(["import", str(report), "--anonymize", "--assessment", "anon"]) == ExitCode.OK
    assert main(["import", str(report), "--assessment", "plain"]) == ExitCode.OK
    first, second, plain = (
        [f["description"] for a in body["assets"] for f in a["findings"]] for body in phoenix_env.imports
    )
    assert first == second  # keyed, deterministic: the same pseudonyms every run
    assert "10.1.2.3" in plain[0] and "ops@corp.example" in plain[0]
    assert "10.1.2.3" not in first[0] and "ops@corp.example" not in first[0]


def test_progress_bar_draws_on_one_line() -> None:
    import io

    from scanner_operator.cli.import_cmd import _ProgressBar
    from scanner_operator.phoenix import ImportProgress

    stream = io.StringIO()
    bar = _ProgressBar(stream, "scan.json")
    bar(ImportProgress("Importing", 50, 3, 120, 2, "batch 2 accepted"))
    bar(ImportProgress("Imported", 100, 3, 240, 4, "done"))
    bar.done()
    text = stream.getvalue()
    assert text.count("\r") == 2 and text.endswith("\n")
    assert "[###############---------------]  50%" in text and "240 findings" in text


def test_fix_data_flag_reaches_the_parser(phoenix_env: FakePhoenix, tmp_path: Path) -> None:
    report = hadolint_report(tmp_path / "r.json", files=1, per_file=1, message="bell\x07 in text")
    assert main(["import", str(report), "--assessment", "fixed"]) == ExitCode.OK
    assert main(["import", str(report), "--assessment", "raw", "--no-fix-data"]) == ExitCode.OK
    fixed, raw = (body["assets"][0]["findings"][0]["description"] for body in phoenix_env.imports)
    assert "\x07" not in fixed and "\x07" in raw
