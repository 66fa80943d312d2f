"""Checkmarx SAST: XML aggregation (default) vs one finding per path (detailed), the JSON report, broken input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, UnsafeReport, detect_format, open_report, parse_report


def _result(sink: str, line: int, severity: str = "High", fp: str = "False") -> str:
    return f"""
    <Result NodeId="1" FileName="src/In.java" Status="New" Line="10" FalsePositive="{fp}" Severity="{severity}"
            state="0" DeepLink="https://cx/ViewerMain.aspx?pathid={line}">
      <Path ResultId="1" PathId="{line}" SimilarityId="-1">
        <PathNode><FileName>src/In.java</FileName><Line>10</Line><Column>5</Column><Name>name</Name></PathNode>
        <PathNode><FileName>{sink}</FileName><Line>{line}</Line><Column>9</Column><Name>query</Name></PathNode>
      </Path>
    </Result>"""


XML = f"""<?xml version="1.0" encoding="utf-8"?>
<CxXMLResults ProjectName="Webgoat" ScanId="1000227" CheckmarxVersion="8.6.0">
  <Query id="598" categories="OWASP Top 10 2017;A1-Injection" cweId="89" name="SQL_Injection" group="Java_High_Risk"
         Severity="High" Language="Java" QueryPath="Java\\SQL Injection">
    {_result("src/Dao.java", 29)}{_result("src/Dao.java", 41)}{_result("src/Other.java", 7)}
    {_result("src/Dao.java", 50, fp="True")}{_result("src/Gone.java", 5).replace('state="0"', 'state="1"')}
  </Query>
  <Query id="600" cweId="79" name="Reflected_XSS" group="Java_High_Risk" Severity="Medium" Language="Java">
    {_result("src/View.java", 3, "Medium")}
  </Query>
</CxXMLResults>
""".encode()


def test_xml_default_mode_aggregates_by_cwe_severity_and_sink() -> None:
    assert detect_format(open_report(XML, name="cx.xml")).id == "checkmarx"
    parsed = parse_report(XML, "checkmarx")
    findings = list(parsed.findings)
    assert len(findings) == 3
    dao = next(f for f in findings if f.location == "src/Dao.java:29")
    assert dao.name == "SQL Injection (Dao.java)" and dao.severity is Severity.HIGH and dao.cwes == ["CWE-89"]
    assert dao.details["occurrences"] == 2 and dao.details["locations"] == ["src/Dao.java:29", "src/Dao.java:41"]
    assert dao.tags == [] and parsed._ctx.skipped == {"not exploitable": 2}
    assert {f.severity for f in findings} == {Severity.HIGH, Severity.MEDIUM}
    (asset,) = parsed.assets
    assert asset.type is AssetType.CODE and asset.attributes["scannerSource"] == "Webgoat"


def test_xml_detailed_mode_one_finding_per_path() -> None:
    findings = list(parse_report(XML, "Checkmarx Scan detailed").findings)
    assert len(findings) == 4
    second = next(f for f in findings if f.location == "src/Dao.java:41")
    assert second.details["source"] == "src/In.java:10"


def test_json_report_sast_sca_kics() -> None:
    doc = {
        "reportHeader": {"projectName": "DIVA"},
        "scanResults": {
            "sast": {
                "languages": [
                    {
                        "languageName": "Java",
                        "queries": [
                            {
                                "queryName": "SQL_Injection",
                                "vulnerabilities": [
                                    {
                                        "severity": "HIGH",
                                        "cweId": 89,
                                        "state": "To verify",
                                        "nodes": [
                                            {"fileName": "/a.java", "line": 1},
                                            {"fileName": "/b.java", "line": 70},
                                        ],
                                    }
                                ],
                            }
                        ],
                    }
                ]
            },
            "sca": {
                "packages": [
                    {
                        "name": "Npm-underscore-1.10.2",
                        "vulnerabilities": [
                            {"severity": "MEDIUM", "cveName": "CVE-2021-23358", "cwe": "94", "version": "1.10.2"}
                        ],
                    }
                ]
            },
            "kics": {
                "results": [
                    {
                        "name": "Dockerfile",
                        "vulnerabilities": [{"severity": "INFO", "queryName": "Apt lists", "fileName": "/Dockerfile"}],
                    }
                ]
            },
        },
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="cx.json")).id == "checkmarx"
    sast, sca, kics = list(parse_report(data, "checkmarx").findings)
    assert sast.name == "SQL Injection" and sast.location == "/b.java:70" and sast.cwes == ["CWE-89"]
    assert sca.reference_ids == ["CVE-2021-23358"] and sca.cwes == ["CWE-94"] and sca.asset.type is AssetType.BUILD
    assert kics.severity is Severity.INFO and kics.location == "/Dockerfile"


def test_broken_and_hostile_xml() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(XML[:-100], "checkmarx").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b"<Other><Query/></Other>", "checkmarx").findings)
    with pytest.raises(UnsafeReport):
        list(parse_report(b'<!DOCTYPE a [<!ENTITY e "x">]><CxXMLResults>&e;</CxXMLResults>', "checkmarx").findings)


def test_json_not_exploitable_skipped() -> None:
    vuln = {"severity": "HIGH", "cweId": 89, "nodes": [{"fileName": "/a.java", "line": 1}]}
    doc = {
        "reportHeader": {"projectName": "DIVA"},
        "executiveSummary": {},
        "scanResults": {
            "sast": {
                "languages": [
                    {
                        "languageName": "Java",
                        "queries": [
                            {
                                "queryName": "SQL_Injection",
                                "vulnerabilities": [
                                    {**vuln, "state": "To verify"},
                                    {**vuln, "state": "Not Exploitable"},
                                ],
                            }
                        ],
                    }
                ]
            }
        },
    }
    parsed = parse_report(json.dumps(doc).encode(), "checkmarx")
    assert len(list(parsed.findings)) == 1 and parsed._ctx.skipped == {"not exploitable": 1}
