"""KrakenD audit: one finding per recommendation with its severity, clean audit, foreign input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def test_recommendations() -> None:
    doc = {
        "recommendations": [
            {"rule": "2.1.7", "severity": "HIGH", "message": "Enable HTTP security headers."},
            {"rule": "5.1.5", "severity": "LOW", "message": "Declare explicit timeouts."},
        ],
        "stats": {"backends": 3},
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="audit.json")).id == "krakend_audit"
    high, low = parse_report(data, "krakend_audit").findings
    assert high.name == "2.1.7: Enable HTTP security headers." and high.severity is Severity.HIGH
    assert low.severity is Severity.LOW and high.asset.type is AssetType.BUILD and high.asset.placeholder


def test_clean_and_foreign() -> None:
    clean = b'{"recommendations": [], "stats": {}}'
    assert detect_format(open_report(clean, name="audit.json")).id == "krakend_audit"
    assert list(parse_report(clean, "krakend_audit").findings) == []
    with pytest.raises(InvalidReport, match="not a KrakenD"):
        list(parse_report(b'{"results": [1]}', "krakend_audit").findings)
    with pytest.raises(InvalidReport, match="names no rule"):
        list(parse_report(b'{"recommendations": [{"message": "m"}]}', "krakend_audit").findings)
