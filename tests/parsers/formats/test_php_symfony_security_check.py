"""php_symfony_security_check: one finding per advisory, the composer.lock asset, clean reports, refusals."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

REPORT = {
    "twig/twig": {
        "version": "v2.5.0",
        "advisories": [
            {"title": "Sandbox Information Disclosure", "link": "https://symfony.com/blog/twig-sandbox", "cve": ""},
            {"title": "Code injection", "link": "https://example.org/adv", "cve": "CVE-2022-39261"},
        ],
    },
    "symfony/http-kernel": {
        "version": "v4.4.0",
        "advisories": [{"title": "Prevent storing CSRF tokens", "link": "", "cve": "CVE-2022-24894"}],
    },
}


def test_advisories() -> None:
    data = json.dumps(REPORT).encode()
    assert detect_format(open_report(data, name="security.json")).id == "php_symfony_security_check"
    sandbox, injection, kernel = list(parse_report(data, "php_symfony_security_check").findings)
    assert sandbox.name == "twig/twig: Sandbox Information Disclosure" and sandbox.severity is Severity.MEDIUM
    assert sandbox.reference_ids == ["https://symfony.com/blog/twig-sandbox"]
    assert injection.reference_ids[0] == "CVE-2022-39261"
    assert kernel.package is not None and kernel.package.version == "4.4.0" and kernel.package.ecosystem == "composer"
    assert sandbox.asset is kernel.asset and sandbox.asset.type is AssetType.BUILD
    assert sandbox.asset.attributes["buildFile"] == "composer.lock"


def test_clean_and_foreign() -> None:
    assert list(parse_report(b"{}", "php_symfony_security_check").findings) == []
    with pytest.raises(InvalidReport, match="has no advisories list"):
        list(parse_report(b'{"advisories": {"twig/twig": []}}', "php_symfony_security_check").findings)
    composer = b'{"advisories": {"twig/twig": [{"advisoryId": "x", "title": "t"}]}, "abandoned": {}}'
    assert detect_format(open_report(composer, name="audit.json")).id != "php_symfony_security_check"
