"""THC Hydra JSON output (`hydra -b jsonv1 -o results.json ...`, Hydra 8.5+): {generator: {software: "Hydra",
version, built, server, service, commandline, jsonoutputversion}, results: [{port, service, host, login,
password}], success, errormessages: [...], quantityfound}.

One finding per credential Hydra found (critical: a working login on a network service), on the INFRA asset of the
host at port/tcp. The password is masked with `mask_secret`, never copied; the login name is kept. A run without
results is a clean scan; its error messages are carried as warnings and counted as skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._scan_common import infra_asset
from ._static_common import drop_empty, mask_secret, secret_digest


@register
class Hydra(ReportFormat):
    id = "hydra"
    scan_types = ("Hydra Scan",)
    aliases = ("hydra", "thc-hydra")
    default_asset_type = AssetType.INFRA
    recognises = 'Hydra -b jsonv1 output: {generator: {software: "Hydra", ...}, results: [{host, port, login, ...}]}'

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.json_string("generator.software").lower() == "hydra" and sniff.has_any_path("results"):
            return 0.95
        if sniff.has_paths("generator.jsonoutputversion", "results", "quantityfound"):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)  # credentials found by one run: small
        generator = doc.get("generator") if isinstance(doc, dict) else None
        if (
            not isinstance(generator, dict)
            or text(generator.get("software")).lower() != "hydra"
            or not isinstance(doc.get("results"), list)
        ):
            raise InvalidReport(
                f"{report.name}: not a Hydra JSON report (expected generator.software 'Hydra' and a results list, "
                "as `hydra -b jsonv1` writes)"
            )
        errors = [text(e) for e in doc.get("errormessages") or [] if text(e)]
        for message in errors:
            ctx.warn("hydra-error", message[:500])
        if errors:
            ctx.skip("hydra error message", len(errors))
        for result in doc["results"]:
            if not isinstance(result, dict) or not text(result.get("host")):
                raise InvalidReport(f"{report.name}: a result without a host: not a Hydra report")
            yield _finding(ctx, generator, result)


def _finding(ctx: ParseContext, generator: dict[str, Any], result: dict[str, Any]) -> Finding:
    host, port = text(result.get("host")), text(result.get("port"))
    service = text(result.get("service")) or text(generator.get("service"))
    login, password = text(result.get("login")), text(result.get("password"))
    return Finding(
        asset=infra_asset(ctx, "hydra", hostname=host),
        name=f"Weak credentials for {service or 'service'}: {login or 'no login'}",
        severity=Severity.CRITICAL,
        description=f"Hydra logged in to {service or 'the service'} on {host}:{port} as {login!r} with the password "
        f"{mask_secret(password) or '(empty)'}.",
        remedy="Change the password to a strong, unique one, and limit or lock out repeated login attempts.",
        cwes=["CWE-521"],
        location=f"{port}/tcp" if port else None,
        details=drop_empty(
            {"service": service, "login": login, "passwordDigest": secret_digest(password) if password else ""}
        ),
    )
