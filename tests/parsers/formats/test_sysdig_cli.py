"""sysdig_cli: the CLI result CSV (no image named: placeholder), the scanner's JSON result, empty scans, foreign
input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

CSV = (
    "CVE ID,CVE Severity,CVSS Score,CVSS Score Version,Package Name,Package Version,Package Path,Package Type,"
    "Fix Version,CVE URL,Vuln Disclosure Date,Vuln Fix Date,Risk Accepted,EPSS Score\n"
    "CVE-2019-6446,Critical,9.8,3.0,numpy,1.12.1,/usr/lib/python2.7/numpy,python,v1.16.1,"
    "https://nvd.nist.gov/vuln/detail/CVE-2019-6446,2019-01-16T00:00:00Z,,false,0.03444\n"
    "CVE-2013-7459,Low,,,pycrypto,2.6.1,,python,,,,,true,\n"
)


def test_csv() -> None:
    data = CSV.encode()
    assert detect_format(open_report(data, name="scan.csv")).id == "sysdig_cli"
    numpy, pycrypto = list(parse_report(data, "sysdig_cli").findings)
    assert numpy.name == "CVE-2019-6446 in numpy" and (numpy.severity, numpy.score) == (Severity.CRITICAL, 9.8)
    assert numpy.package is not None and numpy.package.fixed_versions == ["v1.16.1"]
    assert numpy.details["epss"] == "0.03444"
    assert numpy.asset.type is AssetType.CONTAINER and numpy.asset.placeholder
    assert ("status", "risk-accepted") in [(t.key, t.value) for t in pycrypto.tags]
    assert pycrypto.remedy == "No fix available"


def test_json_result() -> None:
    doc = {
        "info": {"scanTime": "2024-01-01T00:00:00Z"},
        "scanner": {"name": "sysdig-cli-scanner", "version": "1.8.0"},
        "result": {
            "metadata": {"pullString": "nginx:1.25", "imageId": "sha256:img", "digest": "sha256:dig"},
            "packages": [
                {
                    "type": "os",
                    "name": "libc6",
                    "version": "2.36",
                    "path": "",
                    "suggestedFix": "2.36-9",
                    "vulns": [
                        {
                            "name": "CVE-2023-4911",
                            "severity": {"value": "High", "sourceName": "debian"},
                            "cvssScore": {"value": {"version": "3.1", "score": 7.8}},
                            "exploitable": True,
                            "fixedInVersion": "2.36-9+deb12u3",
                            "disclosureDate": "2023-10-03",
                        }
                    ],
                },
                {"type": "os", "name": "zlib", "version": "1.2", "vulns": []},
            ],
        },
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="scan.json")).id == "sysdig_cli"
    parsed = parse_report(data, "sysdig_cli")
    (f,) = parsed.findings
    assert (f.name, f.severity, f.score) == ("CVE-2023-4911 in libc6", Severity.HIGH, 7.8)
    assert f.asset.attributes["imageName"] == "nginx:1.25" and f.asset.attributes["imageDigest"] == "sha256:dig"
    assert ("exploit", "public") in [(t.key, t.value) for t in f.tags]
    assert dict(parsed._ctx.skipped) == {"package without vulnerabilities": 1}


def test_empty_and_foreign() -> None:
    assert list(parse_report(CSV.split("\n", 1)[0].encode() + b"\n", "sysdig_cli").findings) == []
    assert list(parse_report(b'{"result": {"packages": []}}', "sysdig_cli").findings) == []
    with pytest.raises(InvalidReport):
        list(parse_report(b"Title,Severity\nx,High\n", "sysdig_cli").findings)
    with pytest.raises(InvalidReport, match="not a sysdig-cli-scanner JSON result"):
        list(parse_report(b'{"data": []}', "sysdig_cli").findings)
