"""MobSF (Mobile Security Framework) static analysis JSON, and mobsfscan JSON.

Reads three layouts:

* MobSF's static-analysis report, what the REST API's `/api/v1/report_json` returns and the web UI's "JSON report"
  download saves (MobSF 3.x and 4.x; Android `apk` and iOS `ipa` reports): one JSON object naming the app
  (`package_name` or `bundle_id`, `md5`, ...) with analysis sections. One finding per record of the sections:
  each permission (`permissions`, a map on Android, a list on iOS: "dangerous" ones medium, the rest info), each
  signing-certificate finding (`certificate_analysis.certificate_findings`), each manifest finding
  (`manifest_analysis`, a list or `{manifest_findings}`), each code-analysis rule (`code_analysis`, with or without
  the `{findings, summary}` wrapper of 3.7+; the files and lines it matched are in details), each API-use rule
  (`android_api`, `ios_api`), each binary check (Android: one per shared object and check; iOS: one per
  `binary_analysis` entry, with or without its `{findings}` wrapper). The other sections (network, ATS, NIAP,
  domains, strings, secrets, trackers, the appsec scorecard) restate these or are inventories; they are not counted
  (the scorecard has its own format, `mobsf_scorecard`). A record MobSF rates "good" or "secure" (a protection in
  place), and an Android binary check rated "info" (the protection is present), is a passed check: emitted inactive
  with `details["status"] = "passed"`.
* mobsfscan's JSON (`mobsfscan --json`): `{results: {rule: {files: [{file_path, match_lines}], metadata}},
  errors, mobsfscan_version}`. One finding per rule and matched file; a rule without files (a protection the code
  lacks) is one finding. The matched source text is not copied (hard-coded secret rules match the secret).
* an array of issues in QARK's layout (`[{category, severity, name, description, file_object, line_number}]`),
  which DefectDojo's MobSF importer also accepts; read with the qark format's record mapping, exact repeats of an
  issue folded (counted as skipped). Auto-detection names it qark.

Asset: CODE, named by the app's package name or bundle id (see `_mobsf`); mobsfscan and the QARK array do not
name the app (a per-tool placeholder).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson

from ..context import ParseContext
from ..errors import InvalidReport
from ..model import Asset, AssetType, Finding, Severity
from ..readers import load_json
from ..registry import ReportFormat, register
from ..sniff import Sniff
from ..source import ReportInput
from . import _mobsf
from ._sca_common import cvss_score, cwe_id, text
from ._scan_common import strip_html
from ._static_common import code_asset, drop_empty, location
from .qark import _finding as qark_finding

_MOBSFSCAN_LEVELS = {"error": Severity.HIGH, "warning": Severity.MEDIUM, "info": Severity.INFO}
_MAX_FILES = 100  # file paths listed in details per rule


@register
class Mobsf(ReportFormat):
    id = "mobsf"
    scan_types = ("MobSF Scan", "Mobsfscan Scan")
    aliases = ("mobsf", "mobsfscan")
    default_asset_type = AssetType.CODE
    recognises = (
        "MobSF static analysis JSON (package_name or bundle_id, md5, permissions, code_analysis, ...) or "
        "mobsfscan JSON (results, mobsfscan_version)"
    )

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object":
            return 0.0
        if _mobsf.is_static_report(sniff):
            # MobSF 4 reports are built around the appsec scorecard: with one, `mobsf_scorecard` claims them first
            if sniff.has_paths("appsec") and (_mobsf.major_version(sniff.json_string("version")) or 0) >= 4:
                return 0.7
            return 0.9
        if "mobsfscan_version" in sniff.json_top_keys and sniff.has_any_path("results"):
            return 0.9
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        doc = load_json(report)
        if isinstance(doc, list):
            yield from _qark_array(report, ctx, doc)
        elif isinstance(doc, dict) and isinstance(doc.get("results"), dict) and "mobsfscan_version" in doc:
            yield from _mobsfscan(ctx, doc["results"])
        elif _mobsf.is_static_document(doc):
            ctx.meta.extra["version"] = text(doc.get("version"))
            yield from _static(ctx, doc)
        else:
            raise InvalidReport(
                f"{report.name}: not a MobSF report (expected a static-analysis JSON object with package_name or "
                "bundle_id and analysis sections, or mobsfscan JSON with results)"
            )


# --- MobSF static analysis -------------------------------------------------------------------------------------


def _static(ctx: ParseContext, doc: dict[str, Any]) -> Iterator[Finding]:
    asset = _mobsf.app_asset(ctx, doc)
    ios = "bundle_id" in doc and "package_name" not in doc
    yield from _permissions(asset, doc.get("permissions"), "Info.plist" if ios else "AndroidManifest.xml")
    yield from _certificate(asset, doc.get("certificate_analysis"))
    yield from _manifest(asset, doc.get("manifest_analysis"))
    yield from _rules(asset, _unwrap(doc.get("code_analysis")), "code")
    yield from _rules(asset, _unwrap(doc.get("android_api")), "api")
    yield from _rules(asset, _unwrap(doc.get("ios_api")), "api")
    binary = doc.get("binary_analysis")
    if isinstance(binary, list):
        yield from _android_binaries(asset, binary)
    else:
        yield from _ios_binary(asset, _unwrap(binary))


def _unwrap(section: Any) -> dict[str, Any]:
    """MobSF 3.7+ wraps rule maps as {findings: {...}, summary: {...}}; earlier versions wrote the map itself."""
    if not isinstance(section, dict):
        return {}
    inner = section.get("findings")
    if isinstance(inner, dict) and set(section) <= {"findings", "summary"}:
        return inner
    return section


def _finding(
    asset: Asset,
    name: str,
    level: Any,
    description: str,
    *,
    section: str,
    where: str | None = None,
    passed: bool = False,
    **details: Any,
) -> Finding:
    closed = passed or _mobsf.passed(level)
    return Finding(
        asset=asset,
        name=name[:250] or f"MobSF {section} finding",
        severity=_mobsf.severity(level),
        description=description or name,
        location=where,
        active=not closed,
        details=drop_empty({"section": section, "mobsfSeverity": text(level), **details})
        | ({"status": "passed"} if closed else {}),
    )


def _permissions(asset: Asset, permissions: Any, manifest: str) -> Iterator[Finding]:
    if isinstance(permissions, dict):
        entries = [{"name": k, **v} if isinstance(v, dict) else {"name": k} for k, v in permissions.items()]
    elif isinstance(permissions, list):
        entries = [p for p in permissions if isinstance(p, dict)]
    else:
        return
    for entry in entries:
        name = text(entry.get("name"))
        status = text(entry.get("status")).lower()
        summary = text(entry.get("info"))
        description = "\n".join(p for p in (summary, text(entry.get("description")), text(entry.get("reason"))) if p)
        yield _finding(
            asset,
            f"{'Dangerous permission' if status == 'dangerous' else 'Permission'}: {name}",
            "dangerous" if status == "dangerous" else "info",
            description,
            section="permissions",
            where=manifest,
            permission=name,
            permissionStatus=status,
        )


def _certificate(asset: Asset, analysis: Any) -> Iterator[Finding]:
    findings = analysis.get("certificate_findings") if isinstance(analysis, dict) else None
    for entry in findings if isinstance(findings, list) else []:
        # [severity, description, title] (3.2+), [severity, description] before
        if not isinstance(entry, list) or len(entry) < 2:
            continue
        level, description = entry[0], text(entry[1])
        title = text(entry[2]) if len(entry) > 2 else description.split(".", 1)[0]
        yield _finding(asset, title, level, description, section="certificate", where="signing certificate")


def _manifest(asset: Asset, analysis: Any) -> Iterator[Finding]:
    if isinstance(analysis, dict):
        analysis = analysis.get("manifest_findings")
    for entry in analysis if isinstance(analysis, list) else []:
        if not isinstance(entry, dict):
            continue
        title = " ".join(strip_html(entry.get("title") or entry.get("name")).split())
        yield _finding(
            asset,
            title,
            entry.get("severity", entry.get("stat")),
            strip_html(entry.get("description", entry.get("desc"))),
            section="manifest",
            where="AndroidManifest.xml",
            rule=text(entry.get("rule")),
            component=[text(c) for c in entry.get("component") or [] if text(c)],
        )


def _rules(asset: Asset, rules: dict[str, Any], section: str) -> Iterator[Finding]:
    for rule, entry in rules.items():
        if not isinstance(entry, dict):
            continue
        metadata = entry.get("metadata")
        meta: dict[str, Any] = metadata if isinstance(metadata, dict) else entry
        files = _matched_files(entry.get("files"))
        description = text(meta.get("description"))
        reference = text(meta.get("ref") or meta.get("reference"))
        cwe = cwe_id(text(meta.get("cwe")).split(":")[0].split(" ")[0])
        finding = _finding(
            asset,
            description.split("\n", 1)[0] or rule,
            meta.get("severity"),
            description + ("\n\nFiles:\n" + "\n".join(files[:_MAX_FILES]) if files else ""),
            section=section,
            where=files[0] if len(files) == 1 else None,
            rule=rule,
            files=files[:_MAX_FILES],
            fileCount=len(files) if len(files) > _MAX_FILES else None,
            masvs=text(meta.get("masvs")),
            owaspMobile=text(meta.get("owasp-mobile")),
            reference=reference,
        )
        finding.cwes = [cwe] if cwe else []
        finding.score = cvss_score(meta.get("cvss")) or None
        yield finding


def _matched_files(files: Any) -> list[str]:
    """{path: "12,14"} (MobSF) or [path] as `path:line` locations."""
    if isinstance(files, dict):
        out = []
        for path, lines in files.items():
            first = text(lines).split(",", 1)[0]
            out.append(location(path, first))
        return out
    if isinstance(files, list):
        return [text(f) for f in files if text(f)]
    return []


def _android_binaries(asset: Asset, binaries: list[Any]) -> Iterator[Finding]:
    for binary in binaries:
        if not isinstance(binary, dict):
            continue
        lib = text(binary.get("name"))
        if "title" in binary:  # MobSF before 3.3: one record per issue {title, stat, desc, file}
            yield _finding(
                asset,
                text(binary.get("title")),
                binary.get("stat"),
                text(binary.get("desc")),
                section="binary",
                where=text(binary.get("file")) or None,
            )
            continue
        for check, result in binary.items():
            if not isinstance(result, dict):
                continue
            level = text(result.get("severity")).lower()
            yield _finding(
                asset,
                f"Binary check {check}: {lib}",
                level,
                text(result.get("description")),
                section="binary",
                where=lib or None,
                passed=level == "info",  # MobSF rates a protection that is present "info"
                check=check,
            )


def _ios_binary(asset: Asset, findings: dict[str, Any]) -> Iterator[Finding]:
    for title, entry in findings.items():
        if not isinstance(entry, dict):
            continue
        cwe = cwe_id(text(entry.get("cwe")).split(":")[0].split(" ")[0])
        finding = _finding(
            asset,
            title,
            entry.get("severity"),
            text(entry.get("detailed_desc") or entry.get("description")),
            section="binary",
            where="app binary",
            masvs=text(entry.get("masvs")),
            owaspMobile=text(entry.get("owasp-mobile")),
        )
        finding.cwes = [cwe] if cwe else []
        finding.score = cvss_score(entry.get("cvss")) or None
        yield finding


# --- mobsfscan ---------------------------------------------------------------------------------------------------


def _mobsfscan(ctx: ParseContext, results: dict[str, Any]) -> Iterator[Finding]:
    asset = code_asset(ctx, None, "mobsfscan")
    for rule, entry in results.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("metadata"), dict):
            raise InvalidReport(f"mobsfscan rule {rule!r} has no metadata: not a mobsfscan report")
        meta = entry["metadata"]
        files: list[dict[str, Any] | None] = [f for f in entry.get("files") or [] if isinstance(f, dict)]
        for match in files or [None]:
            yield _mobsfscan_finding(asset, rule, meta, match)


def _mobsfscan_finding(asset: Asset, rule: str, meta: dict[str, Any], match: dict[str, Any] | None) -> Finding:
    description = text(meta.get("description"))
    cwe = cwe_id(text(meta.get("cwe")).split(" ")[0].rstrip(":"))
    where = None
    lines: Any = None
    if match is not None:
        lines = match.get("match_lines")
        first = lines[0] if isinstance(lines, list) and lines else lines
        where = location(match.get("file_path"), first) or None
    return Finding(
        asset=asset,
        name=description.split(".", 1)[0][:200] or rule,
        severity=_MOBSFSCAN_LEVELS.get(text(meta.get("severity")).lower(), Severity.MEDIUM),
        description=description,
        cwes=[cwe] if cwe else [],
        location=where,
        details=drop_empty(
            {
                "rule": rule,
                "masvs": text(meta.get("masvs")),
                "owaspMobile": text(meta.get("owasp-mobile")),
                "reference": text(meta.get("reference")),
                "lines": lines if isinstance(lines, list) else None,
            }
        ),
    )


# --- QARK-layout array -------------------------------------------------------------------------------------------


def _qark_array(report: ReportInput, ctx: ParseContext, issues: list[Any]) -> Iterator[Finding]:
    seen: set[bytes] = set()
    for item in issues:
        if not isinstance(item, dict) or "name" not in item or "severity" not in item:
            raise InvalidReport(f"{report.name}: an array entry without name and severity: not a MobSF/QARK report")
        key = orjson.dumps(item, option=orjson.OPT_SORT_KEYS)
        if key in seen:
            ctx.skip("repeated issue")
            continue
        seen.add(key)
        yield qark_finding(ctx, item)
