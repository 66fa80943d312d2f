"""ConfigMap and Secret reports are read from their read-only mount under PHOENIX_SCANNER_MOUNT_ROOT."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner_operator.sources import SourceNotFound, SourceTooLarge, get_source

from .helpers import assert_fetched, no_partial_files


@pytest.fixture
def mount_root(tmp_path: Path) -> Path:
    root = tmp_path / "mounts"
    (root / "source").mkdir(parents=True)
    return root


@pytest.mark.parametrize("kind", ["configMap", "secret"])
def test_mounted_report_is_copied_with_checksum(kind: str, mount_root: Path, tmp_path: Path) -> None:
    data = b'{"SchemaVersion": 2, "Results": []}' * 100
    (mount_root / "source" / "report.json").write_bytes(data)
    dest = tmp_path / "work"
    dest.mkdir()
    spec = {kind: {"name": "trivy", "key": "report.json"}}
    fetched = get_source(spec).fetch(spec, dest, 1 << 20, env={"PHOENIX_SCANNER_MOUNT_ROOT": str(mount_root)})
    assert fetched.path == dest / "report.json"
    assert_fetched(fetched, data)


@pytest.mark.parametrize("kind", ["configMap", "secret"])
def test_missing_key_is_not_found_and_names_the_object(kind: str, mount_root: Path, tmp_path: Path) -> None:
    spec = {kind: {"name": "trivy", "key": "absent.json"}}
    with pytest.raises(SourceNotFound) as info:
        get_source(spec).fetch(spec, tmp_path, 1 << 20, env={"PHOENIX_SCANNER_MOUNT_ROOT": str(mount_root)})
    assert "trivy" in str(info.value) and "absent.json" in str(info.value)
    assert info.value.reason == "SourceNotFound"


def test_report_over_the_limit_is_refused_and_leaves_nothing(mount_root: Path, tmp_path: Path) -> None:
    (mount_root / "source" / "big.json").write_bytes(b"x" * 5000)
    dest = tmp_path / "work"
    dest.mkdir()
    spec = {"configMap": {"name": "big", "key": "big.json"}}
    with pytest.raises(SourceTooLarge) as info:
        get_source(spec).fetch(spec, dest, 4096, env={"PHOENIX_SCANNER_MOUNT_ROOT": str(mount_root)})
    assert info.value.reason == "SourceTooLarge"
    assert list(dest.iterdir()) == [] and no_partial_files(dest)


def test_dest_may_be_a_file_path(mount_root: Path, tmp_path: Path) -> None:
    (mount_root / "source" / "r.xml").write_bytes(b"<x/>")
    spec = {"configMap": {"name": "n", "key": "r.xml"}}
    target = tmp_path / "exact-name.xml"
    fetched = get_source(spec).fetch(spec, target, 100, env={"PHOENIX_SCANNER_MOUNT_ROOT": str(mount_root)})
    assert fetched.path == target
    assert_fetched(fetched, b"<x/>")
