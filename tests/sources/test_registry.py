"""The registry picks exactly one kind, and no kind ever puts a secret value into the Job spec."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scanner_operator.sources import SourceInvalid, get_source, source_kinds

SPECS: dict[str, dict[str, Any]] = {
    "configMap": {"name": "trivy-report", "key": "report.json"},
    "secret": {"name": "private-report", "key": "scan.xml"},
    "s3": {"bucket": "b", "key": "k/r.json", "endpoint": "http://minio:9000", "secretRef": {"name": "s3-creds"}},
    "gcs": {"bucket": "b", "object": "o.json", "secretRef": {"name": "gcs-creds"}},
    "azureBlob": {
        "accountUrl": "https://acct.blob.core.windows.net",
        "container": "c",
        "blob": "b.json",
        "secretRef": {"name": "az-creds"},
    },
    "http": {"url": "https://reports.example/r.json", "headersSecretRef": {"name": "h"}, "caSecretRef": {"name": "ca"}},
}


def test_every_kind_is_registered() -> None:
    assert source_kinds() == sorted(SPECS)


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_get_source_picks_the_kind_present(kind: str) -> None:
    assert get_source({kind: SPECS[kind]}).key == kind


@pytest.mark.parametrize(
    ("spec_source", "fragment"),
    [
        ({}, "found none"),
        ({"configMap": SPECS["configMap"], "s3": SPECS["s3"]}, "found configMap, s3"),
        ({"ftp": {"url": "ftp://x"}}, "unknown kind ftp"),
    ],
)
def test_get_source_refuses_anything_but_exactly_one(spec_source: dict[str, Any], fragment: str) -> None:
    with pytest.raises(SourceInvalid) as info:
        get_source(spec_source)
    assert fragment in str(info.value)
    assert info.value.reason == "SourceInvalid"
    assert info.value.permanent


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_job_inputs_reference_secrets_and_never_carry_values(kind: str) -> None:
    source = get_source({kind: SPECS[kind]})
    inputs = source.job_inputs({kind: SPECS[kind]}, "my-import")
    for var in inputs.env:
        assert "value" not in var, f"{var['name']} has a literal value"
        ref = var["valueFrom"]["secretKeyRef"]
        assert ref["name"] in json.dumps(SPECS[kind])
    mounted = {m["name"] for m in inputs.volume_mounts}
    assert mounted == {v["name"] for v in inputs.volumes}
    for mount in inputs.volume_mounts:
        assert mount["readOnly"] is True
        assert mount["mountPath"].startswith("/var/run/phoenix-scanner/")
    for volume in inputs.volumes:
        assert set(volume) <= {"name", "secret", "configMap"}
        assert len(volume["name"]) <= 63


def test_job_inputs_accept_the_kind_mapping_or_the_whole_source() -> None:
    source = get_source({"s3": SPECS["s3"]})
    assert source.job_inputs(SPECS["s3"], "x") == source.job_inputs({"s3": SPECS["s3"]}, "x")


def test_credentials_reach_the_job_as_the_documented_env_and_mounts() -> None:
    s3 = get_source({"s3": SPECS["s3"]}).job_inputs(SPECS["s3"], "x")
    keys = {v["valueFrom"]["secretKeyRef"]["key"] for v in s3.env}
    assert keys == {"accessKeyId", "secretAccessKey", "sessionToken"}
    azure = get_source({"azureBlob": SPECS["azureBlob"]}).job_inputs(SPECS["azureBlob"], "x")
    assert {v["valueFrom"]["secretKeyRef"]["key"] for v in azure.env} == {"accountName", "accountKey", "sasToken"}
    configmap = get_source({"configMap": SPECS["configMap"]}).job_inputs(SPECS["configMap"], "x")
    assert configmap.volumes[0]["configMap"]["name"] == "trivy-report"
    assert configmap.volumes[0]["configMap"]["items"] == [{"key": "report.json", "path": "report.json"}]
    http = get_source({"http": SPECS["http"]}).job_inputs(SPECS["http"], "x")
    assert sorted(v["secret"]["secretName"] for v in http.volumes) == ["ca", "h"]


def test_no_secret_ref_means_no_credentials_in_the_job() -> None:
    spec = {"bucket": "b", "key": "k"}
    inputs = get_source({"s3": spec}).job_inputs(spec, "x")
    assert inputs.env == [] and inputs.volumes == []


@pytest.mark.parametrize(
    ("kind", "spec", "fragment"),
    [
        ("configMap", {"name": "x"}, "source.configMap.key is required"),
        ("s3", {"bucket": "b", "key": "k", "endpoint": "minio:9000"}, "endpoint must be"),
        ("http", {"url": "https://user:pw@example.com/r"}, "must not contain credentials"),
        ("http", {"url": "file:///etc/passwd"}, "absolute http"),
        ("azureBlob", {"accountUrl": "https://a.blob.core.windows.net?sig=x", "container": "c", "blob": "b"}, "no SAS"),
    ],
)
def test_bad_specs_are_permanent_and_say_what_to_fix(kind: str, spec: dict[str, Any], fragment: str) -> None:
    with pytest.raises(SourceInvalid) as info:
        get_source({kind: spec}).job_inputs(spec, "x")
    assert fragment in str(info.value)
    assert "pw" not in str(info.value) and "sig=x" not in str(info.value)
