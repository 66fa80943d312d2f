"""xeol: one finding per end-of-life match; image or directory asset; empty scans; foreign input refused."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _match(product: str, cycle: str, name: str, version: str, path: str) -> dict[str, Any]:
    return {
        "Cycle": {"ProductName": product, "ReleaseCycle": cycle, "Eol": "2024-06-30", "LatestRelease": "3.1.4"},
        "Package": {"Name": "", "Version": ""},
        "artifact": {
            "name": name,
            "version": version,
            "type": "python",
            "locations": [{"path": path}],
            "purl": f"pkg:pypi/{name}@{version}",
        },
    }


def _report(matches: list[dict[str, Any]], source: dict[str, Any], source_first: bool = False) -> bytes:
    doc: dict[str, Any] = {"source": source} if source_first else {}
    doc["matches"] = matches
    doc |= {"source": source, "distro": {"name": "debian"}, "descriptor": {"name": "xeol", "version": "0.10.0"}}
    return json.dumps(doc).encode()


IMAGE = {"type": "image", "target": {"userInput": "python:3.7", "manifestDigest": "sha256:ab", "tags": ["python:3.7"]}}


def test_image_scan() -> None:
    data = _report([_match("Python", "3.7", "python", "3.7.17", "/usr/local/bin/python3.7")], IMAGE)
    assert detect_format(open_report(data, name="xeol.json")).id == "xeol"
    parsed = parse_report(data, "xeol")
    (finding,) = parsed.findings
    assert finding.name == "End-of-life software: Python 3.7" and finding.severity is Severity.MEDIUM
    assert finding.location == "/usr/local/bin/python3.7: python@3.7.17"
    assert finding.package is not None and finding.package.ecosystem == "python"
    assert finding.asset.type is AssetType.CONTAINER and finding.asset.attributes["imageName"] == "python:3.7"
    assert finding.asset.attributes["imageDigest"] == "sha256:ab"


def test_directory_scan_uses_the_file_as_build_asset() -> None:
    data = _report(
        [_match("Django", "2.2", "django", "2.2.1", "/src/requirements.txt")],
        {"type": "directory", "target": "/src"},
        source_first=True,
    )
    (finding,) = parse_report(data, "xeol").findings
    assert finding.asset.type is AssetType.BUILD and finding.asset.attributes["buildFile"] == "/src/requirements.txt"


def test_clean_scan_is_detected_and_empty() -> None:
    data = _report([], IMAGE)
    assert detect_format(open_report(data, name="xeol.json")).id == "xeol"
    assert list(parse_report(data, "xeol").findings) == []


@pytest.mark.parametrize("data", [b'{"results": []}', b'{"matches": [{"vulnerability": {}}]}', _report([], IMAGE)[:-9]])
def test_foreign_or_broken_input(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "xeol").findings)
