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


def test_clean_audits_of_both_layouts_count_their_dependencies() -> None:
    clean = [{"name": "adal", "version": "1.2.2", "vulns": []}, {"name": "x", "skip_reason": "not on PyPI"}]
    for doc in (clean, {"dependencies": clean, "fixes": []}, {"fixes": [], "dependencies": clean[:1]}):
        data = json.dumps(doc).encode()
        assert detect_format(open_report(data, name="a.json")).id == "pip_audit"
        parsed = parse_report(data)
        assert list(parsed.findings) == []
        assert sum(parsed._ctx.skipped.values()) == len(doc if isinstance(doc, list) else doc["dependencies"])


def test_new_layout_with_fixes_and_extra_fields() -> None:
    doc = {
        "fixes": [{"name": "Django", "old_version": "3.2.9", "new_version": "3.2.10"}],
        "dependencies": [dict(DEPS[1], extra="x")],
        "meta": {"tool": "pip-audit 2.7.3"},
    }
    data = json.dumps(doc, separators=(",", ":")).encode()
    assert detect_format(open_report(data, name="a.json")).id == "pip_audit"
    assert len(list(parse_report(data).findings)) == 1
