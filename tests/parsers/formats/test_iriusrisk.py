"""iriusrisk: one finding per threat row, current risk as severity, fully mitigated threats, references,
header-only exports, foreign CSVs."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

HEADER = (
    '"Component","Use case","Source","Threat","Risk Response","Inherent Risk","Current Risk",'
    '"Countermeasure progress","Weakness tests","Countermeasure tests","Projected Risk","Owner","MITRE reference",'
    '"STRIDE-LM"\n'
)


def _row(component: str, threat: str, response: str, current: str, mitre: str = "") -> str:
    return (
        f'"{component}","Data Storage","Created by Rules Engine","{threat}","{response}","High","{current}",'
        f'"0%","Not tested","Not tested","{current}",,"{mitre}","Tampering"\n'
    )


def test_threat_rows() -> None:
    data = (
        HEADER
        + _row(
            "Database", "SQL injection in the reporting API", "Mitigated: 0%. Unmitigated: 100%.", "Critical", "CWE-89"
        )
        + _row("Router", "Traffic sniffing", "Planned mitigation: 0%. Mitigated: 100%. Unmitigated: 0%.", "Very low")
    ).encode()
    assert detect_format(open_report(data, name="threats.csv")).id == "iriusrisk"
    sqli, sniffing = list(parse_report(data, "iriusrisk").findings)
    assert sqli.name == "SQL injection in the reporting API" and sqli.severity is Severity.CRITICAL
    assert sqli.location == "Database" and sqli.cwes == ["CWE-89"] and sqli.active
    assert sqli.asset.type is AssetType.CODE and sqli.asset.placeholder
    assert sniffing.severity is Severity.INFO and not sniffing.active and sniffing.details["status"] == "mitigated"


def test_header_only_and_foreign() -> None:
    assert list(parse_report(HEADER.encode(), "iriusrisk").findings) == []
    with pytest.raises(InvalidReport, match="IriusRisk threat export"):
        list(parse_report(b"Name,Risk\nx,High\n", "iriusrisk").findings)
