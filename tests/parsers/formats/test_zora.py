"""Zora CSV: one finding per row on the image asset, severities, fix versions, foreign CSV."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

CSV = b""""source","image","id","title","severity","status","description","fixVersion"
"Trivy","ghcr.io/acme/app:1.0","CVE-2024-1","openssl: bug","HIGH","fixed","long text","3.0.1, 3.1.2"
"Trivy","ghcr.io/acme/app:1.0","CVE-2024-2","musl: bug","UNKNOWN","affected","",""
"""


def test_rows() -> None:
    assert detect_format(open_report(CSV, name="zora.csv")).id == "zora"
    high, unknown = parse_report(CSV, "zora").findings
    assert high.severity is Severity.HIGH and unknown.severity is Severity.INFO
    assert high.name == "CVE-2024-1: openssl: bug" and high.remedy == "Upgrade to 3.0.1, 3.1.2."
    assert high.details["status"] == "fixed" and high.active
    assert high.asset is unknown.asset and high.asset.type is AssetType.CONTAINER
    assert high.asset.attributes["imageName"] == "ghcr.io/acme/app:1.0"


def test_foreign_csv() -> None:
    with pytest.raises(InvalidReport, match="Zora"):
        list(parse_report(b"host,port\na,1\n", "zora").findings)
