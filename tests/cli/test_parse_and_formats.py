"""`phoenix-scanner formats` and `phoenix-scanner parse` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scan_parsers import all_formats

SCRIPT = str(Path(sys.executable).parent / "phoenix-scanner")
HADOLINT = [
    {"line": 3, "code": "DL3008", "message": "Pin versions", "column": 1, "file": "Dockerfile", "level": "warning"},
    {"line": 5, "code": "DL3015", "message": "Avoid extras", "column": 1, "file": "Dockerfile", "level": "info"},
]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def report(tmp_path: Path) -> Path:
    p = tmp_path / "hadolint.json"
    p.write_text(json.dumps(HADOLINT))
    return p


def test_formats_json_lists_every_registered_format() -> None:
    proc = run("formats", "--json")
    assert proc.returncode == 0
    rows = json.loads(proc.stdout)
    assert {r["id"] for r in rows} == {f.id for f in all_formats()}
    row = next(r for r in rows if r["id"] == "hadolint")
    assert row["scanTypes"] == ["Hadolint Dockerfile check"] and row["defaultAssetType"] == "BUILD"


def test_formats_table_ends_with_count() -> None:
    proc = run("formats")
    assert proc.returncode == 0
    assert proc.stdout.strip().endswith(f"{len(all_formats())} formats")


def test_parse_summary(report: Path) -> None:
    proc = run("parse", str(report), "--summary")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {
        "format": "hadolint",
        "assets": 1,
        "findings": 2,
        "severityCounts": {"critical": 0, "high": 0, "medium": 1, "low": 1, "info": 0},
    }


def test_parse_full_output_by_scan_type_name(report: Path) -> None:
    proc = run("parse", str(report), "--scanner", "Hadolint Dockerfile check")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert [f["name"].split(":")[0] for f in out["findings"]] == ["DL3008", "DL3015"]
    assert out["assets"] == [{"type": "BUILD", "attributes": {"buildFile": "Dockerfile", "origin": "hadolint"}}]
    assert all(len(f["fingerprint"]) == 32 for f in out["findings"])


def test_parse_unrecognised_exits_3_with_one_line_reason(tmp_path: Path) -> None:
    p = tmp_path / "notes.txt"
    p.write_text("just some text\n")
    proc = run("parse", str(p))
    assert proc.returncode == 3
    assert proc.stderr.count("\n") == 1 and "notes.txt" in proc.stderr


def test_parse_invalid_exits_2(tmp_path: Path) -> None:
    p = tmp_path / "broken.json"
    p.write_text('[{"line": 1, "code": "DL3008"')
    proc = run("parse", str(p), "--scanner", "hadolint")
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: broken.json") and proc.stderr.count("\n") == 1


def test_parse_unknown_scanner_exits_3(report: Path) -> None:
    proc = run("parse", str(report), "--scanner", "no-such-scanner")
    assert proc.returncode == 3 and "unknown scanner" in proc.stderr


def test_parse_missing_file_exits_2(tmp_path: Path) -> None:
    proc = run("parse", str(tmp_path / "missing.json"))
    assert proc.returncode == 2


def test_anonymize_needs_a_key(report: Path) -> None:
    proc = run("parse", str(report), "--anonymize", env={"PATH": "/usr/bin:/bin"})
    assert proc.returncode == 2 and "PHOENIX_ANONYMIZE_KEY" in proc.stderr
