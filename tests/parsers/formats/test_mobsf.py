"""MobSF static-analysis JSON (Android and iOS), mobsfscan JSON and the QARK-layout array: what one finding is."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, Finding, InvalidReport, Severity, detect_format, open_report, parse_report

ANDROID = {
    "version": "v3.6.7 Beta",
    "title": "Static Analysis",
    "file_name": "shop.apk",
    "md5": "c5d872355e43322f1692288e2c4e6f00",
    "package_name": "com.example.shop",
    "permissions": {
        "android.permission.CAMERA": {"status": "dangerous", "info": "take pictures", "description": "Camera."},
        "android.permission.INTERNET": {"status": "normal", "info": "internet", "description": "Sockets."},
    },
    "certificate_analysis": {
        "certificate_findings": [["high", "Signed with a debug certificate.", "Debug certificate"]],
        "certificate_summary": {"high": 1},
    },
    "manifest_analysis": {
        "manifest_findings": [
            {
                "rule": "app_is_debuggable",
                "title": "Debug Enabled For App<br>[android:debuggable=true]",
                "severity": "high",
                "description": "Debugging was enabled.",
                "component": [],
            }
        ]
    },
    "code_analysis": {
        "findings": {
            "android_logging": {
                "files": {"com/example/A.java": "12,14", "com/example/B.java": "3"},
                "metadata": {"cvss": 7.5, "cwe": "CWE-532: Log", "severity": "info", "description": "The App logs."},
            },
            "android_ssl_pinning": {
                "files": {"com/example/Pin.java": "9"},
                "metadata": {"severity": "good", "description": "This App uses SSL certificate pinning."},
            },
        },
        "summary": {},
    },
    "android_api": {"api_crypto": {"files": {"com/example/C.java": "5"}, "metadata": {"description": "Crypto"}}},
    "binary_analysis": [
        {
            "name": "lib/x86/libfoo.so",
            "nx": {"is_nx": False, "severity": "high", "description": "No NX bit."},
            "symbol": {"is_stripped": True, "severity": "info", "description": "Symbols are stripped."},
        }
    ],
    "network_security": {"network_findings": [{"scope": ["*"], "severity": "high", "description": "Cleartext"}]},
    "secrets": ['"api_key" : "AIzaSyDjteCQ0-ElkfBxVZIZmBfCSPNEYUYcK1g"'],
}

IOS = {
    "version": "v3.7.9 Beta",
    "file_name": "app.ipa",
    "md5": "e1f08f17e868e9de32a87d0bdc522fac",
    "bundle_id": "com.example.ios",
    "permissions": [{"name": "NSCameraUsageDescription", "status": "dangerous", "description": "Camera."}],
    "binary_analysis": {
        "findings": {
            "Binary makes use of insecure API(s)": {
                "detailed_desc": "_memcpy",
                "severity": "high",
                "cvss": 6,
                "cwe": "CWE-676: Use of Potentially Dangerous Function",
            }
        },
        "summary": {"high": 1},
    },
    "ats_analysis": {"ats_findings": [], "ats_summary": {}},
}


def _parse(doc: object) -> list[Finding]:
    return list(parse_report(json.dumps(doc).encode(), "mobsf").findings)


def test_android_sections() -> None:
    data = json.dumps(ANDROID).encode()
    assert detect_format(open_report(data, name="report.json")).id == "mobsf"
    parsed = parse_report(data, "mobsf")
    findings = list(parsed.findings)
    by_name = {f.name: f for f in findings}
    assert len(findings) == 9  # 2 permissions, 1 certificate, 1 manifest, 2 code, 1 api, 2 binary; network not
    camera = by_name["Dangerous permission: android.permission.CAMERA"]
    assert camera.severity is Severity.MEDIUM and camera.location == "AndroidManifest.xml"
    assert by_name["Permission: android.permission.INTERNET"].severity is Severity.INFO
    assert by_name["Debug certificate"].severity is Severity.HIGH
    debug = by_name["Debug Enabled For App [android:debuggable=true]"]
    assert debug.severity is Severity.HIGH and debug.details["rule"] == "app_is_debuggable"
    logs = by_name["The App logs."]
    assert logs.cwes == ["CWE-532"] and logs.score == 7.5 and logs.location is None
    assert logs.details["files"] == ["com/example/A.java:12", "com/example/B.java:3"]
    pinning = by_name["This App uses SSL certificate pinning."]
    assert not pinning.active and pinning.details["status"] == "passed"
    assert by_name["Crypto"].location == "com/example/C.java:5"
    nx = by_name["Binary check nx: lib/x86/libfoo.so"]
    assert nx.active and nx.severity is Severity.HIGH
    assert not by_name["Binary check symbol: lib/x86/libfoo.so"].active
    (asset,) = parsed.assets
    assert asset.type is AssetType.CODE and asset.attributes["scannerSource"] == "com.example.shop"
    assert all("AIzaSy" not in f.description + json.dumps(f.details) for f in findings)


def test_ios_report_and_older_layouts() -> None:
    findings = _parse(IOS)
    assert [f.name for f in findings] == [
        "Dangerous permission: NSCameraUsageDescription",
        "Binary makes use of insecure API(s)",
    ]
    assert findings[0].location == "Info.plist" and findings[0].asset.attributes["scannerSource"] == "com.example.ios"
    assert findings[1].cwes == ["CWE-676"] and findings[1].score == 6.0
    # MobSF 3.1: manifest findings as a list with stat/desc, rule maps without the findings wrapper
    old = {
        "md5": "x",
        "package_name": "iv.lic",
        "manifest_analysis": [{"title": "<strong>Activity</strong> (a.B) is not Protected.", "stat": "high"}],
        "code_analysis": {"android_logging": {"files": {}, "metadata": {"severity": "info", "description": "Logs"}}},
        "certificate_analysis": {"certificate_findings": [["good", "Application is signed."]]},
    }
    cert, manifest, code = _parse(old)
    assert (manifest.name, manifest.severity) == ("Activity (a.B) is not Protected.", Severity.HIGH)
    assert code.name == "Logs" and cert.name == "Application is signed" and not cert.active


def test_mobsfscan() -> None:
    doc = {
        "errors": [],
        "mobsfscan_version": "0.0.6",
        "results": {
            "android_root_detection": {"metadata": {"severity": "INFO", "description": "No root detection."}},
            "android_kotlin_hardcoded": {
                "files": [
                    {"file_path": "a/S.kt", "match_lines": [10, 10], "match_string": 'key = "s3cr3t-value-123"'},
                    {"file_path": "a/T.kt", "match_lines": [20, 21], "match_string": 'key = "s3cr3t-value-456"'},
                ],
                "metadata": {
                    "cwe": "CWE-798 Use of Hard-coded Credentials",
                    "severity": "WARNING",
                    "description": "Files may contain hardcoded sensitive information.",
                },
            },
        },
    }
    data = json.dumps(doc).encode()
    assert detect_format(open_report(data, name="mobsfscan.json")).id == "mobsf"
    root, first, second = list(parse_report(data, "mobsf").findings)
    assert root.severity is Severity.INFO and root.location is None
    assert (first.location, second.location) == ("a/S.kt:10", "a/T.kt:20")
    assert first.severity is Severity.MEDIUM and first.cwes == ["CWE-798"]
    assert "s3cr3t" not in json.dumps(first.details) + first.description


def test_qark_array_folds_exact_repeats() -> None:
    issue = {
        "category": "file",
        "severity": "WARNING",
        "name": "Logging found",
        "description": "Logs.",
        "file_object": "A.java",
        "line_number": [3, 1],
        "apk_exploit_dict": None,
    }
    parsed = parse_report(json.dumps([issue, issue, {**issue, "line_number": [4, 1]}]).encode(), "mobsf")
    assert len(list(parsed.findings)) == 2
    assert any("repeated issue" in w.message for w in parsed.warnings)


def test_empty_and_foreign() -> None:
    assert _parse({"md5": "x", "package_name": "a.b", "permissions": {}, "code_analysis": {}}) == []
    assert list(parse_report(b'{"errors": [], "mobsfscan_version": "0.3", "results": {}}', "mobsf").findings) == []
    with pytest.raises(InvalidReport, match="not a MobSF report"):
        _parse({"runs": []})
    with pytest.raises(InvalidReport):
        _parse({"mobsfscan_version": "0.3", "results": {"r": {"files": []}}})
