"""CycloneDX: JSON 1.4 and XML (native 1.4 and the 1.0 vulnerability extension); per-affect findings; assets."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

JSON_BOM = {
    "bomFormat": "CycloneDX",
    "specVersion": "1.5",
    "metadata": {
        "timestamp": "2024-01-04T15:25:30+00:00",
        "component": {"type": "container", "name": "ubuntu:22.04", "bom-ref": "img"},
    },
    "components": [
        {
            "bom-ref": "pkg:deb/ubuntu/coreutils@8.32",
            "name": "coreutils",
            "version": "8.32",
            "purl": "pkg:deb/ubuntu/coreutils@8.32",
        },
        {
            "bom-ref": "lib-b",
            "group": "org.example",
            "name": "b",
            "version": "2",
            "components": [{"bom-ref": "nested", "name": "inner", "version": "0.1"}],
        },
    ],
    "vulnerabilities": [
        {
            "id": "CVE-2016-2781",
            "source": {"name": "ubuntu"},
            "ratings": [
                {"severity": "low", "source": {"name": "ubuntu"}},
                {"score": 6.5, "severity": "medium", "method": "CVSSv3"},
            ],
            "cwes": [20],
            "description": "chroot escape",
            "published": "2017-02-07T15:59:00+00:00",
            "affects": [{"ref": "pkg:deb/ubuntu/coreutils@8.32"}, {"ref": "nested"}],
        },
        {
            "id": "GHSA-xxxx-yyyy-zzzz",
            "description": "see CVE-2021-44228",
            "analysis": {"state": "not_affected"},
            "recommendation": "Upgrade b to 3",
            "affects": [{"ref": "lib-b"}],
        },
    ],
}

XML_14 = """<?xml version="1.0"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.4" version="1">
  <metadata><component type="application"><name>shop</name><version>1.0</version></component></metadata>
  <components>
    <component type="library" bom-ref="jd"><group>com.fasterxml.jackson.core</group><name>jackson-databind</name>
      <version>2.9.4</version><purl>pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4</purl></component>
  </components>
  <vulnerabilities>
    <vulnerability bom-ref="v1"><id>SNYK-JAVA-1</id>
      <references><reference><id>CVE-2018-7489</id></reference></references>
      <ratings><rating><score>9.8</score><severity>critical</severity><method>CVSSv3</method></rating></ratings>
      <cwes><cwe>502</cwe></cwes><description>RCE</description><recommendation>Upgrade</recommendation>
      <affects><target><ref>jd</ref></target></affects>
    </vulnerability>
  </vulnerabilities>
</bom>"""

XML_EXT = """<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.2" xmlns:v="http://cyclonedx.org/schema/ext/vulnerability/1.0">
  <metadata><component type="container"><name>acme/app:1.13.1</name><version>sha256:91bc</version></component>
  </metadata>
  <components>
    <component type="library"><name>apt</name><version>1.8.2.1</version>
      <v:vulnerabilities><v:vulnerability ref="apt-ref"><v:id>CVE-2011-3374</v:id>
        <v:ratings><v:rating><v:score><v:base>4.3</v:base></v:score><v:severity>Low</v:severity>
          <v:method>CVSSv2</v:method></v:rating></v:ratings>
        <v:description>apt-key issue</v:description>
      </v:vulnerability></v:vulnerabilities>
    </component>
  </components>
</bom>"""


def test_json_bom_one_finding_per_affected_component() -> None:
    data = json.dumps(JSON_BOM).encode()
    assert detect_format(open_report(data, name="bom.json")).id == "cyclonedx"
    parsed = parse_report(data)
    coreutils, inner, ghsa = list(parsed.findings)
    assert (coreutils.name, coreutils.severity, coreutils.score) == ("CVE-2016-2781", Severity.MEDIUM, 6.5)
    assert coreutils.cwes == ["CWE-20"] and coreutils.location == "coreutils@8.32"
    assert coreutils.package is not None and coreutils.package.purl == "pkg:deb/ubuntu/coreutils@8.32"
    assert inner.package is not None and inner.package.name == "inner"
    assert ghsa.reference_ids == ["GHSA-xxxx-yyyy-zzzz", "CVE-2021-44228"]
    assert ghsa.severity is Severity.MEDIUM  # no rating at all
    assert ghsa.tags[0].value == "not_affected" and ghsa.remedy == "Upgrade b to 3"
    assert ghsa.package is not None and ghsa.package.name == "org.example:b"
    (asset,) = parsed.assets
    assert asset.type is AssetType.CONTAINER and asset.attributes["imageName"] == "ubuntu:22.04"


def test_xml_14_native_vulnerabilities() -> None:
    data = XML_14.encode()
    assert detect_format(open_report(data, name="bom.xml")).id == "cyclonedx"
    (f,) = list(parse_report(data).findings)
    assert (f.name, f.severity, f.score) == ("SNYK-JAVA-1", Severity.CRITICAL, 9.8)
    assert f.reference_ids == ["SNYK-JAVA-1", "CVE-2018-7489"] and f.cwes == ["CWE-502"]
    assert f.location == "com.fasterxml.jackson.core:jackson-databind@2.9.4"
    assert f.asset.type is AssetType.BUILD and f.asset.attributes["buildFile"] == "shop@1.0"


def test_xml_vulnerability_extension_inside_components() -> None:
    parsed = parse_report(XML_EXT.encode(), "sbom")
    (f,) = list(parsed.findings)
    assert (f.name, f.severity, f.score, f.location) == ("CVE-2011-3374", Severity.LOW, 4.3, "apt@1.8.2.1")
    assert f.asset.attributes["imageDigest"] == "sha256:91bc"


def test_sbom_without_vulnerabilities_is_empty() -> None:
    bom = {"bomFormat": "CycloneDX", "specVersion": "1.4", "components": [{"name": "a", "version": "1"}]}
    assert list(parse_report(json.dumps(bom).encode(), "cyclonedx").findings) == []


@pytest.mark.parametrize(
    "data",
    [
        b'{"bomFormat": "CycloneDX", "vulnerabilities": [{"id": ',
        b'{"bomFormat": "SPDX"}',
        b"<bom xmlns='http://cyclonedx.org/schema/bom/1.4'><vulnerabilities>",
        b"<notabom/>",
    ],
)
def test_broken_input_is_invalid_report(data: bytes) -> None:
    with pytest.raises(InvalidReport):
        list(parse_report(data, "cyclonedx").findings)
