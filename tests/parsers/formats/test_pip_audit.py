"""pip-audit: both the old list and the new {dependencies} shapes; skipped dependencies; broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

DEPS = [
    {"name": "adal", "version": "1.2.2", "vulns": []},
    {
        "name": "Django",
        "version": "3.2.9",
        "vulns": [
            {
                "id": "PYSEC-2021-439",
                "fix_versions": ["2.2.25", "3.2.10"],
                "aliases": ["CVE-2021-44420", "GHSA-v6rh-hp5x-86rv"],
                "description": "In Django 3.2 before 3.2.10, a bypass is possible.",
            }
        ],
    },
    {"name": "private-lib", "skip_reason": "Dependency not found on PyPI"},
]


@pytest.mark.parametrize("doc", [DEPS, {"dependencies": DEPS, "fixes": []}], ids=["list", "object"])
def test_both_shapes(doc: object) -> None:
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="pip-audit.json")).id == "pip_audit"
    parsed = parse_report(data, "pip_audit")
    (f,) = list(parsed.findings)
    assert f.name == "PYSEC-2021-439: Django@3.2.9"
    assert f.severity is Severity.MEDIUM
    assert f.reference_ids == ["PYSEC-2021-439", "CVE-2021-44420", "GHSA-v6rh-hp5x-86rv"]
    assert f.remedy == "Update Django from 3.2.9 to 2.2.25, 3.2.10"
    assert f.package is not None and f.package.purl == "pkg:pypi/django@3.2.9" and f.package.ecosystem == "pypi"
    (asset,) = parsed.assets
    assert asset.type is AssetType.BUILD and asset.attributes["buildFile"] == "requirements.txt"


def test_empty_list_and_wrong_shapes() -> None:
    assert list(parse_report(b"[\n]", "pip_audit").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'[{"version": "1"}]', "pip_audit").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": []}', "pip_audit").findings)
