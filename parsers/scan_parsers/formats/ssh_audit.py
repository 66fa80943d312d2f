"""ssh-audit JSON output (`ssh-audit -j host`, ssh-audit 2.5-3.x):

{banner: {raw, software, protocol, comments}, target: "host:port", compression, cves: [{name, cvssv2,
description}], kex | key | enc | mac: [{algorithm, keysize?, notes: {fail: [...], warn: [...], info: [...]}}],
fingerprints, recommendations: {critical|warning: {del|chg|add: {...}}}}.

One finding per algorithm ssh-audit flags (a `fail` note: high, else a `warn` note: medium; `info` notes alone
are not issues and are counted as skipped), named "<kind> algorithm <name>" with the notes as description, and
one finding per CVE of the server software (severity from its CVSS score). INFRA asset of the target host,
located at port/tcp. Older releases wrote notes as lists under `fail`/`warn` the same way.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import AssetType, Finding, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import from_cvss
from ..sniff import Sniff
from ..source import ReportInput
from ._sca_common import text
from ._scan_common import float_or_none, host_of, infra_asset
from ._web_fold import as_dict

_KINDS = {"kex": "Key exchange", "key": "Host key", "enc": "Encryption", "mac": "MAC"}


@register
class SshAudit(ReportFormat):
    id = "ssh_audit"
    scan_types = ("SSH Audit Importer",)
    aliases = ("ssh-audit",)
    default_asset_type = AssetType.INFRA
    recognises = "ssh-audit -j JSON: {banner, target, kex, key, enc, mac, cves, recommendations}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if sniff.has_paths("banner.raw") and sniff.has_any_path("kex.item.algorithm", "enc.item.algorithm"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)  # one server: small
        if not isinstance(doc, dict) or not any(isinstance(doc.get(k), list) for k in _KINDS):
            raise InvalidReport(f"{report.name}: no kex/key/enc/mac lists: not an ssh-audit JSON report")
        target = text(doc.get("target"))
        host, port = host_of(target) if target else ("", None)
        asset = infra_asset(ctx, "ssh-audit", hostname=host or None)
        where = f"{port or 22}/tcp"
        software = text(as_dict(doc.get("banner")).get("software")) or text(as_dict(doc.get("banner")).get("raw"))
        for kind, label in _KINDS.items():
            for algo in doc.get(kind) or []:
                algo = as_dict(algo)
                notes = as_dict(algo.get("notes"))
                fail = [text(n) for n in notes.get("fail") or []]
                warn = [text(n) for n in notes.get("warn") or []]
                name = text(algo.get("algorithm"))
                if not (fail or warn):
                    ctx.skip("algorithm without issue")
                    continue
                yield Finding(
                    asset=asset,
                    name=f"{label} algorithm {name}",
                    severity=Severity.HIGH if fail else Severity.MEDIUM,
                    description="\n".join([*(f"fail: {n}" for n in fail), *(f"warn: {n}" for n in warn)]),
                    remedy=f"Remove {name} from the server's {label.lower()} algorithms."
                    if fail
                    else f"Consider removing {name} from the server's {label.lower()} algorithms.",
                    location=where,
                    details={"kind": kind, "algorithm": name, "keysize": algo.get("keysize"), "software": software},
                )
        for cve in doc.get("cves") or []:
            cve = as_dict(cve)
            score = float_or_none(cve.get("cvssv2"))
            cid = text(cve.get("name"))
            yield Finding(
                asset=asset,
                name=cid or "ssh-audit CVE",
                severity=from_cvss(score) if score is not None else Severity.MEDIUM,
                description=text(cve.get("description")) or cid,
                remedy=f"Update {software or 'the SSH server'} to a version that fixes {cid}.",
                score=score,
                reference_ids=[cid.upper()] if cid.upper().startswith("CVE-") else [],
                location=where,
                details={"software": software},
            )
