"""bundler-audit (`bundle-audit check`): vulnerable gems and insecure gem sources of a Gemfile.lock.

Layouts read:
- the text output of every version: one block per advisory, "Name: <gem>", "Version: <version>", "CVE: ..." /
  "GHSA: ..." (0.7+) or "Advisory: <id>" (0.6 and earlier), "Criticality: Unknown|Low|Medium|High|Critical",
  "URL: ...", "Title: ...", "Solution: upgrade to <requirements>" (or "remove or disable this gem until a patch is
  available!"), blocks separated by blank lines; "Insecure Source URI found: <uri>" lines; a closing
  "Vulnerabilities found!" or "No vulnerabilities found";
- `--format json` (0.8+): {version, created_at, results[] of {type: unpatched_gem, gem {name, version}, advisory
  {id, url, title, date, description, cvss_v2, cvss_v3, cve, ghsa, osvdb, patched_versions[], criticality}} or
  {type: insecure_source, source}}.

One finding per advisory of a gem (the tool's own grouping), and one per insecure source (a gem source fetched
over git:// or http://, which bundler-audit reports as a problem of its own). Severity is the advisory's
criticality, else its CVSS v3 or v2 score, else MEDIUM; insecure sources are MEDIUM. The asset is the
Gemfile.lock (BUILD placeholder: the report does not name the project).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..severity import from_cvss, label
from ..sniff import Sniff
from ..source import ReportInput
from ._json_values import obj
from ._sca_common import cvss_score, parse_datetime, text, unique

_TEXT_BLOCK = re.compile(r"^Name: .+\r?\nVersion: .+\r?\n(?:CVE|GHSA|Advisory|OSVDB|Criticality): ", re.M)
_INSECURE = re.compile(r"^Insecure Source URI found: (\S+)", re.M)
_FIELD = re.compile(r"^([A-Za-z]+): ?(.*)$")
_CLEAN = re.compile(r"^No (?:vulnerabilities|unpatched versions) found", re.M)


@register
class BundlerAudit(ReportFormat):
    id = "bundler_audit"
    scan_types = ("Bundler-Audit Scan",)
    aliases = ("bundler-audit", "bundle-audit")
    default_asset_type = AssetType.BUILD
    recognises = "bundle-audit text (Name:/Version:/CVE:/Criticality: blocks) or --format json {results[] of gem}"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind == "json" and sniff.json_root == "object":
            if sniff.has_paths("results.item.type") and sniff.has_any_path(
                "results.item.gem.name", "results.item.advisory.patched_versions"
            ):
                return 0.9
            if set(sniff.json_top_keys) == {"version", "created_at", "results"}:
                return 0.55
            return 0.0
        if sniff.kind in ("text", "csv"):
            if _TEXT_BLOCK.search(sniff.text) or _INSECURE.search(sniff.text):
                return 0.9
            if _CLEAN.search(sniff.text) and len(sniff.text) < 4096:
                return 0.3
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        ctx.meta.scanner = "bundler-audit"
        asset = ctx.asset(AssetType.BUILD, {"buildFile": "Gemfile.lock", "origin": "bundler-audit"}, placeholder=True)
        first = report.first_byte()
        if first == b"{":
            yield from _json(report, ctx, asset)
        elif first:
            yield from _text(report, asset)


def _json(report: ReportInput, ctx: ParseContext, asset: Asset) -> Iterator[Finding]:
    data = load_json(report)  # the advisories of one lock file: small
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise InvalidReport(f"{report.name}: no `results` list: not a bundler-audit JSON report")
    ctx.meta.scan_date = parse_datetime(data.get("created_at"))
    for result in data["results"]:
        if not isinstance(result, dict):
            raise InvalidReport(f"{report.name}: a result that is not an object")
        kind = text(result.get("type"))
        if kind == "insecure_source":
            yield _insecure(asset, text(result.get("source")))
        elif kind == "unpatched_gem" or "advisory" in result:
            gem, adv = obj(result.get("gem")), obj(result.get("advisory"))
            cve = text(adv.get("cve"))
            ghsa = text(adv.get("ghsa"))
            osvdb = text(adv.get("osvdb"))
            yield _finding(
                asset,
                gem=text(gem.get("name")),
                version=text(gem.get("version")),
                ids=[
                    f"CVE-{cve}" if cve and not cve.upper().startswith("CVE-") else cve,
                    f"GHSA-{ghsa}" if ghsa and not ghsa.upper().startswith("GHSA-") else ghsa,
                    f"OSVDB-{osvdb}" if osvdb and not osvdb.upper().startswith("OSVDB-") else osvdb,
                    text(adv.get("id")),
                ],
                criticality=text(adv.get("criticality")),
                score=cvss_score(adv.get("cvss_v3")) or cvss_score(adv.get("cvss_v2")),
                title=text(adv.get("title")),
                description=text(adv.get("description")),
                url=text(adv.get("url")),
                patched=[text(v) for v in adv.get("patched_versions") or [] if text(v)],
                date=text(adv.get("date")),
            )
        else:
            raise InvalidReport(f"{report.name}: a result of unknown type {kind!r}")


def _text(report: ReportInput, asset: Asset) -> Iterator[Finding]:
    body = report.read_all().decode("utf-8", "replace").lstrip("\ufeff")
    if not (_TEXT_BLOCK.search(body) or _INSECURE.search(body) or _CLEAN.search(body)):
        raise InvalidReport(f"{report.name}: no Name:/Version: advisory blocks: not bundle-audit output")
    for uri in _INSECURE.findall(body):
        yield _insecure(asset, uri)
    for block in re.split(r"\r?\n\s*\r?\n", body):
        fields: dict[str, str] = {}
        for line in block.splitlines():
            m = _FIELD.match(line.strip())
            if m and m.group(1) not in fields:
                fields[m.group(1)] = m.group(2).strip()
        if "Name" not in fields or "Version" not in fields:
            continue
        solution = fields.get("Solution", "")
        yield _finding(
            asset,
            gem=fields["Name"],
            version=fields["Version"],
            ids=[fields.get("CVE"), fields.get("GHSA"), fields.get("Advisory")],
            criticality=fields.get("Criticality", ""),
            score=None,
            title=fields.get("Title", ""),
            description="",
            url=fields.get("URL", ""),
            patched=_requirements(solution) if "upgrade to" in solution else [],
            date="",
        )


def _requirements(solution: str) -> list[str]:
    """'upgrade to ~> 2.1.3, >= 2.2.0' -> ['~> 2.1.3', '>= 2.2.0'] (quotes dropped)."""
    rest = solution.split("upgrade to", 1)[-1].replace("'", "").replace('"', "")
    return unique(part.strip() for part in rest.split(","))


def _finding(
    asset: Asset,
    *,
    gem: str,
    version: str,
    ids: list[str | None],
    criticality: str,
    score: float | None,
    title: str,
    description: str,
    url: str,
    patched: list[str],
    date: str,
) -> Finding:
    refs = unique(ids)
    if criticality and criticality.lower() != "unknown":
        severity = label(criticality)
    elif score is not None:
        severity = from_cvss(score)
    else:
        severity = Severity.MEDIUM
    advisory = refs[0] if refs else "advisory"
    return Finding(
        asset=asset,
        name=f"{gem}: {title}"[:255] if title else f"{advisory} in {gem}",
        severity=severity,
        description=description or title or advisory,
        remedy=f"Upgrade {gem} from {version} to {', '.join(patched)}"
        if patched
        else f"Remove or disable {gem} until a patch is available",
        score=score,
        reference_ids=refs,
        location=f"Gemfile.lock: {gem}@{version}" if version else f"Gemfile.lock: {gem}",
        package=Package(gem, version or None, patched, f"pkg:gem/{gem}@{version}" if version else None, "gem"),
        published=parse_datetime(date),
        details={k: v for k, v in {"url": url, "criticality": criticality}.items() if v},
    )


def _insecure(asset: Asset, uri: str) -> Finding:
    return Finding(
        asset=asset,
        name=f"Insecure gem source: {uri}",
        severity=Severity.MEDIUM,
        description=f"Gems are fetched from {uri} over an unauthenticated, unencrypted protocol; a network "
        "attacker can substitute the code.",
        remedy="Use an https:// source for the gem.",
        location=f"Gemfile.lock: {uri}",
    )
