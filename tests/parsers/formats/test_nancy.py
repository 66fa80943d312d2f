"""nancy sleuth JSON: one finding per vulnerability of a vulnerable module; exclusions and clean modules skipped."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _vuln(vid: str, score: str, excluded: bool = False, key: str = "ID") -> dict[str, Any]:
    return {
        key: vid,
        "Title": f"[{vid}] CWE-770: Allocation of Resources Without Limits",
        "Description": "DoS.",
        "CvssScore": score,
        "CvssVector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
        "Cve": vid,
        "Reference": f"https://ossindex.sonatype.org/vulnerability/{vid}",
        "Excluded": excluded,
    }


def _report(vulnerable: list[dict[str, Any]], clean: int = 1) -> bytes:
    clean_items = [{"Coordinates": f"pkg:golang/example.com/m{i}@v1.0.0", "Vulnerabilities": []} for i in range(clean)]
    return json.dumps(
        {
            "audited": vulnerable + clean_items,
            "excluded": None,
            "exclusions": 0,
            "invalid": [],
            "num_audited": len(vulnerable) + clean,
            "num_vulnerable": len(vulnerable),
            "version": "1.0.46",
            "vulnerable": vulnerable,
        }
    ).encode()


def test_vulnerabilities_and_skips() -> None:
    data = _report(
        [
            {
                "Coordinates": "pkg:golang/golang.org/x/crypto@v0.0.0-2019",
                "Vulnerabilities": [
                    _vuln("CVE-2022-27191", "7.5"),
                    _vuln("CVE-2023-48795", "", key="Id"),
                    _vuln("CVE-2020-1", "9.8", True),
                ],
            }
        ]
    )
    assert detect_format(open_report(data, name="nancy.json")).id == "nancy"
    parsed = parse_report(data, "nancy")
    high, from_vector = list(parsed.findings)
    assert high.name == "[CVE-2022-27191] CWE-770: Allocation of Resources Without Limits in golang.org/x/crypto"
    assert high.severity is Severity.HIGH and high.score == 7.5 and high.cwes == ["CWE-770"]
    assert high.reference_ids == ["CVE-2022-27191"]
    assert high.package is not None and high.package.ecosystem == "golang" and high.package.version == "v0.0.0-2019"
    assert from_vector.score == 7.5 and from_vector.reference_ids == ["CVE-2023-48795"]
    assert parsed._ctx.skipped == {"excluded": 1, "component without vulnerabilities": 1}
    assert parsed.assets[0].type is AssetType.BUILD


def test_clean_scan() -> None:
    data = _report([], clean=3)
    assert detect_format(open_report(data, name="nancy.json")).id == "nancy"
    parsed = parse_report(data, "nancy")
    assert list(parsed.findings) == [] and parsed._ctx.skipped == {"component without vulnerabilities": 3}


@pytest.mark.parametrize(
    "data", [b'{"results": []}', b'{"vulnerable": [{"x": 1}]}', b'{"vulnerable": 2}', b"[1, 2]", _report([])[:-4]]
)
def test_foreign_or_broken_input(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "nancy").findings)
