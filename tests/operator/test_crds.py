"""crds/ is generated from the models and up to date; the schema is structural; the CEL union rule works."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import celpy
import pytest

from scanner_operator import crdgen
from scanner_operator.models import SCANIMPORT

REPO = Path(__file__).resolve().parents[2]


def test_committed_crds_are_up_to_date() -> None:
    for filename, text in crdgen.expected_files().items():
        path = REPO / "crds" / filename
        assert path.exists(), f"{filename} missing: run `make crds`"
        assert path.read_text() == text, f"{filename} is stale: run `make crds`"


def test_check_mode_reports_stale_files(tmp_path: Path) -> None:
    assert crdgen.main([str(tmp_path)]) == 0
    assert crdgen.main(["--check", str(tmp_path)]) == 0
    victim = next(tmp_path.iterdir())
    victim.write_text(victim.read_text() + "# edited\n")
    assert crdgen.main(["--check", str(tmp_path)]) == 1


def _walk(node: dict[str, Any], path: str = "") -> list[str]:
    """Paths of nodes that break structural-schema rules."""
    problems = []
    if "type" not in node and not node.get("x-kubernetes-preserve-unknown-fields"):
        problems.append(f"{path}: no type")
    for bad in ("$ref", "anyOf", "allOf", "oneOf", "title", "nullable"):
        if bad in node:
            problems.append(f"{path}: {bad}")
    for name, child in (node.get("properties") or {}).items():
        problems += _walk(child, f"{path}.{name}")
    if isinstance(node.get("items"), dict):
        problems += _walk(node["items"], f"{path}[]")
    if isinstance(node.get("additionalProperties"), dict):
        problems += _walk(node["additionalProperties"], f"{path}{{}}")
    return problems


def _described(node: dict[str, Any], path: str = "") -> list[str]:
    missing = [] if node.get("description") else [path]
    for name, child in (node.get("properties") or {}).items():
        missing += _described(child, f"{path}.{name}")
    return missing


def test_scanimport_crd_shape() -> None:
    crd = crdgen.build_crd(SCANIMPORT)
    names = crd["spec"]["names"]
    assert names["shortNames"] == ["si"] and names["categories"] == ["phoenix"]
    version = crd["spec"]["versions"][0]
    assert version["subresources"] == {"status": {}}
    schema = version["schema"]["openAPIV3Schema"]
    assert _walk(schema) == []
    assert schema["properties"]["status"]["default"] == {"observedGeneration": -1}
    spec = schema["properties"]["spec"]
    assert _described(spec, "spec") == [], "every spec field explains itself in kubectl explain"
    assert spec["required"] == ["source"]
    assert spec["properties"]["importType"]["enum"] == ["new", "merge", "delta"]
    assert spec["properties"]["importType"]["default"] == "new"
    assert "CONTAINER" in spec["properties"]["assetType"]["enum"]
    assert spec["properties"]["suspend"]["default"] is False
    assert spec["properties"]["source"]["properties"]["http"]["properties"]["url"]["pattern"].startswith("^https?")
    columns = {c["name"]: c for c in version["additionalPrinterColumns"]}
    assert columns["Ready"]["jsonPath"] == '.status.conditions[?(@.type=="Ready")].status'
    assert columns["Status"]["jsonPath"].endswith(".message")
    assert columns["Age"]["type"] == "date"
    assert columns["Critical"]["priority"] == 1 and "priority" not in columns["Findings"]


def _source_rule() -> tuple[Any, str]:
    crd = crdgen.build_crd(SCANIMPORT)
    source = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]["properties"]["source"]
    (rule,) = source["x-kubernetes-validations"]
    env = celpy.Environment()
    return env.program(env.compile(rule["rule"])), rule["message"]


@pytest.mark.parametrize(
    ("source", "valid"),
    [
        ({"configMap": {"name": "r", "key": "report.json"}}, True),
        ({"s3": {"bucket": "reports", "key": "a.nessus"}}, True),
        ({"http": {"url": "https://example.com/r.json"}}, True),
        ({"azureBlob": {"accountUrl": "https://a.blob.core.windows.net", "container": "c", "blob": "b"}}, True),
        ({}, False),
        ({"configMap": {"name": "r", "key": "k"}, "secret": {"name": "s", "key": "k"}}, False),
        (
            {"gcs": {"bucket": "b", "object": "o"}, "s3": {"bucket": "b", "key": "k"}, "http": {"url": "https://x"}},
            False,
        ),
    ],
)
def test_cel_exactly_one_source_rule(source: dict[str, Any], valid: bool) -> None:
    program, message = _source_rule()
    assert bool(program.evaluate({"self": celpy.json_to_cel(source)})) is valid
    assert "exactly one source" in message
