"""WhatWeb JSON output (`--log-json`, WhatWeb 0.4.9-0.5.x): a list of {target, http_status, request_config,
plugins: {PluginName: {string: [...], version: [...], module: [...], os: [...], account: [...]}}}.

WhatWeb fingerprints sites; it does not test for vulnerabilities. One informational finding per target (the
technologies identified there, versions included, in the description and details), on the WEB asset of the
target's host. Targets WhatWeb could not fetch (no http_status, no plugins) are counted as skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import iter_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._scan_common import web_asset
from ._web_fold import as_dict


def _describe(name: str, facts: dict[str, Any]) -> str:
    values = [text(v) for key in ("version", "string", "module", "os") for v in facts.get(key) or []]
    return f"{name} {' '.join(v for v in values if v)}".strip()


@register
class Whatweb(ReportFormat):
    id = "whatweb"
    scan_types = ("WhatWeb Scan",)
    aliases = ("whatweb",)
    default_asset_type = AssetType.WEB
    recognises = 'WhatWeb --log-json list: [{"target", "http_status", "plugins": {...}}]'

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "array":
            return 0.0
        if sniff.has_paths("item.target", "item.plugins"):
            return 0.9 if sniff.has_any_path("item.http_status", "item.request_config") else 0.6
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        if report.first_byte() not in (b"[", b""):
            raise InvalidReport(f"{report.name}: not a JSON list: not a WhatWeb --log-json report")
        for item in iter_json(report, "item"):
            if not isinstance(item, dict) or "target" not in item:
                raise InvalidReport(f"{report.name}: an entry without a target: not a WhatWeb report")
            target = text(item.get("target"))
            plugins = as_dict(item.get("plugins"))
            asset = web_asset(ctx, "whatweb", target or None)
            if not plugins:
                ctx.skip("target without fingerprint")
                continue
            techs = [_describe(str(name), as_dict(facts)) for name, facts in plugins.items()]
            yield Finding(
                asset=asset,
                name="WhatWeb technology fingerprint",
                severity=Severity.INFO,
                description=f"WhatWeb identified on {target} (HTTP {item.get('http_status')}):\n"
                + "\n".join(f"- {t}" for t in techs),
                location=target or None,
                details={
                    "httpStatus": item.get("http_status"),
                    "plugins": {str(k): as_dict(v) for k, v in list(plugins.items())[:100]},
                },
            )
