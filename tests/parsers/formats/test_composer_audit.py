"""composer audit --format=json: one finding per advisory; PHP's [] for an empty map; abandoned packages skipped."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _adv(aid: str, package: str, severity: str | None, cve: str | None = "CVE-2022-31090") -> dict[str, Any]:
    return {
        "advisoryId": aid,
        "packageName": package,
        "affectedVersions": ">=7,<7.4.5",
        "title": "Change in port",
        "cve": cve,
        "link": "https://github.com/guzzle/guzzle/security/advisories/GHSA-25mq-v84q-4j7r",
        "reportedAt": "2022-06-20T22:24:00+00:00",
        "severity": severity,
        "sources": [{"name": "GitHub", "remoteId": "GHSA-25mq-v84q-4j7r"}],
    }


def test_advisories_and_abandoned() -> None:
    data = json.dumps(
        {
            "advisories": {
                "guzzlehttp/guzzle": [
                    _adv("PKSA-1", "guzzlehttp/guzzle", "high"),
                    _adv("PKSA-2", "guzzlehttp/guzzle", None, None),
                ]
            },
            "abandoned": {"swiftmailer/swiftmailer": "symfony/mailer"},
        }
    ).encode()
    assert detect_format(open_report(data, name="audit.json")).id == "composer_audit"
    parsed = parse_report(data, "composer_audit")
    high, unrated = list(parsed.findings)
    assert high.name == "guzzlehttp/guzzle: Change in port" and high.severity is Severity.HIGH
    assert high.reference_ids == ["CVE-2022-31090", "GHSA-25mq-v84q-4j7r", "PKSA-1"]
    assert high.package is not None and high.package.name == "guzzlehttp/guzzle" and high.package.version is None
    assert high.details["affectedVersions"] == ">=7,<7.4.5" and high.published is not None
    assert unrated.severity is Severity.MEDIUM and unrated.reference_ids == ["GHSA-25mq-v84q-4j7r", "PKSA-2"]
    assert high.fingerprint != unrated.fingerprint
    assert parsed._ctx.skipped == {"abandoned package": 1}
    assert parsed.assets[0].type is AssetType.BUILD and parsed.assets[0].attributes["buildFile"] == "composer.lock"


def test_clean_scan_with_php_empty_arrays() -> None:
    data = b'{"advisories": [], "abandoned": []}'
    assert detect_format(open_report(data, name="audit.json")).id == "composer_audit"
    assert list(parse_report(data, "composer_audit").findings) == []


@pytest.mark.parametrize(
    "data",
    [
        b'{"results": []}',
        b'{"advisories": "x"}',
        b'{"advisories": {"a/b": [1]}}',
        b'{"advisories": {"a/b": [',
        b"[1, 2]",
    ],
)
def test_foreign_or_broken_input(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "composer_audit").findings)
