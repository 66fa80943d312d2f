"""OSS Review Toolkit (ORT) evaluated model: the `evaluated-model.json` of ORT's EvaluatedModel reporter
(`ort report -f EvaluatedModel`, the data behind the web-app report). It is a model whose lists refer to each other
by index: `rule_violations[]` of {_id, rule, pkg, license, license_source, severity (ERROR, WARNING, HINT),
message, how_to_fix, resolutions?}, `packages[]` of {_id, id ("Maven:group:name:version"), purl, ...},
`licenses[]` of {_id, id}, `rule_violation_resolutions[]`, `issues[]`, `repository: {vcs, vcs_processed}`, ...

One finding per rule violation that is not resolved: a rule of the evaluator's policy (mostly license rules)
broken by one package. A violation the repository configuration resolves is not open (ORT's own statistics leave
it out, and so does DefectDojo): it is counted as skipped, as are ORT's issues (analyzer or scanner problems, not
policy findings). Severity: ERROR high, WARNING medium, HINT low. The asset is the REPOSITORY ORT analysed (its
VCS URL); the package is the location.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Package, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._static_common import drop_empty, repository_asset

_SEVERITY = {"error": Severity.HIGH, "warning": Severity.MEDIUM, "hint": Severity.LOW}


@register
class Ort(ReportFormat):
    id = "ort"
    scan_types = ("ORT evaluated model Importer",)
    aliases = ("oss-review-toolkit", "ort-evaluated-model")
    default_asset_type = AssetType.REPOSITORY
    recognises = "ORT evaluated-model.json: {rule_violations[], packages[], licenses[], repository, ...}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        top = set(sniff.json_top_keys)
        if {"rule_violations", "packages"} <= top and len(
            top & {"rule_violation_resolutions", "dependency_trees", "scan_results", "repository_configuration"}
        ) >= 2:
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        model = load_json(report)
        if not isinstance(model, dict) or not isinstance(model.get("rule_violations", []), list):
            raise InvalidReport(f"{report.name}: no `rule_violations` list: not an ORT evaluated model")
        if "rule_violations" not in model and "packages" not in model:
            raise InvalidReport(f"{report.name}: neither rule_violations nor packages: not an ORT evaluated model")
        packages = _by_id(model.get("packages"))
        licenses = _by_id(model.get("licenses"))
        repository: dict[str, Any] = model["repository"] if isinstance(model.get("repository"), dict) else {}
        url = _vcs_url(repository, "vcs_processed") or _vcs_url(repository, "vcs")
        asset = repository_asset(ctx, url, "ort")
        ctx.meta.target = url or None
        issues = model.get("issues")
        if isinstance(issues, list) and issues:
            ctx.skip("ORT issue (an analyzer or scanner problem, not a policy violation)", len(issues))
        for violation in model.get("rule_violations") or []:
            if not isinstance(violation, dict) or not violation.get("rule"):
                raise InvalidReport(f"{report.name}: a rule violation names no rule: not an ORT evaluated model")
            if violation.get("resolutions"):
                ctx.skip("rule violation resolved by the repository configuration")
                continue
            yield _finding(asset, violation, packages, licenses)


def _vcs_url(repository: dict[str, Any], key: str) -> str:
    vcs = repository.get(key)
    return text(vcs.get("url")) if isinstance(vcs, dict) else ""


def _by_id(items: Any) -> dict[Any, dict[str, Any]]:
    return {i.get("_id"): i for i in items or [] if isinstance(i, dict)}


def _ref(index: dict[Any, dict[str, Any]], value: Any) -> dict[str, Any]:
    """An index into one of the model's lists (older models inline the object itself)."""
    return value if isinstance(value, dict) else index.get(value, {})


def _finding(
    asset: Any, v: dict[str, Any], packages: dict[Any, dict[str, Any]], licenses: dict[Any, dict[str, Any]]
) -> Finding:
    pkg = _ref(packages, v.get("pkg"))
    pkg_id = text(pkg.get("id"))
    licence = text(_ref(licenses, v.get("license")).get("id"))
    rule = text(v.get("rule"))
    kind, _, coordinates = pkg_id.partition(":")
    name, _, version = coordinates.rpartition(":")
    message = text(v.get("message"))
    return Finding(
        asset=asset,
        name=f"{rule}: {licence}" if licence else rule,
        severity=_SEVERITY.get(text(v.get("severity")).lower(), Severity.MEDIUM),
        description=message or f"ORT rule {rule} is violated by {pkg_id}",
        remedy=text(v.get("how_to_fix")) or "See the ORT policy rule's documentation.",
        location=pkg_id or None,
        package=Package(name or pkg_id, version or None, [], text(pkg.get("purl")) or None, kind or None)
        if pkg_id
        else None,
        details=drop_empty(
            {"rule": rule, "license": licence, "licenseSource": text(v.get("license_source")), "package": pkg_id}
        ),
    )
