"""dotnet list package --vulnerable JSON: one finding per project package advisory across frameworks."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _pkg(pid: str, version: str, severity: str, ghsa: str) -> dict[str, Any]:
    return {
        "id": pid,
        "requestedVersion": version,
        "resolvedVersion": version,
        "vulnerabilities": [{"severity": severity, "advisoryurl": f"https://github.com/advisories/{ghsa}"}],
    }


def _report(projects: list[dict[str, Any]], params: str = "--vulnerable --include-transitive") -> bytes:
    return json.dumps(
        {"version": 1, "parameters": params, "sources": ["https://api.nuget.org/v3/index.json"], "projects": projects}
    ).encode()


def test_projects_frameworks_and_packages() -> None:
    regex = _pkg("System.Text.RegularExpressions", "4.3.0", "High", "GHSA-cmhx-cq75-c4mj")
    data = _report(
        [
            {
                "path": "/src/App/App.csproj",
                "frameworks": [
                    {"framework": "net6.0", "topLevelPackages": [regex]},
                    {
                        "framework": "net8.0",
                        "topLevelPackages": [regex],
                        "transitivePackages": [_pkg("System.Net.Http", "4.3.0", "Moderate", "GHSA-7jgj-8wvc-jh57")],
                    },
                ],
            },
            {"path": "/src/Lib/Lib.csproj"},
        ]
    )
    assert detect_format(open_report(data, name="vulnerable.json")).id == "dotnet_vulnerable"
    parsed = parse_report(data, "dotnet_vulnerable")
    regex_finding, http = list(parsed.findings)
    assert regex_finding.name == "System.Text.RegularExpressions 4.3.0: GHSA-cmhx-cq75-c4mj"
    assert regex_finding.severity is Severity.HIGH and regex_finding.reference_ids == ["GHSA-cmhx-cq75-c4mj"]
    assert regex_finding.details["frameworks"] == ["net6.0", "net8.0"]
    assert http.severity is Severity.MEDIUM and http.details["transitive"] is True
    assert http.package is not None and http.package.purl == "pkg:nuget/System.Net.Http@4.3.0"
    assert regex_finding.asset.type is AssetType.BUILD
    assert regex_finding.asset.attributes["buildFile"] == "/src/App/App.csproj"
    assert parsed._ctx.skipped == {"project without vulnerable packages": 1}


def test_clean_solution() -> None:
    data = _report([{"path": "/src/App/App.csproj"}])
    assert detect_format(open_report(data, name="vulnerable.json")).id == "dotnet_vulnerable"
    assert list(parse_report(data, "dotnet_vulnerable").findings) == []


@pytest.mark.parametrize("data", [b'{"results": []}', b'{"projects": 3}', _report([], "--outdated"), _report([])[:-6]])
def test_foreign_or_broken_input(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "dotnet_vulnerable").findings)
