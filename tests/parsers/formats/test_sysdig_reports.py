"""sysdig_reports: the old and 2025 CSV column sets, the JSON export, risk accepted, shifted columns, empty
exports and foreign input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

OLD = (
    "Vulnerability ID,Severity,Package name,Package version,Package type,Package path,Image,OS Name,CVSS version,"
    "CVSS score,CVSS vector,Vuln link,Vuln Publish date,Vuln Fix date,Fix version,Public Exploit,Registry name,"
    "Registry image repository,Image ID,Package suggested fix,Risk accepted\n"
    "CVE-2018-19360,Critical,jackson-databind,2.9.7,java,/app/app.jar,harbor.example:30003/library/app:latest,"
    "alpine 3.9.4,3.0,9.8,CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H,https://nvd.nist.gov/vuln/detail/CVE-2018-19360,"
    "2018-11-18,2018-11-23,v2.9.8,true,harbor.example:30003,library/app,sha256:c4e3,v2.9.10,true\n"
)
NEW = (
    "Vulnerability Name,Vulnerability Severity,Package Name,Package Version,Package Type,Package Path,Image Name,"
    "OS Name,CVSS Version,CVSS Score,CVSS Vector,Disclosure Date,Fix Available Date,Fix Version,Public Exploit,"
    "Kubernetes Cluster Name,Kubernetes Namespace Name,Kubernetes Workload Type,Kubernetes Workload Name,"
    "Kubernetes Container Name,Image ID,Package In Use,Risk Accepted\n"
    "CVE-2005-2541,Negligible,tar,1.34,OS,,defectdojo/django:latest,debian 12.9,2,10,AV:N/AC:L/Au:N/C:C/I:C/A:C,"
    "2005-08-10T04:00:00Z,,,false,prod,defectdojo,Deployment,celery,celery,sha256:a520,true,false\n"
    "CVE-2024-0001,Other,libx,1.0,OS,,defectdojo/django:latest,debian 12.9,,,,,,,false,,,,,,sha256:a520,false,false\n"
)


def test_old_csv() -> None:
    data = OLD.encode()
    assert detect_format(open_report(data, name="sysdig.csv")).id == "sysdig_reports"
    (f,) = parse_report(data, "sysdig_reports").findings
    assert f.name == "CVE-2018-19360 in jackson-databind" and (f.severity, f.score) == (Severity.CRITICAL, 9.8)
    assert f.asset.type is AssetType.CONTAINER
    assert f.asset.attributes["imageName"] == "harbor.example:30003/library/app:latest"
    assert f.asset.attributes["imageDigest"] == "sha256:c4e3"
    assert f.remedy.startswith("Update jackson-databind from 2.9.7 to v2.9.8 (suggested: v2.9.10)")
    assert {(t.key, t.value) for t in f.tags} == {("status", "risk-accepted"), ("exploit", "public")}
    assert f.location == "/app/app.jar"


def test_2025_csv() -> None:
    data = NEW.encode()
    assert detect_format(open_report(data, name="sysdig.csv")).id == "sysdig_reports"
    tar, libx = list(parse_report(data, "sysdig_reports").findings)
    assert tar.severity is Severity.INFO and tar.score == 10.0
    assert tar.details["workload"] == "celery" and tar.details["cluster"] == "prod"
    assert ("package", "in-use") in [(t.key, t.value) for t in tar.tags]
    assert libx.severity is Severity.INFO and tar.asset is libx.asset


def test_json_export() -> None:
    row = {
        "imageId": "sha256:a8e0",
        "imagePullString": "docker.io/sysdiglabs/recurling:0.1",
        "osName": "ubuntu 14.04",
        "vulnName": "CVE-2022-0778",
        "vulnSeverity": "High",
        "vulnCvssScore": 7.5,
        "vulnFixVersion": "1.0.1f-2",
        "packageName": "openssl",
        "packageVersion": "1.0.1f-1",
        "packageType": "os",
        "packagePath": "",
    }
    data = json.dumps({"data": [row, {**row, "packageName": "libssl1.0.0"}]}).encode()
    assert detect_format(open_report(data, name="sysdig.json")).id == "sysdig_reports"
    first, second = list(parse_report(data, "sysdig_reports").findings)
    assert first.name == "CVE-2022-0778 in openssl" and first.severity is Severity.HIGH
    assert first.location == "openssl@1.0.1f-1" and first.asset is second.asset
    assert list(parse_report(b'{"data": []}', "sysdig_reports").findings) == []


def test_empty_shifted_and_foreign() -> None:
    assert list(parse_report(OLD.split("\n", 1)[0].encode() + b"\n", "sysdig_reports").findings) == []
    shifted = OLD.split("\n", 1)[0] + "\nHigh,runc,v1.1.0,golang,/usr/bin/gosu,mongo\n"
    with pytest.raises(InvalidReport, match="columns shifted"):
        list(parse_report(shifted.encode(), "sysdig_reports").findings)
    with pytest.raises(InvalidReport, match="Sysdig vulnerability columns"):
        list(parse_report(b"Title,Severity,Host\nx,High,h\n", "sysdig_reports").findings)
    with pytest.raises(InvalidReport, match="no `data` list"):
        list(parse_report(b'{"results": []}', "sysdig_reports").findings)
