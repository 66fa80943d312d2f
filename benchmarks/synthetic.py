"""Large synthetic reports made by amplifying real corpus samples: the repeating unit of a real report (a Nessus
ReportHost, a Qualys HOST, a Trivy vulnerability, a Grype match, a SARIF result) is written again and again, with
addresses and ids varied so assets and findings stay distinct. The output is a report the real parser accepts."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "defectdojo"
_IPV4 = re.compile(rb"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b")


@dataclass(frozen=True)
class Recipe:
    format_id: str
    sample: str
    kind: str  # xml | json
    unit: str  # XML element local name, or JSON path to the list ("Results.0.Vulnerabilities")
    suffix: str


RECIPES = {
    "trivy": Recipe("trivy", "trivy/scheme_2_many_vulns.json", "json", "Results.0.Vulnerabilities", ".json"),
    "anchore_grype": Recipe("anchore_grype", "anchore_grype/many_vulns.json", "json", "matches", ".json"),
    "sarif": Recipe(
        "sarif",
        "sarif/DefectDojo_django-DefectDojo__2020-12-11_13 42 10__export.sarif",
        "json",
        "runs.0.results",
        ".sarif",
    ),
    "tenable": Recipe("tenable", "tenable/nessus/nessus_with_cvssv3.nessus", "xml", "ReportHost", ".nessus"),
    "qualys": Recipe("qualys", "qualys/Qualys_Sample_Report.xml", "xml", "HOST", ".xml"),
}


def _ip(n: int) -> bytes:
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}".encode()


def _xml(recipe: Recipe, out: Path, target: int) -> None:
    data = (CORPUS / recipe.sample).read_bytes()
    start = re.search(rb"<" + recipe.unit.encode() + rb"[\s>]", data)
    end = data.rfind(b"</" + recipe.unit.encode() + b">")
    if start is None or end < 0:
        raise SystemExit(f"{recipe.sample}: no <{recipe.unit}> element to amplify")
    end += len(recipe.unit) + 3
    head, units, tail = data[: start.start()], data[start.start() : end], data[end:]
    with open(out, "wb") as f:
        f.write(head)
        n = 0
        while f.tell() < target:
            n += 1
            f.write(_IPV4.sub(lambda _m, n=n: _ip(n), units))
            f.write(b"\n")
        f.write(tail)


def _json(recipe: Recipe, out: Path, target: int) -> None:
    doc = orjson.loads((CORPUS / recipe.sample).read_bytes())
    parent: Any = doc
    keys = recipe.unit.split(".")
    for k in keys[:-1]:
        parent = parent[int(k)] if k.isdigit() else parent[k]
    items: list[Any] = parent[keys[-1]]
    parent[keys[-1]] = "__ITEMS__"
    head, tail = orjson.dumps(doc).split(b'"__ITEMS__"')
    encoded = [orjson.dumps(i) for i in items]
    with open(out, "wb") as f:
        f.write(head + b"[")
        n = 0
        while f.tell() < target:
            for item in encoded:
                if n:
                    f.write(b",")
                # vary ids so findings stay distinct: CVE-YYYY-NNNN -> CVE-YYYY-NNNN<n>
                f.write(re.sub(rb"(CVE-\d{4}-\d+)", lambda m, n=n: m.group(1) + str(n).encode(), item))
                n += 1
        f.write(b"]" + tail)


GENERATORS: dict[str, Callable[[Recipe, Path, int], None]] = {"xml": _xml, "json": _json}


def generate(format_id: str, out_dir: Path, size_mb: int) -> Path:
    recipe = RECIPES[format_id]
    out = out_dir / f"{format_id}-{size_mb}MB{recipe.suffix}"
    if not out.exists() or out.stat().st_size < size_mb << 20:
        GENERATORS[recipe.kind](recipe, out, size_mb << 20)
    return out
