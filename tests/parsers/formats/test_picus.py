"""Picus simulation results CSV: one finding per action, blocked actions inactive, refusals."""

from __future__ import annotations

import csv
import io

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

HEADER_LINE = (
    "simulationRunId,threatId,threatName,attackModules,threatSeverity,threatPreventionResult,"
    "threatDetectionLogResult,threatDetectionAlertResult,actionId,actionName,actionDescription,"
    "actionMitreTactic,actionMitreTechnique,actionMitreSubtechnique,actionPreventionResult,cve,cwe,"
    "attackStartedTimeUTC,attackCategory,genericMitigationsTabLink,location"
)
HEADER = HEADER_LINE.split(",")


def _csv(*rows: dict[str, str]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(dict.fromkeys(HEADER, "") | row)
    return buf.getvalue().encode()


def _row(action_id: str, prevention: str, **extra: str) -> dict[str, str]:
    return {
        "simulationRunId": "2001",
        "threatId": "1",
        "threatName": "Fileless Malware via PowerShell",
        "threatSeverity": "Critical",
        "actionId": action_id,
        "actionName": "PowerShell Download Cradle",
        "actionDescription": "In-memory download",
        "actionMitreTechnique": "T1059",
        "actionMitreSubtechnique": "T1059.001",
        "actionPreventionResult": prevention,
        "cve": "CVE-2021-44228",
        "cwe": "78",
        "genericMitigationsTabLink": "https://picus.example/mitigations/1",
    } | extra


def test_rows() -> None:
    data = _csv(_row("1001", "Not Blocked", location="10.1.2.3"), _row("1002", "Blocked", threatSeverity="Low"))
    assert detect_format(open_report(data, name="picus.csv")).id == "picus"
    open_, blocked = parse_report(data).findings
    assert (open_.name, open_.severity, open_.active) == (
        "Fileless Malware via PowerShell: PowerShell Download Cradle",
        Severity.CRITICAL,
        True,
    )
    assert open_.reference_ids == ["CVE-2021-44228", "T1059.001"] and open_.cwes == ["CWE-78"]
    assert open_.asset.type is AssetType.INFRA and open_.asset.attributes == {"ip": "10.1.2.3"}
    assert "https://picus.example/mitigations/1" in open_.remedy
    assert (blocked.severity, blocked.active, blocked.details["status"]) == (Severity.LOW, False, "blocked")
    assert blocked.asset.placeholder


def test_empty_and_refused() -> None:
    assert list(parse_report(_csv(), "picus").findings) == []
    with pytest.raises(InvalidReport, match="Picus"):
        list(parse_report(b"threatName,severity\nx,High\n", "picus").findings)
