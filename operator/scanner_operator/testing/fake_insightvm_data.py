"""Seed data of FakeInsightVM (engines, templates, sites, assets, a small vulnerability catalogue) and the
xml-export-v2 ("Nexpose XML 2.0") document it serves as a scan's report."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class FakeVulnerability:
    id: str
    title: str
    severity: int  # Nexpose 1-10: 8-10 critical, 4-7 severe, 1-3 moderate
    cvss_score: float
    cvss_vector: str
    cves: tuple[str, ...]
    tag: str
    description: str
    solution: str
    port: int | None = None  # None: a host-level test; else found on this TCP port's service
    service: str = ""

    @property
    def severity_class(self) -> str:
        if self.severity >= 8:
            return "critical"
        if self.severity >= 4:
            return "severe"
        return "moderate"


@dataclass(frozen=True)
class FakeAsset:
    ip: str
    hostname: str
    os_family: str
    os_product: str
    os_version: str
    vulnerability_ids: tuple[str, ...]


@dataclass
class FakeSite:
    id: int
    name: str
    engine_id: int
    template_id: str
    scope: list[str]  # CIDRs, addresses and host names a scan may target
    assets: list[FakeAsset]
    asset_group_ids: list[int] = field(default_factory=list)
    blackout: bool = False  # inside a blackout window: starting needs overrideBlackout=true
    description: str = ""


@dataclass(frozen=True)
class FakeEngine:
    id: int
    name: str
    address: str
    port: int = 40814
    status: str = "active"


CATALOGUE: dict[str, FakeVulnerability] = {
    v.id: v
    for v in (
        FakeVulnerability(
            "apache-httpd-cve-2021-41773",
            "Apache HTTPD: Path traversal and file disclosure (CVE-2021-41773)",
            10,
            7.5,
            "(AV:N/AC:L/Au:N/C:P/I:N/A:N)",
            ("CVE-2021-41773",),
            "Web",
            "A path traversal flaw in Apache HTTP Server 2.4.49 lets attackers map URLs to files outside the root.",
            "Upgrade Apache HTTP Server to 2.4.51 or later.",
            port=80,
            service="HTTP",
        ),
        FakeVulnerability(
            "cifs-smb1-enabled",
            "SMBv1 enabled",
            9,
            9.3,
            "(AV:N/AC:M/Au:N/C:C/I:C/A:C)",
            ("CVE-2017-0144",),
            "Windows",
            "The host accepts SMB version 1 connections, which EternalBlue-class exploits target.",
            "Disable SMBv1 on the host.",
            port=445,
            service="CIFS",
        ),
        FakeVulnerability(
            "openssl-cve-2022-0778",
            "OpenSSL: Infinite loop in BN_mod_sqrt() (CVE-2022-0778)",
            7,
            5.0,
            "(AV:N/AC:L/Au:N/C:N/I:N/A:P)",
            ("CVE-2022-0778",),
            "OpenSSL",
            "Parsing a crafted certificate makes BN_mod_sqrt() loop forever, a denial of service.",
            "Upgrade OpenSSL to 1.1.1n or 3.0.2.",
            port=443,
            service="HTTPS",
        ),
        FakeVulnerability(
            "ssh-cbc-ciphers",
            "SSH CBC vulnerability",
            4,
            2.6,
            "(AV:N/AC:H/Au:N/C:P/I:N/A:N)",
            ("CVE-2008-5161",),
            "Network",
            "The SSH server offers CBC-mode ciphers, which allow plaintext recovery in some configurations.",
            "Disable CBC-mode ciphers in the SSH server configuration.",
            port=22,
            service="SSH",
        ),
        FakeVulnerability(
            "generic-tcp-timestamp",
            "TCP timestamp response",
            1,
            0.0,
            "(AV:N/AC:L/Au:N/C:N/I:N/A:N)",
            (),
            "Network",
            "The remote host responded with a TCP timestamp, which reveals its approximate uptime.",
            "Disable TCP timestamps where the operating system allows it.",
        ),
    )
}

ENGINES: tuple[FakeEngine, ...] = (
    FakeEngine(3, "Local scan engine", "127.0.0.1"),
    FakeEngine(5, "Datacenter Engine", "10.0.0.50"),
    FakeEngine(9, "Branch Office Engine", "10.9.0.50", status="not-responding"),
)

TEMPLATES: tuple[dict[str, object], ...] = (
    {"id": "full-audit-without-web-spider", "name": "Full audit without Web Spider", "discoveryOnly": False},
    {"id": "full-audit", "name": "Full audit", "discoveryOnly": False},
    {"id": "discovery", "name": "Discovery Scan", "discoveryOnly": True},
    {"id": "exhaustive", "name": "Exhaustive", "discoveryOnly": False},
)


def default_sites() -> list[FakeSite]:
    return [
        FakeSite(
            id=42,
            name="Production DMZ",
            engine_id=3,
            template_id="full-audit-without-web-spider",
            scope=["192.168.1.0/24", "10.0.1.0/24", "web01.example", "server1.example.com", "server2.example.com"],
            asset_group_ids=[5, 6, 7, 10, 11, 12],
            assets=[
                FakeAsset(
                    "192.168.1.10",
                    "web01.example",
                    "Linux",
                    "Ubuntu Linux",
                    "20.04",
                    ("apache-httpd-cve-2021-41773", "openssl-cve-2022-0778", "generic-tcp-timestamp"),
                ),
                FakeAsset(
                    "192.168.1.20",
                    "server1.example.com",
                    "Windows",
                    "Windows Server 2016",
                    "1607",
                    ("cifs-smb1-enabled", "generic-tcp-timestamp"),
                ),
                FakeAsset("10.0.1.5", "server2.example.com", "Linux", "Debian Linux", "11", ("ssh-cbc-ciphers",)),
                FakeAsset("10.0.1.6", "db01.internal", "Linux", "Red Hat Enterprise Linux", "8.6", ()),
            ],
            description="Internet-facing services",
        ),
        FakeSite(
            id=7,
            name="Branch Office",
            engine_id=9,
            template_id="discovery",
            scope=["10.9.0.0/24"],
            assets=[FakeAsset("10.9.0.10", "branch-fw", "Linux", "Linux", "5.10", ("ssh-cbc-ciphers",))],
        ),
    ]


def _nexpose_time(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S") + f"{moment.microsecond // 1000:03d}"


def _block(parent: ET.Element, tag: str, text: str) -> None:
    container = ET.SubElement(ET.SubElement(parent, tag), "ContainerBlockElement")
    ET.SubElement(container, "Paragraph").text = text


def build_xml_export_v2(
    *,
    scan_id: int,
    scan_name: str,
    status: str,
    start: datetime,
    end: datetime | None,
    site: FakeSite,
    template_name: str,
    assets: list[FakeAsset],
) -> bytes:
    """The scan's assets and their findings, shaped like a console's xml-export-v2 report."""
    root = ET.Element("NexposeReport", version="2.0")
    scan_attrs = {"id": str(scan_id), "name": scan_name, "startTime": _nexpose_time(start), "status": status}
    if end is not None:
        scan_attrs["endTime"] = _nexpose_time(end)
    ET.SubElement(ET.SubElement(root, "scans"), "scan", scan_attrs)
    nodes = ET.SubElement(root, "nodes")
    used: dict[str, FakeVulnerability] = {}
    since = _nexpose_time(start)
    for device_id, asset in enumerate(assets, start=1000):
        node = ET.SubElement(
            nodes,
            "node",
            {
                "address": asset.ip,
                "status": "alive",
                "device-id": str(device_id),
                "site-name": site.name,
                "site-importance": "Normal",
                "scan-template": template_name,
                "risk-score": f"{sum(CATALOGUE[v].severity for v in asset.vulnerability_ids) * 100.0:.1f}",
            },
        )
        ET.SubElement(ET.SubElement(node, "names"), "name").text = asset.hostname
        ET.SubElement(
            ET.SubElement(node, "fingerprints"),
            "os",
            {
                "certainty": "0.90",
                "family": asset.os_family,
                "product": asset.os_product,
                "version": asset.os_version,
            },
        )
        vulns = [CATALOGUE[v] for v in asset.vulnerability_ids]
        host_tests = ET.SubElement(node, "tests")
        endpoints = ET.SubElement(node, "endpoints")
        for vuln in vulns:
            used[vuln.id] = vuln
            if vuln.port is None:
                parent = host_tests
            else:
                endpoint = ET.SubElement(endpoints, "endpoint", protocol="tcp", port=str(vuln.port), status="open")
                service = ET.SubElement(ET.SubElement(endpoint, "services"), "service", name=vuln.service)
                parent = ET.SubElement(service, "tests")
            test = ET.SubElement(
                parent,
                "test",
                {
                    "id": vuln.id,
                    "key": "",
                    "status": "vulnerable-exploited",
                    "scan-id": str(scan_id),
                    "vulnerable-since": since,
                    "pci-compliance-status": "fail" if vuln.severity >= 4 else "pass",
                },
            )
            ET.SubElement(
                ET.SubElement(test, "Paragraph"), "Paragraph"
            ).text = f"Vulnerable: {vuln.title} on {asset.ip}"
    definitions = ET.SubElement(root, "VulnerabilityDefinitions")
    for vuln in used.values():
        node = ET.SubElement(
            definitions,
            "vulnerability",
            {
                "id": vuln.id,
                "title": vuln.title,
                "severity": str(vuln.severity),
                "pciSeverity": str(min(5, max(1, vuln.severity // 2))),
                "cvssScore": f"{vuln.cvss_score:.1f}",
                "cvssVector": vuln.cvss_vector,
                "published": "20220315T000000000",
                "added": "20220316T000000000",
                "modified": "20230101T000000000",
                "riskScore": f"{vuln.severity * 100.0:.1f}",
            },
        )
        ET.SubElement(node, "malware")
        ET.SubElement(node, "exploits")
        _block(node, "description", vuln.description)
        references = ET.SubElement(node, "references")
        for cve in vuln.cves:
            ET.SubElement(references, "reference", source="CVE").text = cve
        ET.SubElement(ET.SubElement(node, "tags"), "tag").text = vuln.tag
        _block(node, "solution", vuln.solution)
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + document + b"\n"
