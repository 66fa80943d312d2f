"""Checkmarx One: the results API export, the scan report, the GitLab-schema export; big query ids."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

# Query ids beyond int64 appear in real exports; they must not break sniffing or streaming.
RESULTS = b"""{"results": [
 {"type": "sast", "id": "1", "similarityId": "1382380206", "status": "RECURRENT", "state": "TO_VERIFY",
  "severity": "HIGH", "firstFoundAt": "2023-08-24T15:03:11Z",
  "data": {"queryId": 14517067005933136034, "queryName": "SQL_Injection", "languageName": "Java",
           "nodes": [{"fileName": "/src/In.java", "line": 3}, {"fileName": "/src/Dao.java", "line": 86}]},
  "vulnerabilityDetails": {"cweId": 89}},
 {"type": "kics", "id": "2", "similarityId": "53", "state": "CONFIRMED", "severity": "MEDIUM",
  "firstFoundAt": "2023-04-25T09:32:08Z",
  "data": {"queryName": "Missing User Instruction", "line": 1, "filename": "/Dockerfile",
           "expectedValue": "Add a USER instruction", "value": "No USER"}},
 {"type": "sca", "id": "CVE-2013-7285", "similarityId": "CVE-2013-7285", "state": "TO_VERIFY", "severity": "CRITICAL",
  "firstFoundAt": "2024-08-15T10:30:12Z", "description": "XStream remote code execution.",
  "data": {"packageIdentifier": "Maven-com.thoughtworks.xstream:xstream-1.4.5", "recommendedVersion": "1.4.17",
           "scaPackageData": {"locations": ["pom.xml"]}},
  "vulnerabilityDetails": {"cweId": "CWE-78", "cvssScore": 9.8, "cveName": "CVE-2013-7285"}}
], "totalCount": 3, "scanID": "e1838db6"}"""


def test_results_export() -> None:
    assert detect_format(open_report(RESULTS, name="cx1.json")).id == "checkmarx_one"
    parsed = parse_report(RESULTS, "checkmarx_one")
    sast, kics, sca = list(parsed.findings)
    assert sast.name == "SQL Injection" and sast.severity is Severity.HIGH and sast.cwes == ["CWE-89"]
    assert sast.location == "/src/Dao.java:86" and sast.asset.type is AssetType.CODE
    assert kics.severity is Severity.MEDIUM and [t.value for t in kics.tags] == ["confirmed"]
    assert kics.remedy == "Add a USER instruction"
    assert sca.severity is Severity.CRITICAL and sca.score == 9.8 and sca.reference_ids == ["CVE-2013-7285"]
    assert sca.package is not None and sca.package.name == "com.thoughtworks.xstream:xstream"
    assert sca.package.version == "1.4.5" and sca.package.fixed_versions == ["1.4.17"]
    assert sca.asset.type is AssetType.BUILD and sca.asset.attributes["buildFile"] == "pom.xml"


def test_scan_report_with_iac() -> None:
    doc = {
        "reportCreationDate": "2024-04-16",
        "reportType": "scan",
        "reportHeader": {"projectName": "acme/api"},
        "scanResults": {
            "totalResults": "1",
            "resultsList": [
                {
                    "queryName": "Reflected_XSS",
                    "cweId": 79,
                    "description": "Untrusted data in output.",
                    "vulnerabilities": [
                        {
                            "severity": "High",
                            "state": "To Verify",
                            "destinationFileName": "/C.kt",
                            "destinationLine": 484,
                        }
                    ],
                }
            ],
        },
        "iacScanResults": {
            "technology": [
                {
                    "name": "Kubernetes",
                    "queries": [
                        {
                            "queryName": "Default namespace",
                            "resultsList": [{"severity": "Low", "fileName": "/k8s.yaml"}],
                        }
                    ],
                }
            ]
        },
        "scaScanResults": {"packages": []},
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="report.json")).id == "checkmarx_one"
    parsed = parse_report(data, "checkmarx_one")
    xss, iac = list(parsed.findings)
    assert xss.name == "Reflected XSS" and xss.cwes == ["CWE-79"] and xss.location == "/C.kt:484"
    assert iac.severity is Severity.LOW and iac.location == "/k8s.yaml"
    (asset,) = parsed.assets
    assert asset.attributes["scannerSource"] == "acme/api"


def test_gitlab_schema_export_is_checkmarx_one_not_gitlab() -> None:
    doc = {
        "scan": {"analyzer": {"id": "CxOne-SAST", "name": "Checkmarx"}, "type": "sast"},
        "schema": "https://gitlab.com/.../sast-report-format.json",
        "version": "15.0.0",
        "vulnerabilities": [
            {
                "id": "q:/src/a.ts:450",
                "name": "Client_Storage",
                "description": "Stores data insecurely.",
                "severity": "Medium",
                "location": {"file": "/src/a.ts", "start_line": 450},
                "identifiers": [{"type": "cxOneScan", "name": "CxOne Scan", "value": "511341974"}],
            }
        ],
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="gl.json")).id == "checkmarx_one"
    (f,) = list(parse_report(data, "checkmarx_one").findings)
    assert f.severity is Severity.MEDIUM and f.location == "/src/a.ts:450"


def test_unknown_shape_is_invalid() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(b'{"totalCount": 0, "items": []}', "checkmarx_one").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(RESULTS[:-80], "checkmarx_one").findings)


def test_not_exploitable_and_fixed_results_are_inactive() -> None:
    doc = json.loads(RESULTS.replace(b"14517067005933136034", b"1"))
    doc["results"][0]["state"] = "NOT_EXPLOITABLE"
    doc["results"][2]["status"] = "FIXED"
    parsed = parse_report(json.dumps(doc).encode(), "checkmarx_one")
    not_exploitable, kics, fixed = list(parsed.findings)
    assert kics.details["type"] == "kics" and kics.active
    assert [(f.active, f.details["status"]) for f in (not_exploitable, fixed)] == [
        (False, "not exploitable"),
        (False, "fixed"),
    ]
    assert not parsed._ctx.skipped
