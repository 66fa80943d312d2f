"""OpenVEX documents (https://github.com/openvex/spec), as vexctl, Chainguard, Trivy/Grype VEX output and vendor
feeds write them: {"@context": "https://openvex.dev/ns/v0.2.0", "@id", "author", "timestamp", "version",
"statements": [...]}. Both spec generations are read: v0.2.0 (vulnerability as an object {name, @id, aliases,
description}; products as objects {@id, identifiers{purl, cpe22, cpe23}, subcomponents[{@id}]}) and the original
v0.0.x (vulnerability as a plain string, products and subcomponents as plain purl strings).

A VEX statement says whether a vulnerability affects a product. One finding per statement, product and
subcomponent (the subcomponent, when given, is the vulnerable package) whose status is `affected`; statements
`under_investigation` are findings too, tagged status=under_investigation (the supplier has not ruled them out).
`not_affected` and `fixed` statements are inactive findings (status and justification in details): counted as the
report holds them, never imported into Phoenix as open.

Asset: the product (a BUILD asset named by its @id, usually a purl; a pkg:oci / pkg:docker product is a CONTAINER).
OpenVEX carries no severity, so findings are medium; the action_statement is the remedy. Streamed statement by
statement.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity, Tag
from ..readers import iter_json, require_list_member
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import container_attributes, text, unique

_FINDING_STATUSES = ("affected", "under_investigation")
#: Statements that rule a product out: inactive findings (as the mature suite counts them), never imported as open.
_INACTIVE_STATUSES = ("not_affected", "fixed")


@register
class OpenVex(ReportFormat):
    id = "openvex"
    scan_types = ("OpenVEX Scan",)
    aliases = ("vex", "vexctl")
    default_asset_type = AssetType.BUILD
    recognises = (
        'OpenVEX JSON: "@context": "https://openvex.dev/ns/...", statements[] of {vulnerability, products, status}'
    )

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.contains("openvex.dev/ns") and "@context" in sniff.json_top_keys:
            return 0.95
        if sniff.has_paths("statements.item.status", "statements.item.vulnerability"):
            return 0.6 if sniff.has_any_path("statements.item.products", "statements.item.justification") else 0.3
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() != b"{":
            raise InvalidReport(f"{report.name}: not a JSON object: not an OpenVEX document")
        found = False
        for statement in iter_json(report, "statements.item"):
            found = True
            if not isinstance(statement, dict):
                raise InvalidReport(f"{report.name}: a statement is not an object: not an OpenVEX document")
            yield from _findings(ctx, report, statement)
        if not found:
            require_list_member(report, ("statements",), "an OpenVEX document")


def _vulnerability(statement: dict[str, Any]) -> tuple[str, list[str], str]:
    vuln = statement.get("vulnerability")
    if isinstance(vuln, dict):  # v0.2.0
        name = text(vuln.get("name")) or text(vuln.get("@id"))
        return name, unique([name, *(vuln.get("aliases") or [])]), text(vuln.get("description"))
    name = text(vuln)  # v0.0.x: the vulnerability id itself
    return name, unique([name]), ""


def _ids(items: Any) -> list[tuple[str, str]]:
    """(@id, purl) of products or subcomponents written as objects (v0.2.0) or strings (v0.0.x)."""
    out: list[tuple[str, str]] = []
    for item in items or []:
        if isinstance(item, dict):
            ident = text(item.get("@id"))
            purl = text((item.get("identifiers") or {}).get("purl")) or (ident if ident.startswith("pkg:") else "")
            if ident or purl:
                out.append((ident or purl, purl))
        elif text(item):
            out.append((text(item), text(item) if text(item).startswith("pkg:") else ""))
    return out


def _purl_package(purl: str) -> Package | None:
    """name and version of "pkg:type/namespace/name@version?qualifiers#subpath"."""
    if not purl.startswith("pkg:"):
        return None
    body = purl[4:].split("#", 1)[0].split("?", 1)[0]
    kind, _, rest = body.partition("/")
    path, _, version = rest.rpartition("@") if "@" in rest else (rest, "", "")
    return Package(unquote(path.rsplit("/", 1)[-1]), unquote(version) or None, [], purl, kind or None)


def _asset(ctx: ParseContext, product: str, purl: str) -> Asset:
    if purl.startswith(("pkg:oci/", "pkg:docker/")):
        qualifiers = dict(q.partition("=")[::2] for q in purl.split("?", 1)[1].split("&")) if "?" in purl else {}
        name = unquote(purl.split("/", 1)[1].split("?", 1)[0])
        image, _, version = name.partition("@")
        repository = unquote(qualifiers.get("repository_url", "")) or image
        digest = version if version.startswith("sha256:") else None
        tag = unquote(qualifiers.get("tag", ""))
        ref = repository + (f":{tag}" if tag else "") + (f"@{digest}" if digest and not tag else "")
        return ctx.asset(AssetType.CONTAINER, container_attributes(ref, digest, "openvex"))
    return ctx.asset(AssetType.BUILD, {"buildFile": product, "origin": "openvex"})


def _findings(ctx: ParseContext, report: ReportInput, statement: dict[str, Any]) -> Iterator[Finding]:
    status = text(statement.get("status")).lower()
    name, ids, description = _vulnerability(statement)
    if not name or not status:
        raise InvalidReport(f"{report.name}: a statement lacks its vulnerability or status: not an OpenVEX document")
    if status not in _FINDING_STATUSES + _INACTIVE_STATUSES:
        raise InvalidReport(f"{report.name}: statement status {status!r} is not an OpenVEX status")
    products = [
        (p, purl, _ids(item.get("subcomponents")) if isinstance(item, dict) else [])
        for item in statement.get("products") or []
        for p, purl in _ids([item])
    ]
    if not products:
        ctx.skip("statement without products")
        return
    notes = text(statement.get("status_notes"))
    action = text(statement.get("action_statement"))
    for product, purl, subcomponents in products:
        asset = _asset(ctx, product, purl)
        for component, component_purl in subcomponents or [(product, purl)]:
            package = _purl_package(component_purl)
            yield Finding(
                asset=asset,
                name=name,
                severity=Severity.MEDIUM,
                description="\n\n".join(p for p in (description, notes) if p)
                or f"{name} affects {component} (OpenVEX status {status}).",
                remedy=action or "No action statement provided",
                reference_ids=ids,
                location=component,
                package=package,
                details={
                    k: v
                    for k, v in {
                        "status": status,
                        "justification": text(statement.get("justification")),
                        "product": product,
                        "subcomponent": component if component != product else None,
                        "timestamp": text(statement.get("timestamp")),
                        "actionStatementTimestamp": text(statement.get("action_statement_timestamp")),
                    }.items()
                    if v
                },
                tags=[Tag("under_investigation", "status")] if status == "under_investigation" else [],
                active=status not in _INACTIVE_STATUSES,
            )
