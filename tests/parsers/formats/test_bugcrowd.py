"""Bugcrowd submissions CSV: priorities, closed submissions kept inactive, target assets, refusals."""

from __future__ import annotations

import csv
import io

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

HEADER_LINE = (
    "reference_number,bounty_code,source,username,title,caption,priority,amount,points,paid_at,vrt_lineage,"
    "substate,state,duplicate,bug_url,description,http_request,extra_info,submitted_at,validated_at,closed_at,"
    "target_name,target_category,remediation_advice,vulnerability_references"
)
HEADER = HEADER_LINE.split(",")


def _csv(*rows: dict[str, str]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" for k in HEADER} | row)
    return buf.getvalue().encode()


def _row(ref: str, **extra: str) -> dict[str, str]:
    return {"reference_number": ref, "bounty_code": "acme", "title": f"Issue {ref}", "priority": "2"} | extra


def test_submission_fields_and_web_target() -> None:
    data = _csv(
        _row(
            "r1",
            substate="unresolved",
            state="open",
            duplicate="FALSE",
            bug_url="https://shop.example.com/cart?id=1",
            target_name="https://shop.example.com",
            target_category="website",
            description="SQL injection in id",
            remediation_advice="Use bound parameters",
            vulnerability_references="* [x](https://cwe.mitre.org/data/definitions/89)",
            vrt_lineage="Server Security Misconfiguration > SQLi",
            submitted_at="2020-03-01 06:15:06 UTC",
        )
    )
    assert detect_format(open_report(data, name="submissions.csv")).id == "bugcrowd"
    (f,) = parse_report(data).findings
    assert (f.name, f.severity, f.active) == ("Issue r1", Severity.HIGH, True)
    assert f.asset.type is AssetType.WEB and f.asset.attributes == {"fqdn": "shop.example.com"}
    assert f.location == "https://shop.example.com/cart?id=1"
    assert f.cwes == ["CWE-89"] and f.remedy == "Use bound parameters"
    assert f.details["vrt"] == "Server Security Misconfiguration > SQLi"
    assert f.published is not None and f.published.year == 2020


@pytest.mark.parametrize(
    ("priority", "severity"),
    [("1", Severity.CRITICAL), ("P3", Severity.MEDIUM), ("4", Severity.LOW), ("5", Severity.INFO), ("", Severity.INFO)],
)
def test_priorities(priority: str, severity: Severity) -> None:
    (f,) = parse_report(_csv(_row("r", priority=priority)), "bugcrowd").findings
    assert f.severity is severity


def test_closed_submissions_are_counted_inactive() -> None:
    data = _csv(
        _row("a", substate="duplicate", state="closed"),
        _row("b", substate="not_applicable"),
        _row("c", duplicate="TRUE"),
        _row("d", substate="triaged", state="open"),
    )
    findings = list(parse_report(data, "bugcrowd").findings)
    assert [(f.active, f.details["status"]) for f in findings] == [
        (False, "duplicate"),
        (False, "not_applicable"),
        (False, "duplicate"),
        (True, "triaged"),
    ]


def test_host_target_is_infra_and_named_app_uses_bug_url_or_placeholder() -> None:
    data = _csv(
        _row("a", target_name="10.0.0.5", target_category="network"),
        _row("b", target_name="Acme Android app", bug_url="https://api.acme.example/v1/x"),
        _row("c", target_name="Acme iOS app", bug_url="acmeapp://launch"),
    )
    host, api, app = parse_report(data, "bugcrowd").findings
    assert host.asset.type is AssetType.INFRA and host.asset.attributes == {"ip": "10.0.0.5"}
    assert api.asset.attributes == {"fqdn": "api.acme.example"}
    assert app.asset.placeholder and app.asset.type is AssetType.WEB


def test_empty_export_and_foreign_csv() -> None:
    assert list(parse_report(_csv(), "bugcrowd").findings) == []
    with pytest.raises(InvalidReport, match="Bugcrowd"):
        list(parse_report(b"id,name\n1,x\n", "bugcrowd").findings)
