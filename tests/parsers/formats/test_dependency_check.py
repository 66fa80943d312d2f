"""Dependency-Check XML: vulnerabilities and suppressed ones, severity/score, purl packages, BUILD asset."""

from __future__ import annotations

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, UnsafeReport, detect_format, open_report, parse_report

REPORT = b"""<?xml version="1.0"?>
<analysis xmlns="https://jeremylong.github.io/DependencyCheck/dependency-check.2.5.xsd">
  <scanInfo/>
  <projectInfo><name>shop-backend</name><reportDate>2023-01-01T00:00:00Z</reportDate></projectInfo>
  <dependencies>
    <dependency isVirtual="false">
      <fileName>activemq-broker-5.16.5.jar</fileName>
      <filePath>/repo/lib/activemq-broker-5.16.5.jar</filePath>
      <identifiers>
        <package confidence="HIGH"><id>pkg:maven/org.apache.activemq/activemq-broker@5.16.5</id></package>
      </identifiers>
      <vulnerabilities>
        <vulnerability source="NVD">
          <name>CVE-2023-46604</name>
          <cvssV3><baseScore>9.8</baseScore><baseSeverity>CRITICAL</baseSeverity></cvssV3>
          <cwes><cwe>CWE-502</cwe></cwes>
          <description>Deserialization of untrusted data.</description>
          <references><reference><url>https://nvd.nist.gov/vuln/detail/CVE-2023-46604</url></reference></references>
        </vulnerability>
        <suppressedVulnerability source="OSSINDEX">
          <name>CVE-2015-3208</name>
          <cvssV2><score>7.5</score><severity>HIGH</severity></cvssV2>
          <description>XXE in XPath selector.</description>
          <notes>Fixed upstream.</notes>
        </suppressedVulnerability>
      </vulnerabilities>
    </dependency>
    <dependency><fileName>clean.jar</fileName><filePath>/repo/lib/clean.jar</filePath></dependency>
    <dependency>
      <fileName>old.dll</fileName><filePath>C:/libs/old.dll</filePath>
      <vulnerabilities>
        <vulnerability><name>CVE-0000-0001</name><cvssScore>5.0</cvssScore><severity>Medium</severity>
          <cwe>CWE-20 Improper Input Validation</cwe><description>Bad.</description></vulnerability>
      </vulnerabilities>
    </dependency>
  </dependencies>
</analysis>
"""


def test_findings_packages_and_asset() -> None:
    assert detect_format(open_report(REPORT, name="dependency-check-report.xml")).id == "dependency_check"
    parsed = parse_report(REPORT, "dependency_check")
    critical, suppressed, medium = list(parsed.findings)
    assert critical.severity is Severity.CRITICAL and critical.score == 9.8
    assert critical.name == "CVE-2023-46604 in activemq-broker-5.16.5.jar"
    assert critical.reference_ids == ["CVE-2023-46604"] and critical.cwes == ["CWE-502"]
    assert critical.package is not None and critical.package.name == "org.apache.activemq:activemq-broker"
    assert critical.package.version == "5.16.5" and critical.package.ecosystem == "maven"
    assert critical.location == "/repo/lib/activemq-broker-5.16.5.jar" and critical.tags == []
    assert suppressed.severity is Severity.HIGH and suppressed.score == 7.5
    assert [t.value for t in suppressed.tags] == ["suppressed"] and suppressed.details["notes"] == "Fixed upstream."
    assert medium.severity is Severity.MEDIUM and medium.cwes == ["CWE-20"] and medium.package is not None
    assert medium.package.name == "old.dll" and medium.package.version is None
    (asset,) = parsed.assets
    assert asset.type is AssetType.BUILD and asset.attributes["buildFile"] == "shop-backend"


def test_malformed_and_foreign_xml() -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(REPORT[:-200], "dependency_check").findings)
    with pytest.raises(InvalidReport):
        list(parse_report(b"<other><x/></other>", "dependency_check").findings)
    with pytest.raises(UnsafeReport):
        doc = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x">]><analysis>&e;</analysis>'
        list(parse_report(doc, "dependency_check").findings)


def test_json_report_layout() -> None:
    import json

    doc = {
        "reportSchema": "1.1",
        "scanInfo": {"engineVersion": "9.0.9", "dataSource": []},
        "projectInfo": {"name": "shop", "reportDate": "2024-01-01T00:00:00Z"},
        "dependencies": [
            {"fileName": "clean.jar", "filePath": "/app/clean.jar"},
            {
                "fileName": "log4j-core-2.14.1.jar",
                "filePath": "/app/lib/log4j-core-2.14.1.jar",
                "packages": [{"id": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "confidence": "HIGH"}],
                "vulnerabilities": [
                    {
                        "source": "NVD",
                        "name": "CVE-2021-44228",
                        "severity": "CRITICAL",
                        "cvssv3": {"baseScore": 10.0, "baseSeverity": "CRITICAL"},
                        "cwes": ["CWE-502", "CWE-400"],
                        "description": "Log4Shell",
                        "references": [{"url": "https://nvd.nist.gov/vuln/detail/CVE-2021-44228"}],
                    }
                ],
                "suppressedVulnerabilities": [{"source": "NVD", "name": "CVE-2021-45046", "severity": "HIGH"}],
            },
        ],
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="dependency-check-report.json")).id == "dependency_check"
    parsed = parse_report(data)
    vuln, suppressed = list(parsed.findings)
    assert (vuln.severity, vuln.score, vuln.cwes) == (Severity.CRITICAL, 10.0, ["CWE-502", "CWE-400"])
    assert (
        vuln.package is not None
        and vuln.package.version == "2.14.1"
        and vuln.location == "/app/lib/log4j-core-2.14.1.jar"
    )
    assert suppressed.details.get("suppressed") is True and suppressed.severity is Severity.HIGH
    assert vuln.asset.attributes["buildFile"] == "shop"
    assert parsed._ctx.skipped["dependency with no vulnerability"] == 1
