"""IntSights alerts, JSON and CSV: one finding per alert, closed alerts inactive, assets from the alert's assets."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

CSV_HEADER = (
    "Alert ID,Title,Description,Severity,Type,Source Date (UTC),Report Date (UTC),Network Type,Source URL,"
    "Source Name,Assets,Tags,Assignees,Remediation,Status,Closed Reason,Additional Info,Rating,Alert Link\n"
)


def _alert(alert_id: str, closed: bool = False, assets: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {
        "_id": alert_id,
        "Details": {
            "Source": {"URL": "https://www.initech.com/websec/?id=1", "NetworkType": "ClearWeb"},
            "Title": "HTTP headers weakness in initech.com web server",
            "Type": "ExploitableData",
            "Severity": "High",
            "Description": "CSP header not sent",
        },
        "FoundDate": "2019-03-08T13:03:30.655Z",
        "Assets": [{"Type": "Domains", "Value": "initech.com"}] if assets is None else assets,
        "Closed": {"IsClosed": closed, **({"Reason": "ProblemSolved"} if closed else {})},
    }


def test_json_alerts() -> None:
    data = json.dumps({"Alerts": [_alert("a1"), _alert("a2", closed=True, assets=[])]}).encode()
    assert detect_format(open_report(data, name="alerts.json")).id == "intsights"
    open_, closed = parse_report(data).findings
    assert (open_.name, open_.severity, open_.active) == (
        "HTTP headers weakness in initech.com web server",
        Severity.HIGH,
        True,
    )
    assert open_.asset.type is AssetType.INFRA and open_.asset.attributes == {"hostname": "initech.com"}
    assert open_.location == "https://www.initech.com/websec/?id=1" and open_.description == "CSP header not sent"
    assert (closed.active, closed.details["status"]) == (False, "closed: ProblemSolved")
    assert closed.asset.placeholder


def test_csv_alerts_skip_blank_rows() -> None:
    rows = [
        'k1,Open ports on IP,"IP: 172.185.24.248, Port(s): 123",Medium,Exploitable Data,,,Clear Web,,,'
        "172.185.24.0/24,,,Not Sent,Open,,,,https://dashboard.example/k1",
        ",,,,,,,,,,,,,,,,,,,extra",
        "k2,Leaked credentials,Found,Low,Data Leakage,,,Dark Web,,,company.example,,,Not Sent,Closed,"
        "ProblemSolved,,,https://dashboard.example/k2",
    ]
    data = (CSV_HEADER.replace("\n", ",X\n") + "\n".join(rows) + "\n").encode()
    assert detect_format(open_report(data, name="alerts.csv")).id == "intsights"
    ports, leak = parse_report(data).findings
    assert (ports.severity, ports.active, ports.asset.attributes) == (Severity.MEDIUM, True, {"ip": "172.185.24.0"})
    assert ports.remedy == "" and ports.details["takedownStatus"] == "Not Sent"
    assert (leak.severity, leak.active, leak.details["status"]) == (Severity.LOW, False, "closed: ProblemSolved")


def test_empty_and_refused() -> None:
    assert list(parse_report(b'{"Alerts": []}', "intsights").findings) == []
    assert list(parse_report(CSV_HEADER.encode(), "intsights").findings) == []
    with pytest.raises(InvalidReport, match="IntSights"):
        list(parse_report(b'{"alerts": []}', "intsights").findings)
    with pytest.raises(InvalidReport, match="IntSights"):
        list(parse_report(b'{"Alerts": [{"_id": "x"}]}', "intsights").findings)
    with pytest.raises(InvalidReport, match="IntSights"):
        list(parse_report(b"id,name\n1,x\n", "intsights").findings)
