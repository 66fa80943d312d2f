"""govulncheck (golang.org/x/vuln): known vulnerabilities of a Go module or binary, with reachability.

Layouts read:
- govulncheck >= 1.0 `-json`: a stream of message objects written one after another (pretty-printed, not one per
  line), `{"config": {protocol_version, scanner_name, scanner_version, scan_level, ...}}`, `{"progress": ...}`,
  `{"SBOM": {modules, roots}}` (1.1+), `{"osv": <OSV entry>}` and `{"finding": {osv, fixed_version, trace[]}}`;
  the same messages wrapped in one JSON array (what some CI steps save) are read too.
- govulncheck 0.0.x `-json` (the x/vuln/vulncheck Result): {Calls, Imports, Requires, Modules, Vulns[] of {OSV,
  Symbol, PkgPath, ModPath, CallSink, ImportSink, RequireSink}}, and 0.1-0.2: {Vulns[] of {OSV, Modules[] of
  {Path, FoundVersion, FixedVersion, Packages[] of {Path, CallStacks[]}}}}.
- govulncheck >= 1.1 `-format sarif`: one result per vulnerability, level error (called), warning (imported) or
  note (required).

govulncheck's semantics decide what a finding is: at the default symbol scan level only a vulnerability whose
vulnerable symbol the code calls affects it ("Your code is affected by N vulnerabilities"); vulnerabilities in
packages it only imports or modules it only requires are reported as not called: inactive findings. With
`-scan package` (or `module`) the imported (or required) ones are the findings, as govulncheck shows them. One
finding per vulnerability and affected module. 1.0 emits several `finding` messages per vulnerability (module,
package and symbol level, one per called symbol); they fold into one finding.

The asset is the scanned Go module (BUILD; its go.mod, named by the main module when the report names it). The
Go vulnerability database gives no severity: a CVSS vector or a severity word in the OSV `severity` is used when
present, else MEDIUM.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import ijson

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Package, Severity
from ..readers import iter_json, json_backend, load_json
from ..registry import ReportFormat, register
from ..severity import from_cvss, label
from ..sniff import Sniff
from ..source import ReportInput
from ._cvss import base_score
from ._json_values import obj, objs
from ._sca_common import parse_datetime, text, unique
from .sarif import driver_name

#: Precision of a finding: how far govulncheck could follow the vulnerability into the code.
_MODULE, _PACKAGE, _SYMBOL = 1, 2, 3
_LEVELS = {"module": _MODULE, "package": _PACKAGE, "symbol": _SYMBOL}
_NOT_REACHED = {_MODULE: "required module, not imported", _PACKAGE: "imported package, not called"}
_SARIF_LEVELS = {"note": _MODULE, "warning": _PACKAGE, "error": _SYMBOL}


@register
class Govulncheck(ReportFormat):
    id = "govulncheck"
    scan_types = ("Govulncheck Scanner", "Govulncheck Scanner V2")
    aliases = ("go-vulncheck",)
    default_asset_type = AssetType.BUILD
    recognises = "govulncheck -json (config/osv/finding messages, or the 0.x Vulns result) or govulncheck SARIF"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind not in ("json", "jsonl"):
            return 0.0
        if sniff.has_any_path("config.scanner_name", "item.config.scanner_name", "config.protocol_version"):
            return 0.95 if sniff.contains('"govulncheck"') else 0.6
        if "runs" in sniff.json_top_keys and driver_name(sniff) == "govulncheck":
            return 0.9
        if sniff.has_paths("Vulns.item.OSV") and sniff.has_any_path(
            "Vulns.item.CallSink", "Vulns.item.Modules.item.FoundVersion"
        ):
            return 0.9
        if {"Calls", "Imports", "Requires", "Vulns"} <= set(sniff.json_top_keys):
            return 0.8
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        ctx.meta.scanner = "govulncheck"
        first = report.first_byte()
        if not first:
            ctx.warn("empty-report", "the report file is empty; govulncheck wrote nothing")
            return
        if first == b"[":
            yield from _stream(report, ctx, iter_json(report, "item"))
            return
        if first != b"{":
            raise InvalidReport(f"{report.name}: not JSON: not a govulncheck report")
        keys = _leading_keys(report)
        if "runs" in keys:
            yield from _sarif(report, ctx)
        elif "Vulns" in keys or {"Calls", "Requires"} & keys:
            yield from _legacy(report, ctx)
        elif keys & {"config", "progress", "osv", "finding", "SBOM"}:
            yield from _stream(report, ctx, _messages(report))
        else:
            raise InvalidReport(f"{report.name}: neither govulncheck messages nor a Vulns result nor SARIF")


def _leading_keys(report: ReportInput) -> set[str]:
    """Root keys of the first document in the head (the stream's first message, or the one result object)."""
    keys: set[str] = set()
    with report.open() as f:
        try:
            for prefix, event, value in json_backend(report).parse(f, multiple_values=True):
                if prefix == "" and event == "map_key":
                    keys.add(str(value))
                elif prefix == "" and event == "end_map":
                    break
        except ijson.common.JSONError as exc:
            raise InvalidReport(f"{report.name}: not valid JSON ({exc})") from exc
    return keys


def _messages(report: ReportInput) -> Iterator[Any]:
    """govulncheck 1.x writes its messages as consecutive JSON values, not one per line."""
    with report.open() as f:
        try:
            yield from json_backend(report).items(f, "", multiple_values=True, use_float=True)
        except ijson.common.IncompleteJSONError as exc:
            raise InvalidReport(f"{report.name}: JSON ends early or is malformed ({exc})") from exc
        except ijson.common.JSONError as exc:
            raise InvalidReport(f"{report.name}: not valid JSON ({exc})") from exc


@dataclass
class _Hit:
    """What the report says about one vulnerability in one module."""

    osv_id: str
    module: str
    version: str = ""
    fixed: list[str] = field(default_factory=list)
    level: int = _MODULE
    trace: list[dict[str, Any]] = field(default_factory=list)
    symbols: list[str] = field(default_factory=list)


def _level_of(frame: dict[str, Any]) -> int:
    if text(frame.get("function")):
        return _SYMBOL
    return _PACKAGE if text(frame.get("package")) else _MODULE


def _symbol(frame: dict[str, Any]) -> str:
    receiver = text(frame.get("receiver")).lstrip("*")
    function = text(frame.get("function"))
    name = f"{receiver}.{function}" if receiver else function
    return f"{text(frame.get('package'))}.{name}" if frame.get("package") else name


def _stream(report: ReportInput, ctx: ParseContext, messages: Iterator[Any]) -> Iterator[Finding]:
    osvs: dict[str, dict[str, Any]] = {}
    hits: dict[tuple[str, str], _Hit] = {}
    scan_level = _SYMBOL
    roots: list[str] = []
    seen_message = False
    for msg in messages:
        if not isinstance(msg, dict):
            raise InvalidReport(f"{report.name}: a govulncheck message that is not an object")
        seen_message = True
        if isinstance(msg.get("config"), dict):
            config = msg["config"]
            scan_level = _LEVELS.get(text(config.get("scan_level")).lower(), _SYMBOL)
            ctx.meta.extra.update({k: v for k, v in config.items() if k in ("scanner_version", "go_version", "db")})
        elif isinstance(msg.get("SBOM"), dict):
            roots = [text(r) for r in msg["SBOM"].get("roots") or [] if text(r)]
        elif isinstance(msg.get("osv"), dict):
            osvs[text(msg["osv"].get("id"))] = msg["osv"]
        elif isinstance(msg.get("finding"), dict):
            _add_finding(hits, msg["finding"])
        elif not ({"progress", "config", "osv", "finding", "SBOM"} & msg.keys()):
            raise InvalidReport(f"{report.name}: an unknown message {sorted(msg)[:3]}: not govulncheck -json output")
    if not seen_message:
        raise InvalidReport(f"{report.name}: no govulncheck messages")
    if not hits:
        # config, progress, SBOM and OSV entries describe the scan; none of them says the code is affected
        ctx.skip("govulncheck message without a finding (a clean scan)")
    asset = _asset(ctx, roots[0] if roots else _main_module(hits.values()))
    for hit in hits.values():
        yield _reached(_finding(asset, hit, osvs.get(hit.osv_id, {"id": hit.osv_id})), hit.level, scan_level)


def _reached(finding: Finding, level: int, scan_level: int) -> Finding:
    """A vulnerability the scan did not reach at its own level (a required module not imported, an imported package
    not called) is one govulncheck says does not affect the code: an inactive finding, never imported as open."""
    if level < scan_level:
        finding.active = False
        finding.details["status"] = _NOT_REACHED[level]
    return finding


def _add_finding(hits: dict[tuple[str, str], _Hit], finding: dict[str, Any]) -> None:
    trace = objs(finding.get("trace"))
    top = trace[0] if trace else {}
    osv_id = text(finding.get("osv"))
    key = (osv_id, text(top.get("module")))
    hit = hits.get(key)
    if hit is None:
        hit = hits[key] = _Hit(osv_id, key[1], text(top.get("version")))
    fixed = text(finding.get("fixed_version"))
    if fixed and fixed not in hit.fixed:
        hit.fixed.append(fixed)
    level = _level_of(top)
    if level == _SYMBOL:
        symbol = _symbol(top)
        if symbol not in hit.symbols:
            hit.symbols.append(symbol)
    if level > hit.level or (level == hit.level and len(trace) > len(hit.trace)):
        hit.level, hit.trace = level, trace


def _main_module(hits: Any) -> str:
    """The scanned module is where the traces start in the code: their last frame, a module without a version."""
    for hit in hits:
        if hit.trace and len(hit.trace) > 1 and not text(hit.trace[-1].get("version")):
            return text(hit.trace[-1].get("module"))
    return ""


def _asset(ctx: ParseContext, module: str) -> Asset:
    ctx.meta.target = module or None
    return ctx.asset(
        AssetType.BUILD,
        {"buildFile": f"{module}/go.mod" if module else "go.mod", "origin": "govulncheck"},
        placeholder=not module,
    )


def _severity(osv: dict[str, Any]) -> tuple[Severity, float | None]:
    sev = osv.get("severity")
    if isinstance(sev, str) and sev.strip():
        return label(sev), None
    for item in objs(sev):
        score = base_score(text(item.get("score")))
        if score:
            return from_cvss(score), score
    db = obj(osv.get("database_specific"))
    if text(db.get("severity")):
        return label(db.get("severity")), None
    return Severity.MEDIUM, None


def _location(hit: _Hit) -> str:
    """Where the code reaches the vulnerability: the trace's entry frame in the scanned module."""
    for frame in reversed(hit.trace):
        pos = obj(frame.get("position"))
        if text(pos.get("filename")):
            line = text(pos.get("line"))
            return f"{text(pos.get('filename'))}:{line}" if line and line != "0" else text(pos.get("filename"))
    return "go.mod"


def _finding(asset: Asset, hit: _Hit, osv: dict[str, Any]) -> Finding:
    severity, score = _severity(osv)
    summary = text(osv.get("summary"))
    version, fixed = _go_versions(hit)
    reach = {
        _SYMBOL: "Your code calls " + (", ".join(hit.symbols[:5]) or "a vulnerable symbol"),
        _PACKAGE: "Your code imports a vulnerable package",
        _MODULE: "Your code requires the vulnerable module",
    }[hit.level]
    module = hit.module or "unknown module"
    if fixed:
        fix = (
            f"Upgrade {module} from {version} to {fixed[0]} or later" if version else f"Upgrade {module} to {fixed[0]}"
        )
    else:
        fix = "No fixed version is available yet"
    purl = f"pkg:golang/{hit.module}@{version}" if hit.module and version and hit.module != "stdlib" else None
    return Finding(
        asset=asset,
        name=f"{hit.osv_id}: {summary}"[:255] if summary else f"{hit.osv_id} in {module}",
        severity=severity,
        description="\n\n".join(
            p for p in (text(osv.get("details")) or summary, f"{reach} ({module} {version}).") if p
        ),
        remedy=fix + ".",
        score=score,
        reference_ids=unique([hit.osv_id, *(osv.get("aliases") or [])]),
        location=_location(hit),
        package=Package(module, version or None, fixed, purl, "Go"),
        published=parse_datetime(osv.get("published")),
        details={
            k: v
            for k, v in {
                "reachability": {_SYMBOL: "called", _PACKAGE: "imported", _MODULE: "required"}[hit.level],
                "symbols": hit.symbols[:20],
                "url": text(obj(osv.get("database_specific")).get("url")),
                "references": [text(r.get("url")) for r in objs(osv.get("references"))][:20],
            }.items()
            if v
        },
    )


def _go_versions(hit: _Hit) -> tuple[str, list[str]]:
    """Found and fixed versions spelled alike: Go release numbers for the standard library (1.20.5), module
    versions with their "v" (v0.3.7); OSV ranges write neither prefix, govulncheck both."""
    if hit.module in ("stdlib", "toolchain"):
        return hit.version.removeprefix("v"), unique(f.removeprefix("v") for f in hit.fixed)
    prefix = "v" if hit.version.startswith("v") else ""
    return hit.version, unique(f if f.startswith("v") or not prefix else prefix + f for f in hit.fixed)


def _fixed_after(osv: dict[str, Any], module: str, version: str) -> list[str]:
    """The fixed versions of the OSV ranges of `module` above the found version (all of them if unknown)."""
    found = _version_key(version)
    out: list[str] = []
    for affected in objs(osv.get("affected")):
        if text(obj(affected.get("package")).get("name")) not in ("", module):
            continue
        for rng in objs(affected.get("ranges")):
            for event in objs(rng.get("events")):
                fixed = text(event.get("fixed"))
                if fixed and (not found or _version_key(fixed) > found):
                    out.append(fixed)
    return sorted(unique(out), key=_version_key)[:1] if found else unique(out)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", version.split("-", 1)[0].split("+", 1)[0])[:4])


def _legacy(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    """govulncheck 0.x: the vulncheck Result (one entry per vulnerable symbol) or the 0.1-0.2 Result (per OSV)."""
    data = load_json(report)  # the whole result: Vulns refer to the Requires/Modules tables by id
    if not isinstance(data, dict) or not isinstance(data.get("Vulns"), list | None):
        raise InvalidReport(f"{report.name}: `Vulns` is not a list: not a govulncheck result")
    versions = {text(m.get("Path")): text(m.get("Version")) for m in objs(data.get("Modules"))}
    requires = obj(obj(data.get("Requires")).get("Modules"))
    for m in requires.values():
        if isinstance(m, dict) and text(m.get("Path")):
            versions.setdefault(text(m.get("Path")), text(m.get("Version")))
    main = next((p for p, v in versions.items() if not v and p != "stdlib"), "")
    asset = _asset(ctx, main)
    hits: dict[tuple[str, str], tuple[_Hit, dict[str, Any]]] = {}
    for vuln in objs(data.get("Vulns")):
        osv = obj(vuln.get("OSV"))
        osv_id = text(osv.get("id"))
        if "Modules" in vuln:  # 0.1-0.2
            for mod in objs(vuln.get("Modules")):
                path = text(mod.get("Path"))
                hit = _Hit(osv_id, path, text(mod.get("FoundVersion")))
                hit.fixed = unique([mod.get("FixedVersion")])
                stacks = [s for p in objs(mod.get("Packages")) for s in objs(p.get("CallStacks"))]
                hit.level = _SYMBOL if stacks else _PACKAGE if mod.get("Packages") else _MODULE
                hit.symbols = unique(s.get("Symbol") for s in stacks)
                hits[(osv_id, path)] = (hit, osv)
            continue
        path = text(vuln.get("ModPath"))
        entry = hits.get((osv_id, path))
        if entry is None:
            hit = _Hit(osv_id, path, versions.get(path, ""))
            hit.fixed = _fixed_after(osv, path, hit.version)
            entry = hits[(osv_id, path)] = (hit, osv)
        hit = entry[0]
        level = _SYMBOL if vuln.get("CallSink") else _PACKAGE if vuln.get("ImportSink") else _MODULE
        hit.level = max(hit.level, level)
        symbol = ".".join(p for p in (text(vuln.get("PkgPath")), text(vuln.get("Symbol"))) if p)
        if level == _SYMBOL and symbol and symbol not in hit.symbols:
            hit.symbols.append(symbol)
    for hit, osv in hits.values():
        yield _reached(_finding(asset, hit, osv), hit.level, _SYMBOL)


def _sarif(report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
    data = load_json(report)  # one result per vulnerability: small
    runs = data.get("runs") if isinstance(data, dict) else None
    if not isinstance(runs, list):
        raise InvalidReport(f"{report.name}: SARIF without a `runs` list")
    asset = _asset(ctx, "")
    for run in objs(runs):
        driver = obj(obj(run.get("tool")).get("driver"))
        if text(driver.get("name")).lower() != "govulncheck":
            raise InvalidReport(
                f"{report.name}: SARIF of {text(driver.get('name')) or 'another tool'}, not govulncheck"
            )
        props = obj(driver.get("properties"))
        scan_level = _LEVELS.get(text(props.get("scan_level")).lower(), _SYMBOL)
        rules = {text(r.get("id")): r for r in objs(driver.get("rules"))}
        for result in objs(run.get("results")):
            level = _SARIF_LEVELS.get(text(result.get("level")).lower(), _SYMBOL)
            finding = _sarif_finding(asset, result, rules.get(text(result.get("ruleId")), {}), level)
            yield _reached(finding, level, scan_level)


def _sarif_finding(asset: Asset, result: dict[str, Any], rule: dict[str, Any], level: int) -> Finding:
    osv_id = text(result.get("ruleId"))
    title = text(obj(rule.get("fullDescription")).get("text")) or text(obj(rule.get("shortDescription")).get("text"))
    frames = [
        obj(loc.get("location"))
        for flow in objs(result.get("codeFlows"))
        for thread in objs(flow.get("threadFlows"))
        for loc in objs(thread.get("locations"))
    ]
    where = ""
    for frame in frames:
        phys = obj(frame.get("physicalLocation"))
        uri = text(obj(phys.get("artifactLocation")).get("uri"))
        if uri:
            line = text(obj(phys.get("region")).get("startLine"))
            where = f"{uri}:{line}" if line else uri
            break
    message = text(obj(result.get("message")).get("text"))
    return Finding(
        asset=asset,
        name=f"{osv_id}: {title}"[:255] if title else osv_id,
        severity=Severity.MEDIUM,
        description="\n\n".join(p for p in (text(obj(rule.get("help")).get("text")), message) if p),
        remedy="Upgrade the affected module to a version with the fix (see the advisory).",
        reference_ids=unique([osv_id, *(obj(rule.get("properties")).get("tags") or [])]),
        location=where or "go.mod",
        details={
            "reachability": {_SYMBOL: "called", _PACKAGE: "imported", _MODULE: "required"}[level],
            "url": text(rule.get("helpUri")),
        },
    )
