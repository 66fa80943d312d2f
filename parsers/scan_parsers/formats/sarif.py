"""SARIF 2.1.0 (the OASIS static-analysis interchange format), written by many SAST, secret and dependency
scanners. Streams runs[].results[] so a report of hundreds of megabytes stays in bounded memory.

One finding per result location (a result that names no location is one finding), as DefectDojo does; results
of kind "pass"/"notApplicable" are not problems and are skipped; suppressed results are kept and tagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import ParseContext
from ..model import Asset, AssetType, Finding, Severity, Tag
from ..registry import ReportFormat, register
from ..severity import from_cvss, known, label
from ..sniff import Sniff, sniff
from ..source import ReportInput
from ._json_groups import iter_groups
from ._sca_common import cves_in, cvss_score, text, unique
from ._static_common import code_asset, drop_empty, location

_LEVELS = {"error": Severity.HIGH, "warning": Severity.MEDIUM, "note": Severity.LOW, "none": Severity.INFO}
_NOT_PROBLEMS = {"pass", "notapplicable"}
_CWE = re.compile(r"CWE[-_/ ]?0*(\d+)", re.I)
_GHSA = re.compile(r"\bGHSA(?:-[23456789cfghjmpqrvwx]{4}){3}\b", re.I)
_FILE_SCHEME = re.compile(r"^file:/*")
_CWE_URL = re.compile(r"cwe\.mitre\.org/data/definitions/(\d+)", re.I)
_ARG = re.compile(r"\{(\d+)\}")


@register
class Sarif(ReportFormat):
    id = "sarif"
    scan_types = ("SARIF",)
    aliases = ("sarif",)
    standard = "SARIF 2.1.0"
    default_asset_type = AssetType.CODE
    phoenix_scan_type = "SARIF"
    recognises = "SARIF 2.1.0 JSON: version/$schema and runs[] with tool.driver and results[]"

    def detect(self, sniff: Sniff) -> float:
        if sniff.kind != "json" or sniff.json_root != "object" or "runs" not in sniff.json_top_keys:
            return 0.0
        # Any valid SARIF log is ours, whichever tool wrote it and whichever mirror its `$schema` names; a format of
        # its own for the tool (snyk_code, ...) claims it more strongly on evidence naming the tool.
        if sniff.has_any_path("runs.item.tool.driver", "runs.item.tool.driver.name"):
            return 0.8 if sniff.has_any_path("version", "$schema") else 0.7
        # a run whose results fill the head before its tool: the version still says SARIF
        if sniff.has_any_path("runs.item.results", "runs.item.results.item.ruleId", "runs.item.results.item.message"):
            return 0.7 if _is_sarif_version(sniff) else 0.0
        return 0.0

    def parse(self, report: ReportInput, ctx: ParseContext) -> Iterator[Finding]:
        head = sniff(report)
        if head.kind != "json" or "runs" not in head.json_top_keys:
            raise ValueError("no `runs` array: this is not a SARIF report")
        # One pass: a run's results are decoded one by one (one C call each) once its tool is known; a run that
        # writes its tool after its results has them held back until then.
        run_state: _Run | None = None
        for run_header, kind, result in iter_groups(report, "runs.item", ("results",), header_keys=("tool",)):
            if kind is None:
                if run_state is None:
                    ctx.skip("run with no results")
                run_state = None
                continue
            if run_state is None:
                run_state = _Run(ctx, run_header)
            yield from run_state.findings(_checked(result))


def _checked(result: Any) -> dict[str, Any]:
    if not isinstance(result, dict):
        raise ValueError("a SARIF result is not an object")
    return result


class _Run:
    """What the results of one run share: its tool's rules, its artifacts and the code base it scanned."""

    def __init__(self, ctx: ParseContext, run: dict[str, Any], by_index: bool = True) -> None:
        self.ctx = ctx
        tool = run.get("tool") or {}
        driver = tool.get("driver") or {}
        self.tool = text(driver.get("name")) or "sarif"
        # rule and artifact indexes are per run: when runs are merged, only rules and artifacts named by id / uri
        # can be resolved
        rule_list = driver.get("rules") if by_index else None
        self.rule_list: list[dict[str, Any]] = [r for r in rule_list or [] if isinstance(r, dict)]
        self.rules: dict[str, dict[str, Any]] = {}
        for component in [driver, *(tool.get("extensions") or [])]:
            for rule in (component or {}).get("rules") or []:
                if isinstance(rule, dict) and text(rule.get("id")):
                    self.rules.setdefault(text(rule.get("id")), rule)
        artifacts = run.get("artifacts") if by_index else None
        self.artifacts = [a for a in artifacts or [] if isinstance(a, dict)]
        provenance = run.get("versionControlProvenance") or []
        repo = text(provenance[0].get("repositoryUri")) if provenance and isinstance(provenance[0], dict) else ""
        self.asset: Asset = code_asset(ctx, repo, self.tool.lower().replace(" ", "-"))
        self._facts: dict[tuple[str, int], _RuleFacts] = {}

    def rule_for(self, result: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        raw_ref = result.get("rule")
        ref: dict[str, Any] = raw_ref if isinstance(raw_ref, dict) else {}
        rule_id = text(result.get("ruleId")) or text(ref.get("id"))
        index = result.get("ruleIndex", ref.get("index"))
        rule = self.rules.get(rule_id) or self.rules.get(rule_id.split("/", 1)[0]) or {}
        if not rule and isinstance(index, int) and 0 <= index < len(self.rule_list):
            rule = self.rule_list[index]
        return rule_id or text(rule.get("id")), rule

    def uri(self, artifact_location: dict[str, Any]) -> str:
        uri = text(artifact_location.get("uri"))
        index = artifact_location.get("index")
        if not uri and isinstance(index, int) and 0 <= index < len(self.artifacts):
            uri = text((self.artifacts[index].get("location") or {}).get("uri"))
        return _FILE_SCHEME.sub("/", uri) if uri.startswith("file:") else uri

    def rule_facts(self, rule_id: str, rule: dict[str, Any]) -> _RuleFacts:
        key = (rule_id, id(rule))
        facts = self._facts.get(key)
        if facts is None:
            facts = self._facts[key] = _RuleFacts(rule_id, rule, self.tool)
        return facts

    def findings(self, result: dict[str, Any]) -> Iterator[Finding]:
        kind = result.get("kind")
        if kind and text(kind).lower() in _NOT_PROBLEMS:
            self.ctx.skip(f"result of kind {text(kind)}")
            return
        rule_id, rule = self.rule_for(result)
        facts = self.rule_facts(rule_id, rule)
        message = _message(result, rule)
        title = facts.title or message.split("\n", 1)[0][:200]
        if title.startswith(rule_id):
            name = title or self.tool
        else:
            name = f"{rule_id}: {title}" if rule_id and title else rule_id or title or self.tool
        result_props = result.get("properties") or {}
        severity, score = _severity(result, result_props, facts)
        cwes = facts.cwes
        if result_props:
            cwes = unique([*cwes, *_cwes_in(result_props.get("cwe")), *_cwes_in(result_props.get("tags"))])
        suppressed = bool(result.get("suppressions"))
        level = text(result.get("level"))
        fingerprints = result.get("fingerprints") or result.get("partialFingerprints")
        locations = [loc for loc in result.get("locations") or () if isinstance(loc, dict)] or [{}]
        for loc in locations:
            phys = loc.get("physicalLocation") or {}
            path = self.uri(phys.get("artifactLocation") or {})
            region = phys.get("region") or {}
            snippet = _text_of(region.get("snippet"))
            logical = [
                text(lg.get("fullyQualifiedName") or lg.get("name"))
                for lg in loc.get("logicalLocations") or ()
                if isinstance(lg, dict)
            ]
            where = location(path, region.get("startLine")) or next((x for x in logical if x), "") or rule_id
            yield Finding(
                asset=self.asset,
                name=name,
                severity=severity,
                score=score,
                description=(message or title or name) + (f"\n\nSnippet:\n{snippet}" if snippet else ""),
                remedy=facts.remedy,
                reference_ids=list(facts.refs),
                cwes=list(cwes),
                location=where or self.tool,
                tags=[Tag(value="suppressed", key="sarif")] if suppressed else [],
                details=drop_empty(
                    {
                        "tool": self.tool,
                        "ruleId": rule_id,
                        "level": level,
                        "helpUri": facts.help_uri,
                        "suppressed": suppressed or None,
                        "fingerprints": fingerprints,
                        "logicalLocation": logical[0] if logical else None,
                    }
                ),
            )


class _RuleFacts:
    """What a rule contributes to every one of its results, worked out once per rule."""

    __slots__ = ("cwes", "help_uri", "label", "level", "refs", "remedy", "score", "title")

    def __init__(self, rule_id: str, rule: dict[str, Any], tool: str) -> None:
        props = rule.get("properties") or {}
        self.title = (_text_of(rule.get("shortDescription")) or text(rule.get("name")))[:200]
        self.help_uri = text(rule.get("helpUri"))
        help_text = _text_of(rule.get("help")) or _text_of(rule.get("fullDescription"))
        self.remedy = (
            help_text[:4000]
            or (f"See {self.help_uri}" if self.help_uri else "")
            or f"See the {tool} documentation of rule {rule_id}."
        )
        self.refs = unique(
            [*cves_in(f"{rule_id} {self.title}"), *(m.group(0).upper() for m in _GHSA.finditer(rule_id))]
        )
        self.cwes = unique(
            [
                *_cwes_in(props.get("tags")),
                *_cwes_in(props.get("cwe")),
                *_relationship_cwes(rule),
                *(f"CWE-{int(m.group(1))}" for m in _CWE_URL.finditer(self.help_uri)),
            ]
        )
        # CodeQL writes a CVSS-like number; semgrep a severity word
        raw = props.get("security-severity")
        self.score = cvss_score(raw)
        self.label = label(raw, Severity.MEDIUM) if raw and self.score is None and known(raw) else None
        self.level = text((rule.get("defaultConfiguration") or {}).get("level"))


def _text_of(value: Any) -> str:
    if isinstance(value, dict):
        return text(value.get("text")) or text(value.get("markdown"))
    return text(value) if isinstance(value, str) else ""


def _message(result: dict[str, Any], rule: dict[str, Any]) -> str:
    msg = result.get("message") or {}
    if not isinstance(msg, dict):
        return text(msg)
    body = text(msg.get("text")) or text(msg.get("markdown"))
    if not body and msg.get("id"):
        body = _text_of((rule.get("messageStrings") or {}).get(text(msg["id"])))
    args = [text(a) for a in msg.get("arguments") or []]
    if args:
        body = _ARG.sub(lambda m: args[int(m.group(1))] if int(m.group(1)) < len(args) else m.group(0), body)
    return body


def _severity(result: dict[str, Any], props: dict[str, Any], facts: _RuleFacts) -> tuple[Severity, float | None]:
    score = cvss_score(props.get("security-severity")) if props else None
    if score is None:
        score = facts.score
    if score is not None:
        return from_cvss(score), score
    if facts.label is not None:
        return facts.label, None
    level = text(result.get("level")) or facts.level
    if not level and text(result.get("kind")).lower() == "informational":
        return Severity.INFO, None
    return _LEVELS.get(level.lower(), Severity.MEDIUM), None


def _cwes_in(value: Any) -> list[str]:
    found: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str | int):
            found += [f"CWE-{int(m.group(1))}" for m in _CWE.finditer(str(item))]
    return found


def _relationship_cwes(rule: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for rel in rule.get("relationships") or []:
        target = (rel or {}).get("target") or {}
        if text((target.get("toolComponent") or {}).get("name")).upper() == "CWE":
            found += [f"CWE-{int(m.group(1))}" for m in [re.search(r"(\d+)", text(target.get("id")))] if m]
    return found


def _is_sarif_version(sniff: Sniff) -> bool:
    return sniff.json_string("version") == "2.1.0" or "sarif" in sniff.json_string("$schema").lower()


def driver_name(sniff: Sniff) -> str:
    """The name of the tool that wrote a SARIF log (its first run's driver), lower case, wherever the head has it:
    what a tool's own SARIF format claims on, whatever the key order."""
    return sniff.json_string("runs.item.tool.driver.name").lower()
