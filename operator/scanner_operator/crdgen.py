"""Generate CustomResourceDefinitions from the registered resource models.

    python -m scanner_operator.crdgen crds/          # writes crds/<plural>.<group>.yaml
    python -m scanner_operator.crdgen --check crds/  # exit 1 when a file is missing or differs

pydantic emits JSON Schema with `$ref`s, `anyOf: [X, null]` for optional fields and titles; a Kubernetes
structural schema wants everything inline, a `type` on every node and no nulls. This module converts one
into the other and wraps it in a CRD with the status subresource, printer columns, short names and categories.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path
from typing import Any

import yaml

from . import models
from .models import RESOURCES, ResourceModel

_KEEP_KEYS = {
    "type",
    "description",
    "properties",
    "required",
    "items",
    "enum",
    "default",
    "pattern",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "format",
    "additionalProperties",
    "x-kubernetes-validations",
    "x-kubernetes-preserve-unknown-fields",
    "x-kubernetes-int-or-string",
}


def load_registered_models() -> list[ResourceModel]:
    """Import `scanner_operator.models` and every sibling `models_*` module so they register themselves."""
    package = importlib.import_module("scanner_operator")
    for mod in pkgutil.iter_modules(package.__path__):
        if mod.name.startswith("models_"):
            importlib.import_module(f"scanner_operator.{mod.name}")
    return list(RESOURCES)


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in node:
        target = dict(defs[node["$ref"].split("/")[-1]])
        # A field's own description/default beats the referenced model's docstring.
        for key in ("description", "default"):
            if key in node:
                target[key] = node[key]
        return target
    return node


def to_structural(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """Convert one pydantic JSON-Schema node into a structural OpenAPI v3 schema node."""
    node = _resolve(node, defs)
    any_of = node.get("anyOf")
    if any_of is not None:
        non_null = [n for n in any_of if n.get("type") != "null"]
        if len(non_null) != 1:
            raise ValueError(f"unions other than Optional[X] are not structural: {any_of}")
        merged = dict(_resolve(non_null[0], defs))
        for key, value in node.items():
            if key != "anyOf":
                merged[key] = value
        if merged.get("default", 0) is None:
            del merged["default"]
        node = merged
    if "allOf" in node and len(node["allOf"]) == 1:
        merged = dict(_resolve(node["allOf"][0], defs))
        merged.update({k: v for k, v in node.items() if k != "allOf"})
        node = merged
    if "enum" in node and "type" not in node:
        node = {**node, "type": "string"}
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key not in _KEEP_KEYS:
            continue
        if key == "properties":
            out[key] = {name: to_structural(child, defs) for name, child in value.items()}
        elif key == "items":
            out[key] = to_structural(value, defs)
        elif key == "additionalProperties":
            if isinstance(value, dict):
                out[key] = to_structural(value, defs)
            elif value is False:
                continue  # structural schemas forbid additionalProperties: false; pruning does that job
            else:
                out[key] = value
        elif key == "default" and value is None:
            continue
        elif key == "default" and isinstance(value, (list, dict)) and not value:
            continue  # empty defaults only add noise to every stored object
        else:
            out[key] = value
    if "type" not in out:
        raise ValueError(f"schema node without a type is not structural: {node}")
    if out["type"] == "object" and "properties" not in out and "additionalProperties" not in out:
        out["x-kubernetes-preserve-unknown-fields"] = True
    order: dict[str, int] = {}
    for key in ("type", "description", "properties", "required", *sorted(_KEEP_KEYS)):
        order.setdefault(key, len(order))
    return {key: out[key] for key in sorted(out, key=lambda k: order.get(k, len(order)))}


class _NoAliasDumper(yaml.SafeDumper):
    """Repeated sub-schemas are written out in full: anchors would confuse readers and some tools."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def model_schema(model: type[Any]) -> dict[str, Any]:
    raw = model.model_json_schema(by_alias=True, mode="validation")
    defs = raw.pop("$defs", {})
    return to_structural(raw, defs)


def build_crd(resource: ResourceModel) -> dict[str, Any]:
    spec_schema = model_schema(resource.spec)
    status_schema = model_schema(resource.status)
    spec_schema.setdefault("description", f"Desired state of the {resource.kind}.")
    status_schema["description"] = f"Observed state of the {resource.kind}; written by the operator and its Jobs."
    root: dict[str, Any] = {
        "type": "object",
        "description": resource.description,
        "required": ["spec"],
        "properties": {
            "apiVersion": {"type": "string", "description": "Versioned schema of this representation."},
            "kind": {"type": "string", "description": "REST resource this object represents."},
            "metadata": {"type": "object"},
            "spec": spec_schema,
            "status": {**status_schema, "default": {"observedGeneration": -1}},
        },
    }
    columns = [
        {
            "name": c.name,
            "type": c.type,
            "jsonPath": c.json_path,
            **({"description": c.description} if c.description else {}),
            **({"priority": c.priority} if c.priority else {}),
        }
        for c in resource.printer_columns
    ]
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {
            "name": f"{resource.plural}.{resource.group}",
            "labels": {"app.kubernetes.io/name": "phoenix-scanner-operator"},
        },
        "spec": {
            "group": resource.group,
            "names": {
                "kind": resource.kind,
                "listKind": f"{resource.kind}List",
                "plural": resource.plural,
                "singular": resource.singular,
                "shortNames": list(resource.short_names),
                "categories": list(resource.categories),
            },
            "scope": "Namespaced",
            "versions": [
                {
                    "name": resource.version,
                    "served": True,
                    "storage": True,
                    "subresources": {"status": {}},
                    "additionalPrinterColumns": columns,
                    "schema": {"openAPIV3Schema": root},
                }
            ],
        },
    }


def render(resource: ResourceModel) -> str:
    header = "# Generated by `make crds` (python -m scanner_operator.crdgen) from the pydantic models. Do not edit.\n"
    return header + yaml.dump(build_crd(resource), Dumper=_NoAliasDumper, sort_keys=False, width=120)


def expected_files() -> dict[str, str]:
    return {f"{r.plural}.{r.group}.yaml": render(r) for r in load_registered_models()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="crdgen", description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    files = expected_files()
    stale = []
    for filename, text in files.items():
        path = args.outdir / filename
        if args.check:
            if not path.exists() or path.read_text() != text:
                stale.append(filename)
        else:
            args.outdir.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            print(path)
    if stale:
        print(f"out of date (run `make crds`): {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


__all__ = ["build_crd", "expected_files", "load_registered_models", "models"]

if __name__ == "__main__":
    sys.exit(main())
