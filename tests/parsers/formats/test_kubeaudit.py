"""kubeaudit: JSON lines by level, info results skipped, resource assets, a single object and an array, an empty
file, and foreign input."""

from __future__ import annotations

import json

import pytest

from scan_parsers import AssetType, InvalidReport, Severity, detect_format, open_report, parse_report

LINES = [
    {
        "AuditResultName": "AppArmorAnnotationMissing",
        "Container": "web",
        "ResourceApiVersion": "v1",
        "MissingAnnotation": "container.apparmor.security.beta.kubernetes.io/web",
        "ResourceKind": "Pod",
        "ResourceName": "web-1",
        "ResourceNamespace": "shop",
        "level": "error",
        "msg": "AppArmor annotation missing.",
        "time": "2023-11-23T18:43:58+01:00",
    },
    {
        "AuditResultName": "DeprecatedAPIUsed",
        "ResourceApiVersion": "v1",
        "ResourceKind": "ComponentStatus",
        "ResourceName": "etcd-0",
        "level": "warning",
        "msg": "v1 ComponentStatus is deprecated in v1.19+",
    },
    {
        "AuditResultName": "RunAsNonRootTrueAllowed",
        "ResourceKind": "Pod",
        "ResourceName": "web-1",
        "ResourceNamespace": "shop",
        "level": "info",
        "msg": "overridden",
    },
]


def test_json_lines() -> None:
    data = "\n".join(json.dumps(x) for x in LINES).encode()
    assert detect_format(open_report(data, name="kubeaudit.json")).id == "kubeaudit"
    parsed = parse_report(data, "kubeaudit")
    apparmor, deprecated = list(parsed.findings)
    assert apparmor.name == "AppArmorAnnotationMissing" and apparmor.severity is Severity.HIGH
    assert apparmor.asset.type is AssetType.BUILD and apparmor.asset.attributes["buildFile"] == "shop/Pod/web-1"
    assert apparmor.location == "shop/Pod/web-1 container web"
    assert apparmor.details["MissingAnnotation"].endswith("/web")
    assert (
        deprecated.severity is Severity.MEDIUM and deprecated.asset.attributes["buildFile"] == "ComponentStatus/etcd-0"
    )
    assert dict(parsed._ctx.skipped) == {"level info": 1}


def test_single_object_array_and_empty() -> None:
    single = json.dumps(LINES[0]).encode()
    assert detect_format(open_report(single, name="k.json")).id == "kubeaudit"
    assert len(list(parse_report(single, "kubeaudit").findings)) == 1
    assert len(list(parse_report(json.dumps(LINES).encode(), "kubeaudit").findings)) == 2
    assert list(parse_report(b"", "kubeaudit").findings) == []


def test_foreign_and_broken() -> None:
    with pytest.raises(InvalidReport, match="no AuditResultName"):
        list(parse_report(b'{"results": []}\n', "kubeaudit").findings)
    with pytest.raises(InvalidReport):
        # a broken line in the middle (a truncated last line is dropped by the fix-data repair)
        list(
            parse_report(
                b'{"AuditResultName": "x", "level": "error"}\n{"Audit\n{"AuditResultName": "y"}\n', "kubeaudit"
            ).findings
        )
