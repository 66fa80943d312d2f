"""pwn_sast: one finding per module, file and line (repeated lines folded), repository code asset, clean scan."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report


def _report(lines: list[str]) -> bytes:
    entry = {
        "timestamp": "2022-07-08 09:11:52.913858476 -0600",
        "security_references": {
            "sast_module": "PWN::SAST::Eval",
            "section": "MALICIOUS CODE PROTECTION",
            "nist_800_53_uri": "https://csrc.nist.gov/control/SI-3",
            "cwe_id": "95",
        },
        "filename": {"git_repo_root_uri": "https://git.acme.io/shop/tree/dev", "entry": "request.php"},
        "line_no_and_contents": [
            {"line_no": n, "contents": f"eval($_REQUEST['x{n}'])", "author": "Author: Dev <d@x>\n"} for n in lines
        ],
        "raw_content": "",
        "test_case_filter": "grep -n 'eval(' ./request.php",
    }
    return json.dumps({"report_name": "shop", "data": [entry]}).encode()


def test_lines() -> None:
    data = _report(["1430", "8036", "8036"])
    assert detect_format(open_report(data, name="pwn.json")).id == "pwn_sast"
    parsed = parse_report(data, "pwn_sast")
    first, second = list(parsed.findings)
    assert first.name == "Eval: Malicious Code Protection" and first.severity is Severity.MEDIUM
    assert (first.location, second.location) == ("request.php:1430", "request.php:8036")
    assert first.cwes == ["CWE-95"] and "eval($_REQUEST['x1430'])" in first.description
    assert first.details["author"] == "Dev <d@x>" and first.published is not None
    (asset,) = parsed.assets
    assert asset.type is AssetType.CODE and asset.attributes["scannerSource"] == "https://git.acme.io/shop/tree/dev"


def test_clean_and_broken() -> None:
    clean = json.dumps({"report_name": "shop", "data": []}).encode()
    assert detect_format(open_report(clean, name="pwn.json")).id == "pwn_sast"
    assert list(parse_report(clean, "pwn_sast").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"results": []}', "pwn_sast").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"data": [{"filename": {}}]}', "pwn_sast").findings)
