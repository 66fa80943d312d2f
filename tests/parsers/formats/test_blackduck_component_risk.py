"""blackduck_component_risk: one security finding per vulnerable component, one policy finding per violation,
skipped components, remediated components, refusals, and the blackduck zip left to blackduck."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, get_format, open_report, parse_report
from scan_parsers.sniff import sniff

COMPONENT_COLUMNS = ["Component name", "Component version name", "License names", "License families"]
COMPONENT_COLUMNS += ["Component policy status", "Operational Risk", "Usage", "Match type", "Project path"]
SECURITY_COLUMNS = ["Component name", "Component version name", "Vulnerability id", "Description"]
SECURITY_COLUMNS += ["Base score", "Remediation status", "Security Risk", "Project path"]
PROJECT = "shop ID-1-1.0.0"


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerows([header, *rows])
    return buf.getvalue()


def _zip(components: list[list[str]], security: list[list[str]], extra: dict[str, str] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hub/components_2024-01-02_101010.csv", _csv(COMPONENT_COLUMNS, components))
        zf.writestr("hub/security_2024-01-02_101010.csv", _csv(SECURITY_COLUMNS, security))
        for name, body in (extra or {}).items():
            zf.writestr(name, body)
    return buf.getvalue()


def _component(name: str, version: str, status: str) -> list[str]:
    return [name, version, "MIT License", "PERMISSIVE", status, "LOW", "DYNAMICALLY_LINKED", "Exact", PROJECT]


def _vuln(name: str, version: str, vid: str, score: str, risk: str, *, status: str = "NEW") -> list[str]:
    return [name, version, vid, f"{vid} description", score, status, risk, PROJECT]


COMPONENTS = [
    _component("lodash", "4.17.4", "Not In Violation"),
    _component("xmldom", "0.1.27", "In Violation"),
    _component("left-pad", "1.0.0", "Not In Violation"),
    _component("moment", "2.19.0", "Not In Violation"),
]
SECURITY = [
    _vuln("lodash", "4.17.4", "CVE-2019-10744", "9.1", "CRITICAL"),
    _vuln("lodash", "4.17.4", "CVE-2018-16487", "5.6", "MEDIUM"),
    _vuln("moment", "2.19.0", "CVE-2017-18214", "7.5", "HIGH", status="IGNORED"),
]


def test_components_and_vulnerabilities() -> None:
    data = _zip(COMPONENTS, SECURITY)
    assert detect_format(open_report(data, name="report.zip")).id == "blackduck_component_risk"
    parsed = parse_report(data, "blackduck_component_risk")
    lodash, xmldom, moment = list(parsed.findings)
    assert lodash.name == "Vulnerable component: lodash 4.17.4" and lodash.severity is Severity.CRITICAL
    assert lodash.score == 9.1 and lodash.reference_ids == ["CVE-2019-10744", "CVE-2018-16487"]
    assert lodash.asset.type is AssetType.BUILD and lodash.asset.attributes["buildFile"] == PROJECT
    assert xmldom.name == "Component in policy violation: xmldom 0.1.27" and "MIT License" in xmldom.description
    assert not moment.active and moment.details["status"] == "remediated"
    assert sorted(w.message for w in parsed.warnings) == [
        "1 record skipped: component neither in policy violation nor vulnerable",
        "1 record skipped: vulnerability folded into its component's security finding",
    ]


def test_refusals_and_the_blackduck_export() -> None:
    with pytest.raises(InvalidReport, match="expected the report zip"):
        list(parse_report(_csv(SECURITY_COLUMNS, []).encode(), "blackduck_component_risk").findings)
    with pytest.raises(InvalidReport, match="Vulnerability id"):
        broken = io.BytesIO()
        with zipfile.ZipFile(broken, "w") as zf:
            zf.writestr("components.csv", _csv(COMPONENT_COLUMNS, COMPONENTS))
            zf.writestr("security.csv", "Name,Score\nx,1\n")
        list(parse_report(broken.getvalue(), "blackduck_component_risk").findings)
    export = _zip(COMPONENTS, SECURITY, {"hub/files_2024-01-02_101010.csv": "Path\n/a\n"})
    assert get_format("blackduck_component_risk").detect(sniff(open_report(export, name="report.zip"))) < 0.5
