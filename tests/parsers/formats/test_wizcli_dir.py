"""wizcli_dir: libraries per manifest, secrets on the scanned directory, sensitive data, detection against image
and IaC scans, empty scan and broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report
from tests.parsers.formats.test_wizcli_img import ORIGIN, image_result, scan

DIR = {"__typename": "CICDScanOriginDirectory", "name": "/home/dev/project"}


def test_directory_scan() -> None:
    result = image_result()
    result["osPackages"] = None
    result["dataFindings"] = [
        {
            "dataClassifier": {"name": "Credit card number", "severity": "HIGH"},
            "location": {"path": "/data/x.csv"},
            "matchCount": 3,
        }
    ]
    data = json.dumps(scan(DIR, result)).encode()
    assert detect_format(open_report(data, name="dir.json")).id == "wizcli_dir"
    assert detect_format(open_report(json.dumps(scan(ORIGIN, result)).encode(), name="i.json")).id == "wizcli_img"
    net, secret, card = list(parse_report(data, "wizcli_dir").findings)
    assert net.asset.type is AssetType.BUILD and net.asset.attributes["buildFile"] == "/app/go.mod"
    assert net.package is not None and net.package.fixed_versions == ["0.17.0"]
    assert secret.asset.type is AssetType.REPOSITORY
    assert secret.asset.attributes["repository"] == "/home/dev/project"
    assert card.name == "Sensitive data: Credit card number" and card.severity is Severity.HIGH
    assert card.location == "/data/x.csv" and card.asset is secret.asset


def test_empty_scan_and_broken_input() -> None:
    empty = {"__typename": "CICDDiskScanResult", "libraries": None, "secrets": None, "dataFindings": None}
    assert list(parse_report(json.dumps(scan(DIR, empty)).encode(), "wizcli_dir").findings) == []
    with pytest.raises(InvalidReport, match="wizcli_img"):
        list(parse_report(json.dumps(scan(ORIGIN, empty)).encode(), "wizcli_dir").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(json.dumps(scan(DIR, {"libraries": ["x"]})).encode(), "wizcli_dir").findings)
