"""Black Duck Hub: old and new security.csv columns, the report zip with files.csv, merging, broken input."""

from __future__ import annotations

import io
import zipfile

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

OLD_HEADER = (
    "Project id,Version id,Channel version id,Project name,Version,Channel version origin,Channel version origin id,"
    "Channel version origin name,Vulnerability id,Description,Published on,Updated on,Base score,Exploitability,"
    "Impact,Vulnerability source,Remediation status,Remediation target date,Remediation actual date,"
    "Remediation comment,URL,Security Risk\n"
)
OLD_ROW = (
    "p1,v1,c1,Apache Velocity,1.7,maven,org.apache.velocity:velocity:1.7,1.7,"
    "{vid},flaw,3/3/14,12/12/17,{score},10.0,10.0,VULNDB,NEW,,,,,{risk}\n"
)
NEW_CSV = (
    "Used by,Component id,Version id,Origin id,Component name,Component version name,Component origin name,"
    "Component origin id,Component origin version name,Vulnerability id,Description,Published on,Updated on,"
    "Base score,Exploitability,Impact,Vulnerability source,Remediation status,Remediation target date,"
    "Remediation actual date,Remediation comment,URL,Security Risk,Project path\n"
    ",c,v,o,Apache Commons Compress,1.18,maven,org.apache.commons:commons-compress:1.18,1.18,"
    "BDSA-2019-2725 (CVE-2019-12402),DoS,28/08/19,28/08/19,5.0,10.0,2.9,BDSA,NEW,,,,,LOW,starter-parent latest\n"
)


def test_old_columns_fields_and_merging() -> None:
    data = (
        OLD_HEADER
        + OLD_ROW.format(vid="103918", score="10.0", risk="HIGH")
        + OLD_ROW.format(vid="103918", score="10.0", risk="HIGH")
        + OLD_ROW.format(vid="CVE-2014-0001", score="5.0", risk="MEDIUM")
    ).encode()
    assert detect_format(open_report(data, name="security.csv")).id == "blackduck"
    first, second = list(parse_report(data).findings)
    assert (first.name, first.severity, first.score) == ("103918", Severity.HIGH, 10.0)
    assert first.package is not None and (first.package.name, first.package.version) == ("Apache Velocity", "1.7")
    assert first.published is not None and (first.published.year, first.published.month) == (2014, 3)
    assert second.reference_ids == ["CVE-2014-0001"]
    assert first.asset.type is AssetType.BUILD and first.asset.placeholder


def test_new_columns_split_bdsa_and_cve_and_use_project_path() -> None:
    (f,) = list(parse_report(NEW_CSV.encode(), "blackduck").findings)
    assert f.reference_ids == ["BDSA-2019-2725", "CVE-2019-12402"]
    assert f.severity is Severity.LOW
    assert f.asset.attributes["buildFile"] == "starter-parent latest" and not f.asset.placeholder


def test_report_zip_uses_files_for_locations() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("security.csv", OLD_HEADER + OLD_ROW.format(vid="1", score="7.5", risk="HIGH"))
        zf.writestr(
            "files.csv",
            "Project name,Version,Path,Archive context\n"
            "Apache Velocity,1.7,/WEB-INF/lib/velocity-1.7.jar,/plugins/saml.hpi!/\n",
        )
        zf.writestr("components.csv", "whatever\n")
    data = buf.getvalue()
    assert detect_format(open_report(data, name="report.zip")).id == "blackduck"
    (f,) = list(parse_report(data, "blackduck").findings)
    assert f.location == "/plugins/saml.hpi!//WEB-INF/lib/velocity-1.7.jar"


@pytest.mark.parametrize("data", [b"a,b\n1,2\n", b'{"x": 1}'])
def test_broken_input_is_invalid_report(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "blackduck").findings)


def test_recent_column_set_in_other_case_with_cwes_and_repeated_rows() -> None:
    header = (
        "Project id,Project name,Version id,Version name,Component id,Component name,Component version id,"
        "Component version name,Component origin id,Component origin name,Match type,Vulnerability id,Description,"
        "Published on,Updated on,Base score,Overall score,Exploitability,Impact,Vulnerability source,"
        "Remediation status,Solution available,URL,Security risk,CWE Ids,Project path"
    )
    row = (
        "p1,shop,v1,1.0,c1,lodash,cv1,4.17.15,npmjs:lodash/4.17.15,npmjs,Direct Dependency,"
        "BDSA-2020-1674 (CVE-2020-8203),"
        "Prototype pollution,2020-07-15,2020-08-01,5.8,7.4,8.6,6.4,BDSA,NEW,true,https://x,HIGH,CWE-1321,/shop"
    )
    data = (header.upper() + "\n" + row + "\n" + row.replace("Direct", "Transitive") + "\n").encode()
    assert detect_format(open_report(data, name="security.csv")).id == "blackduck"
    parsed = parse_report(data)
    (f,) = list(parsed.findings)
    assert f.severity is Severity.HIGH and f.cwes == ["CWE-1321"]
    assert f.reference_ids == ["BDSA-2020-1674", "CVE-2020-8203"] and f.asset.attributes["buildFile"] == "/shop"
    assert sum(parsed._ctx.skipped.values()) == 1
