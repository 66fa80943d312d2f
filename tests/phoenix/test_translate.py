"""Raw-file import through the translate endpoint and its status polling."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner_operator.phoenix import ImportOptions, PhoenixClient, PhoenixRejected, import_report
from scanner_operator.testing.fake_phoenix import FakePhoenix


def test_translate_upload_and_poll_until_imported(fake: FakePhoenix, tmp_path: Path) -> None:
    report = tmp_path / "burp.xml"
    report.write_text("<issues><issue/></issues>")
    seen: list[str] = []
    with PhoenixClient(fake.url, fake.client_id, fake.client_secret) as c:
        result = import_report(
            report,
            scanner="translate:Burp Scan",
            options=ImportOptions(import_type="merge"),
            client=c,
            progress=lambda p: seen.append(p.message),
            translate_poll_interval=0.01,
        )
    assert result.translated and result.strategy == "translate"
    (req,) = fake.translations.values()
    assert (req.scan_type, req.import_type, req.filename, req.status) == ("Burp Scan", "merge", "burp.xml", "IMPORTED")
    assert req.assessment_name == result.assessment_name == "BURP_SCAN-burp"
    assert result.translate_request_id == req.id
    assert any("TRANSLATING" in m for m in seen)


def test_translate_error_is_permanent(fake: FakePhoenix, tmp_path: Path) -> None:
    report = tmp_path / "x.json"
    report.write_text("{}")
    fake.fail_next_translation("ResourceAccessException")
    with PhoenixClient(fake.url, fake.client_id, fake.client_secret) as c, pytest.raises(PhoenixRejected) as info:
        import_report(
            report, scanner="translate:SARIF", options=ImportOptions(), client=c, translate_poll_interval=0.01
        )
    assert info.value.reason == "PhoenixTranslateFailed"
    assert "ResourceAccessException" in str(info.value)
